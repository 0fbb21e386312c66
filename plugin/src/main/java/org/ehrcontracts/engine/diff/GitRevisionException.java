package org.ehrcontracts.engine.diff;

import org.ehrcontracts.engine.EhrException;

/**
 * A {@code git:} contract reference cannot be read: no repository, an unknown revision, a path
 * outside the repository.
 *
 * @since 0.2.0
 */
public final class GitRevisionException extends EhrException {

  private static final long serialVersionUID = 1L;

  /** With what went wrong, in words that name the reference. */
  public GitRevisionException(String message) {
    super(message);
  }

  /** With what went wrong and why. */
  public GitRevisionException(String message, Throwable cause) {
    super(message, cause);
  }
}
