package org.ehrcontracts.engine.deid;

/** Numbers read from and written to UTF-8 bytes without making strings. */
final class Bytes {

  /** What {@link #parseLong} returns for anything but an optional minus and 1 to 18 digits. */
  static final long NOT_A_NUMBER = Long.MIN_VALUE;

  private Bytes() {}

  /** The whole number in {@code [from, to)}, or {@link #NOT_A_NUMBER}. */
  static long parseLong(byte[] bytes, int from, int to) {
    boolean negative = from < to && bytes[from] == '-';
    int p = negative ? from + 1 : from;
    if (p == to || to - p > 18) {
      return NOT_A_NUMBER;
    }
    long value = 0;
    for (; p < to; p++) {
      int digit = bytes[p] - '0';
      if (digit < 0 || digit > 9) {
        return NOT_A_NUMBER;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  /**
   * A key for a value: the number itself when it is one, else a 64-bit hash of its bytes. Keys of
   * equal values are equal; different values collide with negligible likelihood.
   */
  static long key(byte[] bytes, int from, int to) {
    long number = parseLong(bytes, from, to);
    if (number != NOT_A_NUMBER) {
      return number;
    }
    long hash = 0xcbf29ce484222325L;
    for (int p = from; p < to; p++) {
      hash ^= bytes[p];
      hash *= 0x100000001b3L;
    }
    // Mix, and keep clear of small numbers that real keys have.
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    return hash | Long.MIN_VALUE;
  }

  /** Writes the decimal digits of a non-negative number at {@code at}; returns the end. */
  static int writeLong(long value, byte[] out, int at) {
    int digits = 1;
    for (long v = value / 10; v > 0; v /= 10) {
      digits++;
    }
    int end = at + digits;
    long v = value;
    for (int p = end - 1; p >= at; p--) {
      out[p] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return end;
  }
}
