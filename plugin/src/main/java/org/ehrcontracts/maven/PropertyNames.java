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

  /**
   * The memory budget of {@code ehr:verify} and {@code ehr:deidentify}: a size ({@code 256m},
   * {@code 2g}) or a share of the heap ({@code 50%}).
   */
  public static final String MEMORY = "ehr.memory";

  /** Where key sets over the memory budget spill to. */
  public static final String SPILL_DIRECTORY = "ehr.spillDirectory";

  /** What fails the build: error, warning, new-error or never. */
  public static final String FAIL_ON = "ehr.failOn";

  /** Only these rule ids, check ids or families run (comma separated). */
  public static final String VERIFY_RULES = "ehr.verify.rules";

  /**
   * The report formats of ehr:verify (comma separated): html, json, junit, sarif, codequality,
   * github.
   */
  public static final String VERIFY_FORMATS = "ehr.verify.formats";

  /** The verify.json (or folder of them) that ehr:verify compares with. */
  public static final String VERIFY_BASELINE = "ehr.verify.baseline";

  /** The deploy.json receipt (or folder of them) whose rows per table ehr:verify compares with. */
  public static final String VERIFY_PREVIOUS_UPLOAD = "ehr.verify.previousUpload";

  /** The site's vocabulary folder (Athena download). */
  public static final String VOCABULARY = "ehr.vocabulary";

  /** Where the vocabulary's index is cached between builds. */
  public static final String VOCABULARY_CACHE = "ehr.vocabulary.cache";

  /** These rule ids, check ids or families do not run (comma separated). */
  public static final String VERIFY_SKIP_RULES = "ehr.verify.skipRules";

  /** How many problems of each rule and file are printed. */
  public static final String VERIFY_MAX_PROBLEMS = "ehr.verify.maxProblems";

  /** The reference date for future dates and ages. */
  public static final String VERIFY_AS_OF = "ehr.verify.asOf";

  /** Marks the exports as de-identified already, which turns on the deid.* rules. */
  public static final String VERIFY_DEIDENTIFIED = "ehr.verify.deidentified";

  /** How many threads check files. */
  public static final String VERIFY_THREADS = "ehr.verify.threads";

  /** Skips {@code ehr:deploy}. */
  public static final String DEPLOY_SKIP = "ehr.deploy.skip";

  /** Skips {@code ehr:check-bucket}. */
  public static final String CHECK_BUCKET_SKIP = "ehr.checkBucket.skip";

  /** The GCS bucket's name, without {@code gs://}. */
  public static final String BUCKET = "ehr.bucket";

  /** The submission folder in the bucket, such as {@code 2026-03-05-v1}. */
  public static final String FOLDER = "ehr.folder";

  /** Only shows the deploy plan and the interlocks' verdicts; uploads nothing. */
  public static final String DRY_RUN = "ehr.dryRun";

  /** The GCS JSON API endpoint, for tests and private endpoints. */
  public static final String GCS_ENDPOINT = "ehr.gcs.endpoint";

  /** The Google Cloud project. */
  public static final String GCS_PROJECT_ID = "ehr.gcs.projectId";

  /** The path of a service-account key file (JSON). */
  public static final String GCS_CREDENTIALS = "ehr.gcs.credentials";

  /** The id of the settings.xml server that holds the service-account key. */
  public static final String GCS_SERVER_ID = "ehr.gcs.serverId";

  /** The directory to upload instead of the export or its de-identified output. */
  public static final String DEPLOY_DIRECTORY = "ehr.deploy.directory";

  /** How many files are uploaded at once. */
  public static final String DEPLOY_THREADS = "ehr.deploy.threads";

  /** Replace objects that exist with other content (with a generation-match precondition). */
  public static final String DEPLOY_OVERWRITE = "ehr.deploy.overwrite";

  /** Loads the shipped synthetic sample export instead of a probe file. */
  public static final String CHECK_BUCKET_SAMPLE = "ehr.checkBucket.sample";

  /** Skips {@code ehr:deidentify}. */
  public static final String DEIDENTIFY_SKIP = "ehr.deidentify.skip";

  /** The folder the de-identified exports go to, one folder per export. */
  public static final String DEID_OUTPUT = "ehr.deid.output";

  /**
   * The private crosswalk: a folder (one file per export) or, for one export, a .csv file. {@code
   * ehr:deidentify} writes it, {@code ehr:verify -Dehr.verify.deidentified} proves the person ids
   * against it, and its folder holds the seal key that {@code ehr:deploy} reads.
   */
  public static final String DEID_CROSSWALK = "ehr.deid.crosswalk";

  /** The reference date for ages when de-identifying. */
  public static final String DEID_AS_OF = "ehr.deid.asOf";

  /** De-identifies even when the input has errors against the contract. */
  public static final String DEID_FORCE = "ehr.deid.force";

  /** Skips {@code ehr:diff}. */
  public static final String DIFF_SKIP = "ehr.diff.skip";

  /** The older contract ehr:diff compares: a shipped name, a path or git:REV:PATH. */
  public static final String DIFF_FROM = "ehr.diff.from";

  /** The newer contract ehr:diff compares (default: the contract parameter). */
  public static final String DIFF_TO = "ehr.diff.to";

  /** Lets ehr:diff pass although the change is breaking. */
  public static final String DIFF_ALLOW_BREAKING = "ehr.diff.allowBreaking";

  /** Lets ehr:diff pass although the change loosens de-identification. */
  public static final String DIFF_ALLOW_DEID_LOOSENING = "ehr.diff.allowDeidLoosening";

  /** Skips {@code ehr:generate}. */
  public static final String GENERATE_SKIP = "ehr.generate.skip";

  /** The folder {@code ehr:generate} writes. */
  public static final String GENERATE_OUTPUT = "ehr.generate.output";

  /** How many persons {@code ehr:generate} makes. */
  public static final String GENERATE_PERSONS = "ehr.generate.persons";

  /** The seed of {@code ehr:generate}. */
  public static final String GENERATE_SEED = "ehr.generate.seed";

  /**
   * The defects {@code ehr:generate} plants, as rule ids with an optional count (comma separated).
   */
  public static final String GENERATE_DEFECTS = "ehr.generate.defects";

  /** Lets {@code ehr:generate} replace a non-empty output folder. */
  public static final String GENERATE_OVERWRITE = "ehr.generate.overwrite";

  /** The tables {@code ehr:generate} writes (comma separated, or all). */
  public static final String GENERATE_TABLES = "ehr.generate.tables";

  /** The reference date of {@code ehr:generate}. */
  public static final String GENERATE_AS_OF = "ehr.generate.asOf";

  /** Whether {@code ehr:generate} writes data that satisfies the de-identification policy. */
  public static final String GENERATE_DEIDENTIFIED = "ehr.generate.deidentified";

  private PropertyNames() {}
}
