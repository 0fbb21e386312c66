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
   * empty or missing.
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
}
