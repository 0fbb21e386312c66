package org.ehrcontracts.engine.format;

/**
 * Thrown when a date or datetime pattern is not valid.
 *
 * <p>The message is plain text without the position; {@link #index()} gives the position in the
 * pattern, so that a contract loader can point at the offending character.
 *
 * @since 0.1.0
 */
public final class PatternException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int index;

  /**
   * Creates an exception for a problem at {@code index} of the pattern.
   *
   * @param message what is wrong, in plain words
   * @param index the 0-based position in the pattern
   * @since 0.1.0
   */
  public PatternException(String message, int index) {
    super(message);
    this.index = index;
  }

  /**
   * The 0-based position in the pattern where the problem is.
   *
   * @since 0.1.0
   */
  public int index() {
    return index;
  }
}
