package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.deid.DeidRequest;
import org.ehrcontracts.engine.deid.Deidentifier;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.report.CodeQualityReportWriter;
import org.ehrcontracts.engine.report.VerifyDocument;
import org.junit.jupiter.api.Test;

/** The wiring of {@code ehr:verify}: parameters, skip precedence and failure types. */
@MojoTest
class VerifyMojoTest {

  private static final String POM = "src/test/resources/unit/verify/pom.xml";

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  void verifiesTheSampleExport(VerifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void skipComesBeforeAnyWork(VerifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "verifySkip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void goalSkipComesBeforeAnyWork(VerifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "contract", value = "no-such-contract")
  void anUnknownContractIsAFailure(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("The contract 'no-such-contract' has 1 problem"));
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  @MojoParameter(name = "rules", value = "deid,deid.persn-id")
  void aRuleFilterNamingNoRuleIsAFailure(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure
            .getMessage()
            .startsWith(
                "<rules> (ehr.verify.rules) names no rule id, rule family or check id of contract"),
        failure.getMessage());
    assertTrue(
        failure.getMessage().endsWith(": 'deid.persn-id' (did you mean 'deid.person-id'?)"),
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  @MojoParameter(name = "skipRules", value = "plausibility,key.foriegn")
  void aSkipFilterNamingNoRuleIsAFailure(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure.getMessage().startsWith("<skipRules> (ehr.verify.skipRules) names no rule id"),
        failure.getMessage());
    assertTrue(
        failure.getMessage().endsWith(": 'key.foriegn' (did you mean 'key.foreign'?)"),
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  @MojoParameter(name = "skipRules", value = "plausibility,key.foreign")
  void aSkipFilterOfRulesAndFamiliesIsAccepted(VerifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "exports", value = "target/no-such-export")
  void aMissingExportDirectoryIsAFailureNamingTheParameter(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("parameter <exports>"), failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "exports", value = "src/test/resources/unit/verify")
  void problemsFailTheBuild(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure.getMessage().startsWith("The export does not meet contract aou-ehr-alpha"),
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "exports", value = "src/test/resources/unit/verify")
  @MojoParameter(name = "failOn", value = "never")
  void failOnNeverOnlyReports(VerifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  private static final String WORK = "target/verify-mojo-test/";

  /** The IT project that runs ehr:verify under GitHub Actions' variables. */
  private static final String GITHUB_IT = "../it/src/it/verify-fail-github-actions";

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = WORK + "proven/deid/export")
  @MojoParameter(name = "deidentified", value = "true")
  @MojoParameter(name = "crosswalk", value = WORK + "proven/private")
  @MojoParameter(name = "reportDirectory", value = WORK + "proven/reports")
  void deidentifiedDataIsProvenAgainstTheCrosswalkFolder(VerifyMojo mojo) throws Exception {
    deidentifySample(WORK + "proven");
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = WORK + "unproven/deid/export")
  @MojoParameter(name = "deidentified", value = "true")
  @MojoParameter(name = "crosswalk", value = WORK + "unproven/elsewhere")
  @MojoParameter(name = "reportDirectory", value = WORK + "unproven/reports")
  void deidentifiedDataWithoutItsCrosswalkIsAFailure(VerifyMojo mojo) throws Exception {
    deidentifySample(WORK + "unproven");
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("export: 1 error"), failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = GITHUB_IT + "/exports/q3")
  @MojoParameter(name = "reportDirectory", value = WORK + "github/reports")
  @MojoParameter(name = "asOf", value = "2020-01-01")
  void underGithubActionsProblemsAreAnnotatedWithRepositoryPaths(VerifyMojo mojo) throws Exception {
    Path work = Path.of(WORK, "github").toAbsolutePath();
    Files.createDirectories(work);
    Path summary = work.resolve("summary.md");
    Files.deleteIfExists(summary);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    mojo.github =
        new GithubActionsOutput(
            Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_WORKSPACE", Path.of(GITHUB_IT).toAbsolutePath().normalize().toString(),
                "GITHUB_STEP_SUMMARY", summary.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThrows(MojoFailureException.class, mojo::execute);

    // The same lines as the IT's verify.groovy, which runs this project under real Maven.
    String at = "::error file=exports/q3/";
    assertEquals(
        List.of(
            at
                + "person.csv,line=3,title=value.required"
                + "::column 'race_source_value' is required but empty",
            at
                + "person.csv,line=4,title=key.duplicate"
                + "::the primary key (person_id) repeats the row on line 3",
            at
                + "visit_occurrence.csv,line=3,title=type.date"
                + "::column 'visit_start_date' must be a real date written YYYY-MM-DD,"
                + " found a value shaped '9999-99-99'",
            at
                + "visit_occurrence.csv,line=4,title=key.foreign"
                + "::person_id has no row in table 'person' (person.person_id)",
            at
                + "visit_occurrence.csv,line=5,title=csv.unquoted"
                + "::column 'visit_source_value' is not enclosed in double quotes;"
                + " the contract wants every field quoted"),
        out.toString(StandardCharsets.UTF_8).lines().toList());
    String markdown = Files.readString(summary);
    assertTrue(markdown.startsWith("### \u274c ehr:verify failed: q3\n"), markdown);
    assertTrue(
        markdown.contains(
            "- **`type.date`** error in `exports/q3/visit_occurrence.csv`: 1 problem\n"
                + "  - line 3: column 'visit_start_date' must be a real date written YYYY-MM-DD,"
                + " found a value shaped '9999-99-99'\n"),
        markdown);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "formats", value = "html,sarf")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void anUnknownFormatIsRefusedBeforeAnyWork(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertEquals(
        "<formats> (ehr.verify.formats) names no report format: 'sarf' (did you mean 'sarif'?)."
            + " The formats are json, html, junit, sarif, codequality, github.",
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  @MojoParameter(name = "formats", value = "sarif")
  @MojoParameter(name = "reportDirectory", value = WORK + "formats/reports")
  void formatsChooseTheReportsAndJsonIsAlwaysWritten(VerifyMojo mojo) throws Exception {
    Path folder = Path.of(WORK, "formats/reports/export");
    if (Files.isDirectory(folder)) {
      try (var files = Files.list(folder)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
    }
    mojo.github = new GithubActionsOutput(Map.of());
    assertDoesNotThrow(mojo::execute);
    try (var files = Files.list(folder)) {
      // metrics.csv comes with the scorecard of a contract that lists metrics, whatever formats
      // say.
      assertEquals(
          List.of("metrics.csv", "verify.json", "verify.sarif"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/src/it/verify-fail-values/export")
  @MojoParameter(name = "reportDirectory", value = WORK + "baseline/reports")
  @MojoParameter(name = "asOf", value = "2020-01-01")
  @MojoParameter(name = "failOn", value = "new-error")
  void newErrorFailsOnlyForErrorsTheBaselineDidNotHave(VerifyMojo mojo) throws Exception {
    Path report = Path.of(WORK, "baseline/reports/export/verify.json");
    Files.deleteIfExists(report);
    mojo.github = new GithubActionsOutput(Map.of());

    MojoFailureException first = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(first.getMessage().contains("export: 5 new errors (see "), first.getMessage());

    // The second run compares with the report the first left: nothing is new.
    assertDoesNotThrow(mojo::execute);
    VerifyDocument second = JsonDocuments.read(report, VerifyDocument.class);
    assertEquals(0, second.comparison().added());
    assertEquals(0, second.comparison().fixed());
    assertEquals(
        List.of(1L, 1L, 1L, 1L, 1L),
        second.comparison().rules().stream().map(VerifyDocument.RuleChange::unchanged).toList());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "failOn", value = "newerror")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void anUnknownFailOnIsRefusedWithAHint(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertEquals(
        "<failOn> (ehr.failOn) is 'newerror' (did you mean 'new-error'?);"
            + " it takes error, warning, never, new-error.",
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  @MojoParameter(name = "reportDirectory", value = WORK + "no-baseline/reports")
  @MojoParameter(name = "baseline", value = WORK + "no-such-verify.json")
  void aGivenBaselineThatCannotBeReadIsAFailure(VerifyMojo mojo) {
    mojo.github = new GithubActionsOutput(Map.of());
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().startsWith("The baseline "), failure.getMessage());
    assertTrue(
        failure
            .getMessage()
            .endsWith(
                ". Give a verify.json of an earlier run in <baseline> (ehr.verify.baseline), or"
                    + " leave it out."),
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  @MojoParameter(name = "reportDirectory", value = WORK + "bad-receipt/reports")
  @MojoParameter(name = "previousUpload", value = WORK + "bad-receipt/deploy.json")
  void aGivenReceiptThatCannotBeReadIsAFailure(VerifyMojo mojo) throws Exception {
    Files.createDirectories(Path.of(WORK, "bad-receipt"));
    Files.writeString(Path.of(WORK, "bad-receipt/deploy.json"), "{ not json");
    mojo.github = new GithubActionsOutput(Map.of());
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().startsWith("The receipt "), failure.getMessage());
    assertTrue(failure.getMessage().contains("bad-receipt/deploy.json cannot be read: "));
    assertTrue(
        failure
            .getMessage()
            .endsWith(
                ". Name the deploy.json that ehr:deploy wrote, in <previousUpload>"
                    + " (ehr.verify.previousUpload), or leave it out."),
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = GITHUB_IT + "/exports/q3")
  @MojoParameter(name = "reportDirectory", value = WORK + "gitlab/reports")
  @MojoParameter(name = "asOf", value = "2020-01-01")
  @MojoParameter(name = "formats", value = "codequality,sarif")
  void underGitlabCiReportsNamePathsFromTheProjectDirectory(VerifyMojo mojo) throws Exception {
    String checkout = Path.of(GITHUB_IT).toAbsolutePath().normalize().toString();
    mojo.github = new GithubActionsOutput(Map.of("GITLAB_CI", "true", "CI_PROJECT_DIR", checkout));

    assertThrows(MojoFailureException.class, mojo::execute);

    Path folder = Path.of(WORK, "gitlab/reports/q3");
    List<CodeQualityReportWriter.Issue> issues =
        List.of(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(
                    folder.resolve("codequality.json").toFile(),
                    CodeQualityReportWriter.Issue[].class));
    assertEquals(
        List.of(
            "exports/q3/person.csv:3 value.required critical",
            "exports/q3/person.csv:4 key.duplicate critical",
            "exports/q3/visit_occurrence.csv:3 type.date critical",
            "exports/q3/visit_occurrence.csv:4 key.foreign critical",
            "exports/q3/visit_occurrence.csv:5 csv.unquoted critical"),
        issues.stream()
            .map(
                i ->
                    i.location().path()
                        + ":"
                        + i.location().lines().begin()
                        + " "
                        + i.checkName()
                        + " "
                        + i.severity())
            .toList());
    assertTrue(
        Files.readString(folder.resolve("verify.sarif"))
            .contains("\"uri\": \"exports/q3/person.csv\""));
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = GITHUB_IT + "/exports/q3")
  @MojoParameter(name = "reportDirectory", value = WORK + "jenkins/reports")
  @MojoParameter(name = "asOf", value = "2020-01-01")
  @MojoParameter(name = "formats", value = "codequality")
  void underJenkinsReportsNamePathsFromTheWorkspaceAndAStrayWorkspaceElsewhereDoesNot(
      VerifyMojo mojo) throws Exception {
    String checkout = Path.of(GITHUB_IT).toAbsolutePath().normalize().toString();
    Path report = Path.of(WORK, "jenkins/reports/q3/codequality.json");

    mojo.github =
        new GithubActionsOutput(
            Map.of("JENKINS_URL", "https://jenkins.example/", "WORKSPACE", checkout));
    assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        Files.readString(report).contains("\"path\": \"exports/q3/person.csv\""),
        Files.readString(report));

    // WORKSPACE without Jenkins (a developer's shell) moves nothing: the export lies outside the
    // project directory, so its files keep the names the problems give.
    mojo.github = new GithubActionsOutput(Map.of("WORKSPACE", checkout));
    assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        Files.readString(report).contains("\"path\": \"q3/person.csv\""), Files.readString(report));
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  @MojoParameter(name = "reportDirectory", value = WORK + "upload/reports")
  void theNewestReceiptInTheReportDirectoryIsTheLastUploadByDefault(VerifyMojo mojo)
      throws Exception {
    Path reports = Path.of(WORK, "upload/reports");
    Files.createDirectories(reports.resolve("q3"));
    Files.writeString(reports.resolve("q3/deploy.json"), receipt("2026-09-30T14:02:11.482Z", 580));
    Files.createDirectories(reports.resolve("q2"));
    Files.writeString(reports.resolve("q2/deploy.json"), receipt("2026-06-30T14:02:11.482Z", 348));
    Files.deleteIfExists(reports.resolve("export/verify.json"));
    mojo.github = new GithubActionsOutput(Map.of());

    assertDoesNotThrow(mojo::execute, "a warning does not fail the build");

    VerifyDocument doc =
        JsonDocuments.read(reports.resolve("export/verify.json"), VerifyDocument.class);
    assertTrue(
        doc.previousUpload().receipt().endsWith("upload/reports/q3/deploy.json"),
        doc.previousUpload().receipt());
    VerifyDocument.TableRows measurement =
        doc.previousUpload().tables().stream()
            .filter(t -> t.table().equals("measurement"))
            .findFirst()
            .orElseThrow();
    assertEquals(580L, measurement.before());
    assertEquals(348L, measurement.after());
    assertEquals("warning", measurement.severity());
    assertEquals(1, doc.summary().warnings());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  @MojoParameter(name = "previousUpload", value = "gs://aou-ehr-site-bucket/deploy.json")
  void aReceiptInTheBucketIsRefusedWithWhereItIs(VerifyMojo mojo) {
    mojo.github = new GithubActionsOutput(Map.of());
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure
            .getMessage()
            .startsWith(
                "<previousUpload> (ehr.verify.previousUpload) names a bucket, but ehr:deploy keeps"
                    + " its receipt deploy.json on the machine that deployed"),
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  @MojoParameter(name = "reportDirectory", value = WORK + "no-receipt/reports")
  @MojoParameter(name = "previousUpload", value = WORK + "no-receipt/empty")
  void aGivenFolderWithoutAReceiptIsAFailure(VerifyMojo mojo) throws Exception {
    Files.createDirectories(Path.of(WORK, "no-receipt/empty"));
    mojo.github = new GithubActionsOutput(Map.of());
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure
            .getMessage()
            .contains(
                "which holds no complete receipt (deploy.json) of a deploy with contract"
                    + " aou-ehr-alpha"),
        failure.getMessage());
  }

  /** A receipt of the sample's upload with {@code measurement} rows, the others as they are. */
  private static String receipt(String started, long measurement) {
    return """
        {"contract": {"name": "aou-ehr-alpha", "version": "1.0.0", "sha256": "00"},
         "bucket": "b", "folder": "%s-v1", "started": "%s", "durationMillis": 1,
         "status": "complete",
         "objects": [
           {"file": "person.csv", "object": "x/person.csv", "bytes": 1, "crc32c": "00000000",
            "action": "uploaded", "replaced": false, "rows": 40},
           {"file": "measurement.csv", "object": "x/measurement.csv", "bytes": 1,
            "crc32c": "00000000", "action": "uploaded", "replaced": false, "rows": %d}]}
        """
        .formatted(started.substring(0, 10), started, measurement);
  }

  /**
   * What {@code ehr:deidentify} makes of the sample: {@code <work>/deid/export} and its crosswalk.
   */
  private static void deidentifySample(String work) throws Exception {
    Path dir = Path.of(work).toAbsolutePath();
    Contract alpha =
        new ContractLoader(
                new StandardContractSource(Path.of("."), VerifyMojoTest.class.getClassLoader()))
            .load("aou-ehr-alpha");
    new Deidentifier(DiagnosticsListener.silent())
        .deidentify(
            DeidRequest.of(
                alpha,
                Path.of("../it/sample-hpo/export"),
                dir.resolve("deid/export"),
                dir.resolve("private/export.crosswalk.csv")));
  }
}
