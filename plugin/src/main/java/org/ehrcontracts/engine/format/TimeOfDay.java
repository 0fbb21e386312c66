package org.ehrcontracts.engine.format;

/**
 * Times of day as a contract's {@code time} columns hold them, checked on bytes without a String:
 * {@code ehr:verify} validates them, {@code ehr:deidentify} truncates only valid ones.
 *
 * @since 0.2.0
 */
public final class TimeOfDay {

  private TimeOfDay() {}

  /**
   * Whether {@code bytes[from, to)} is a time of day {@code hh:mm}, {@code hh:mm:ss} or {@code
   * hh:mm:ss.f} (one to nine fraction digits), hours 00 to 23, minutes and seconds 00 to 59.
   */
  public static boolean isValid(byte[] bytes, int from, int to) {
    int length = to - from;
    return (length == 5 || length == 8 || length >= 10)
        && twoDigits(bytes, from, 23)
        && bytes[from + 2] == ':'
        && twoDigits(bytes, from + 3, 59)
        && (length == 5
            || (bytes[from + 5] == ':'
                && twoDigits(bytes, from + 6, 59)
                && (length == 8
                    || (bytes[from + 8] == '.' && fractionDigits(bytes, from + 9, to)))));
  }

  /** Whether a time of day (see {@link #isValid}) is midnight: every digit 0. */
  public static boolean isMidnight(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != '0' && bytes[i] != ':' && bytes[i] != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean twoDigits(byte[] bytes, int at, int max) {
    int high = bytes[at] - '0';
    int low = bytes[at + 1] - '0';
    return high >= 0 && high <= 9 && low >= 0 && low <= 9 && high * 10 + low <= max;
  }

  private static boolean fractionDigits(byte[] bytes, int from, int to) {
    if (from >= to || to - from > 9) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        return false;
      }
    }
    return true;
  }
}
