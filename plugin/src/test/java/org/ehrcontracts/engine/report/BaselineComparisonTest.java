package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;

/** New, fixed and unchanged problems against a baseline verify.json, matched without lines. */
class BaselineComparisonTest {

  private static final String EXPORT = ReportFixture.EXPORT;

  @Test
  void theSameRunChangesNothing() throws Exception {
    BaselineComparison same = compare(ReportFixture.result(), ReportFixture.result());
    assertEquals(0, same.added());
    assertEquals(0, same.fixed());
    assertEquals(
        List.of(2L, 1_234L, 1L, 2L, 1L, 1L, 1L),
        same.changes().stream().map(BaselineComparison.Change::unchanged).toList());
  }

  @Test
  void problemsMatchByRuleFileColumnAndMessageShapeNotByLine() throws Exception {
    VerifyResult before =
        result(
            rule("key.foreign", Severity.ERROR, sample(9, "person_id", "row 9 lacks a person")),
            rule("value.required", Severity.ERROR, sample(4, "race_source_value", "empty")));
    VerifyResult after =
        result(
            // Two rows added above: the lines and the line in the message moved.
            rule(
                "key.foreign",
                Severity.ERROR,
                sample(11, "person_id", "row 11 lacks a person"),
                sample(12, "provider_id", "row 12 lacks a person")),
            rule("plausibility.date-order", Severity.WARNING, sample(5, "visit_end_date", "x")));

    BaselineComparison comparison = compare(before, after);

    assertEquals(
        List.of(
            new BaselineComparison.Change(
                "visit_occurrence.csv", "key.foreign", Optional.empty(), Severity.ERROR, 1, 0, 1),
            new BaselineComparison.Change(
                "visit_occurrence.csv",
                "plausibility.date-order",
                Optional.empty(),
                Severity.WARNING,
                1,
                0,
                0),
            new BaselineComparison.Change(
                "visit_occurrence.csv",
                "value.required",
                Optional.empty(),
                Severity.ERROR,
                0,
                1,
                0)),
        comparison.changes());
    assertEquals(2, comparison.added());
    assertEquals(1, comparison.added(Severity.ERROR));
    assertEquals(1, comparison.fixed());
  }

  @Test
  void aRuleWithMoreProblemsThanSamplesComparesCounts() throws Exception {
    VerifyResult before = ReportFixture.result();
    List<FileResult> files = new ArrayList<>(before.files());
    FileResult visits = files.get(1);
    List<RuleResult> rules = new ArrayList<>(visits.rules());
    RuleResult date = rules.get(0);
    rules.set(
        0,
        new RuleResult(
            date.rule(), date.check(), date.severity(), 1_240, date.samples(), date.note(), false));
    files.set(
        1,
        new FileResult(
            visits.file(),
            visits.table(),
            visits.status(),
            visits.rows(),
            visits.bytes(),
            visits.crc32c(),
            rules));

    BaselineComparison comparison =
        compare(before, ReportFixture.result(files, Duration.ofMillis(1)));

    assertEquals(6, comparison.added());
    assertEquals(6, comparison.added(Severity.ERROR));
    assertEquals(0, comparison.fixed());
  }

  @Test
  void theDocumentHoldsTheCountsAsNewAndFixed() throws Exception {
    BaselineComparison comparison =
        compare(
            result(rule("value.required", Severity.ERROR, sample(4, "a", "empty"))),
            result(rule("type.date", Severity.ERROR, sample(4, "b", "not a date"))));
    String json =
        JsonReportWriter.render(
            result(rule("type.date", Severity.ERROR, sample(4, "b", "not a date"))),
            Optional.of(comparison));
    assertTrue(
        json.contains(
            "  \"comparison\": {\n"
                + "    \"baseline\": \"target/ehr/alpha-2017-12/verify.json\",\n"
                + "    \"new\": 1,\n"
                + "    \"fixed\": 1,\n"
                + "    \"rules\": [\n"
                + "      {\n"
                + "        \"file\": \"visit_occurrence.csv\",\n"
                + "        \"rule\": \"type.date\",\n"
                + "        \"check\": null,\n"
                + "        \"severity\": \"error\",\n"
                + "        \"new\": 1,\n"
                + "        \"fixed\": 0,\n"
                + "        \"unchanged\": 0\n"
                + "      },"),
        json);
    VerifyDocument read = JsonDocuments.read(json, VerifyDocument.class);
    assertEquals(1, read.comparison().added());
    assertNull(
        JsonDocuments.read(JsonReportWriter.render(ReportFixture.result()), VerifyDocument.class)
            .comparison());
    assertTrue(!JsonReportWriter.render(ReportFixture.result()).contains("comparison"));
  }

  @Test
  void theConsoleTotalLineSaysWhatIsNewAndFixed() throws Exception {
    VerifyResult before = result(rule("value.required", Severity.ERROR, sample(4, "a", "empty")));
    VerifyResult after = result(rule("type.date", Severity.ERROR, sample(4, "b", "bad")));
    List<ConsoleReport.Line> lines =
        ConsoleReport.render(after, 3, Optional.of(compare(before, after)));
    assertEquals(
        "Export alpha-2017-12: 1 file, 100 rows, 1 error, 0 warnings, 1 new, 1 fixed in 0.0 s"
            + " (contract aou-ehr-alpha 1.2.0)",
        lines.get(lines.size() - 1).text());
  }

  private static BaselineComparison compare(VerifyResult before, VerifyResult after)
      throws Exception {
    VerifyDocument baseline =
        JsonDocuments.read(JsonReportWriter.render(before), VerifyDocument.class);
    return BaselineComparison.compare(baseline, "target/ehr/" + EXPORT + "/verify.json", after);
  }

  private static VerifyResult result(RuleResult... rules) {
    return ReportFixture.result(
        List.of(
            new FileResult(
                "visit_occurrence.csv",
                Optional.of("visit_occurrence"),
                FileStatus.FAILED,
                100,
                1_000,
                Optional.empty(),
                List.of(rules))),
        Duration.ZERO);
  }

  private static RuleResult rule(String rule, Severity severity, Problem... samples) {
    List<Problem> kept =
        List.of(samples).stream()
            .map(p -> new Problem(rule, severity, p.at(), p.field(), p.contractAt(), p.message()))
            .toList();
    return new RuleResult(
        rule, Optional.empty(), severity, kept.size(), kept, Optional.empty(), false);
  }

  private static Problem sample(long line, String column, String message) {
    return new Problem(
        "value.required",
        Severity.ERROR,
        Location.of(EXPORT + "/visit_occurrence.csv", line, 2),
        Optional.of(column),
        Optional.empty(),
        message);
  }
}
