package org.ehrcontracts.maven;

import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.RemedyWords;

/**
 * The Maven words for the engine's remedies, with the property names of {@link PropertyNames}
 * (jib's {@code MavenHelpfulSuggestions}).
 *
 * @since 0.1.0
 */
public final class MavenRemedies implements RemedyWords {

  /** The one instance; it holds no state. */
  public static final MavenRemedies INSTANCE = new MavenRemedies();

  private MavenRemedies() {}

  @Override
  public String of(Remedy remedy) {
    if (remedy instanceof Remedy.RunVerify verify) {
      return verify
          .deidentified()
          .map(
              d ->
                  "mvn ehr:verify -D"
                      + PropertyNames.EXPORTS
                      + "="
                      + d
                      + " -D"
                      + PropertyNames.VERIFY_DEIDENTIFIED
                      + "=true")
          .orElse("mvn ehr:verify");
    }
    if (remedy instanceof Remedy.RunDeidentify) {
      return "mvn ehr:deidentify";
    }
    if (remedy instanceof Remedy.LeaveOut leaveOut) {
      return "-D" + property(leaveOut.setting());
    }
    if (remedy instanceof Remedy.TurnOn turnOn) {
      return "-D" + property(turnOn.setting()) + "=true";
    }
    if (remedy instanceof Remedy.Give give) {
      return "-D" + property(give.setting());
    }
    Remedy.Setting setting = ((Remedy.Parameter) remedy).setting();
    return switch (setting) {
      case BUCKET -> "parameter <bucket>, property " + property(setting);
      case DEID_CROSSWALK -> "<crosswalk> (property " + property(setting) + ")";
      default -> "<" + parameter(setting) + "> (" + property(setting) + ")";
    };
  }

  /** The user property of a setting. */
  static String property(Remedy.Setting setting) {
    return switch (setting) {
      case EXPORTS -> PropertyNames.EXPORTS;
      case BUCKET -> PropertyNames.BUCKET;
      case FOLDER -> PropertyNames.FOLDER;
      case DEPLOY_OVERWRITE -> PropertyNames.DEPLOY_OVERWRITE;
      case DEPLOY_DIRECTORY -> PropertyNames.DEPLOY_DIRECTORY;
      case DEID_CROSSWALK -> PropertyNames.DEID_CROSSWALK;
      case DEID_OUTPUT -> PropertyNames.DEID_OUTPUT;
      case REPORT_DIRECTORY -> PropertyNames.REPORT_DIRECTORY;
      case GCS_CREDENTIALS -> PropertyNames.GCS_CREDENTIALS;
      case GCS_SERVER_ID -> PropertyNames.GCS_SERVER_ID;
    };
  }

  /** The POM element of a setting. */
  static String parameter(Remedy.Setting setting) {
    return switch (setting) {
      case EXPORTS -> "exports";
      case BUCKET -> "bucket";
      case FOLDER -> "folder";
      case DEPLOY_OVERWRITE -> "overwrite";
      case DEPLOY_DIRECTORY -> "directory";
      case DEID_CROSSWALK -> "crosswalk";
      case DEID_OUTPUT -> "outputDirectory";
      case REPORT_DIRECTORY -> "reportDirectory";
      case GCS_CREDENTIALS -> "credentials";
      case GCS_SERVER_ID -> "serverId";
    };
  }
}
