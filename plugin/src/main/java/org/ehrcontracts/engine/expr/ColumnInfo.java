package org.ehrcontracts.engine.expr;

import java.util.Objects;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * What an expression needs to know of a column: where its value is in the row, and how to read it.
 *
 * @param index the index passed to {@link RowValues#value(int)}
 * @param type the column's type
 * @param formats the accepted forms of a date or datetime column; {@code null} for other types, or
 *     to use the language's defaults ({@link DateTimeFormats#DEFAULT_DATE}, {@link
 *     DateTimeFormats#DEFAULT_DATETIME})
 * @since 0.1.0
 */
public record ColumnInfo(int index, ColumnType type, DateTimeFormats formats) {
  /** Checks the index and type. */
  public ColumnInfo {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
    Objects.requireNonNull(type, "type");
  }

  /**
   * Describes a column that is not a date or datetime, or one with the default formats.
   *
   * @since 0.1.0
   */
  public ColumnInfo(int index, ColumnType type) {
    this(index, type, null);
  }
}
