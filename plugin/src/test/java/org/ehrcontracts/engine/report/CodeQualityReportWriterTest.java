package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;

/** {@code codequality.json}: GitLab's Code Quality format, errors first, stable fingerprints. */
class CodeQualityReportWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final RepositoryPaths ROOT =
      RepositoryPaths.relativeTo(Path.of("").toAbsolutePath());

  @Test
  void theReportHasTheShapeGitlabReads() throws Exception {
    JsonNode report = JSON.readTree(CodeQualityReportWriter.render(ReportFixture.result(), ROOT));
    List<Error> errors = schema().validate(report);
    assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    assertFalse(report.isEmpty());
  }

  @Test
  void theSchemaCatchesAnIssueGitlabWouldDrop() throws Exception {
    JsonNode report = JSON.readTree(CodeQualityReportWriter.render(ReportFixture.result(), ROOT));
    ((ObjectNode) report.get(0)).put("severity", "error");
    ((ObjectNode) report.get(1).get("location").get("lines")).put("begin", 0);
    assertEquals(2, schema().validate(report).size());
  }

  @Test
  void issuesByValueErrorsFirstWithTheRuleAndTheLine() {
    List<CodeQualityReportWriter.Issue> issues =
        CodeQualityReportWriter.issues(ReportFixture.result(), RepositoryPaths.asShown());

    CodeQualityReportWriter.Issue first = issues.get(0);
    assertEquals("type.date", first.checkName());
    assertEquals("critical", first.severity());
    assertEquals("exports/alpha-2017-12/visit_occurrence.csv", first.location().path());
    assertEquals(3, first.location().lines().begin());
    assertEquals(32, first.fingerprint().length());
    // type.date found 1,234 problems and kept 5: one more issue carries the rest's count.
    CodeQualityReportWriter.Issue more = issues.get(5);
    assertEquals(
        "1,229 more problems of this rule in this file (all counted in verify.json) [type.date]",
        more.description());
    assertEquals(3, more.location().lines().begin());
    List<String> severities = issues.stream().map(CodeQualityReportWriter.Issue::severity).toList();
    int lastCritical = severities.lastIndexOf("critical");
    int firstMinor = severities.indexOf("minor");
    int firstInfo = severities.indexOf("info");
    assertEquals(true, lastCritical < firstMinor && firstMinor < firstInfo, severities::toString);
    // A problem of a whole file (line 0) is put on line 1, where GitLab can show it.
    assertEquals(
        1,
        issues.stream()
            .filter(i -> i.checkName().equals("file.missing"))
            .findFirst()
            .orElseThrow()
            .location()
            .lines()
            .begin());
  }

  @Test
  void fingerprintsAreUniqueAndDoNotMoveWithLines() {
    List<CodeQualityReportWriter.Issue> issues =
        CodeQualityReportWriter.issues(ReportFixture.result(), RepositoryPaths.asShown());
    Set<String> fingerprints = new HashSet<>();
    for (CodeQualityReportWriter.Issue issue : issues) {
      fingerprints.add(issue.fingerprint());
    }
    assertEquals(issues.size(), fingerprints.size(), "one fingerprint per issue");

    // A row added above moves every line; the fingerprints stay, so GitLab sees no new issue.
    assertEquals(fingerprints(dateOrders(11, 17)), fingerprints(dateOrders(12, 18)));
    assertEquals(2, new HashSet<>(fingerprints(dateOrders(11, 17))).size());
    assertNotEquals(fingerprints(dateOrders(11, 17)), fingerprints(dateOrdersIn("other.csv")));
  }

  private static List<String> fingerprints(VerifyResult result) {
    return CodeQualityReportWriter.issues(result, RepositoryPaths.asShown()).stream()
        .map(CodeQualityReportWriter.Issue::fingerprint)
        .toList();
  }

  private static VerifyResult dateOrders(long first, long second) {
    return dateOrders("visit_occurrence.csv", first, second);
  }

  private static VerifyResult dateOrdersIn(String file) {
    return dateOrders(file, 11, 17);
  }

  private static VerifyResult dateOrders(String file, long first, long second) {
    List<Problem> problems =
        List.of(first, second).stream()
            .map(
                line ->
                    ReportFixture.problem(
                        "plausibility.date-order",
                        Severity.WARNING,
                        file,
                        line,
                        6,
                        "visit_end_date",
                        95,
                        "'visit_end_date' is before 'visit_start_date'"))
            .toList();
    return ReportFixture.result(
        List.of(
            new FileResult(
                file,
                Optional.of("visit_occurrence"),
                FileStatus.WARNINGS,
                20,
                2_000,
                Optional.of("a1b2c3d4"),
                List.of(
                    new RuleResult(
                        "plausibility.date-order",
                        Optional.empty(),
                        Severity.WARNING,
                        2,
                        problems,
                        Optional.empty(),
                        false)))),
        Duration.ZERO);
  }

  private static Schema schema() throws Exception {
    try (InputStream in =
        CodeQualityReportWriterTest.class.getResourceAsStream(
            "/codequality/gitlab-codequality.schema.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    }
  }
}
