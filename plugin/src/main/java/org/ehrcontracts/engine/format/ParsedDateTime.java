package org.ehrcontracts.engine.format;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The fields of a date or datetime value and where each token matched in the value text.
 *
 * <p>A holder is mutable and meant to be reused: {@link DateTimePattern#parse(CharSequence,
 * ParsedDateTime)} overwrites it on every call, so the hot path of a validator or de-identifier
 * allocates nothing per value. It is not thread-safe; give each thread its own. After a call that
 * returns {@code false} its contents are unspecified.
 *
 * <p>Fields that the matching pattern did not contain (or whose optional group was absent) read as
 * zero, and their spans as -1: a date alone is midnight without an offset.
 *
 * @since 0.1.0
 */
public final class ParsedDateTime {
  static final int OFFSET = 1;
  static final int NAMED = 2;

  private static final long DAYS_0000_TO_1970 = 719_528L;

  int year;
  int month;
  int day;
  int hour;
  int minute;
  int second;
  int nanos;
  int fractionDigits;
  int zoneKind;
  int zoneIndex;
  int offsetSeconds;
  boolean offsetKnown;

  /** Bit {@code 1 << ordinal} per field that matched; the other fields read as absent. */
  int present;

  /**
   * Where each field's token is: this holder's own array, or a fixed-layout pattern's shared one.
   */
  int[] spans;

  private final int[] ownSpans = new int[DateTimeField.ALL.length * 2];

  /**
   * Creates an empty holder.
   *
   * @since 0.1.0
   */
  public ParsedDateTime() {
    reset();
  }

  /**
   * Holds the date of an epoch day (days from 1970-01-01), with no time and no zone, as if parsed
   * from {@code YYYY-MM-DD}; for dates kept as numbers, such as another table's.
   *
   * @param epochDay a day of the years 0 to 9999
   * @since 0.3.0
   */
  public void setEpochDay(long epochDay) {
    // Howard Hinnant's civil_from_days, without allocating a LocalDate per row.
    long z = epochDay + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long doe = z - era * 146_097L;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    reset();
    year = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
    month = m;
    day = d;
    present =
        (1 << DateTimeField.YEAR.ordinal())
            | (1 << DateTimeField.MONTH.ordinal())
            | (1 << DateTimeField.DAY.ordinal());
  }

  // Resetting is one write: a field counts only while its bit is set, so stale values are harmless.
  void reset() {
    present = 0;
    spans = ownSpans;
  }

  /** Takes the spans of a fixed-layout pattern, which never change, instead of writing them. */
  void fixedSpans(int[] shared, int presentMask) {
    spans = shared;
    present = presentMask;
  }

  /** Forgets the fields whose bit ({@code 1 << ordinal}) is set in {@code mask}. */
  void clear(int mask) {
    present &= ~mask;
  }

  void span(DateTimeField field, int start, int end) {
    int f = field.ordinal();
    spans[2 * f] = start;
    spans[2 * f + 1] = end;
    present |= 1 << f;
  }

  private boolean has(DateTimeField field) {
    return (present & (1 << field.ordinal())) != 0;
  }

  /**
   * The year, 0 to 9999.
   *
   * @since 0.1.0
   */
  public int year() {
    return year;
  }

  /**
   * The month, 1 to 12.
   *
   * @since 0.1.0
   */
  public int month() {
    return month;
  }

  /**
   * The day of the month, 1 to 31.
   *
   * @since 0.1.0
   */
  public int day() {
    return day;
  }

  /**
   * The hour, 0 to 23; 0 when the value has no time.
   *
   * @since 0.1.0
   */
  public int hour() {
    return has(DateTimeField.HOUR) ? hour : 0;
  }

  /**
   * The minute, 0 to 59.
   *
   * @since 0.1.0
   */
  public int minute() {
    return has(DateTimeField.MINUTE) ? minute : 0;
  }

  /**
   * The second, 0 to 59.
   *
   * @since 0.1.0
   */
  public int second() {
    return has(DateTimeField.SECOND) ? second : 0;
  }

  /**
   * The fraction of the second in nanoseconds.
   *
   * @since 0.1.0
   */
  public int nanos() {
    return has(DateTimeField.FRACTION) ? nanos : 0;
  }

  /**
   * How many fraction digits the value had, 0 to 9.
   *
   * @since 0.1.0
   */
  public int fractionDigits() {
    return has(DateTimeField.FRACTION) ? fractionDigits : 0;
  }

  /**
   * Whether the value has a time of day (an {@code hh} token matched).
   *
   * @since 0.1.0
   */
  public boolean hasTime() {
    return has(DateTimeField.HOUR);
  }

  /**
   * Whether the value has an offset, {@code Z} or a zone name.
   *
   * @since 0.1.0
   */
  public boolean hasZone() {
    return has(DateTimeField.OFFSET);
  }

