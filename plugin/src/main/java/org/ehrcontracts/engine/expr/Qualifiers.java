package org.ehrcontracts.engine.expr;

/**
 * Resolves the qualified names {@code name.column} an expression may use; the contract decides what
 * they are (its lookups, and the tables the row's table references).
 *
 * @since 0.3.0
 */
@FunctionalInterface
public interface Qualifiers {

  /**
   * No qualified names.
   *
   * @since 0.3.0
   */
  Qualifiers NONE =
      (name, column) -> {
        throw new ExpressionException(
            "'"
                + name
                + "."
                + column
                + "' is not a column; there are no lookups or references"
                + " here",
            0);
      };

  /**
   * What {@code name.column} reads.
   *
   * @throws ExpressionException (its offset is ignored) saying why the name is unknown, with a "did
   *     you mean" where one is close
   * @since 0.3.0
   */
  Qualified resolve(String name, String column) throws ExpressionException;
}
