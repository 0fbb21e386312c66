package org.ehrcontracts.engine.expr;

import java.util.Objects;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * What a qualified name {@code name.column} in an expression reads: a lookup's value for the row's
 * key columns, or a column of another table for the row's reference to it.
 *
 * @param type the value's type: integer or float for lookups; integer, float or date for references
 *     (a referenced datetime is read as its date)
 * @param keyColumns the row's columns ({@link ColumnInfo#index()}) that make the key: the lookup's
 *     key columns, or the one column that references the other table
 * @param lookup the lookup table, or null for a reference
 * @param valueColumn the lookup's value column, for a lookup
 * @param reference the reference's number, passed to {@link RowValues#referenced}, for a reference
 * @since 0.3.0
 */
public record Qualified(
    ColumnType type, int[] keyColumns, LookupTable lookup, int valueColumn, int reference) {

  /** Checks the parts. */
  public Qualified {
    Objects.requireNonNull(type, "type");
    keyColumns = keyColumns.clone();
  }

  /**
   * A lookup's value column.
   *
   * @since 0.3.0
   */
  public static Qualified lookup(LookupTable table, int valueColumn, int[] keyColumns) {
    return new Qualified(table.valueTypes().get(valueColumn), keyColumns, table, valueColumn, -1);
  }

  /**
   * A column of another table, read through the row's key column {@code keyColumn}.
   *
   * @since 0.3.0
   */
  public static Qualified reference(ColumnType type, int keyColumn, int reference) {
    ColumnType read = type == ColumnType.DATETIME ? ColumnType.DATE : type;
    return new Qualified(read, new int[] {keyColumn}, null, -1, reference);
  }
}
