package org.ehrcontracts.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractException;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.ContractSource;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.diff.ContractDiff;
import org.ehrcontracts.engine.diff.ContractDiffer;
import org.ehrcontracts.engine.diff.DiffDocument;
import org.ehrcontracts.engine.diff.DiffReport;
import org.ehrcontracts.engine.diff.ExportEffect;
import org.ehrcontracts.engine.diff.GitContractSource;
import org.ehrcontracts.engine.diff.GitRevisionException;
import org.ehrcontracts.engine.diff.Impact;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.report.ConsoleReport;
import org.ehrcontracts.engine.verify.NotEnoughMemoryException;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;

/**
 * Shows what a contract change does: compares two versions of a contract (shipped names, paths, or
 * {@code git:REV:PATH}, each with its {@code extends:} resolved) and lists every change as breaking
 * (an export that passed may now fail), loosening de-identification, or compatible. With {@code
 * exports}, it also verifies each export under both and reports the problems that appear and
 * disappear. Writes {@code diff.md} (appended to the GitHub job summary when {@code
 * GITHUB_STEP_SUMMARY} is set; under GitHub Actions the breaking and loosening changes are also
 * annotations on the contract's lines) and {@code diff.json} to {@code <reportDirectory>/diff/},
 * and fails on a breaking change or a loosening of de-identification unless allowed.
 *
 * @since 0.2.0
 */
@Mojo(name = "diff", requiresProject = false, threadSafe = true)
public class DiffMojo extends AbstractEhrMojo {

  /**
   * The older contract: a shipped name, a YAML path relative to the project, or {@code
   * git:REVISION:PATH} for the file as that revision of the project's git repository holds it
   * ({@code git:origin/main:contracts/site.yaml}; its relative {@code extends:} are read from the
   * same revision). Default: {@code git:HEAD:<to>} when {@code to} is a path, the last commit's
   * version of it.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.DIFF_FROM)
  private String from;

  /**
   * The newer contract, in the same forms as {@code from}. Default: {@code contract}.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.DIFF_TO)
  private String to;

  /**
   * The project's contract (the {@code contract} of {@code ehr:verify}): the newer side when {@code
   * to} is not given.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.CONTRACT)
  private String contract;

  /**
   * Passes although a change is breaking: the changes are still listed and written.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.DIFF_ALLOW_BREAKING, defaultValue = "false")
  private boolean allowBreaking;

  /**
   * Passes although a change loosens de-identification (a column kept that was blanked, a table
   * written that was withheld, an older age limit): a separate consent from {@code allowBreaking},
   * since no export fails for it.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.DIFF_ALLOW_DEID_LOOSENING, defaultValue = "false")
  private boolean allowDeidLoosening;

  /**
   * Exports to verify under both contracts (the {@code exports} of {@code ehr:verify}): per export,
   * file and rule, the problems that appear and disappear are reported, as counts. Concept ids are
   * not checked against a vocabulary here.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.EXPORTS)
  private List<File> exports = new ArrayList<>();

  /**
   * The reference date of the verifications, {@code YYYY-MM-DD} (as {@code ehr:verify}'s {@code
   * asOf}). Default: today.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.VERIFY_AS_OF)
  private String asOf;

  /**
   * Where the reports go: {@code diff.md} and {@code diff.json} in its folder {@code diff/}.
   *
   * @since 0.2.0
   */
  @Parameter(
      property = PropertyNames.REPORT_DIRECTORY,
      defaultValue = "${project.build.directory}/ehr")
  private File reportDirectory;

  /**
   * Skips this goal only.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.DIFF_SKIP, defaultValue = "false")
  private boolean diffSkip;

  /** The plugin's version, for the reports. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  private String pluginVersion;

  /** Where GitHub Actions' summary goes; a test gives its own. */
  GithubActionsOutput github = new GithubActionsOutput(System.getenv());

  @Override
  protected String goal() {
    return "diff";
  }

  @Override
  protected boolean goalSkip() {
    return diffSkip;
  }

