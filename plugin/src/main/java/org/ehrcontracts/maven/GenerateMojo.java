package org.ehrcontracts.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.generate.Defect;
import org.ehrcontracts.engine.generate.Defects;
import org.ehrcontracts.engine.generate.GenerateException;
import org.ehrcontracts.engine.generate.GenerateRequest;
import org.ehrcontracts.engine.generate.GenerateResult;
import org.ehrcontracts.engine.generate.Generator;
import org.ehrcontracts.engine.generate.Planted;

/**
 * Writes a seeded synthetic export that follows the contract: persons, visits and events with valid
 * keys, plausible dates and concepts from the contract's sets, one CSV file per table in the
 * contract's dialect, in a folder named as the contract's file layout wants ({@code
 * 2026-01-01-v1}). Optionally plants defects that make chosen rules fire, listed in {@code
 * generate.json} beside the export folder.
 *
 * <p>Use it to try a contract change on data ({@code ehr:verify} the result), or to have a file for
 * a bucket test load ({@code ehr:deploy -Dehr.deploy.directory=<output>/<folder>}). The data is
 * synthetic: made-up ids, {@code syn-} strings, no real names or addresses.
 *
 * @since 0.2.0
 */
@Mojo(
    name = "generate",
    defaultPhase = LifecyclePhase.GENERATE_TEST_RESOURCES,
    requiresProject = false,
    threadSafe = true)
public class GenerateMojo extends AbstractContractMojo {

  /**
   * The folder to write, created anew: the export folder inside it ({@code <output>/<folder>}),
   * {@code generate.json}, and for de-identified data the crosswalk {@code <folder>.crosswalk.csv}.
   * It must be empty or absent unless {@code overwrite} is set.
   *
   * @since 0.2.0
   */
  @Parameter(
      property = PropertyNames.GENERATE_OUTPUT,
      defaultValue = "${project.build.directory}/ehr/generated")
  private File output;

