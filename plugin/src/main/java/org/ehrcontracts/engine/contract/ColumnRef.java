package org.ehrcontracts.engine.contract;

/**
 * A column of a table, written {@code table.column} in contracts.
 *
 * @param table the table name
 * @param column the column name
 * @since 0.1.0
 */
public record ColumnRef(String table, String column) {

  @Override
  public String toString() {
    return table + "." + column;
  }
}
