package org.ehrcontracts.engine.expr;

/**
 * Thrown when a check expression does not parse, names an unknown column or function, or compares
 * values of types that cannot be compared.
 *
 * @since 0.1.0
 */
public final class ExpressionException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;

  /**
   * Creates an exception for a problem at {@code offset} of the expression.
   *
   * @param message what is wrong, in plain words, without the position
   * @param offset the 0-based position in the expression text
   * @since 0.1.0
   */
  public ExpressionException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  /**
   * The 0-based position in the expression text where the problem is.
   *
   * @since 0.1.0
   */
  public int offset() {
    return offset;
  }
}
