package org.ehrcontracts.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.deploy.DeployReceipts;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.export.Crosswalk;
import org.ehrcontracts.engine.json.JsonDocumentException;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.report.BaselineComparison;
import org.ehrcontracts.engine.report.ConsoleReport;
import org.ehrcontracts.engine.report.HtmlReportWriter;
import org.ehrcontracts.engine.report.JsonReportWriter;
import org.ehrcontracts.engine.report.ReportContext;
import org.ehrcontracts.engine.report.ReportFiles;
import org.ehrcontracts.engine.report.ReportFormat;
import org.ehrcontracts.engine.report.ReportFormats;
import org.ehrcontracts.engine.report.RepositoryPaths;
import org.ehrcontracts.engine.report.VerifyDocument;
import org.ehrcontracts.engine.report.WorkflowOutput;
import org.ehrcontracts.engine.util.Suggestions;
import org.ehrcontracts.engine.verify.Memory;
import org.ehrcontracts.engine.verify.NotEnoughMemoryException;
import org.ehrcontracts.engine.verify.PreviousUpload;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.ehrcontracts.engine.vocab.AncestorScope;
import org.ehrcontracts.engine.vocab.Vocabulary;
import org.ehrcontracts.engine.vocab.VocabularyCache;
import org.ehrcontracts.engine.vocab.VocabularyException;
import org.ehrcontracts.engine.vocab.VocabularyLoader;
import org.ehrcontracts.engine.vocab.VocabularyRequest;

/**
 * Verifies export directories against a contract, in one streaming pass per file.
 *
 * <p>Loads the contract (every contract problem is reported before any data is read), checks every
 * file of each export, prints one compiler-style line per problem (capped per rule) and a summary,
 * and writes {@code verify.json}, {@code verify.html}, {@code junit.xml} and {@code verify.sarif}
 * (as {@code formats} chooses) to {@code <reportDirectory>/<export name>/}, with {@code
 * metrics.csv} when the contract lists the DRC scorecard's metrics. Under GitHub Actions it also
 * annotates the problems and writes the job summary.
 *
 * @since 0.1.0
 */
@Mojo(
    name = "verify",
    defaultPhase = LifecyclePhase.VERIFY,
    requiresProject = false,
    threadSafe = true)
public class VerifyMojo extends AbstractContractMojo {

  /**
   * The export directories to verify, each holding one file per table.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.EXPORTS, required = true)
  private List<File> exports;

  /**
   * Where the reports go; each export gets a folder named after its directory.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = PropertyNames.REPORT_DIRECTORY,
      defaultValue = "${project.build.directory}/ehr")
  private File reportDirectory;

  /**
   * What fails the build: {@code error} (any error), {@code warning} (any error or warning), {@code
   * new-error} (an error the {@code baseline} did not have, so that a pull request fails only for
   * what it introduced; without a baseline every error is new) or {@code never}.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.FAIL_ON, defaultValue = "error")
  private String failOn;

  /**
   * The report to compare with: a {@code verify.json}, or a folder holding {@code <export
   * name>/verify.json}. Per file and rule, the problems that are new, fixed and unchanged go to
   * {@code verify.json} ({@code comparison}) and the console's total line. Default: the previous
   * {@code verify.json} of the same export in {@code reportDirectory}, if there is one.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.VERIFY_BASELINE)
  private File baseline;

  /**
   * The receipt of the last upload ({@code deploy.json} of {@code ehr:deploy}), or a folder holding
   * receipts ({@code deploy.json} or {@code <export name>/deploy.json}), of which the newest
   * complete one of this contract is taken. Each table's rows are compared with the rows uploaded
   * then, and a change beyond the contract's {@code rowChange:} limits is a {@code
   * table.row-change} problem. Default: the newest such receipt in {@code reportDirectory}, if
   * there is one. On CI, where {@code target/} is new, keep the receipt in the repository or the CI
   * cache and name it here.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.VERIFY_PREVIOUS_UPLOAD)
  private File previousUpload;

  /**
   * The reports to write, comma separated: {@code html} ({@code verify.html}), {@code json} ({@code
   * verify.json}), {@code junit} ({@code junit.xml}), {@code sarif} ({@code verify.sarif}, for code
   * scanning), {@code codequality} ({@code codequality.json}, GitLab's Code Quality report) and
   * {@code github} (annotations and the job summary, under GitHub Actions only). Empty: all of
   * them. {@code verify.json} is written whatever is chosen, since {@code ehr:deploy} reads it
   * back.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.VERIFY_FORMATS)
  private List<String> formats = new ArrayList<>();

  /**
   * Skips this goal only.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.VERIFY_SKIP, defaultValue = "false")
  private boolean verifySkip;

  /**
   * The site's vocabulary: a folder of Athena's files ({@code CONCEPT.csv}, and optionally {@code
   * CONCEPT_RELATIONSHIP.csv}, {@code CONCEPT_ANCESTOR.csv}, {@code VOCABULARY.csv}), against which
   * the {@code concept.*} rules check concept ids. Default: the contract's {@code
   * vocabulary.folder}; without either the rules are skipped.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.VOCABULARY)
  private File vocabulary;

  /**
   * Where the vocabulary's index is kept between builds, so that a second build loads it in well
   * under a second. Default: {@code $XDG_CACHE_HOME/ehr-contracts/vocabulary}, else {@code
   * ~/.cache/ehr-contracts/vocabulary}.
   *
   * @since 0.2.0
   */
  @Parameter(property = PropertyNames.VOCABULARY_CACHE)
  private File vocabularyCache;

