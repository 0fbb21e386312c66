package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.junit.jupiter.api.Test;

class GithubActionsReportTest {

  private static final String DIR = ReportFixture.DIR;

  @Test
  void annotationsComeErrorsFirstAndSummarizeRulesAboveTheCap() {
    List<String> annotations = GithubActions.annotations(ReportFixture.result(), 1);

    assertEquals(
        List.of(
            "::error file="
                + DIR
                + "visit_occurrence.csv,line=3,title=type.date"
                + "::1,234 problems in this file, first on lines 3, 5, 8, 13, 21"
                + " (all counted in verify.html)"
                + ": 'visit_start_date' is not a date in yyyy-MM-dd (value shaped 9999-99-99)",
            "::error file="
                + DIR
                + "visit_occurrence.csv,line=9,title=key.foreign"
                + "::'person_id' refers to a person that person.csv lacks",
            "::error file="
                + DIR
                + "visit_occurrence.csv,line=14,title=check.expression"
                + "::check \"visit type known\" failed: </script><script>alert(1)</script>"
                + " & more%0Asecond line",
            "::error file="
                + DIR
                + "observation.csv,title=file.missing"
                + "::table file 'observation.csv' is missing",
            "::warning file="
                + DIR
                + "visit_occurrence.csv,line=11,title=plausibility.date-order"
                + "::2 problems in this file, first on lines 11, 17 (all counted in verify.html)"
                + ": 'visit_end_date' is before 'visit_start_date'",
            "::warning file="
                + DIR
                + "notes.txt,title=file.unknown"
                + "::'notes.txt' is not a file of the contract",
            "::notice file="
                + DIR
                + "person.csv,line=7,title=plausibility.birth-year"
                + "::2 problems in this file, first on lines 7, 31 (all counted in verify.html)"
                + ": 'year_of_birth' is before 1910"),
        annotations);
    assertEquals(9, GithubActions.annotations(ReportFixture.result(), 100).size());
    assertEquals(7, GithubActions.annotations(ReportFixture.result(), 0).size());
  }

  @Test
  void dataAndPropertiesAreEscapedAsTheRunnerExpects() {
    Problem problem =
        Problem.of(
            Rule.VALUE_RANGE,
            Severity.ERROR,
            Location.of("data\\odd:name,1.csv", 4, 0),
            "100% off:\r\nnext, line");
    FileResult file =
        new FileResult(
            "odd:name,1.csv",
            Optional.empty(),
            FileStatus.FAILED,
            4,
            40,
            Optional.empty(),
            List.of(
                new RuleResult(
                    "value.range",
                    Optional.empty(),
                    Severity.ERROR,
                    1,
                    List.of(problem),
                    Optional.empty(),
                    false)));

    assertEquals(
        List.of(
            "::error file=data/odd%3Aname%2C1.csv,line=4,title=value.range"
                + "::100%25 off:%0D%0Anext, line"),
        GithubActions.annotations(ReportFixture.result(List.of(file), Duration.ZERO), 5));
    assertEquals("a%25b%0D%0A:,", GithubActions.data("a%b\r\n:,"));
    assertEquals("a%25b%0D%0A%3A%2C", GithubActions.property("a%b\r\n:,"));
  }

  @Test
  void summaryHasStatusFilesAndTopRules() {
    String markdown = GithubActions.summaryMarkdown(ReportFixture.result());

    assertTrue(markdown.startsWith("### \u274c ehr:verify failed: alpha-2017-12\n\n"), markdown);
    assertTrue(
        markdown.contains(
            "Contract aou-ehr-alpha 1.2.0 (sha256 `3f9a0c5e7b1d`): 4 files, 1,552 rows,"
                + " **1,237 errors**, 3 warnings, 2 infos in 1.2 s.\n"),
        markdown);
    assertTrue(
        markdown.contains(
            "| visit_occurrence.csv | visit_occurrence | FAILED | 1,500 | 1,236 | 2 | 0 |\n"));
    assertTrue(markdown.contains("| notes.txt |  | NOT CHECKED | 0 | 0 | 1 | 0 |\n"));
    String top = markdown.substring(markdown.indexOf("#### Top rules"));
    assertEquals(
        List.of(
            "| `type.date` | error | 1,234 | 1 |",
            "| `plausibility.date-order` | warning | 2 | 1 |",
            "| `plausibility.birth-year` | info | 2 | 1 |",
            "| `check.expression` | error | 1 | 1 |"),
        top.lines().skip(4).limit(4).toList());
  }

