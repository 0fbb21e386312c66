package org.ehrcontracts.engine.deploy;

import org.ehrcontracts.engine.EhrException;

/**
 * The deploy is set up wrongly (a directory that does not exist, a bucket name that cannot be), so
 * no plan can be made.
 *
 * @since 0.1.0
 */
public final class DeployConfigurationException extends EhrException {

  private static final long serialVersionUID = 1L;

  /** With what is wrong and how to fix it. */
  public DeployConfigurationException(String message) {
    super(message);
  }
}