  /**
   * Only these rules run: rule ids ({@code type.date}), families ({@code type}) or check ids.
   * Empty: all of them.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.VERIFY_RULES)
  private List<String> rules = new ArrayList<>();

  /**
   * These rules do not run: rule ids, families or check ids.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.VERIFY_SKIP_RULES)
  private List<String> skipRules = new ArrayList<>();

  /**
   * How many problems of each rule and file are printed; the rest are counted ("... and N more")
   * and the reports keep samples of them.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.VERIFY_MAX_PROBLEMS, defaultValue = "20")
  private int maxProblems;

  /**
   * The reference date, {@code YYYY-MM-DD}: dates after it are in the future, ages are taken on it.
   * Default: today.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.VERIFY_AS_OF)
  private String asOf;

  /**
   * Whether the exports are de-identified already (the output of {@code ehr:deidentify}): turns on
   * the {@code deid.*} compliance rules of the contract's policy.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.VERIFY_DEIDENTIFIED, defaultValue = "false")
  private boolean deidentified;

  /**
   * The private crosswalk that issued the person ids of de-identified exports: a folder holding
   * {@code <export name>.crosswalk.csv} per export, or, with one export, a file ending in {@code
   * .csv} (the {@code crosswalk} of {@code ehr:deidentify}). With {@code deidentified}, every
   * person reference must be one of its new ids; an export whose crosswalk is missing is reported,
   * since its ids cannot be proven. Read only; nothing of it is printed.
   *
   * @since 0.2.0
   */
  @Parameter(
      property = PropertyNames.DEID_CROSSWALK,
      defaultValue = "${project.build.directory}/ehr/private")
  private File crosswalk;

  /**
   * How many threads check files and parts of large files. Default: one per core.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.VERIFY_THREADS, defaultValue = "0")
  private int threads;

  /**
   * The top-level project's directory: the repository root that annotations, SARIF and the Code
   * Quality report name files from, unless the CI server names its checkout ({@code
   * GITHUB_WORKSPACE}, {@code CI_PROJECT_DIR}, {@code WORKSPACE}).
   */
  @Parameter(defaultValue = "${session.topLevelProject.basedir}", readonly = true)
  private File topLevelDirectory;

  /** Where GitHub Actions' commands and summary go; a test gives its own. */
  GithubActionsOutput github = new GithubActionsOutput(System.getenv());

