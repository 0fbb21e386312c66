package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guards the health-data rule: reports show what the model holds and add nothing, so a cell value
 * that reached the engine only as its redacted shape reaches no report.
 */
class ReportsHealthDataTest {

  @Test
  void noReportHoldsTheCellValueOnlyItsShape() {
    Map<String, String> reports = ReportFixture.allReports(ReportFixture.result());

    reports.forEach(
        (name, report) -> {
          assertFalse(report.contains(ReportFixture.CELL_VALUE), name);
          // The job summary shows counts only, no messages.
          assertTrue(name.equals("summary.md") || report.contains("9999-99-99"), name);
        });
  }
}
