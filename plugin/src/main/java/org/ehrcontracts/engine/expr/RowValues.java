package org.ehrcontracts.engine.expr;

import org.ehrcontracts.engine.format.ParsedDateTime;

/**
 * The raw cells of the row an expression is evaluated on.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RowValues {
  /**
   * The text of the cell at {@code index}, as in the file; empty (or {@code null}) when the cell is
   * empty or missing. It may be a view that the next call reuses, so an expression that reads two
   * cells copies the first before it asks for the second.
   *
   * @param index the column's {@link ColumnInfo#index()}
   * @since 0.1.0
   */
  CharSequence value(int index);

  /**
   * The cell at {@code index} already parsed in its column's formats, when the caller has it (a
   * verifier that has just checked the cell); null to let the expression parse the cell itself. The
   * expression only reads the holder.
   *
   * @param index the column's {@link ColumnInfo#index()}, a date or datetime column
   * @since 0.1.0
   */
  default ParsedDateTime parsed(int index) {
    return null;
  }

  /**
   * The epoch day (days since 1970-01-01) of the date at {@code index}, a datetime's date as
   * written, when the caller has it (a verifier that has just checked the cell); {@link
   * Long#MIN_VALUE} to let the expression read the cell itself. Only a valid value's day may be
   * returned: for an empty or unreadable cell, return {@link Long#MIN_VALUE}.
   *
   * @param index the column's {@link ColumnInfo#index()}, a date or datetime column
   * @since 0.3.0
   */
  default long day(int index) {
    return Numbers.NA;
  }

  /**
   * The cell at {@code index} as a whole number (an optional sign and digits), or {@link
   * Long#MIN_VALUE} when the cell is empty or no 64-bit whole number. A verifier that has just
   * parsed the cell to check its type returns that value instead of parsing it again.
   *
   * @param index the column's {@link ColumnInfo#index()}, an integer column
   * @since 0.3.0
   */
  default long integer(int index) {
    CharSequence value = value(index);
    return value == null ? Numbers.NA : Numbers.parseLong(value);
  }

  /**
   * The cell at {@code index} as a number, or NaN when the cell is empty or no number.
   *
   * @param index the column's {@link ColumnInfo#index()}, a float column
   * @since 0.3.0
   */
  default double number(int index) {
    CharSequence value = value(index);
    return value == null ? Double.NaN : Numbers.parseDouble(value);
  }

  /**
   * What {@link #referenced} returns when the referenced row, or its value, is absent.
   *
   * @since 0.3.0
   */
  long ABSENT = Long.MIN_VALUE;

  /**
   * The value of a referenced column ({@link Qualified#reference()}) in the row of another table
   * whose key is {@code key}: an integer as itself, a float as its {@link
   * Double#doubleToRawLongBits bits} (-0.0 as 0.0), a date as its epoch day; {@link #ABSENT} when
   * that table has no such row, the cell is empty, or the references are not known.
   *
   * @since 0.3.0
   */
  default long referenced(int reference, long key) {
    return ABSENT;
  }
}