  /**
   * The memory budget of the key sets (primary keys, and the keys foreign keys refer to), the
   * persons' births and deaths, the visits' days, the columns other tables' checks read and the
   * crosswalk's ids: a size such as {@code 512m} or {@code 2g}, or a share of the heap such as
   * {@code 50%}. Default: 40% of the heap ({@code -Xmx}). Above it, a table's keys spill to sorted
   * runs on disk (in {@code spillDirectory}) and are merged when the file is done: slower, but the
   * same problems, line for line. What cannot spill (what other rows look up by key) stops the run,
   * naming the budget.
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

  /** The plugin's version, for the reports. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  private String pluginVersion;

  @Override
  protected String goal() {
    return "verify";
  }

  @Override
  protected boolean goalSkip() {
    return verifySkip;
  }

  @Override
  protected String goalSkipProperty() {
    return PropertyNames.VERIFY_SKIP;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    LocalDate reference = dateParameter(asOf, PropertyNames.VERIFY_AS_OF).orElseGet(LocalDate::now);
    if (maxProblems < 0) {
      throw new MojoFailureException(
          "<maxProblems> (" + PropertyNames.VERIFY_MAX_PROBLEMS + ") must be 0 or more");
    }
    List<ReportFormat> chosen = reportFormats();
    FailOn fails = failOn();
    List<File> directories = exportDirectories(exports);
    Path privateFiles = resolve(crosswalk, "target/ehr/private");
    if (deidentified && Crosswalk.namesOneFile(privateFiles) && directories.size() > 1) {
      throw new MojoFailureException(
          "<crosswalk> ("
              + PropertyNames.DEID_CROSSWALK
              + ") names one file, "
              + privateFiles.getFileName()
              + ", but "
              + directories.size()
              + " exports are given; each export has its own crosswalk. Give the folder.");
    }
    JsonDocuments.prepareInBackground(VerifyDocument.class);
    Contract loaded = loadContract();
    refuseUnknownRules(loaded, "<rules> (" + PropertyNames.VERIFY_RULES + ")", rules);
    refuseUnknownRules(loaded, "<skipRules> (" + PropertyNames.VERIFY_SKIP_RULES + ")", skipRules);
    Log log = getLog();
    Optional<Vocabulary> concepts = loadVocabulary(loaded, log);
    Optional<PreviousUpload> upload = previousUpload(loaded, log);
    ReportContext context =
        new ReportContext(
            RepositoryPaths.relativeTo(repositoryRoot()),
            maxProblems,
            github.active() ? Optional.of(workflow(log)) : Optional.empty(),
            failingSeverities(fails));
    Verifier verifier = new Verifier(diagnostics());
    Memory budget = MemoryParameters.of(memory, spillDirectory, projectFile, buildDirectory);
    List<String> failures = new ArrayList<>();
    for (File directory : directories) {
      VerifyRequest.Builder request =
          VerifyRequest.builder(loaded, directory.toPath())
              .asOf(reference)
              .deidentified(deidentified)
              .threads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors())
              .samples(Math.max(maxProblems, 100))
              .onlyRules(words(rules))
              .skipRules(words(skipRules))
              .toolVersion(pluginVersion == null ? "dev" : pluginVersion)
              .memory(budget);
      if (deidentified) {
        request.crosswalk(Optional.of(Crosswalk.locate(privateFiles, directory.getName())));
      }
      concepts.ifPresent(request::vocabulary);
      upload.ifPresent(request::previousUpload);
      log.info(
          "Verifying "
              + directory
              + " against "
              + loaded.name()
              + " "
              + loaded.version()
              + (deidentified ? " (as de-identified data)" : ""));
      VerifyResult result;
      try {
        result = verifier.verify(request.build());
      } catch (IOException e) {
        throw new MojoExecutionException("Cannot read the export " + directory, e);
      } catch (NotEnoughMemoryException e) {
        throw new MojoExecutionException(MavenDiagnostics.notEnoughMemory(e), e);
      }
      Optional<BaselineComparison> comparison = compare(result, log);
      for (ConsoleReport.Line line : ConsoleReport.render(result, maxProblems, comparison)) {
        MavenDiagnostics.log(log, line.level(), line.text());
      }
      Path written = write(result, chosen, context.withComparison(comparison));
      long failing = failing(result, fails, comparison);
      if (failing > 0) {
        failures.add(
            String.format(
                Locale.ROOT,
                "%s: %,d %s%s (see %s)",
                result.export(),
                failing,
                fails == FailOn.warning
                    ? (failing == 1 ? "error or warning" : "errors and warnings")
                    : (fails == FailOn.new_error ? "new " : "")
                        + (failing == 1 ? "error" : "errors"),
                fails == FailOn.new_error ? comparison.map(VerifyMojo::newErrors).orElse("") : "",
                written.resolve(
                    chosen.contains(ReportFormats.HTML)
                        ? HtmlReportWriter.FILE_NAME
                        : JsonReportWriter.FILE_NAME)));
      }
    }
    if (!failures.isEmpty()) {
      throw new MojoFailureException(
          "The export does not meet contract "
              + loaded.name()
              + " "
              + loaded.version()
              + ": "
              + String.join("; ", failures)
              + ". Fix the lines above, or set -D"
              + PropertyNames.FAIL_ON
              + "=never to only report them.");
    }
  }

  /**
   * Where the new errors are, for the failure message of {@code failOn=new-error}: {@code ":
   * value.required in visit_occurrence.csv (1)"}, at most five rules and files.
   */
  static String newErrors(BaselineComparison comparison) {
    List<String> places = new ArrayList<>();
    for (BaselineComparison.Change change : comparison.changes()) {
      if (change.severity() == Severity.ERROR && change.added() > 0) {
        places.add(
            String.format(
                Locale.ROOT,
                "%s in %s (%,d)",
                change.check().map(c -> change.rule() + " of check " + c).orElse(change.rule()),
                change.file(),
                change.added()));
      }
    }
    if (places.isEmpty()) {
      return "";
    }
    String shown = String.join(", ", places.subList(0, Math.min(5, places.size())));
    return ": " + shown + (places.size() > 5 ? " and " + (places.size() - 5) + " more" : "");
  }

