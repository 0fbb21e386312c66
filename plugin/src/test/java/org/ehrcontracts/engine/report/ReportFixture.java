package org.ehrcontracts.engine.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.contract.ContractOrigin;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Redaction;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * A synthetic verification result with a file of every status, used by every report test.
 *
 * <ul>
 *   <li>{@code person.csv}: passed, with a rule a threshold held at info and a note;
 *   <li>{@code visit_occurrence.csv}: failed, with 1,234 {@code type.date} errors of which 5 were
 *       kept, a foreign key error, warnings with a note, and a check whose contract-written message
 *       has quotes, a line break and HTML;
 *   <li>{@code observation.csv}: missing, as an error;
 *   <li>{@code notes.txt}: not checked, with a warning;
 *   <li>{@code location.csv}: passed without any problem.
 * </ul>
 */
final class ReportFixture {

  /**
   * A cell value as the engine would read it; messages only ever hold its redacted shape, so no
   * report may contain it.
   */
  static final String CELL_VALUE = "2017-02-30";

  static final String EXPORT = "alpha-2017-12";
  static final String DIR = "exports/" + EXPORT + "/";
  static final String CONTRACT_FILE = "aou-ehr-alpha.yaml";
  static final String DIGEST = "3f9a0c5e7b1d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468";

  /**
   * Text from a contract's check message, which the contract author wrote and may hold anything.
   */
  static final String CHECK_MESSAGE =
      "check \"visit type known\" failed: </script><script>alert(1)</script> & more\nsecond line";

  private ReportFixture() {}

  static VerifyResult result() {
    return result(
        List.of(person(), visits(), missingObservation(), unknownNotes(), location()),
        Duration.ofMillis(1234));
  }

  static VerifyResult result(List<FileResult> files, Duration duration) {
    return new VerifyResult(
        "aou-ehr-alpha",
        "1.2.0",
        DIGEST,
        List.of(
            new ContractOrigin("omop-base", "5.3.1", "classpath:ehr/contracts/omop-base.yaml"),
            new ContractOrigin(
                "aou-ehr-alpha", "1.2.0", "classpath:ehr/contracts/" + CONTRACT_FILE)),
        EXPORT,
        Path.of("exports", EXPORT),
        "0.1.0-SNAPSHOT",
        Instant.parse("2026-11-27T02:07:58.123456Z"),
        duration,
        false,
        files);
  }

  static FileResult person() {
    RuleResult birthYear =
        new RuleResult(
            "plausibility.birth-year",
            Optional.empty(),
            Severity.INFO,
            2,
            List.of(
                problem(
                    "plausibility.birth-year",
                    Severity.INFO,
                    "person.csv",
                    7,
                    3,
                    "year_of_birth",
                    41,
                    "'year_of_birth' is before 1910"),
                problem(
                    "plausibility.birth-year",
                    Severity.INFO,
                    "person.csv",
                    31,
                    3,
                    "year_of_birth",
                    41,
                    "'year_of_birth' is before 1910")),
            Optional.of("Some synthetic persons are born before 1910."),
            true);
    return new FileResult(
        "person.csv",
        Optional.of("person"),
        FileStatus.PASSED,
        40,
        3_210,
        Optional.of("5f1d2a3b"),
        List.of(birthYear));
  }

