package org.ehrcontracts.engine.expr;

/**
 * The raw cells of the row an expression is evaluated on.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RowValues {
  /**
   * The text of the cell at {@code index}, as in the file; empty (or {@code null}) when the cell is
   * empty or missing.
   *
   * @param index the column's {@link ColumnInfo#index()}
   * @since 0.1.0
   */
  CharSequence value(int index);
}