  /**
   * The checkout the CI server names ({@code GITHUB_WORKSPACE}, {@code CI_PROJECT_DIR} or {@code
   * WORKSPACE}), else the top-level project's directory, else this one's.
   */
  private Path repositoryRoot() {
    return CiWorkspace.of(github.environment())
        .orElseGet(() -> (topLevelDirectory != null ? topLevelDirectory : basedir).toPath());
  }

  /** The severities {@code failOn} fails the build for. */
  private static Set<Severity> failingSeverities(FailOn fails) {
    Set<Severity> failing = EnumSet.noneOf(Severity.class);
    for (Severity severity : Severity.values()) {
      if (fails.fails(severity)) {
        failing.add(severity);
      }
    }
    return failing;
  }

  private static long failing(
      VerifyResult result, FailOn fails, Optional<BaselineComparison> comparison) {
    return switch (fails) {
      case error -> result.count(Severity.ERROR);
      case warning -> result.count(Severity.ERROR) + result.count(Severity.WARNING);
      case never -> 0;
      case new_error ->
          comparison.map(c -> c.added(Severity.ERROR)).orElse(result.count(Severity.ERROR));
    };
  }

  /** {@code failOn} as its constant, refusing a word that is none. */
  private FailOn failOn() throws MojoFailureException {
    String word = failOn == null ? "error" : failOn.trim();
    Optional<FailOn> parsed = FailOn.parse(word);
    if (parsed.isEmpty()) {
      List<String> words = java.util.Arrays.stream(FailOn.values()).map(FailOn::word).toList();
      throw new MojoFailureException(
          "<failOn> ("
              + PropertyNames.FAIL_ON
              + ") is '"
              + word
              + "'"
              + Suggestions.hint(word, words)
              + "; it takes "
              + String.join(", ", words)
              + ".");
    }
    return parsed.get();
  }

  /**
   * What changed since the export's baseline: {@code baseline}, else the report the previous run
   * left, read before this run overwrites it.
   */
  private Optional<BaselineComparison> compare(VerifyResult result, Log log)
      throws MojoFailureException {
    Path file;
    boolean given = baseline != null;
    if (given) {
      Path path = absolute(baseline).toPath();
      file =
          Files.isDirectory(path)
              ? path.resolve(result.export()).resolve(JsonReportWriter.FILE_NAME)
              : path;
    } else {
      File reports = reportDirectory != null ? reportDirectory : new File(basedir, "target/ehr");
      file = reports.toPath().resolve(result.export()).resolve(JsonReportWriter.FILE_NAME);
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
    }
    try {
      VerifyDocument document = JsonDocuments.read(file, VerifyDocument.class);
      return Optional.of(BaselineComparison.compare(document, file.toString(), result));
    } catch (IOException | JsonDocumentException e) {
      unreadable(
          log,
          given,
          "The baseline " + file + " cannot be read: " + e.getMessage(),
          "Give a verify.json of an earlier run in <baseline> ("
              + PropertyNames.VERIFY_BASELINE
              + ")",
          "nothing is compared");
      return Optional.empty();
    }
  }

