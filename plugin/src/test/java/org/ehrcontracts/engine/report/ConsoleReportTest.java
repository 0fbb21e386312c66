package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.report.ConsoleReport.Line;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.junit.jupiter.api.Test;

class ConsoleReportTest {

  private static final String VISITS = "exports/alpha-2017-12/visit_occurrence.csv";

  @Test
  void smallResultRendersExactly() {
    FileResult visits =
        new FileResult(
            "visit_occurrence.csv",
            Optional.of("visit_occurrence"),
            FileStatus.FAILED,
            12_345,
            1_000_000,
            Optional.of("a1b2c3d4"),
            List.of(
                new RuleResult(
                    "type.date",
                    Optional.empty(),
                    Severity.ERROR,
                    4,
                    ReportFixture.visits().rules().get(0).samples().subList(0, 2),
                    Optional.empty(),
                    false)));
    FileResult missing =
        new FileResult(
            "note.csv", Optional.of("note"), FileStatus.ABSENT, 0, 0, Optional.empty(), List.of());

    List<Line> lines =
        ConsoleReport.render(
            ReportFixture.result(List.of(visits, missing), Duration.ofMillis(340)), 1);

    assertEquals(
        List.of(
            new Line(
                Severity.ERROR,
                VISITS
                    + ":3:4: error: 'visit_start_date' is not a date in yyyy-MM-dd"
                    + " (value shaped 9999-99-99) [type.date] (contract aou-ehr-alpha.yaml:88:7)"),
            new Line(Severity.ERROR, VISITS + ": ... and 3 more [type.date]"),
            Line.info(
                "  visit_occurrence.csv  12,345 rows   4 errors   0 warnings   0 infos   FAILED"),
            Line.info(
                "  note.csv                   0 rows   0 errors   0 warnings   0 infos   ABSENT"),
            Line.info(
                "Export alpha-2017-12: 1 file, 12,345 rows, 4 errors, 0 warnings in 0.3 s"
                    + " (contract aou-ehr-alpha 1.2.0)")),
        lines);
  }

  @Test
  void fixtureRendersExactlyErrorsFirst() {
    String dir = ReportFixture.DIR;
    List<String> expected =
        List.of(
            "ERROR "
                + dir
                + "visit_occurrence.csv:3:4: error: 'visit_start_date' is not a date in"
                + " yyyy-MM-dd (value shaped 9999-99-99) [type.date]"
                + " (contract aou-ehr-alpha.yaml:88:7)",
            "ERROR "
                + dir
                + "visit_occurrence.csv:5:4: error: 'visit_start_date' is not a date in"
                + " yyyy-MM-dd (value shaped 9999-99-99) [type.date]"
                + " (contract aou-ehr-alpha.yaml:88:7)",
            "ERROR "
                + dir
                + "visit_occurrence.csv:8:4: error: 'visit_start_date' is not a date in"
                + " yyyy-MM-dd (value shaped 9999-99-99) [type.date]"
                + " (contract aou-ehr-alpha.yaml:88:7)",
            "ERROR " + dir + "visit_occurrence.csv: ... and 1,231 more [type.date]",
            "ERROR "
                + dir
                + "visit_occurrence.csv:9:2: error: 'person_id' refers to a person that"
                + " person.csv lacks [key.foreign] (contract aou-ehr-alpha.yaml:90:7)",
            "ERROR "
                + dir
                + "visit_occurrence.csv:14: error: check \"visit type known\" failed:"
                + " </script><script>alert(1)</script> & more\\nsecond line [check.expression]"
                + " (contract aou-ehr-alpha.yaml:130:5)",
            "ERROR "
                + dir
                + "observation.csv: error: table file 'observation.csv' is missing"
                + " [file.missing] (contract aou-ehr-alpha.yaml:120:3)",
            "WARNING "
                + dir
                + "visit_occurrence.csv:11:6: warning: 'visit_end_date' is before"
                + " 'visit_start_date' [plausibility.date-order] (contract aou-ehr-alpha.yaml:95:7)",
            "WARNING "
                + dir
                + "visit_occurrence.csv:17:6: warning: 'visit_end_date' is before"
                + " 'visit_start_date' [plausibility.date-order] (contract aou-ehr-alpha.yaml:95:7)",
            "WARNING "
                + dir
                + "notes.txt: warning: 'notes.txt' is not a file of the contract"
                + " [file.unknown]",
            "INFO "
                + dir
                + "person.csv:7:3: info: 'year_of_birth' is before 1910"
                + " [plausibility.birth-year] (contract aou-ehr-alpha.yaml:41:7)",
            "INFO "
                + dir
                + "person.csv:31:3: info: 'year_of_birth' is before 1910"
                + " [plausibility.birth-year] (contract aou-ehr-alpha.yaml:41:7)",
            "-   person.csv               40 rows       0 errors   0 warnings   2 infos   PASSED",
            "-   visit_occurrence.csv  1,500 rows   1,236 errors   2 warnings   0 infos   FAILED",
            "-   observation.csv           0 rows       1 errors   0 warnings   0 infos   MISSING",
            "-   notes.txt                 0 rows       0 errors   1 warnings   0 infos   NOT CHECKED",
            "-   location.csv             12 rows       0 errors   0 warnings   0 infos   PASSED",
            "- Export alpha-2017-12: 4 files, 1,552 rows, 1,237 errors, 3 warnings in 1.2 s"
                + " (contract aou-ehr-alpha 1.2.0)");

    List<String> actual =
        ConsoleReport.render(ReportFixture.result(), 3).stream()
            .map(l -> (l.level() == null ? "-" : l.level().name()) + " " + l.text())
            .toList();

    assertEquals(expected, actual);
  }

  @Test
  void capOfZeroShowsOnlyCounts() {
    List<Line> lines =
        ConsoleReport.render(
            ReportFixture.result(List.of(ReportFixture.visits()), Duration.ofSeconds(75)), 0);

    assertEquals(
        List.of(
            new Line(Severity.ERROR, VISITS + ": 1,234 problems [type.date]"),
            new Line(Severity.ERROR, VISITS + ": 1 problem [key.foreign]"),
            new Line(
                Severity.ERROR,
                VISITS + ": 1 problem of check visit-type-known [check.expression]"),
            new Line(Severity.WARNING, VISITS + ": 2 problems [plausibility.date-order]")),
        lines.subList(0, 4));
    assertEquals(
        "Export alpha-2017-12: 1 file, 1,500 rows, 1,236 errors, 2 warnings in 1 min 15 s"
            + " (contract aou-ehr-alpha 1.2.0)",
        lines.get(lines.size() - 1).text());
  }
}
