package org.ehrcontracts.engine.format;

/**
 * A part of a date or datetime value that a pattern token matches.
 *
 * @since 0.1.0
 */
public enum DateTimeField {
  /** The four-digit year, {@code YYYY}. */
  YEAR,
  /** The two-digit month, {@code MM}. */
  MONTH,
  /** The two-digit day of the month, {@code DD}. */
  DAY,
  /** The two-digit hour, {@code hh}. */
  HOUR,
  /** The two-digit minute, {@code mm}. */
  MINUTE,
  /** The two-digit second, {@code ss}. */
  SECOND,
  /** The fraction digits after the dot of {@code .f}, without the dot. */
  FRACTION,
  /** The offset or zone: {@code Z}, {@code ±hh:mm}, {@code ±hhmm} or {@code ZONE}. */
  OFFSET;

  static final DateTimeField[] ALL = values();
}
