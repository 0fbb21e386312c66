package org.ehrcontracts.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.deid.DeidDocument;
import org.ehrcontracts.engine.deid.DeidException;
import org.ehrcontracts.engine.deid.DeidLayout;
import org.ehrcontracts.engine.deid.DeidReport;
import org.ehrcontracts.engine.deid.DeidRequest;
import org.ehrcontracts.engine.deid.DeidResult;
import org.ehrcontracts.engine.deid.Deidentifier;
import org.ehrcontracts.engine.deid.InputRejectedException;
import org.ehrcontracts.engine.deid.OutputRejectedException;
import org.ehrcontracts.engine.deid.RandomIds;
import org.ehrcontracts.engine.export.Crosswalk;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.report.ConsoleReport;
import org.ehrcontracts.engine.report.ReportFiles;
import org.ehrcontracts.engine.report.VerifyDocument;
import org.ehrcontracts.engine.verify.Memory;
import org.ehrcontracts.engine.verify.NotEnoughMemoryException;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * De-identifies export directories as the contract's {@code deidentification:} policy says.
 *
 * <p>Verifies each export first (errors stop the goal unless {@code force} is set), then, in two
 * streaming passes, removes persons older than the age limit on the reference date with every row
 * that refers to them, replaces person ids by random numbers kept in a private crosswalk, sets
 * every date to January 1 of its year, and empties blanked columns. The result goes to {@code
 * <outputDirectory>/<export name>/}, is verified again with the {@code deid.*} rules, and only then
 * replaces the previous output. Writes {@code deid.json} and {@code deid.html}, and the output's
 * {@code verify.*} reports, to {@code <reportDirectory>/deid-reports/<export name>/}.
 *
 * @since 0.1.0
 */
@Mojo(
    name = "deidentify",
    defaultPhase = LifecyclePhase.PACKAGE,
    requiresProject = false,
    threadSafe = true)
public class DeidentifyMojo extends AbstractContractMojo {

  private static final int MAX_PROBLEMS = 20;

  /**
   * The folder of {@code reportDirectory} that holds the reports of de-identified exports. Not
   * {@code deid}: with the defaults, {@code <reportDirectory>/deid/<export>} would be the output
   * itself ({@code target/ehr/deid/<export>}), and reports would be uploaded with the data.
   */
  static final String REPORTS = "deid-reports";

  /**
   * The export directories to de-identify, each holding one file per table. They are only read.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.EXPORTS, required = true)
  private List<File> exports;

  /**
   * The folder the de-identified exports go to: each export into {@code <outputDirectory>/<export
   * name>/}, replaced as a whole on every run. It must not lie inside an export.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = PropertyNames.DEID_OUTPUT,
      defaultValue = "${project.build.directory}/ehr/deid")
  private File outputDirectory;

  /**
   * The private crosswalk from original to new person ids: a folder, holding {@code <export
   * name>.crosswalk.csv} per export, or, with one export, a file ending in {@code .csv}. It is
   * reused on the next run when the policy keeps a persistent crosswalk, so the same person keeps
   * the same number; keep it safe and out of version control, and note that {@code mvn clean}
   * deletes the default. It must not lie inside the output or an export.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = PropertyNames.DEID_CROSSWALK,
      defaultValue = "${project.build.directory}/ehr/private")
  private File crosswalk;

  /**
   * The reference date for ages, {@code YYYY-MM-DD}. Default: the date the contract's policy fixes,
   * else today.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.DEID_AS_OF)
  private String asOf;

  /**
   * De-identifies even when the input has errors against the contract. Rows that cannot be linked
   * to a person (a person id missing from the person table) are dropped, and dates in no accepted
   * form are emptied; the report counts both.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.DEID_FORCE, defaultValue = "false")
  private boolean force;

  /**
   * Where the reports go: the input's verification into {@code <reportDirectory>/<export name>/},
   * the de-identification's and the output's verification into {@code
   * <reportDirectory>/deid-reports/<export name>/}. Neither may lie inside the output.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = PropertyNames.REPORT_DIRECTORY,
      defaultValue = "${project.build.directory}/ehr")
  private File reportDirectory;

  /**
   * Skips this goal only.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.DEIDENTIFY_SKIP, defaultValue = "false")
  private boolean deidentifySkip;

  /** The plugin's version, for the manifest and the reports. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  private String pluginVersion;

  /**
   * The memory budget of the key sets (primary keys, and the keys foreign keys refer to), the
   * persons' births and deaths and the de-identification's person map (original to new ids), with
   * the ids of unknown persons and the keys of dropped rows: a size such as {@code 512m} or {@code
   * 2g}, or a share of the heap such as {@code 50%}. Default: 40% of the heap ({@code -Xmx}). Above
   * it, a table's keys spill to sorted runs on disk (in {@code spillDirectory}) and are merged when
   * the file is done: slower, but the same problems, line for line. What cannot spill (the persons'
   * facts, the person map and the rewrite's sets) stops the run, naming the budget.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.MEMORY)
  private String memory;

  /**
   * Where key sets over the {@code memory} budget spill to: a run makes its own folder inside and
   * deletes it when it ends, whether it passes, fails or is interrupted. Default: {@code
   * ${project.build.directory}/ehr/spill}, or the system's temporary folder without a project.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.SPILL_DIRECTORY)
  private File spillDirectory;

  /** The project's POM, null when the goal runs without a project. */
  @Parameter(defaultValue = "${project.file}", readonly = true)
  private File projectFile;