  /**
   * The last upload to compare each table's rows with: {@code previousUpload} (a receipt, or the
   * newest complete receipt of the contract in a folder), else the newest such receipt in {@code
   * reportDirectory}; empty when there is none, or when it has no row counts.
   */
  private Optional<PreviousUpload> previousUpload(Contract loaded, Log log)
      throws MojoFailureException, MojoExecutionException {
    boolean given = previousUpload != null;
    // Maven makes a relative path absolute, so gs://b/x arrives as <basedir>/gs:/b/x.
    if (given && previousUpload.getPath().replace('\\', '/').matches("(.*/)?gs:/.*")) {
      throw new MojoFailureException(
          "<previousUpload> ("
              + PropertyNames.VERIFY_PREVIOUS_UPLOAD
              + ") names a bucket, but ehr:deploy keeps its receipt deploy.json on the machine that"
              + " deployed (in "
              + "target/ehr/<export name>/), not in the bucket. Copy it into the repository or the"
              + " CI cache and name that file.");
    }
    Path place =
        given
            ? absolute(previousUpload).toPath()
            : (reportDirectory != null ? reportDirectory : new File(basedir, "target/ehr"))
                .toPath();
    Optional<Path> receipt;
    try {
      receipt =
          given && !Files.isDirectory(place)
              ? Optional.of(place)
              : DeployReceipts.newest(place, loaded.name());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot list the receipts in " + place, e);
    }
    if (receipt.isEmpty()) {
      if (given) {
        throw new MojoFailureException(
            "<previousUpload> ("
                + PropertyNames.VERIFY_PREVIOUS_UPLOAD
                + ") is the folder "
                + place
                + ", which holds no complete receipt (deploy.json) of a deploy with contract "
                + loaded.name()
                + ". Name the deploy.json of the last upload, or leave it out.");
      }
      return Optional.empty();
    }
    Path file = receipt.get();
    if (given && !Files.isRegularFile(file)) {
      throw new MojoFailureException(
          "<previousUpload> ("
              + PropertyNames.VERIFY_PREVIOUS_UPLOAD
              + ") is "
              + file
              + ", which does not exist. Name the deploy.json of the last upload, or leave it out.");
    }
    PreviousUpload read;
    try {
      read = DeployReceipts.previousUpload(file, shown(file));
    } catch (IOException | JsonDocumentException e) {
      unreadable(
          log,
          given,
          "The receipt " + file + " cannot be read: " + e.getMessage(),
          "Name the deploy.json that ehr:deploy wrote, in <previousUpload> ("
              + PropertyNames.VERIFY_PREVIOUS_UPLOAD
              + ")",
          "rows are not compared with the last upload");
      return Optional.empty();
    }
    if (read.rows().isEmpty()) {
      log.warn(
          "The receipt "
              + read.receipt()
              + " has no row counts (written by an older version, or its files were not verified"
              + " as uploaded); rows are not compared with the last upload.");
      return Optional.empty();
    }
    log.info(
        "Comparing rows with the last upload: "
            + read.receipt()
            + " (folder "
            + read.folder()
            + (read.uploaded().isEmpty() ? "" : ", " + read.day())
            + ")");
    return Optional.of(read);
  }

  /** A file as messages name it: relative to the repository root when it lies under it. */
  private String shown(Path file) {
    Path root = repositoryRoot().toAbsolutePath().normalize();
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(root)
        ? root.relativize(absolute).toString().replace('\\', '/')
        : absolute.toString();
  }

