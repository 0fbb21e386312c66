package org.ehrcontracts.engine.expr;

/** Reads numbers straight from cell text, without building Strings or throwing. */
final class Numbers {
  /** What {@link #parseLong} returns for a value that is not a 64-bit integer. */
  static final long NA = Long.MIN_VALUE;

  private static final long MULTIPLY_LIMIT = Long.MIN_VALUE / 10;
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private Numbers() {}

  /**
   * Reads an integer column value: an optional sign and digits (a plus sign too, as the type check
   * accepts it).
   *
   * @return the value, or {@link #NA} when it is empty, not an integer, or outside {@code (-2^63,
   *     2^63)}
   */
  static long parseLong(CharSequence s) {
    int n = s.length();
    if (n == 0) {
      return NA;
    }
    boolean negative = s.charAt(0) == '-';
    int i = negative || s.charAt(0) == '+' ? 1 : 0;
    if (i == n) {
      return NA;
    }
    // Accumulate negatively, as Long.parseLong does, so that the overflow checks are symmetric.
    long result = 0;
    for (; i < n; i++) {
      int digit = s.charAt(i) - '0';
      if (digit < 0 || digit > 9 || result < MULTIPLY_LIMIT) {
        return NA;
      }
      result *= 10;
      if (result < Long.MIN_VALUE + digit) {
        return NA;
      }
      result -= digit;
    }
    // -Long.MIN_VALUE overflows to Long.MIN_VALUE, which is NA: out of range either way.
    return negative ? result : -result;
  }

  /**
   * Reads a float column value: an optional sign, digits with an optional decimal point, and an
   * optional exponent.
   *
   * @return the value, or NaN when it is empty or not a number
   */
  static double parseDouble(CharSequence s) {
    int n = s.length();
    if (n == 0) {
      return Double.NaN;
    }
    int i = 0;
    char c = s.charAt(0);
    boolean negative = c == '-';
    if (c == '-' || c == '+') {
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int exponent = 0;
    boolean digits = false;
    boolean inexact = false;
    boolean fraction = false;
    for (; i < n; i++) {
      c = s.charAt(i);
      if (c == '.' && !fraction) {
        fraction = true;
        continue;
      }
      if (c < '0' || c > '9') {
        break;
      }
      digits = true;
      if (significant < 18) {
        if (mantissa != 0 || c != '0') {
          mantissa = mantissa * 10 + (c - '0');
          significant++;
        }
        if (fraction) {
          exponent--;
        }
      } else {
        inexact = true;
        if (!fraction) {
          exponent++;
        }
      }
    }
    if (!digits) {
      return Double.NaN;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        negativeExponent = s.charAt(i) == '-';
        i++;
      }
      int start = i;
      int written = 0;
      for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
        if (written < 100_000) {
          written = written * 10 + (s.charAt(i) - '0');
        }
      }
      if (i == start) {
        return Double.NaN;
      }
      exponent += negativeExponent ? -written : written;
    }
    if (i != n) {
      return Double.NaN;
    }
    if (!inexact && significant <= 15 && exponent >= -22 && exponent <= 22) {
      // Clinger's fast path: both operands are exact doubles, so one operation rounds correctly.
      double value = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
      return negative ? -value : value;
    }
    // Rare (more than 15 significant digits or a large exponent): the syntax is known to be valid.
    return Double.parseDouble(s.toString());
  }

  /** Compares an integer with a double exactly, neither being NA or NaN. */
  static int compare(long x, double y) {
    if (y >= 0x1p63) {
      return -1;
    }
    if (y < -0x1p63) {
      return 1;
    }
    long whole = (long) y;
    if (x != whole) {
      return x < whole ? -1 : 1;
    }
    double rest = y - whole;
    return rest > 0 ? -1 : rest < 0 ? 1 : 0;
  }

  /** Compares two doubles, neither being NaN, with -0.0 equal to 0.0. */
  static int compare(double x, double y) {
    return x < y ? -1 : x > y ? 1 : 0;
  }
}