  @Override
  protected String goalSkipProperty() {
    return PropertyNames.DIFF_SKIP;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    String newer = blank(to) ? contract : to;
    if (blank(newer)) {
      throw new MojoFailureException(
          "No contract to compare: set <to> (-D"
              + PropertyNames.DIFF_TO
              + "=...) or <contract> (-D"
              + PropertyNames.CONTRACT
              + "=...), and <from> (-D"
              + PropertyNames.DIFF_FROM
              + "=...).");
    }
    newer = newer.trim();
    String older = blank(from) ? defaultFrom(newer) : from.trim();
    LocalDate reference = dateParameter(asOf).orElseGet(LocalDate::now);
    List<File> directories = exportDirectories();
    JsonDocuments.prepareInBackground(DiffDocument.class);
    Contract before = load(older);
    Contract after = load(newer);
    ContractDiff diff = ContractDiffer.diff(before, older, after, newer);
    List<ExportEffect> effects = new ArrayList<>();
    Verifier verifier = new Verifier(quiet());
    for (File directory : directories) {
      getLog().info("Verifying " + directory + " under both contracts");
      try {
        effects.add(
            ExportEffect.measure(
                verifier,
                request(before, directory.toPath(), reference),
                request(after, directory.toPath(), reference)));
      } catch (IOException e) {
        throw new MojoExecutionException("Cannot read the export " + directory, e);
      } catch (NotEnoughMemoryException e) {
        throw new MojoExecutionException(MavenDiagnostics.notEnoughMemory(e), e);
      }
    }
    Log log = getLog();
    for (ConsoleReport.Line line : DiffReport.console(diff, effects)) {
      MavenDiagnostics.log(log, line.level(), line.text());
    }
    Path folder =
        (reportDirectory != null ? absolute(reportDirectory) : new File(basedir, "target/ehr"))
            .toPath()
            .resolve("diff");
    List<Path> written;
    try {
      written = DiffReport.write(folder, diff, effects, version());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write the reports to " + folder, e);
    }
    log.info(
        "Reports: "
            + folder
            + " ("
            + String.join(", ", written.stream().map(p -> p.getFileName().toString()).toList())
            + ")");
    if (github.active()) {
      github.annotate(DiffReport.annotations(diff, this::repositoryPath));
    }
    try {
      github.summarize(DiffReport.markdown(diff, effects));
    } catch (IOException e) {
      log.warn("Cannot write the GitHub job summary: " + e.getMessage());
    }
    fail(diff, folder.resolve(DiffReport.MARKDOWN));
  }

  private void fail(ContractDiff diff, Path report) throws MojoFailureException {
    long breaking = diff.count(Impact.BREAKING);
    long loosening = diff.count(Impact.LOOSENS_DEIDENTIFICATION);
    List<String> why = new ArrayList<>();
    List<String> remedies = new ArrayList<>();
    if (breaking > 0 && !allowBreaking) {
      why.add(
          breaking
              + (breaking == 1 ? " breaking change" : " breaking changes")
              + ": an export that passed under "
              + diff.from().name()
              + " "
              + diff.from().version()
              + " may fail under "
              + diff.to().name()
              + " "
              + diff.to().version());
      remedies.add("-D" + PropertyNames.DIFF_ALLOW_BREAKING + "=true");
    }
    if (loosening > 0 && !allowDeidLoosening) {
      why.add(
          loosening
              + (loosening == 1 ? " change that loosens" : " changes that loosen")
              + " de-identification");
      remedies.add("-D" + PropertyNames.DIFF_ALLOW_DEID_LOOSENING + "=true");
    }
    if (!why.isEmpty()) {
      throw new MojoFailureException(
          "The contract change has "
              + String.join(", and ", why)
              + " (listed above and in "
              + report
              + "). Make the change compatible, or, once it is agreed, accept it with "
              + String.join(" and ", remedies)
              + ".");
    }
  }

