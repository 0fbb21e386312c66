package org.ehrcontracts.engine.deploy;

import org.ehrcontracts.engine.EhrException;
import org.ehrcontracts.engine.remedy.Remedy;

/**
 * The deploy is set up wrongly (a directory that does not exist, a bucket name that cannot be), so
 * no plan can be made.
 *
 * @since 0.1.0
 */
public final class DeployConfigurationException extends EhrException {

  private static final long serialVersionUID = 1L;

  /** Not serialised: a remedy is for the run that failed, not for a stored exception. */
  private final transient Remedy remedy;

  /**
   * With what is wrong and how to fix it.
   *
   * @param message what is wrong, with the remedy in the plugin's words
   * @param remedy the setting to fix, as a type
   */
  public DeployConfigurationException(String message, Remedy remedy) {
    super(message);
    this.remedy = remedy;
  }

  /** The setting to fix, as a type; the message gives it in the plugin's words. */
  public Remedy remedy() {
    return remedy;
  }
}