  /**
   * The offset from UTC in seconds, or 0 when the value has no zone.
   *
   * <p>For a zone name with daylight-saving rules, the offset in force at the local date-time is
   * worked out on the first call (the only case that allocates); {@code Z}, numeric offsets and
   * fixed zones such as {@code UTC} are known from parsing.
   *
   * @since 0.1.0
   */
  public int offsetSeconds() {
    if (!hasZone()) {
      return 0;
    }
    if (!offsetKnown && zoneKind == NAMED) {
      offsetSeconds =
          ZoneNames.zone(zoneIndex).id().getRules().getOffset(toLocalDateTime()).getTotalSeconds();
      offsetKnown = true;
    }
    return offsetSeconds;
  }

  /**
   * The zone of the value: a {@link ZoneOffset} for {@code Z} and numeric offsets, the named zone
   * for {@code ZONE}, or {@code null} when the value has none.
   *
   * @since 0.1.0
   */
  public ZoneId zone() {
    if (!hasZone()) {
      return null;
    }
    return switch (zoneKind) {
      case OFFSET -> ZoneOffset.ofTotalSeconds(offsetSeconds);
      case NAMED -> ZoneNames.zone(zoneIndex).id();
      default -> null;
    };
  }

  /**
   * Whether a token of {@code field} matched.
   *
   * @since 0.1.0
   */
  public boolean isPresent(DateTimeField field) {
    return has(field);
  }

  /**
   * Where the token of {@code field} starts in the value, or -1 when it did not match.
   *
   * @since 0.1.0
   */
  public int start(DateTimeField field) {
    return has(field) ? spans[2 * field.ordinal()] : -1;
  }

  /**
   * Where the token of {@code field} ends (exclusive) in the value, or -1 when it did not match.
   *
   * @since 0.1.0
   */
  public int end(DateTimeField field) {
    return has(field) ? spans[2 * field.ordinal() + 1] : -1;
  }

  /**
   * The day of the value counted from 1970-01-01, as written (the offset is ignored).
   *
   * @since 0.1.0
   */
  public long epochDay() {
    return epochDay(year, month, day);
  }

  /**
   * The seconds of the local date-time counted from 1970-01-01T00:00, as written.
   *
   * @since 0.1.0
   */
  public long localEpochSecond() {
    return epochDay() * 86_400L + hour() * 3_600L + minute() * 60L + second();
  }

  /**
   * The seconds of the instant counted from 1970-01-01T00:00Z; a value without zone counts as UTC.
   *
   * @since 0.1.0
   */
  public long epochSecond() {
    return localEpochSecond() - offsetSeconds();
  }

  /**
   * The date of the value, as written.
   *
   * @since 0.1.0
   */
  public LocalDate toLocalDate() {
    return LocalDate.of(year, month, day);
  }

  /**
   * The local date-time of the value, as written; midnight when it has no time.
   *
   * @since 0.1.0
   */
  public LocalDateTime toLocalDateTime() {
    return LocalDateTime.of(year, month, day, hour(), minute(), second(), nanos());
  }

  /**
   * The value with its offset.
   *
   * @throws IllegalStateException when the value has no offset or zone
   * @since 0.1.0
   */
  public OffsetDateTime toOffsetDateTime() {
    if (!hasZone()) {
      throw new IllegalStateException("the value has no offset or zone");
    }
    return OffsetDateTime.of(toLocalDateTime(), ZoneOffset.ofTotalSeconds(offsetSeconds()));
  }

  /**
   * Appends {@code source}, the value this holder was parsed from, truncated to January 1 of its
   * year.
   *
   * <p>Month and day become {@code 01}, hour, minute and second {@code 00}, and each fraction digit
   * {@code 0}; the offset or zone and every literal stay as they are, so the value keeps its form.
   *
   * @param source the parsed value
   * @param out where to append the result
   * @since 0.1.0
   */
  public void appendTruncatedToYear(CharSequence source, StringBuilder out) {
    int base = out.length();
    out.append(source);
    for (int f = DateTimeField.MONTH.ordinal(); f <= DateTimeField.FRACTION.ordinal(); f++) {
      if ((present & (1 << f)) == 0) {
        continue;
      }
      int start = spans[2 * f];
      int end = spans[2 * f + 1];
      for (int i = start; i < end; i++) {
        out.setCharAt(base + i, '0');
      }
      if (f == DateTimeField.MONTH.ordinal() || f == DateTimeField.DAY.ordinal()) {
        out.setCharAt(base + end - 1, '1');
      }
    }
  }