  /**
   * How many persons the export has; the other tables get rows in proportion (one to three visits a
   * person, zero to two rows of each event table, a death for one person in ten). Files are
   * streamed, so a million persons need no more memory than a hundred.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.GENERATE_PERSONS, defaultValue = "100")
  private long persons;

  /**
   * The seed every random choice derives from: the same seed, contract, persons and other
   * parameters give byte-identical files.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.GENERATE_SEED, defaultValue = "1")
  private long seed;

  /**
   * Defects to plant, each a rule id with an optional count ({@code key.duplicate:3}); each makes
   * exactly its rule fire that often, and no other error rule. The rules it can plant: {@code
   * file.unknown}, {@code csv.row-width}, {@code value.required}, {@code type.integer}, {@code
   * type.float}, {@code type.date}, {@code type.datetime}, {@code type.time}, {@code value.length},
   * {@code value.concept}, {@code value.pattern}, {@code value.range}, {@code key.duplicate},
   * {@code key.foreign}, {@code check.expression}, {@code deid.age-limit} and {@code
   * deid.not-blanked} (the last two in de-identified data).
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.GENERATE_DEFECTS)
  private List<String> defects;

  /**
   * The tables to write: table names, or {@code all}. Default: every table that is not optional.
   * Tables that a written table requires are added.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.GENERATE_TABLES)
  private List<String> tables;

  /**
   * The reference date, {@code YYYY-MM-DD}: every date lies before it, ages are taken on it, and
   * the export folder is named for it. Default: 2026-01-01, fixed so that the output does not
   * change with the day it is made.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.GENERATE_AS_OF)
  private String asOf;

  /**
   * Whether the data already satisfies the contract's de-identification policy: dates on January 1,
   * times at midnight, no one older than the age limit less ten years, blanked columns empty,
   * withheld tables absent, person ids issued by the crosswalk written beside the export. Default:
   * true when the contract's policy is required, false otherwise.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.GENERATE_DEIDENTIFIED)
  private Boolean deidentified;

  /**
   * Replaces a non-empty {@code output} folder.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.GENERATE_OVERWRITE, defaultValue = "false")
  private boolean overwrite;

  /**
   * Skips this goal only.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.GENERATE_SKIP, defaultValue = "false")
  private boolean generateSkip;

  /** The plugin's version, for {@code generate.json}. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  private String pluginVersion;

  @Override
  protected String goal() {
    return "generate";
  }

  @Override
  protected boolean goalSkip() {
    return generateSkip;
  }

  @Override
  protected String goalSkipProperty() {
    return PropertyNames.GENERATE_SKIP;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    if (persons < 1) {
      throw new MojoFailureException(
          "<persons> (" + PropertyNames.GENERATE_PERSONS + ") must be at least 1, not " + persons);
    }
    LocalDate reference =
        dateParameter(asOf, PropertyNames.GENERATE_AS_OF).orElse(GenerateRequest.DEFAULT_AS_OF);
    List<Defect> planted;
    try {
      planted = Defects.parse(defects == null ? List.of() : defects);
    } catch (GenerateException e) {
      throw new MojoFailureException(
          "<defects> (" + PropertyNames.GENERATE_DEFECTS + "): " + e.getMessage());
    }
    // Without a project Maven leaves ${project.basedir} in the default unresolved: then the
    // default is taken relative to the current folder, as it would be in a project there.
    Path folder =
        resolve(
            output == null || output.getPath().contains("${") ? null : output,
            "target/ehr/generated");
    Contract loaded = loadContract();
    boolean deid =
        deidentified != null ? deidentified : GenerateRequest.requiresDeidentified(loaded);
    GenerateRequest request =
        new GenerateRequest(
            loaded,
            folder,
            persons,
            seed,
            reference,
            deid,
            tables == null ? List.of() : tables,
            planted,
            overwrite,
            pluginVersion == null ? "dev" : pluginVersion);
    Log log = getLog();
    log.info(
        String.format(
            Locale.ROOT,
            "Generating %,d synthetic persons against %s %s (seed %d, reference date %s, %s)",
            persons,
            loaded.name(),
            loaded.version(),
            seed,
            reference,
            deid ? "de-identified as its policy says" : "raw data"));
    GenerateResult result;
    try {
      result = new Generator(diagnostics()).generate(request);
    } catch (GenerateException e) {
      throw new MojoFailureException(
          "Cannot generate an export of "
              + loaded.name()
              + " "
              + loaded.version()
              + ": "
              + e.getMessage()
              + (e.getMessage().contains("is not empty")
                  ? " (-D" + PropertyNames.GENERATE_OVERWRITE + "=true)."
                  : "."));
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write the generated export to " + folder, e);
    }
    print(log, result);
  }

  private static void print(Log log, GenerateResult result) {
    int width = result.files().stream().mapToInt(f -> f.file().length()).max().orElse(10);
    for (GenerateResult.TableFile file : result.files()) {
      log.info(
          String.format(Locale.ROOT, "  %-" + width + "s %,10d rows", file.file(), file.rows()));
    }
    for (String note : result.notes()) {
      log.debug("  " + note);
    }
    if (!result.notes().isEmpty()) {
      log.info(
          "  "
              + result.notes().size()
              + (result.notes().size() == 1 ? " choice" : " choices")
              + " where the contract leaves one (concepts without a set, keys to tables not"
              + " generated) are listed in generate.json");
    }
    for (Planted planted : result.planted()) {
      log.info(
          "  planted "
              + planted.rule()
              + " at "
              + planted.file()
              + (planted.line() > 0 ? ":" + planted.line() : "")
              + (planted.column() > 0 ? ":" + planted.column() : "")
              + (planted.columnName().isEmpty() ? "" : " (" + planted.columnName() + ")"));
    }
    double seconds = result.duration().toMillis() / 1000.0;
    log.info(
        String.format(
            Locale.ROOT,
            "Generated %s: %d files, %,d rows in %.1f s (%,.0f rows/s)%s",
            result.export(),
            result.files().size(),
            result.rows(),
            seconds,
            seconds > 0 ? result.rows() / seconds : 0.0,
            result.planted().isEmpty() ? "" : ", " + result.planted().size() + " planted defects"));
    log.info("Manifest: " + result.manifest());
    result
        .crosswalk()
        .ifPresent(
            crosswalk ->
                log.info(
                    "Crosswalk of the de-identified person ids: "
                        + crosswalk
                        + " (verify with -D"
                        + PropertyNames.VERIFY_DEIDENTIFIED
                        + "=true -D"
                        + PropertyNames.DEID_CROSSWALK
                        + "="
                        + crosswalk
                        + ")"));
  }
}