  static FileResult visits() {
    String shape = Redaction.shape(CELL_VALUE);
    List<Problem> dates =
        List.of(3, 5, 8, 13, 21).stream()
            .map(
                line ->
                    problem(
                        "type.date",
                        Severity.ERROR,
                        "visit_occurrence.csv",
                        line,
                        4,
                        "visit_start_date",
                        88,
                        "'visit_start_date' is not a date in yyyy-MM-dd (value shaped "
                            + shape
                            + ")"))
            .toList();
    RuleResult typeDate =
        new RuleResult(
            "type.date", Optional.empty(), Severity.ERROR, 1_234, dates, Optional.empty(), false);
    RuleResult foreignKey =
        new RuleResult(
            "key.foreign",
            Optional.empty(),
            Severity.ERROR,
            1,
            List.of(
                problem(
                    "key.foreign",
                    Severity.ERROR,
                    "visit_occurrence.csv",
                    9,
                    2,
                    "person_id",
                    90,
                    "'person_id' refers to a person that person.csv lacks")),
            Optional.empty(),
            false);
    RuleResult dateOrder =
        new RuleResult(
            "plausibility.date-order",
            Optional.empty(),
            Severity.WARNING,
            2,
            List.of(
                problem(
                    "plausibility.date-order",
                    Severity.WARNING,
                    "visit_occurrence.csv",
                    11,
                    6,
                    "visit_end_date",
                    95,
                    "'visit_end_date' is before 'visit_start_date'"),
                problem(
                    "plausibility.date-order",
                    Severity.WARNING,
                    "visit_occurrence.csv",
                    17,
                    6,
                    "visit_end_date",
                    95,
                    "'visit_end_date' is before 'visit_start_date'")),
            Optional.of("End dates before start dates are fixed upstream."),
            false);
    RuleResult check =
        new RuleResult(
            "check.expression",
            Optional.of("visit-type-known"),
            Severity.ERROR,
            1,
            List.of(
                new Problem(
                    "check.expression",
                    Severity.ERROR,
                    Location.of(DIR + "visit_occurrence.csv", 14),
                    Optional.empty(),
                    Optional.of(Location.of(CONTRACT_FILE, 130, 5)),
                    CHECK_MESSAGE)),
            Optional.empty(),
            false);
    return new FileResult(
        "visit_occurrence.csv",
        Optional.of("visit_occurrence"),
        FileStatus.FAILED,
        1_500,
        187_654,
        Optional.of("a1b2c3d4"),
        List.of(typeDate, foreignKey, dateOrder, check));
  }

  static FileResult missingObservation() {
    RuleResult missing =
        new RuleResult(
            "file.missing",
            Optional.empty(),
            Severity.ERROR,
            1,
            List.of(
                new Problem(
                    "file.missing",
                    Severity.ERROR,
                    Location.of(DIR + "observation.csv"),
                    Optional.empty(),
                    Optional.of(Location.of(CONTRACT_FILE, 120, 3)),
                    "table file 'observation.csv' is missing")),
            Optional.empty(),
            false);
    return new FileResult(
        "observation.csv",
        Optional.of("observation"),
        FileStatus.MISSING,
        0,
        0,
        Optional.empty(),
        List.of(missing));
  }

  static FileResult unknownNotes() {
    RuleResult unknown =
        new RuleResult(
            "file.unknown",
            Optional.empty(),
            Severity.WARNING,
            1,
            List.of(
                Problem.of(
                    Rule.FILE_UNKNOWN,
                    Severity.WARNING,
                    Location.of(DIR + "notes.txt"),
                    "'notes.txt' is not a file of the contract")),
            Optional.empty(),
            false);
    return new FileResult(
        "notes.txt",
        Optional.empty(),
        FileStatus.NOT_CHECKED,
        0,
        512,
        Optional.empty(),
        List.of(unknown));
  }

  static FileResult location() {
    return new FileResult(
        "location.csv",
        Optional.of("location"),
        FileStatus.PASSED,
        12,
        980,
        Optional.of("0c0ffee0"),
        List.of());
  }

  static Problem problem(
      String rule,
      Severity severity,
      String file,
      long line,
      int column,
      String field,
      int contractLine,
      String message) {
    return new Problem(
        rule,
        severity,
        Location.of(DIR + file, line, column),
        Optional.of(field),
        Optional.of(Location.of(CONTRACT_FILE, contractLine, 7)),
        message);
  }

  /** Every report, rendered from the fixture, by a name. */
  static Map<String, String> allReports(VerifyResult result) {
    return Map.of(
        "console",
        String.join(
            "\n", ConsoleReport.render(result, 3).stream().map(ConsoleReport.Line::text).toList()),
        JsonReportWriter.FILE_NAME,
        JsonReportWriter.render(result),
        HtmlReportWriter.FILE_NAME,
        HtmlReportWriter.render(result),
        JunitReportWriter.FILE_NAME,
        JunitReportWriter.render(result),
        "annotations",
        String.join("\n", GithubActions.annotations(result, 3)),
        "summary.md",
        GithubActions.summaryMarkdown(result),
        CodeQualityReportWriter.FILE_NAME,
        CodeQualityReportWriter.render(result, RepositoryPaths.asShown()));
  }
}
