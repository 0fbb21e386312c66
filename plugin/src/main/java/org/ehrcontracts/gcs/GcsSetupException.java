package org.ehrcontracts.gcs;

import org.ehrcontracts.engine.EhrException;

/**
 * The GCS client cannot be set up: no credentials, an unreadable key, an unusable endpoint.
 *
 * @since 0.1.0
 */
public final class GcsSetupException extends EhrException {

  private static final long serialVersionUID = 1L;

  private final boolean unreachable;

  /** With what is wrong and how to fix it. */
  public GcsSetupException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private GcsSetupException(String message, Throwable cause, boolean unreachable) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  /**
   * The endpoint (or the proxy before it) cannot be reached from this machine: the network or a
   * server that is not running, not the configuration alone.
   *
   * @since 0.2.0
   */
  static GcsSetupException unreachable(String message) {
    return new GcsSetupException(message, null, true);
  }

  /**
   * Whether the endpoint could not be reached ({@link #unreachable(String)}), rather than the
   * client not set up (no credentials, an unreadable key).
   *
   * @since 0.2.0
   */
  public boolean isUnreachable() {
    return unreachable;
  }
}
