package org.ehrcontracts.engine.verify;

/** Parses and hashes field bytes without decoding them to strings. */
final class Values {

  /** Returned by {@link #parseLong} for a value that is not a whole number. */
  static final long NOT_A_LONG = Long.MIN_VALUE;

  private Values() {}

  /**
   * The whole number in {@code bytes[from, to)}: an optional sign and digits, within the 64-bit
   * range (as BigQuery's INT64); {@link #NOT_A_LONG} otherwise (also for scientific notation, a
   * decimal point or spaces).
   */
  static long parseLong(byte[] bytes, int from, int to) {
    int p = from;
    boolean negative = false;
    if (p < to && (bytes[p] == '-' || bytes[p] == '+')) {
      negative = bytes[p] == '-';
      p++;
    }
    int digits = to - p;
    if (digits < 1) {
      return NOT_A_LONG;
    }
    // Accumulate negatively: -9223372036854775808 has no positive counterpart.
    long value = 0;
    for (; p < to; p++) {
      int d = bytes[p] - '0';
      if (d < 0 || d > 9) {
        return NOT_A_LONG;
      }
      if (value < (Long.MIN_VALUE + d) / 10) {
        return NOT_A_LONG;
      }
      value = value * 10 - d;
    }
    if (!negative && value == Long.MIN_VALUE) {
      return NOT_A_LONG;
    }
    return negative ? value : -value;
  }

  /** Whether the text is an optional sign and digits only, however many. */
  static boolean isDigits(byte[] bytes, int from, int to) {
    int p = from;
    if (p < to && (bytes[p] == '-' || bytes[p] == '+')) {
      p++;
    }
    if (p == to) {
      return false;
    }
    for (; p < to; p++) {
      if (bytes[p] < '0' || bytes[p] > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the text is a number in scientific notation ({@code 1E+5}, {@code 1.5e3}), which the
   * DRC's file check refuses for integers.
   */
  static boolean isScientific(byte[] bytes, int from, int to) {
    if (!isFloat(bytes, from, to)) {
      return false;
    }
    for (int p = from; p < to; p++) {
      if (bytes[p] == 'e' || bytes[p] == 'E') {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code bytes[from, to)} is a decimal number: optional sign, digits with an optional
   * fraction (at least one digit in all), and an optional exponent.
   */
  static boolean isFloat(byte[] bytes, int from, int to) {
    int form = floatForm(bytes, from, to);
    return form == 0 || (form == 1 && inRange(bytes, from, to));
  }

  /**
   * Whether {@code bytes[from, to)} is written as a decimal number but is none a 64-bit float holds
   * ({@code 1e400}, {@code 1e-400}).
   */
  static boolean isOutOfRangeFloat(byte[] bytes, int from, int to) {
    return floatForm(bytes, from, to) == 1 && !inRange(bytes, from, to);
  }

  /** -1: not a decimal number; 0: one; 1: one with a 3-digit exponent or over 300 digits. */
  private static int floatForm(byte[] bytes, int from, int to) {
    int p = from;
    if (p < to && (bytes[p] == '-' || bytes[p] == '+')) {
      p++;
    }
    int digits = 0;
    while (p < to && bytes[p] >= '0' && bytes[p] <= '9') {
      p++;
      digits++;
    }
    if (p < to && bytes[p] == '.') {
      p++;
      while (p < to && bytes[p] >= '0' && bytes[p] <= '9') {
        p++;
        digits++;
      }
    }
    if (digits == 0) {
      return -1;
    }
    boolean large = digits > 300;
    if (p < to && (bytes[p] == 'e' || bytes[p] == 'E')) {
      p++;
      if (p < to && (bytes[p] == '-' || bytes[p] == '+')) {
        p++;
      }
      int exponent = 0;
      while (p < to && bytes[p] >= '0' && bytes[p] <= '9') {
        p++;
        exponent++;
      }
      if (exponent == 0) {
        return -1;
      }
      large |= exponent >= 3;
    }
    return p != to ? -1 : large ? 1 : 0;
  }

  /**
   * Whether a well-formed decimal number with a large exponent or many digits is a finite 64-bit
   * float that keeps its non-zero digits: {@code 1e400} is no number BigQuery can hold, and {@code
   * 1e-400} would load as 0. Only the rare values with a 3-digit exponent or over 300 digits are
   * parsed.
   */
  private static boolean inRange(byte[] bytes, int from, int to) {
    double value = parseDouble(bytes, from, to);
    if (Double.isInfinite(value)) {
      return false;
    }
    if (value == 0) {
      for (int i = from; i < to && bytes[i] != 'e' && bytes[i] != 'E'; i++) {
        if (bytes[i] >= '1' && bytes[i] <= '9') {
          return false;
        }
      }
    }
    return true;
  }

  /** The value of a decimal number known to be valid ({@link #isFloat}). */
  static double parseDouble(byte[] bytes, int from, int to) {
    return Double.parseDouble(
        new String(bytes, from, to - from, java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** A 64-bit hash of bytes (FNV-1a, then a MurmurHash3 finaliser to spread the bits). */
  static long hash(byte[] bytes, int from, int to, long seed) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (int p = from; p < to; p++) {
      h ^= bytes[p];
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** The MurmurHash3 64-bit finaliser. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93fe53ec4d9L;
    h ^= h >>> 33;
    return h;
  }
}
