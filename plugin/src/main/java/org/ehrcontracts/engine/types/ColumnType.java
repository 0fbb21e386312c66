package org.ehrcontracts.engine.types;

import java.util.Locale;
import java.util.Optional;

/**
 * The type of a column, as a contract names it.
 *
 * <p>It sits below both the contract model and the check expression language, which types its
 * operands by it, so that a contract can hold its compiled expressions without a package cycle.
 *
 * @since 0.1.0
 */
public enum ColumnType {
  /** An optional minus sign and digits; no decimal point and no exponent. */
  INTEGER,
  /** A decimal number; an exponent is allowed. */
  FLOAT,
  /** A calendar date in one of the contract's date formats. */
  DATE,
  /** A date and time in one of the contract's datetime formats. */
  DATETIME,
  /** A time of day without a date: {@code hh:mm}, {@code hh:mm:ss} or {@code hh:mm:ss.f}. */
  TIME,
  /** One line of text, usually with a maximum length. */
  STRING,
  /** Free text without a length limit. */
  TEXT;

  /** The name used in contracts ({@code integer}, {@code datetime}, ...). */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether values are dates or datetimes. */
  public boolean isTemporal() {
    return this == DATE || this == DATETIME;
  }

  /** Whether values are times of day without a date. */
  public boolean isTime() {
    return this == TIME;
  }

  /** Whether values are free or coded text. */
  public boolean isText() {
    return this == STRING || this == TEXT;
  }

  /** Whether values are numbers. */
  public boolean isNumeric() {
    return this == INTEGER || this == FLOAT;
  }

  /** The type a contract keyword names, if any. */
  public static Optional<ColumnType> fromKeyword(String keyword) {
    for (ColumnType type : values()) {
      if (type.keyword().equals(keyword)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
