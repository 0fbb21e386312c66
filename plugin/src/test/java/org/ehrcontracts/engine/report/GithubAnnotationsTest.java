package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;

/**
 * Annotations a reviewer can act on: repository paths, physical lines, no field number as a column,
 * errors first, and one annotation for a rule that fires more often than GitHub shows.
 */
class GithubAnnotationsTest {

  /** The fixture's export lies in {@code exports/alpha-2017-12} under the working directory. */
  private static final RepositoryPaths ROOT =
      RepositoryPaths.relativeTo(Path.of("").toAbsolutePath());

  private static final String EXPORT = ReportFixture.EXPORT;

  @Test
  void errorsComeFirstWithRepositoryPathsAndLinesButNoFieldNumbers() {
    VerifyResult result =
        result(
            file(
                "person.csv",
                rule("plausibility.birth-year", Severity.INFO, 1, "person.csv", 7),
                rule("value.required", Severity.ERROR, 1, "person.csv", 4)),
            file(
                "visit_occurrence.csv",
                rule("plausibility.date-order", Severity.WARNING, 2, "visit_occurrence.csv", 11),
                rule("key.foreign", Severity.ERROR, 2, "visit_occurrence.csv", 9)));

    assertEquals(
        List.of(
            "::error file=exports/alpha-2017-12/person.csv,line=4,title=value.required"
                + "::problem 1 of value.required",
            "::error file=exports/alpha-2017-12/visit_occurrence.csv,line=9,title=key.foreign"
                + "::problem 1 of key.foreign",
            "::error file=exports/alpha-2017-12/visit_occurrence.csv,line=10,title=key.foreign"
                + "::problem 2 of key.foreign",
            "::warning file=exports/alpha-2017-12/visit_occurrence.csv,line=11"
                + ",title=plausibility.date-order::problem 1 of plausibility.date-order",
            "::warning file=exports/alpha-2017-12/visit_occurrence.csv,line=12"
                + ",title=plausibility.date-order::problem 2 of plausibility.date-order",
            "::notice file=exports/alpha-2017-12/person.csv,line=7"
                + ",title=plausibility.birth-year::problem 1 of plausibility.birth-year"),
        GithubActions.annotations(result, 20, ROOT));
  }

  @Test
  void aRuleAboveTheCapGetsOneAnnotationAndEveryRuleIsNamedBeforeAnySecondLine() {
    VerifyResult result =
        result(
            file(
                "visit_occurrence.csv",
                rule("type.date", Severity.ERROR, 1_234, "visit_occurrence.csv", 3),
                rule("key.foreign", Severity.ERROR, 3, "visit_occurrence.csv", 40)),
            file("measurement.csv", rule("type.float", Severity.ERROR, 2, "measurement.csv", 5)));

    assertEquals(
        List.of(
            "::error file=exports/alpha-2017-12/visit_occurrence.csv,line=3,title=type.date"
                + "::1,234 problems in this file, first on lines 3, 4, 5, 6, 7"
                + " (all counted in verify.html): problem 1 of type.date",
            "::error file=exports/alpha-2017-12/visit_occurrence.csv,line=40,title=key.foreign"
                + "::problem 1 of key.foreign",
            "::error file=exports/alpha-2017-12/measurement.csv,line=5,title=type.float"
                + "::problem 1 of type.float",
            "::error file=exports/alpha-2017-12/visit_occurrence.csv,line=41,title=key.foreign"
                + "::problem 2 of key.foreign",
            "::error file=exports/alpha-2017-12/measurement.csv,line=6,title=type.float"
                + "::problem 2 of type.float",
            "::error file=exports/alpha-2017-12/visit_occurrence.csv,line=42,title=key.foreign"
                + "::problem 3 of key.foreign"),
        GithubActions.annotations(result, 20, ROOT));
  }

  @Test
  void maxProblemsLowersTheCapAndZeroLeavesOneAnnotationPerRule() {
    VerifyResult result =
        result(file("person.csv", rule("value.required", Severity.ERROR, 2, "person.csv", 4)));

    assertEquals(
        List.of(
            "::error file=exports/alpha-2017-12/person.csv,line=4,title=value.required"
                + "::2 problems in this file, first on lines 4, 5 (all counted in verify.html)"
                + ": problem 1 of value.required"),
        GithubActions.annotations(result, 1, ROOT));
    assertEquals(
        GithubActions.annotations(result, 1, ROOT), GithubActions.annotations(result, 0, ROOT));
  }

  @Test
  void wholeFileProblemsHaveNoLineAndForeignRootsKeepTheShownName() {
    Problem missing =
        Problem.of(
            org.ehrcontracts.engine.problem.Rule.FILE_MISSING,
            Severity.ERROR,
            Location.of(EXPORT + "/observation.csv"),
            "table file 'observation.csv' is missing");
    VerifyResult result =
        result(
            new FileResult(
                "observation.csv",
                Optional.of("observation"),
                FileStatus.MISSING,
                0,
                0,
                Optional.empty(),
                List.of(
                    new RuleResult(
                        "file.missing",
                        Optional.empty(),
                        Severity.ERROR,
                        1,
                        List.of(missing),
                        Optional.empty(),
                        false))));

    assertEquals(
        List.of(
            "::error file=exports/alpha-2017-12/observation.csv,title=file.missing"
                + "::table file 'observation.csv' is missing"),
        GithubActions.annotations(result, 20, ROOT));
    Path elsewhere = Path.of("").toAbsolutePath().resolve("no-such-folder");
    assertEquals(
        List.of(
            "::error file=alpha-2017-12/observation.csv,title=file.missing"
                + "::table file 'observation.csv' is missing"),
        GithubActions.annotations(result, 20, RepositoryPaths.relativeTo(elsewhere)));
  }

  @Test
  void repositoryPathsOfTheExportItselfAndOfOtherNames() {
    VerifyResult result = result();
    assertEquals("exports/alpha-2017-12", ROOT.path(result, EXPORT));
    assertEquals("exports/alpha-2017-12/a/b.csv", ROOT.path(result, EXPORT + "\\a\\b.csv"));
    assertEquals("contract.yaml", ROOT.path(result, "contract.yaml"));
    assertEquals(
        EXPORT + "/person.csv", RepositoryPaths.asShown().path(result, EXPORT + "/person.csv"));
    RepositoryPaths atExport =
        RepositoryPaths.relativeTo(Path.of("exports", EXPORT).toAbsolutePath());
    assertEquals("person.csv", atExport.path(result, EXPORT + "/person.csv"));
    assertEquals(".", atExport.path(result, EXPORT));
  }

  private static VerifyResult result(FileResult... files) {
    return ReportFixture.result(List.of(files), Duration.ofMillis(5));
  }

  private static FileResult file(String name, RuleResult... rules) {
    return new FileResult(
        name,
        Optional.of(name.replace(".csv", "")),
        FileStatus.FAILED,
        100,
        1_000,
        Optional.empty(),
        List.of(rules));
  }

  /** A rule with {@code count} problems on consecutive lines from {@code line}, in field 7. */
  private static RuleResult rule(
      String rule, Severity severity, long count, String file, long line) {
    List<Problem> samples =
        LongStream.range(0, Math.min(count, 5))
            .mapToObj(
                i ->
                    new Problem(
                        rule,
                        severity,
                        Location.of(EXPORT + "/" + file, line + i, 7),
                        Optional.of("some_column"),
                        Optional.empty(),
                        "problem " + (i + 1) + " of " + rule))
            .toList();
    return new RuleResult(
        rule, Optional.empty(), severity, count, samples, Optional.empty(), false);
  }
}