  /**
   * A contract file as the diff names it (relative to the project), as a path in the repository
   * ({@code GITHUB_WORKSPACE}, else the project); empty for a file that is not there, such as a
   * shipped contract or a file at a git revision.
   */
  private java.util.Optional<String> repositoryPath(String shown) {
    Path file;
    try {
      file = basedir.toPath().resolve(shown).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return java.util.Optional.empty();
    }
    Path root =
        CiWorkspace.of(github.environment()).orElse(basedir.toPath()).toAbsolutePath().normalize();
    if (!java.nio.file.Files.isRegularFile(file) || !file.startsWith(root)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(root.relativize(file).toString().replace('\\', '/'));
  }

  /** The last commit's version of a contract path; a name or a revision has none. */
  private static String defaultFrom(String newer) throws MojoFailureException {
    if (ContractSource.isName(newer)
        || GitContractSource.isRevision(newer)
        || newer.startsWith(ContractSource.CLASSPATH)) {
      throw new MojoFailureException(
          "No older contract: set <from> (-D"
              + PropertyNames.DIFF_FROM
              + "=...): a shipped name, a path or git:REVISION:PATH.");
    }
    return GitContractSource.PREFIX + "HEAD:" + newer;
  }

  /** Loads a contract by name, path or git revision, failing with every problem it has. */
  private Contract load(String reference) throws MojoExecutionException, MojoFailureException {
    ContractSource plain =
        new StandardContractSource(basedir.toPath(), DiffMojo.class.getClassLoader());
    if (!GitContractSource.isRevision(reference)) {
      return loadContract(reference);
    }
    try (GitContractSource source = GitContractSource.open(basedir.toPath(), reference, plain)) {
      getLog().debug("Reading " + reference + " from commit " + source.commit());
      return new ContractLoader(source).load(reference);
    } catch (GitRevisionException e) {
      throw new MojoFailureException(
          "Cannot read the contract " + reference + ": " + e.getMessage());
    } catch (ContractException e) {
      DiagnosticsListener listener = diagnostics();
      for (Problem problem : e.problems()) {
        listener.problem(problem);
      }
      throw new MojoFailureException(
          "The contract '"
              + reference
              + "' has "
              + e.problems().size()
              + (e.problems().size() == 1 ? " problem" : " problems")
              + " (listed above).");
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read the contract '" + reference + "'", e);
    }
  }

  private VerifyRequest request(Contract loaded, Path export, LocalDate reference) {
    return VerifyRequest.builder(loaded, export).asOf(reference).toolVersion(version()).build();
  }

  private String version() {
    return pluginVersion == null ? "dev" : pluginVersion;
  }

  /** Progress of large files and debug lines; the two runs' problems are counted, not printed. */
  private DiagnosticsListener quiet() {
    DiagnosticsListener shown = diagnostics();
    return new DiagnosticsListener() {
      @Override
      public void problem(Problem problem) {}

      @Override
      public void progress(String message) {
        shown.progress(message);
      }

      @Override
      public void debug(Supplier<String> message) {
        shown.debug(message);
      }
    };
  }

  private List<File> exportDirectories() throws MojoFailureException {
    List<File> directories = new ArrayList<>();
    if (exports == null) {
      return directories;
    }
    for (File export : exports) {
      File directory = absolute(export);
      if (!directory.isDirectory()) {
        throw new MojoFailureException(
            "The export directory "
                + directory
                + " does not exist or is not a directory (parameter <exports>, property "
                + PropertyNames.EXPORTS
                + ").");
      }
      directories.add(directory);
    }
    return directories;
  }

  private static java.util.Optional<LocalDate> dateParameter(String value)
      throws MojoFailureException {
    if (blank(value)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(LocalDate.parse(value.trim()));
    } catch (java.time.DateTimeException e) {
      throw new MojoFailureException(
          String.format(
              Locale.ROOT,
              "<asOf> (%s) must be a date written YYYY-MM-DD, not '%s'",
              PropertyNames.VERIFY_AS_OF,
              value));
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
