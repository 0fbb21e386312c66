package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ehrcontracts.engine.json.JsonDocumentException;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.Scorecard;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The scorecard in every report: {@code verify.json}, {@code verify.html}, the console, the GitHub
 * job summary and {@code metrics.csv}, on the report fixture with a scorecard of two tables.
 */
class ScorecardReportsTest {

  /**
   * measurement.csv, 12 rows: concept success 8 of 12 (66.67 %, missed), unit success not computed,
   * erroneous dates 0 of 12 (met), duplicates 7 groups (missed, at most 5), completeness of two
   * columns (12 and 6 of 12: 100 % and 50 %, a mean of 75 %); person.csv, 40 rows: its key met.
   */
  static Scorecard scorecard() {
    OptionalDouble none = OptionalDouble.empty();
    Optional<String> noNote = Optional.empty();
    TableScores measurement =
        new TableScores(
            "measurement",
            "measurement.csv",
            12,
            List.of(
                Score.of(
                    Metric.CONCEPT_SUCCESS, Optional.empty(), 8, 12, OptionalDouble.of(90), noNote),
                Score.notComputed(
                    Metric.UNIT_SUCCESS,
                    Optional.empty(),
                    "needs the vocabulary",
                    OptionalDouble.of(85),
                    noNote),
                Score.of(
                    Metric.ERRONEOUS_DATES,
                    Optional.empty(),
                    0,
                    12,
                    OptionalDouble.of(0.01),
                    noNote),
                Score.of(Metric.DUPLICATES, Optional.empty(), 7, 0, OptionalDouble.of(5), noNote),
                Score.of(
                    Metric.COMPLETENESS,
                    Optional.of("measurement_id"),
                    12,
                    12,
                    none,
                    Optional.of("no target")),
                Score.of(
                    Metric.COMPLETENESS,
                    Optional.of("measurement_datetime"),
                    6,
                    12,
                    none,
                    Optional.of("no target"))));
    TableScores person =
        new TableScores(
            "person",
            "person.csv",
            40,
            List.of(
                Score.of(
                    Metric.NON_UNIQUE_KEYS, Optional.empty(), 0, 0, OptionalDouble.of(0), noNote)));
    return new Scorecard(false, Optional.empty(), List.of(person, measurement));
  }

  static VerifyResult result() {
    VerifyResult plain = ReportFixture.result();
    return new VerifyResult(
        plain.contract(),
        plain.contractVersion(),
        plain.contractDigest(),
        plain.lineage(),
        plain.export(),
        plain.directory(),
        plain.toolVersion(),
        plain.started(),
        plain.duration(),
        plain.deidentified(),
        plain.onlyRules(),
        plain.skipRules(),
        plain.files(),
        plain.vocabulary(),
        scorecard());
  }

  @Test
  void theStatusesAreJudgedAgainstTheTargets() {
    List<String> marks = new ArrayList<>();
    for (TableScores table : scorecard().tables()) {
      table.scores().forEach(s -> marks.add(s.metric() + " " + s.status()));
    }
    assertEquals(
        List.of(
            "non-unique-keys MET",
            "concept-success MISSED",
            "unit-success NOT_COMPUTED",
            "erroneous-dates MET",
            "duplicates MISSED",
            "completeness NO_TARGET",
            "completeness NO_TARGET"),
        marks);
  }

  @Test
  void verifyJsonEndsWithTheScorecard() throws JsonDocumentException {
    String json = JsonReportWriter.render(result());
    Map<String, Object> report = parse(json);
    List<String> keys = new ArrayList<>(report.keySet());
    assertEquals("scorecard", keys.get(keys.size() - 1));
    assertEquals(
        List.of(
            "tool",
            "contract",
            "export",
            "started",
            "durationMillis",
            "deidentified",
            "ruleFilter",
            "summary",
            "files",
            "problems"),
        keys.subList(0, keys.size() - 1));
    Map<String, Object> scorecard = map(report.get("scorecard"));
    assertEquals(List.of("vocabulary", "release", "tables"), new ArrayList<>(scorecard.keySet()));
    assertEquals(false, scorecard.get("vocabulary"));
    Map<String, Object> measurement = map(list(scorecard.get("tables")).get(1));
    assertEquals(
        List.of("table", "file", "rows", "metrics"), new ArrayList<>(measurement.keySet()));
    Map<String, Object> concept = map(list(measurement.get("metrics")).get(0));
    assertEquals(
        List.of(
            "metric",
            "column",
            "status",
            "value",
            "unit",
            "count",
            "of",
            "target",
            "direction",
            "reason",
            "note"),
        new ArrayList<>(concept.keySet()));
    assertEquals("concept-success", concept.get("metric"));
    assertEquals("missed", concept.get("status"));
    assertEquals(100.0 * 8 / 12, (Double) concept.get("value"), 1e-12);
    assertEquals("at-least", concept.get("direction"));
    Map<String, Object> unit = map(list(measurement.get("metrics")).get(1));
    assertEquals("not-computed", unit.get("status"));
    assertEquals(null, unit.get("value"));
    assertEquals("needs the vocabulary", unit.get("reason"));

    VerifyDocument read = JsonDocuments.read(json, VerifyDocument.class);
    assertEquals(JsonReportWriter.document(result()), read);
    assertEquals(json, JsonDocuments.write(read));
  }

