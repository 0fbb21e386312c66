package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the verification of a de-identified output means for the run (issue 14): which results are
 * the tool's defect, which are the policy's disagreement with the contract's other rules, and which
 * the input already had, by the rule ids the failure names.
 */
class OutputVerificationTest {

  @TempDir Path dir;

  private static RuleResult rule(String id, Severity severity, long count) {
    return new RuleResult(
        id, Optional.empty(), severity, count, List.of(), Optional.empty(), count == 0);
  }

  private static RuleResult check(String name, long count) {
    return new RuleResult(
        Rule.CHECK_EXPRESSION.id(),
        Optional.of(name),
        Severity.ERROR,
        count,
        List.of(),
        Optional.empty(),
        count == 0);
  }

  private static FileResult file(String name, RuleResult... rules) {
    return new FileResult(
        name, Optional.of(name), FileStatus.FAILED, 10, 100, Optional.empty(), List.of(rules));
  }

  private static VerifyResult result(FileResult... files) {
    return new VerifyResult(
        "deid-test",
        "1.0.0",
        "0".repeat(64),
        List.of(),
        "export",
        Path.of("export"),
        "test",
        Instant.parse("2026-12-01T00:00:00Z"),
        Duration.ofSeconds(1),
        true,
        List.of(files));
  }

  private static OutputRejectedException rejected(
      Optional<VerifyResult> input, VerifyResult output, Set<String> notWritten) {
    return assertThrows(
        OutputRejectedException.class, () -> OutputVerification.judge(input, output, notWritten));
  }

  @Test
  void aDeidRuleWithAnyCountIsADefectAndOneWithNoneIsNot() {
    OutputRejectedException e =
        rejected(
            Optional.empty(),
            result(
                file(
                    "person.csv",
                    rule("deid.age-limit", Severity.ERROR, 1),
                    rule("deid.offset", Severity.ERROR, 0))),
            Set.of());
    assertTrue(e.defect());
    assertEquals(List.of("deid.age-limit"), e.rules());
    assertDoesNotThrow(
        () ->
            OutputVerification.judge(
                Optional.empty(),
                result(file("person.csv", rule("deid.age-limit", Severity.ERROR, 0))),
                Set.of()));
  }

  @Test
  void newErrorsOfTheFileCsvHeaderTypeAndForeignKeyRulesAreDefects() {
    for (String id :
        List.of(
            Rule.CSV_ROW_WIDTH.id(),
            Rule.HEADER_ORDER.id(),
            Rule.FILE_EMPTY.id(),
            Rule.TYPE_DATE.id(),
            Rule.KEY_FOREIGN.id())) {
      OutputRejectedException e =
          rejected(
              Optional.empty(), result(file("visit.csv", rule(id, Severity.ERROR, 2))), Set.of());
      assertTrue(e.defect(), id);
      assertEquals(List.of(id), e.rules());
    }
  }

  @Test
  void newErrorsOfOtherRulesAreTheContractsDisagreementNamedByCheck() {
    OutputRejectedException e =
        rejected(
            Optional.empty(),
            result(
                file(
                    "visit.csv",
                    rule(Rule.VALUE_RANGE.id(), Severity.ERROR, 1),
                    check("start-after-2000", 3),
                    rule(Rule.KEY_DUPLICATE.id(), Severity.WARNING, 5))),
            Set.of());
    assertFalse(e.defect());
    assertEquals(List.of("start-after-2000", "value.range"), e.rules());
  }

  @Test
  void errorsTheInputAlreadyHadInTheSameFileDoNotCountUnlessTheyGrew() {
    VerifyResult input =
        result(
            file("visit.csv", rule(Rule.VALUE_RANGE.id(), Severity.ERROR, 2), check("c", 4)),
            file("other.csv", rule(Rule.VALUE_REQUIRED.id(), Severity.ERROR, 9)));
    // The same counts, or fewer: nothing new. (The input failed, so contradictions are allowed.)
    assertDoesNotThrow(
        () ->
            OutputVerification.judge(
                Optional.of(input),
                result(
                    file(
                        "visit.csv",
                        rule(Rule.VALUE_RANGE.id(), Severity.ERROR, 2),
                        check("c", 3))),
                Set.of()));
    // More row-width errors than the input had: the rewrite broke rows.
    VerifyResult widths =
        result(file("visit.csv", rule(Rule.CSV_ROW_WIDTH.id(), Severity.ERROR, 3)));
    VerifyResult inputWidths =
        result(file("visit.csv", rule(Rule.CSV_ROW_WIDTH.id(), Severity.ERROR, 2)));
    OutputRejectedException e = rejected(Optional.of(inputWidths), widths, Set.of());
    assertTrue(e.defect());
    assertEquals(List.of("csv.row-width"), e.rules());
    // The same count in the input: not new.
    assertDoesNotThrow(() -> OutputVerification.judge(Optional.of(widths), widths, Set.of()));
    // A count the input had in another file does not excuse this one.
    VerifyResult elsewhere =
        result(file("other.csv", rule(Rule.CSV_ROW_WIDTH.id(), Severity.ERROR, 5)));
    assertTrue(rejected(Optional.of(elsewhere), widths, Set.of()).defect());
    // A warning in the input is no error the output may keep.
    VerifyResult warned =
        result(file("visit.csv", rule(Rule.CSV_ROW_WIDTH.id(), Severity.WARNING, 5)));
    assertTrue(rejected(Optional.of(warned), widths, Set.of()).defect());
  }

