package org.ehrcontracts.engine.remedy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the user can do about a refusal or a failure, named by what it does rather than by the
 * words of one build tool.
 *
 * <p>The engine does not know how a goal is run or a setting is given: the plugin turns each remedy
 * into its own words ({@link RemedyWords}), as jib's core leaves its suggestions' flag names to the
 * Maven and Gradle plugins. So no engine message names a {@code -D} property.
 *
 * @since 0.1.0
 */
public sealed interface Remedy {

  /**
   * Run the verify goal; on a de-identified directory, on that directory as de-identified data.
   *
   * @param deidentified the de-identified directory to verify, or empty for the export itself
   */
  record RunVerify(Optional<Path> deidentified) implements Remedy {
    /** Checks the parts. */
    public RunVerify {
      Objects.requireNonNull(deidentified, "deidentified");
    }

    /** Verify the export itself. */
    public static RunVerify export() {
      return new RunVerify(Optional.empty());
    }

    /** Verify a directory as de-identified data. */
    public static RunVerify deidentified(Path directory) {
      return new RunVerify(Optional.of(directory));
    }
  }

  /** Run the de-identify goal. */
  record RunDeidentify() implements Remedy {}

  /**
   * Leave a setting out, so that its default applies.
   *
   * @param setting the setting
   */
  record LeaveOut(Setting setting) implements Remedy {
    /** Checks the parts. */
    public LeaveOut {
      Objects.requireNonNull(setting, "setting");
    }
  }

  /**
   * Switch a yes-or-no setting on.
   *
   * @param setting the setting
   */
  record TurnOn(Setting setting) implements Remedy {
    /** Checks the parts. */
    public TurnOn {
      Objects.requireNonNull(setting, "setting");
    }
  }

  /**
   * Give a setting another value, as a user would on the command line.
   *
   * @param setting the setting
   */
  record Give(Setting setting) implements Remedy {
    /** Checks the parts. */
    public Give {
      Objects.requireNonNull(setting, "setting");
    }
  }

  /**
   * The setting a value came from, or that should point elsewhere, named as configuration.
   *
   * @param setting the setting
   */
  record Parameter(Setting setting) implements Remedy {
    /** Checks the parts. */
    public Parameter {
      Objects.requireNonNull(setting, "setting");
    }
  }

  /** The settings remedies name; the plugin knows what each is called. */
  enum Setting {
    /** The export directories. */
    EXPORTS,
    /** The bucket to deploy to. */
    BUCKET,
    /** The folder to deploy into. */
    FOLDER,
    /** Whether a deploy may replace objects with other content. */
    DEPLOY_OVERWRITE,
    /** A directory to deploy instead of the export or its de-identified output. */
    DEPLOY_DIRECTORY,
    /** The private directory of crosswalks and the site's seal key. */
    DEID_CROSSWALK,
    /** The directory the de-identified exports are written into. */
    DEID_OUTPUT,
    /** The directory the reports are written into. */
    REPORT_DIRECTORY,
    /** A service-account key file for GCS. */
    GCS_CREDENTIALS,
    /** A server of settings.xml that holds GCS credentials. */
    GCS_SERVER_ID
  }
}
