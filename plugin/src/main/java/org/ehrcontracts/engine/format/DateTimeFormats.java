package org.ehrcontracts.engine.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of patterns that a date or datetime value may take; the first that matches wins.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DateTimeFormats {
  /**
   * The default forms of a {@code date} column, {@code [YYYY-MM-DD]}.
   *
   * @since 0.1.0
   */
  public static final DateTimeFormats DEFAULT_DATE = of("YYYY-MM-DD");

  /**
   * The default forms of a {@code datetime} column, {@code [YYYY-MM-DDThh:mm:ss±hh:mm]}.
   *
   * @since 0.1.0
   */
  public static final DateTimeFormats DEFAULT_DATETIME = of("YYYY-MM-DDThh:mm:ss±hh:mm");

  private final List<DateTimePattern> patterns;
  private final DateTimePattern[] array;
  private final int minLength;
  private final int maxLength;

  /** Whether no two patterns can match one value, so that the order of trying them is free. */
  private final boolean disjoint;

  private DateTimeFormats(List<DateTimePattern> patterns) {
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("at least one pattern is needed");
    }
    this.patterns = List.copyOf(patterns);
    this.array = this.patterns.toArray(new DateTimePattern[0]);
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (DateTimePattern pattern : array) {
      min = Math.min(min, pattern.minLength());
      max = Math.max(max, pattern.maxLength());
    }
    this.minLength = min;
    this.maxLength = max;
    this.disjoint = array.length > 1 && FormOverlap.disjoint(this.patterns);
  }

  /**
   * Compiles patterns into formats, in order.
   *
   * @param patterns the patterns, at least one
   * @return the formats
   * @throws PatternException when a pattern is invalid; compile them one by one with {@link
   *     DateTimePattern#compile(String)} to know which
   * @since 0.1.0
   */
  public static DateTimeFormats of(String... patterns) {
    List<DateTimePattern> compiled = new ArrayList<>(patterns.length);
    for (String pattern : patterns) {
      compiled.add(DateTimePattern.compile(pattern));
    }
    return new DateTimeFormats(compiled);
  }

  /**
   * Makes formats of compiled patterns, in order.
   *
   * @param patterns the patterns, at least one
   * @return the formats
   * @since 0.1.0
   */
  public static DateTimeFormats ofPatterns(List<DateTimePattern> patterns) {
    return new DateTimeFormats(Objects.requireNonNull(patterns, "patterns"));
  }

  /**
   * The patterns, in order.
   *
   * @since 0.1.0
   */
  public List<DateTimePattern> patterns() {
    return patterns;
  }

  /**
   * Whether any pattern has a time of day.
   *
   * @since 0.1.0
   */
  public boolean hasTime() {
    for (DateTimePattern pattern : array) {
      if (pattern.hasTime()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the whole of {@code value} matches one of the patterns.
   *
   * <p>This allocates a small holder per call; on a hot path, reuse one with {@link
   * #parse(CharSequence, ParsedDateTime)}.
   *
   * @since 0.1.0
   */
  public boolean matches(CharSequence value) {
    int length = value.length();
    return length >= minLength && length <= maxLength && parse(value, new ParsedDateTime()) >= 0;
  }

  /**
   * Parses {@code value} with the first pattern that matches it.
   *
   * @param value the whole value
   * @param into the holder to fill; its contents are unspecified when this returns -1
   * @return the index of the pattern that matched, or -1 when none does
   * @since 0.1.0
   */
  public int parse(CharSequence value, ParsedDateTime into) {
    int length = value.length();
    if (length < minLength || length > maxLength) {
      return -1;
    }
    for (int i = 0; i < array.length; i++) {
      if (array[i].parse(value, into)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Parses {@code value} like {@link #parse(CharSequence, ParsedDateTime)}, trying the pattern at
   * {@code hint} first: a caller that reads many values of one column passes the index its last
   * value matched, and pays one parse for a value written the same way. The result is the same as
   * without the hint: it is used only when no two of the patterns can match one value ({@link
   * #ordered()} is false), since otherwise the first in order must win.
   *
   * @param value the whole value
   * @param into the holder to fill; its contents are unspecified when this returns -1
   * @param hint the index of the pattern to try first, or -1
   * @return the index of the pattern that matched, or -1 when none does
   * @since 0.1.0
   */
  public int parse(CharSequence value, ParsedDateTime into, int hint) {
    if (!disjoint || hint < 0 || hint >= array.length) {
      return parse(value, into);
    }
    int length = value.length();
    if (length < minLength || length > maxLength) {
      return -1;
    }
    if (array[hint].parse(value, into)) {
      return hint;
    }
    for (int i = 0; i < array.length; i++) {
      if (i != hint && array[i].parse(value, into)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the order of the patterns decides how some value parses, because two of them can match
   * it (such as {@code YYYY-MM-DD} and {@code YYYY-DD-MM}); then a value is read by the first.
   *
   * @since 0.1.0
   */
  public boolean ordered() {
    return array.length > 1 && !disjoint;
  }

  /**
   * Truncates a value to January 1 of its year, keeping its form; see {@link
   * DateTimePattern#truncateToYear(CharSequence)}.
   *
   * @param value the value
   * @return the truncated value, or {@code null} when no pattern matches
   * @since 0.1.0
   */
  public String truncateToYear(CharSequence value) {
    ParsedDateTime parsed = new ParsedDateTime();
    if (parse(value, parsed) < 0) {
      return null;
    }
    StringBuilder out = new StringBuilder(value.length());
    parsed.appendTruncatedToYear(value, out);
    return out.toString();
  }

  /**
   * Truncates a value to January 1 of its year like {@link #truncateToYear(CharSequence)}, and
   * writes the offset January 1 of that year has in {@code zone} over a numeric offset.
   *
   * @param value the value
   * @param zone the zone whose January offset a numeric offset becomes
   * @return the truncated value, or {@code null} when no pattern matches
   * @since 0.2.0
   */
  public String truncateToYear(CharSequence value, java.time.ZoneId zone) {
    ParsedDateTime parsed = new ParsedDateTime();
    if (parse(value, parsed) < 0) {
      return null;
    }
    StringBuilder out = new StringBuilder(value.length());
    parsed.appendTruncatedToYear(value, out);
    parsed.replaceOffset(out, 0, januaryOffsetSeconds(zone, parsed.year()));
    return out.toString();
  }

  /** The offset from UTC, in seconds, of midnight on January 1 of {@code year} in {@code zone}. */
  public static int januaryOffsetSeconds(java.time.ZoneId zone, int year) {
    return zone.getRules()
        .getOffset(java.time.LocalDateTime.of(year, 1, 1, 0, 0))
        .getTotalSeconds();
  }

  /**
   * Returns the patterns as a list, such as {@code [YYYY-MM-DD]}.
   *
   * @since 0.1.0
   */
  @Override
  public String toString() {
    return patterns.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DateTimeFormats that && patterns.equals(that.patterns);
  }

  @Override
  public int hashCode() {
    return patterns.hashCode();
  }
}
