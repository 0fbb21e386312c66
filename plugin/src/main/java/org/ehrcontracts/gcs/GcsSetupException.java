package org.ehrcontracts.gcs;

import org.ehrcontracts.engine.EhrException;

/**
 * The GCS client cannot be set up: no credentials, an unreadable key, an unusable endpoint.
 *
 * @since 0.1.0
 */
public final class GcsSetupException extends EhrException {

  private static final long serialVersionUID = 1L;

  /** With what is wrong and how to fix it. */
  public GcsSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