  /**
   * Truncates a parsed value to January 1 of its year in place, as {@link
   * #appendTruncatedToYear(CharSequence, StringBuilder)} does.
   *
   * @param chars the characters that hold the parsed value
   * @param offset where the value starts in {@code chars}
   * @since 0.1.0
   */
  public void truncateToYear(char[] chars, int offset) {
    for (int f = DateTimeField.MONTH.ordinal(); f <= DateTimeField.FRACTION.ordinal(); f++) {
      if ((present & (1 << f)) == 0) {
        continue;
      }
      int start = spans[2 * f];
      int end = spans[2 * f + 1];
      Arrays.fill(chars, offset + start, offset + end, '0');
      if (f == DateTimeField.MONTH.ordinal() || f == DateTimeField.DAY.ordinal()) {
        chars[offset + end - 1] = '1';
      }
    }
  }

  /**
   * Truncates a parsed value to January 1 of its year in place, in the value's UTF-8 bytes, as
   * {@link #truncateToYear(char[], int)} does in characters; for values whose characters are all
   * ASCII, where character and byte positions agree.
   *
   * @param bytes the bytes that hold the parsed value
   * @param offset where the value starts in {@code bytes}
   * @since 0.1.0
   */
  public void truncateToYear(byte[] bytes, int offset) {
    for (int f = DateTimeField.MONTH.ordinal(); f <= DateTimeField.FRACTION.ordinal(); f++) {
      if ((present & (1 << f)) == 0) {
        continue;
      }
      int start = offset + spans[2 * f];
      int end = offset + spans[2 * f + 1];
      for (int i = start; i < end; i++) {
        bytes[i] = '0';
      }
      if (f == DateTimeField.MONTH.ordinal() || f == DateTimeField.DAY.ordinal()) {
        bytes[end - 1] = '1';
      }
    }
  }

  /**
   * Whether the value ends in a numeric offset, {@code ±hh:mm} or {@code ±hhmm}: the one zone form
   * that says which offset was in force when the value was written, and so, for a zone with
   * daylight-saving time, the season. {@code Z} and zone names do not.
   *
   * @since 0.2.0
   */
  public boolean hasNumericOffset() {
    if (zoneKind != OFFSET || (present & (1 << DateTimeField.OFFSET.ordinal())) == 0) {
      return false;
    }
    int length =
        spans[2 * DateTimeField.OFFSET.ordinal() + 1] - spans[2 * DateTimeField.OFFSET.ordinal()];
    return length == 5 || length == 6;
  }

  /**
   * Writes {@code totalSeconds} over the value's numeric offset, in its own form ({@code ±hh:mm} or
   * {@code ±hhmm}), in the bytes that hold the value; nothing happens to a value without one (see
   * {@link #hasNumericOffset()}). Whole minutes only; the length never changes.
   *
   * @param bytes the bytes that hold the parsed value
   * @param offset where the value starts in {@code bytes}
   * @param totalSeconds the new offset from UTC
   * @since 0.2.0
   */
  public void replaceOffset(byte[] bytes, int offset, int totalSeconds) {
    if (!hasNumericOffset()) {
      return;
    }
    int at = offset + spans[2 * DateTimeField.OFFSET.ordinal()];
    int length =
        spans[2 * DateTimeField.OFFSET.ordinal() + 1] - spans[2 * DateTimeField.OFFSET.ordinal()];
    int total = Math.abs(totalSeconds) / 60;
    int hours = total / 60;
    int minutes = total % 60;
    bytes[at] = (byte) (totalSeconds < 0 ? '-' : '+');
    bytes[at + 1] = (byte) ('0' + hours / 10);
    bytes[at + 2] = (byte) ('0' + hours % 10);
    int m = length == 6 ? at + 4 : at + 3;
    bytes[m] = (byte) ('0' + minutes / 10);
    bytes[m + 1] = (byte) ('0' + minutes % 10);
  }

  /**
   * {@link #replaceOffset(byte[], int, int)} on characters: writes {@code totalSeconds} over the
   * numeric offset of the value that starts at {@code base} in {@code out}.
   *
   * @since 0.2.0
   */
  public void replaceOffset(StringBuilder out, int base, int totalSeconds) {
    if (!hasNumericOffset()) {
      return;
    }
    int from = spans[2 * DateTimeField.OFFSET.ordinal()];
    byte[] bytes = new byte[spans[2 * DateTimeField.OFFSET.ordinal() + 1]];
    for (int i = from; i < bytes.length; i++) {
      bytes[i] = (byte) out.charAt(base + i); // the offset is ASCII; its colon stays
    }
    replaceOffset(bytes, 0, totalSeconds);
    for (int i = from; i < bytes.length; i++) {
      out.setCharAt(base + i, (char) bytes[i]);
    }
  }

  static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367L * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total -= isLeap(year) ? 1 : 2;
    }
    return total - DAYS_0000_TO_1970;
  }

  static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