  @Test
  void aContradictionFailsTheRunOnlyWhenTheInputWasClean() {
    VerifyResult output = result(file("visit.csv", check("start-after-2000", 1)));
    VerifyResult clean = result(file("visit.csv", check("start-after-2000", 0)));
    OutputRejectedException e = rejected(Optional.of(clean), output, Set.of());
    assertFalse(e.defect());
    assertEquals(List.of("start-after-2000"), e.rules());
    assertEquals(output, e.verification());
    // Not verified at all: taken as clean.
    assertFalse(rejected(Optional.empty(), output, Set.of()).defect());
    // An input with an error anywhere: the policy cannot be blamed for the output's.
    VerifyResult failed =
        result(
            file("visit.csv", check("start-after-2000", 0)),
            file("person.csv", rule(Rule.VALUE_REQUIRED.id(), Severity.ERROR, 1)));
    assertDoesNotThrow(() -> OutputVerification.judge(Optional.of(failed), output, Set.of()));
    // Warnings alone do not make an input failed.
    VerifyResult warned =
        result(file("person.csv", rule(Rule.KEY_DUPLICATE.id(), Severity.WARNING, 1)));
    assertFalse(rejected(Optional.of(warned), output, Set.of()).defect());
  }

  @Test
  void aFileLeftOutByDecisionIsNoDefectButAMissingRequiredOneIsAContradiction() {
    VerifyResult output =
        result(file("person.csv", rule(Rule.FILE_MISSING.id(), Severity.ERROR, 1)));
    // Left out on purpose (its header could not be trusted), and required: the contract says it
    // must be there.
    OutputRejectedException e = rejected(Optional.empty(), output, Set.of("person.csv"));
    assertFalse(e.defect());
    assertEquals(List.of("file.missing"), e.rules());
    // Left out on purpose and only a warning: fine.
    assertDoesNotThrow(
        () ->
            OutputVerification.judge(
                Optional.empty(),
                result(file("note.csv", rule(Rule.FILE_MISSING.id(), Severity.WARNING, 1))),
                Set.of("note.csv")));
    // Missing without a decision: the rewrite lost it.
    assertTrue(rejected(Optional.empty(), output, Set.of("visit.csv")).defect());
  }

  @Test
  void anInputRejectionCountsTheInputsErrors() {
    assertEquals(
        "the export export has 1 error against contract deid-test 1.0.0",
        new InputRejectedException(
                result(file("visit.csv", rule(Rule.VALUE_RANGE.id(), Severity.ERROR, 1))))
            .getMessage());
    assertEquals(
        "the export export has 3 errors against contract deid-test 1.0.0",
        new InputRejectedException(
                result(
                    file("visit.csv", rule(Rule.VALUE_RANGE.id(), Severity.ERROR, 2)),
                    file("person.csv", check("c", 1), rule("key.duplicate", Severity.WARNING, 4))))
            .getMessage());
  }

  @Test
  void theOutputsCheckSkipsMetricTargetsAndTheInputsSkipsNothing() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    DeidRequest request =
        DeidRequest.of(f.loadContract(), dir, dir.resolve("out"), dir.resolve("cw.csv"));
    VerifyRequest output = OutputVerification.verifyRequest(request, dir.resolve("staged"), true);
    VerifyRequest input = OutputVerification.verifyRequest(request, dir, false);
    assertEquals(Set.of("metric"), output.skipRules());
    assertEquals(Set.of(), input.skipRules());
    assertTrue(output.deidentified());
    assertFalse(input.deidentified());
    assertEquals(dir.resolve("staged"), output.export());
  }
}
