package org.ehrcontracts.engine.expr;

/**
 * The result of a check on one row, in three-valued logic as in SQL.
 *
 * @since 0.1.0
 */
public enum Truth {
  /** The condition holds. */
  TRUE,
  /** The condition does not hold. */
  FALSE,
  /** The condition could not be decided, because a value it needs is empty or unreadable. */
  NOT_APPLICABLE;

  /**
   * {@link #TRUE} or {@link #FALSE}.
   *
   * @since 0.1.0
   */
  public static Truth of(boolean value) {
    return value ? TRUE : FALSE;
  }

  /**
   * The conjunction: {@code FALSE} if either is false, else not applicable if either is.
   *
   * @since 0.1.0
   */
  public Truth and(Truth other) {
    if (this == FALSE || other == FALSE) {
      return FALSE;
    }
    return this == TRUE && other == TRUE ? TRUE : NOT_APPLICABLE;
  }

  /**
   * The disjunction: {@code TRUE} if either is true, else not applicable if either is.
   *
   * @since 0.1.0
   */
  public Truth or(Truth other) {
    if (this == TRUE || other == TRUE) {
      return TRUE;
    }
    return this == FALSE && other == FALSE ? FALSE : NOT_APPLICABLE;
  }

  /**
   * The negation; not applicable stays not applicable.
   *
   * @since 0.1.0
   */
  public Truth not() {
    return switch (this) {
      case TRUE -> FALSE;
      case FALSE -> TRUE;
      case NOT_APPLICABLE -> NOT_APPLICABLE;
    };
  }
}
