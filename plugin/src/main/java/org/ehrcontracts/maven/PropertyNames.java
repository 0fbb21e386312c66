package org.ehrcontracts.maven;

/**
 * Every user property the goals read, in one place.
 *
 * @since 0.1.0
 */
public final class PropertyNames {

  /** Skips every ehr goal. */
  public static final String SKIP = "ehr.skip";

  /** Skips {@code ehr:verify}. */
  public static final String VERIFY_SKIP = "ehr.verify.skip";

  /** The contract: a shipped name or a YAML path. */
  public static final String CONTRACT = "ehr.contract";

  /** The export directories, comma separated. */
  public static final String EXPORTS = "ehr.exports";

  /** Where reports are written. */
  public static final String REPORT_DIRECTORY = "ehr.reportDirectory";

  /** The least severity that fails the build: error, warning or never. */
  public static final String FAIL_ON = "ehr.failOn";

  private PropertyNames() {}
}