  /** The project's build directory, for the spill folder's default. */
  @Parameter(defaultValue = "${project.build.directory}", readonly = true)
  private File buildDirectory;

  @Override
  protected String goal() {
    return "deidentify";
  }

  @Override
  protected boolean goalSkip() {
    return deidentifySkip;
  }

  @Override
  protected String goalSkipProperty() {
    return PropertyNames.DEIDENTIFY_SKIP;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    Optional<LocalDate> given = dateParameter(asOf, PropertyNames.DEID_AS_OF);
    List<File> directories = exportDirectories(exports);
    Path parent = resolve(outputDirectory, "target/ehr/deid");
    Path reports = resolve(reportDirectory, "target/ehr");
    Path privateFiles = resolve(crosswalk, "target/ehr/private");
    try {
      DeidLayout.check(
          new DeidLayout.Run(
              directories.stream().map(File::toPath).toList(),
              parent,
              privateFiles,
              reports,
              List.of(REPORTS)),
          MavenRemedies.INSTANCE);
    } catch (DeidException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }

    JsonDocuments.prepareInBackground(DeidDocument.class, VerifyDocument.class);
    Contract loaded = loadContract();
    DeidentificationPolicy policy =
        loaded
            .deidentification()
            .orElseThrow(
                () ->
                    new MojoFailureException(
                        "Contract "
                            + loaded.name()
                            + " "
                            + loaded.version()
                            + " has no deidentification: policy, so ehr:deidentify has nothing"
                            + " to carry out. Use a contract with one (such as aou-ehr-alpha) or"
                            + " add the policy to it."));
    LocalDate reference = referenceDate(given, policy);
    Log log = getLog();
    Deidentifier deidentifier = new Deidentifier(diagnostics(), MavenRemedies.INSTANCE);
    Memory budget = MemoryParameters.of(memory, spillDirectory, projectFile, buildDirectory);
    for (File directory : directories) {
      String name = directory.getName();
      Path output = parent.resolve(name);
      Path crosswalkPath = Crosswalk.locate(privateFiles, name);
      DeidRequest request =
          new DeidRequest(
              loaded,
              directory.toPath(),
              output,
              crosswalkPath,
              reference,
              force,
              true,
              Runtime.getRuntime().availableProcessors(),
              RandomIds.secure(),
              pluginVersion == null ? "dev" : pluginVersion,
              budget);
      log.info(
          String.format(
              Locale.ROOT,
              "De-identifying %s into %s against %s %s (reference date %s, age limit %s)",
              directory,
              output,
              loaded.name(),
              loaded.version(),
              reference,
              policy.maxAge().map(String::valueOf).orElse("none")));
      // The reports are written before the output is published: a report that cannot be
      // written (a full disk, a read-only folder) leaves no output that deploy would take.
      Deidentifier.Stages stages =
          new Deidentifier.Stages() {
            @Override
            public void inputVerified(VerifyResult input) {
              print(log, input, reports, false);
            }

            @Override
            public void beforePublish(DeidResult result) throws ReportException {
              for (String line : DeidReport.console(result)) {
                log.info(line);
              }
              if (result.verification().isPresent()) {
                printOutput(log, result.verification().get(), reports.resolve(REPORTS));
              }
              try {
                DeidReport.write(result, reports.resolve(REPORTS));
              } catch (IOException e) {
                throw new ReportException(e);
              }
            }
          };
      DeidResult result = deidentify(deidentifier, request, reports, stages);
      log.info(
          "De-identified export: "
              + result.output()
              + "; reports: "
              + reports.resolve(REPORTS).resolve(name)
              + " (deid.html, deid.json, verify.html, verify.json, junit.xml)");
    }
  }