  @Test
  void verifyJsonLeavesTheScorecardOutWithoutOne() {
    assertFalse(parse(JsonReportWriter.render(ReportFixture.result())).containsKey("scorecard"));
  }

  @Test
  void theConsoleShowsACompactTableAfterTheTotal() {
    List<String> lines =
        ConsoleReport.render(result(), 0).stream().map(ConsoleReport.Line::text).toList();
    int total = indexOf(lines, "Export alpha-2017-12: ");
    assertEquals(
        List.of(
            "DRC scorecard (targets of contract aou-ehr-alpha 1.2.0): 2 met, 2 missed, 1 not"
                + " computed",
            "  table        rows  met  missed  completeness  missed targets",
            "  person         40    1       0             -",
            "  measurement    12    1       2       75.00 %  concept-success 66.67 % (target >= 90"
                + " %), duplicates 7 (target <= 5)",
            "  not computed: needs the vocabulary: unit-success"),
        lines.subList(total + 1, lines.size()));
  }

  @Test
  void theGithubSummaryHasAMetricPerColumn() {
    String md = GithubActions.summaryMarkdown(result());
    String section = md.substring(md.indexOf("#### DRC scorecard"));
    assertEquals(
        String.join(
            "\n",
            "#### DRC scorecard",
            "",
            "2 met, 2 missed, 1 not computed (targets of contract aou-ehr-alpha 1.2.0).",
            "",
            "| Table | Rows | concept-success | unit-success | erroneous-dates | duplicates"
                + " | non-unique-keys | completeness |",
            "|---|--:|--:|--:|--:|--:|--:|--:|",
            "| person | 40 |  |  |  |  | \u2705 0 | - |",
            "| measurement | 12 | \u274c 66.67 % | n/c | \u2705 0 % | \u274c 7 |  | 75.00 % |",
            "",
            "Targets: concept-success \u2265 90 %, unit-success \u2265 85 %, erroneous-dates"
                + " \u2264 0.01 %, duplicates \u2264 5, non-unique-keys \u2264 0. Not computed"
                + " (n/c): needs the vocabulary: unit-success.",
            ""),
        section);
  }

  @Test
  void theHtmlDrawsEachFigureAsABarAgainstItsTarget() {
    String html = HtmlReportWriter.render(result());
    assertTrue(html.contains("<h2>DRC scorecard</h2>"));
    assertTrue(html.indexOf("<h2>DRC scorecard</h2>") < html.indexOf("<h2>Problems</h2>"));
    // Concept success: 66.67 % of a 220-pixel bar is 146.7 pixels, the target tick at 90 % at 198.
    assertTrue(
        html.contains(
            "<svg class='bar' width='220' height='14' viewBox='0 0 220 14' role='img'"
                + " aria-label='66.67 % against a target of at least 90 %'><title>66.67 % against"
                + " a target of at least 90 %</title><rect width='220' height='14'"
                + " fill='#e6e6e6'></rect><rect width='146.7' height='14' fill='#b00020'></rect>"
                + "<line x1='198.0' x2='198.0' y1='0' y2='14' stroke='#1a1a1a'"
                + " stroke-width='2'></line></svg>"),
        html);
    // Duplicates: 7 against at most 5 on a bar of 10 (above 2 x 5 and 1.25 x 7 = 8.75).
    assertTrue(html.contains("<rect width='154.0' height='14' fill='#b00020'></rect>"));
    assertTrue(html.contains("<line x1='110.0' x2='110.0'"));
    assertTrue(html.contains("<span class='muted scale'>of 10</span>"));
    assertTrue(html.contains("<td class='sev mk-missed'>MISSED</td>"));
    assertTrue(html.contains("<span class='muted'>needs the vocabulary</span>"));
    assertTrue(html.contains("<summary>Completeness: 75.00 % on average over 2 columns</summary>"));
    assertTrue(html.contains("<li>completeness: no target</li>"));
    assertTrue(html.contains("\u2265 90 %"));
    assertBalanced(html);
  }

