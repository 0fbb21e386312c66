package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.report.BaselineComparison;
import org.ehrcontracts.engine.report.BaselineComparison.Change;
import org.junit.jupiter.api.Test;

/** Where the failure message of failOn=new-error says the new errors are. */
class NewErrorsMessageTest {

  @Test
  void namesEachRuleAndFileWithNewErrorsOnly() {
    BaselineComparison comparison =
        new BaselineComparison(
            "main/verify.json",
            List.of(
                new Change(
                    "person.csv", "key.duplicate", Optional.empty(), Severity.ERROR, 0, 0, 1),
                new Change(
                    "visit_occurrence.csv",
                    "check.expression",
                    Optional.of("visit-within-a-year"),
                    Severity.ERROR,
                    1_204,
                    0,
                    0),
                new Change(
                    "person.csv", "value.length", Optional.empty(), Severity.WARNING, 3, 0, 0),
                new Change(
                    "measurement.csv", "type.date", Optional.empty(), Severity.ERROR, 2, 1, 0)));

    assertEquals(
        ": check.expression of check visit-within-a-year in visit_occurrence.csv (1,204),"
            + " type.date in measurement.csv (2)",
        VerifyMojo.newErrors(comparison));
  }

  @Test
  void showsFiveAndCountsTheRest() {
    List<Change> changes = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      changes.add(
          new Change("t" + i + ".csv", "type.date", Optional.empty(), Severity.ERROR, i, 0, 0));
    }
    assertEquals(
        ": type.date in t1.csv (1), type.date in t2.csv (2), type.date in t3.csv (3),"
            + " type.date in t4.csv (4), type.date in t5.csv (5) and 2 more",
        VerifyMojo.newErrors(new BaselineComparison("b", changes)));
    assertEquals("", VerifyMojo.newErrors(new BaselineComparison("b", List.of())));
  }
}