  private DeidResult deidentify(
      Deidentifier deidentifier, DeidRequest request, Path reports, Deidentifier.Stages stages)
      throws MojoExecutionException, MojoFailureException {
    try {
      return deidentifier.deidentify(request, stages);
    } catch (InputRejectedException e) {
      // Printed and kept already, as soon as it was known (Stages.inputVerified).
      throw new MojoFailureException(
          "The export "
              + request.export()
              + " has "
              + count(e.verification().count(Severity.ERROR), "error")
              + " against contract "
              + request.contract().name()
              + " "
              + request.contract().version()
              + " (listed above), so nothing was de-identified. Fix them, or set -D"
              + PropertyNames.DEID_FORCE
              + "=true to de-identify anyway: rows that cannot be linked to a person are then"
              + " dropped and dates in no accepted form emptied.");
    } catch (OutputRejectedException e) {
      print(getLog(), e.verification(), reports.resolve(REPORTS), true);
      String what =
          "The de-identified export of "
              + request.export()
              + " fails contract "
              + request.contract().name()
              + " "
              + request.contract().version()
              + " on "
              + String.join(", ", e.rules())
              + " (listed above); it was not written and the previous output is unchanged.";
      if (e.defect()) {
        throw new MojoExecutionException(
            what + " This is a bug in ehr:deidentify; please report it with the report files.", e);
      }
      throw new MojoFailureException(
          what
              + " The policy changed values that these rules of the same contract check; relax"
              + " their severity or change the policy.");
    } catch (DeidException e) {
      throw new MojoFailureException(
          "Cannot de-identify " + request.export() + ": " + e.getMessage() + ".");
    } catch (NotEnoughMemoryException e) {
      throw new MojoExecutionException(MavenDiagnostics.notEnoughMemory(e), e);
    } catch (ReportException e) {
      throw new MojoExecutionException(
          "Cannot write the reports to "
              + reports
              + " ("
              + e.getCause().getMessage()
              + "), so the de-identified output was not published and the previous output and"
              + " crosswalk are unchanged",
          e.getCause());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot de-identify " + request.export(), e);
    }
  }

  /** A report that could not be written, told apart from the transform's own I/O errors. */
  private static final class ReportException extends IOException {
    private static final long serialVersionUID = 1L;

    ReportException(IOException cause) {
      super(cause);
    }
  }

  /** Logs the output's verification and writes its reports, which must be written. */
  private void printOutput(Log log, VerifyResult result, Path reports) throws ReportException {
    log(log, result, true);
    try {
      ReportFiles.write(result, reports);
    } catch (IOException e) {
      throw new ReportException(e);
    }
  }

  /** Logs a verification and writes its reports; for the output, only problems and the total. */
  private void print(Log log, VerifyResult result, Path reports, boolean output) {
    if (result == null) {
      return;
    }
    log(log, result, output);
    try {
      ReportFiles.write(result, reports);
    } catch (IOException e) {
      log.warn("Cannot write the verification reports to " + reports + ": " + e.getMessage());
    }
  }

  private static void log(Log log, VerifyResult result, boolean output) {
    if (output) {
      log.info("Verification of the de-identified export (deid.* rules on):");
    }
    List<ConsoleReport.Line> lines = ConsoleReport.render(result, MAX_PROBLEMS);
    for (ConsoleReport.Line line : lines) {
      // Of the output's verification, only its problems and its total line: its per-file lines and
      // scorecard repeat what the de-identification's own lines say.
      if (output && line.level() == null && !line.text().startsWith("Export ")) {
        continue;
      }
      MavenDiagnostics.log(log, line.level(), line.text());
    }
  }

  private static LocalDate referenceDate(Optional<LocalDate> given, DeidentificationPolicy policy)
      throws MojoFailureException {
    if (given.isPresent()
        && policy.asOf().isPresent()
        && !given.get().equals(policy.asOf().get())) {
      throw new MojoFailureException(
          "<asOf> ("
              + PropertyNames.DEID_AS_OF
              + ") is "
              + given.get()
              + ", but the contract's policy fixes the reference date to "
              + policy.asOf().get()
              + "; leave <asOf> out, or change the contract.");
    }
    return given.or(policy::asOf).orElseGet(LocalDate::now);
  }

  private static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