  @Test
  void theHtmlHasNoScorecardWithoutOne() {
    assertFalse(HtmlReportWriter.render(ReportFixture.result()).contains("DRC scorecard"));
  }

  @Test
  void aBarEndsAtARoundNumberAboveTheFigureAndTheTarget() {
    // A failure rate at most 0.01 %: 0 % on a bar of 0.02 %; 0.03 % on one of 0.05 % (0.0375).
    assertEquals(0.02, ScorecardHtml.scale(rate(0, 10_000, 0.01)), 1e-12);
    assertEquals(0.05, ScorecardHtml.scale(rate(3, 10_000, 0.01)), 1e-12);
    // A target of 0 and no failure: the least bar, 0.01 %; 100 % failing caps at 100.
    assertEquals(0.01, ScorecardHtml.scale(rate(0, 10, 0)), 1e-12);
    assertEquals(100, ScorecardHtml.scale(rate(10, 10, 0)), 1e-12);
    // A success rate always runs to 100 %.
    assertEquals(
        100,
        ScorecardHtml.scale(
            Score.of(
                Metric.CONCEPT_SUCCESS,
                Optional.empty(),
                1,
                10,
                OptionalDouble.of(90),
                Optional.empty())),
        1e-12);
  }

  @Test
  void metricsCsvHasARecordPerTableAndMetric() {
    assertEquals(
        String.join(
            "\r\n",
            "date,export,table,metric,column,value,unit,target,status",
            "2026-11-27,alpha-2017-12,person,non-unique-keys,,0,count,0,met",
            "2026-11-27,alpha-2017-12,measurement,concept-success,,66.666667,percent,90,missed",
            "2026-11-27,alpha-2017-12,measurement,unit-success,,,percent,85,not-computed",
            "2026-11-27,alpha-2017-12,measurement,erroneous-dates,,0,percent,0.01,met",
            "2026-11-27,alpha-2017-12,measurement,duplicates,,7,count,5,missed",
            "2026-11-27,alpha-2017-12,measurement,completeness,measurement_id,100,percent,,"
                + "no-target",
            "2026-11-27,alpha-2017-12,measurement,completeness,measurement_datetime,50,percent,,"
                + "no-target",
            ""),
        MetricsCsvWriter.render(result()));
  }

  @Test
  void reportFilesWriteMetricsCsvWithAScorecardAndRemoveAStaleOne(@TempDir Path reports)
      throws IOException {
    List<Path> written = ReportFiles.write(result(), reports);
    Path folder = reports.resolve("alpha-2017-12");
    assertEquals(folder.resolve("metrics.csv"), written.get(written.size() - 1));
    assertEquals(
        MetricsCsvWriter.render(result()), Files.readString(folder.resolve("metrics.csv")));

    ReportFiles.write(ReportFixture.result(), reports);
    assertFalse(Files.exists(folder.resolve("metrics.csv")));
  }

  @Test
  void noReportHoldsACellValue() throws IOException {
    for (String report :
        List.of(
            JsonReportWriter.render(result()),
            HtmlReportWriter.render(result()),
            MetricsCsvWriter.render(result()),
            GithubActions.summaryMarkdown(result()))) {
      assertFalse(report.contains(ReportFixture.CELL_VALUE));
    }
  }

  private static Score rate(long count, long rows, double target) {
    return Score.of(
        Metric.ERRONEOUS_DATES,
        Optional.empty(),
        count,
        rows,
        OptionalDouble.of(target),
        Optional.empty());
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line " + prefix);
  }

  private static void assertBalanced(String html) {
    Deque<String> open = new ArrayDeque<>();
    Matcher tag = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>").matcher(html);
    while (tag.find()) {
      String name = tag.group(2).toLowerCase(Locale.ROOT);
      if (name.equals("meta") || name.equals("input")) {
        continue;
      }
      if (tag.group(1).isEmpty()) {
        open.push(name);
      } else {
        assertEquals(open.pop(), name, "at " + tag.start());
      }
    }
    assertTrue(open.isEmpty(), open.toString());
  }

  private static Map<String, Object> parse(String json) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }
}