  /** Writes the chosen reports and says which; returns the export's report folder. */
  private Path write(VerifyResult result, List<ReportFormat> chosen, ReportContext context)
      throws MojoExecutionException {
    File reports = reportDirectory != null ? reportDirectory : new File(basedir, "target/ehr");
    List<Path> files;
    try {
      files = ReportFiles.write(result, reports.toPath(), chosen, context);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write the reports to " + reports, e);
    }
    Path folder = reports.toPath().resolve(result.export());
    getLog()
        .info(
            "Reports: "
                + folder
                + " ("
                + String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList())
                + ")");
    return folder;
  }

  /** The formats {@code formats} names, refusing a name that is none. */
  private List<ReportFormat> reportFormats() throws MojoFailureException {
    Set<String> names = words(formats);
    List<String> unknown = ReportFormats.unknown(names);
    if (!unknown.isEmpty()) {
      throw new MojoFailureException(
          "<formats> ("
              + PropertyNames.VERIFY_FORMATS
              + ") names no report format: "
              + String.join(", ", unknown.stream().sorted().toList())
              + ". The formats are "
              + String.join(", ", ReportFormats.names())
              + ".");
    }
    return ReportFormats.selected(names);
  }

  /** GitHub's output, where a summary that cannot be written is a warning, not a failure. */
  private WorkflowOutput workflow(Log log) {
    return new WorkflowOutput() {
      @Override
      public void annotate(List<String> commands) {
        github.annotate(commands);
      }

      @Override
      public void summarize(String markdown) {
        try {
          github.summarize(markdown);
        } catch (IOException e) {
          log.warn("Cannot write the GitHub job summary: " + e.getMessage());
        }
      }
    };
  }

  /** A filter that names no rule, family or check would silently run (or skip) nothing. */
  private static void refuseUnknownRules(Contract contract, String parameter, List<String> values)
      throws MojoFailureException {
    List<String> unknown = VerifyRequest.unknownRuleNames(contract, words(values));
    if (!unknown.isEmpty()) {
      throw new MojoFailureException(
          parameter
              + " names no rule id, rule family or check id of contract "
              + contract.name()
              + ": "
              + String.join(", ", unknown));
    }
  }

  private static Set<String> words(List<String> values) {
    Set<String> words = new HashSet<>();
    if (values != null) {
      for (String value : values) {
        for (String word : value.split(",")) {
          if (!word.isBlank()) {
            words.add(word.trim());
          }
        }
      }
    }
    return words;
  }

  /**
   * The vocabulary the parameter or the contract names, read once (from the cache when it is
   * current); empty, with one line saying how to get the concept checks, when neither names one.
   */
  private Optional<Vocabulary> loadVocabulary(Contract loaded, Log log)
      throws MojoFailureException {
    Optional<Path> folder =
        Optional.ofNullable(vocabulary)
            .map(this::absolute)
            .map(File::toPath)
            .or(
                () ->
                    loaded
                        .vocabulary()
                        .flatMap(v -> v.folder())
                        .map(f -> basedir.toPath().resolve(f).normalize()));
    if (folder.isEmpty()) {
      log.info(
          "No vocabulary: the concept.* rules are skipped. Give the site's Athena download with -D"
              + PropertyNames.VOCABULARY
              + "=<folder> (or <vocabulary>) to check concept ids.");
      return Optional.empty();
    }
    Path cache =
        vocabularyCache == null
            ? VocabularyCache.defaultFolder()
            : absolute(vocabularyCache).toPath();
    AncestorScope ancestors =
        AncestorScope.of(loaded.vocabulary().map(v -> v.units().keySet()).orElse(Set.of()));
    try {
      Vocabulary read =
          new VocabularyLoader(diagnostics())
              .load(new VocabularyRequest(folder.get(), Optional.of(cache), ancestors));
      return Optional.of(read);
    } catch (VocabularyException e) {
      DiagnosticsListener listener = diagnostics();
      for (Problem problem : e.problems()) {
        listener.problem(problem);
      }
      throw new MojoFailureException(
          "The vocabulary "
              + folder.get()
              + " cannot be used (listed above); fix it, or leave <vocabulary> ("
              + PropertyNames.VOCABULARY
              + ") out to skip the concept checks.");
    }
  }

  /**
   * A file of an earlier run that cannot be read: fails the build when the user named it ({@code
   * given}), else only warns that {@code skipped}.
   */
  private static void unreadable(Log log, boolean given, String why, String fix, String skipped)
      throws MojoFailureException {
    if (given) {
      throw new MojoFailureException(why + ". " + fix + ", or leave it out.");
    }
    log.warn(why + "; " + skipped + ".");
  }
}
