package org.ehrcontracts.engine.remedy;

/**
 * Turns a {@link Remedy} into the words of the tool the user runs: the port through which the
 * engine's messages name goals and settings without knowing them.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RemedyWords {

  /** The words for a remedy, to be put into a sentence ({@code mvn ehr:verify}, a flag). */
  String of(Remedy remedy);

  /**
   * Words for a caller that is no build tool (the engine's API used directly, tests): goals and
   * settings by what they are, such as {@code the output directory}.
   */
  RemedyWords PLAIN =
      remedy -> {
        if (remedy instanceof Remedy.RunVerify) {
          return "the verify goal";
        }
        if (remedy instanceof Remedy.RunDeidentify) {
          return "the de-identify goal";
        }
        Remedy.Setting setting =
            remedy instanceof Remedy.LeaveOut r
                ? r.setting()
                : remedy instanceof Remedy.TurnOn r
                    ? r.setting()
                    : remedy instanceof Remedy.Give r
                        ? r.setting()
                        : ((Remedy.Parameter) remedy).setting();
        return switch (setting) {
          case EXPORTS -> "the export directories";
          case BUCKET -> "the bucket";
          case FOLDER -> "the bucket folder";
          case DEPLOY_OVERWRITE -> "the overwrite setting";
          case DEPLOY_DIRECTORY -> "the directory to deploy";
          case DEID_CROSSWALK -> "the crosswalk";
          case DEID_OUTPUT -> "the output directory";
          case REPORT_DIRECTORY -> "the report directory";
          case GCS_CREDENTIALS -> "the credentials file";
          case GCS_SERVER_ID -> "the server id";
        };
      };
}
