package org.ehrcontracts.engine;

/**
 * The engine's checked exception: something stops a goal from going on.
 *
 * <p>Subtypes carry typed fields; the mojos translate them to Maven's failure or execution
 * exceptions at the boundary.
 *
 * @since 0.1.0
 */
public class EhrException extends Exception {

  private static final long serialVersionUID = 1L;

  /** With a message. */
  public EhrException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public EhrException(String message, Throwable cause) {
    super(message, cause);
  }
}