  @Test
  void summaryCellsCannotBreakTheTableOrInjectHtml() {
    assertEquals("a\\|b &lt;img&gt; &amp; ' c", GithubActions.cell("a|b <img> & `\r\nc"));
    String passed =
        GithubActions.summaryMarkdown(
            ReportFixture.result(List.of(ReportFixture.location()), Duration.ofMillis(10)));
    assertTrue(passed.startsWith("### \u2705 ehr:verify passed: alpha-2017-12\n"), passed);
    assertFalse(passed.contains("Top rules"), passed);
  }

  @Test
  void summaryEndsWithWhatFailsTheBuildAndItsFirstLines() {
    String markdown =
        GithubActions.summaryMarkdown(
            ReportFixture.result(),
            new ReportContext(RepositoryPaths.asShown(), 20, Optional.empty()));
    String failing = markdown.substring(markdown.indexOf("#### What fails the build"));
    assertEquals(
        "#### What fails the build\n\n"
            + "Errors fail the build: **1,237 errors**; not counted: 3 warnings, 2 infos.\n\n"
            + "- **`type.date`** error in `"
            + DIR
            + "visit_occurrence.csv`: 1,234 problems\n"
            + "  - line 3: 'visit_start_date' is not a date in yyyy-MM-dd (value shaped 9999-99-99)\n"
            + "  - line 5: 'visit_start_date' is not a date in yyyy-MM-dd (value shaped 9999-99-99)\n"
            + "  - line 8: 'visit_start_date' is not a date in yyyy-MM-dd (value shaped 9999-99-99)\n"
            + "- **`key.foreign`** error in `"
            + DIR
            + "visit_occurrence.csv`: 1 problem\n"
            + "  - line 9: 'person_id' refers to a person that person.csv lacks\n"
            + "- **`check.expression`** error (check `visit-type-known`) in `"
            + DIR
            + "visit_occurrence.csv`: 1 problem\n"
            + "  - line 14: check \"visit type known\" failed: &lt;/script&gt;&lt;script&gt;"
            + "alert(1)&lt;/script&gt; &amp; more second line\n"
            + "- **`file.missing`** error in `"
            + DIR
            + "observation.csv`: 1 problem\n"
            + "  - table file 'observation.csv' is missing\n",
        failing);
    assertTrue(markdown.startsWith(GithubActions.summaryMarkdown(ReportFixture.result())));
  }

  @Test
  void summaryCountsTheSeveritiesTheBuildUsed() {
    String warnings =
        GithubActions.failingMarkdown(
            ReportFixture.result(),
            new ReportContext(
                RepositoryPaths.asShown(),
                0,
                Optional.empty(),
                java.util.Set.of(Severity.ERROR, Severity.WARNING)));
    assertTrue(
        warnings.startsWith(
            "#### What fails the build\n\nErrors and warnings fail the build:"
                + " **1,237 errors, 3 warnings**; not counted: 2 infos.\n\n"
                + "- **`type.date`** error in `"
                + DIR
                + "visit_occurrence.csv`: 1,234 problems\n- **`key.foreign`**"),
        warnings);
    assertTrue(warnings.contains("- **`plausibility.date-order`** warning in `"), warnings);
    assertEquals(
        "#### What fails the build\n\nNothing fails the build; every problem is only reported:"
            + " 1,237 errors, 3 warnings, 2 infos.\n",
        GithubActions.failingMarkdown(
            ReportFixture.result(),
            new ReportContext(RepositoryPaths.asShown(), 3, Optional.empty(), java.util.Set.of())));
  }

  @Test
  void topRulesKeepARuleHeldAtInfoApartFromItsErrors() {
    FileResult held = ruleFile("measurement.csv", Severity.INFO, 21, true);
    FileResult failing = ruleFile("observation.csv", Severity.ERROR, 5, false);
    String markdown =
        GithubActions.summaryMarkdown(ReportFixture.result(List.of(held, failing), Duration.ZERO));
    assertTrue(markdown.contains("**5 errors**, 0 warnings, 21 infos"), markdown);
    String top = markdown.substring(markdown.indexOf("#### Top rules"));
    assertEquals(
        List.of("| `concept.zero` | info | 21 | 1 |", "| `concept.zero` | error | 5 | 1 |"),
        top.lines().skip(4).limit(2).toList());
  }

  private static FileResult ruleFile(String name, Severity severity, long count, boolean held) {
    return new FileResult(
        name,
        Optional.of(name.replace(".csv", "")),
        severity == Severity.ERROR ? FileStatus.FAILED : FileStatus.PASSED,
        100,
        1_000,
        Optional.empty(),
        List.of(
            new RuleResult(
                "concept.zero",
                Optional.empty(),
                severity,
                count,
                List.of(),
                Optional.empty(),
                held)));
  }
}
