package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractException;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.RowChange;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code table.row-change}: each table's rows against the last upload's receipt. */
class RowChangesTest {

  private static final Path LIMITS = RuleCasesTest.CASES.resolve("table.row-change/limits");
  private static final Path RULE_OFF = RuleCasesTest.CASES.resolve("table.row-change/rule-off");

  @TempDir Path temp;

  @Test
  void comparesEveryTableUploadedThenOrPresentNowInContractOrder() throws Exception {
    VerifyResult result = RuleCasesTest.run(LIMITS, Verifier.PART_BYTES).result();

    RowComparison comparison = result.previousUpload().orElseThrow();
    assertEquals("receipts/deploy.json", comparison.receipt());
    assertEquals("2026-09-30-v1", comparison.folder());
    assertEquals("2026-09-30T14:02:11.482Z", comparison.uploaded());
    // drug_exposure.csv was uploaded then but is no table of this contract: not compared.
    assertEquals(
        List.of(
            "person 4 -> 4 present 0.0 -",
            "measurement 10 -> 6 present -40.0 WARNING",
            "observation 2 -> 7 present 250.0 -",
            "condition_occurrence 5 -> 0 absent -100.0 ERROR",
            "procedure_occurrence - -> 1 present - -"),
        comparison.tables().stream().map(RowChangesTest::describe).toList());
  }

  @Test
  void aProblemMakesItsFileFailOrWarn() throws Exception {
    VerifyResult result = RuleCasesTest.run(LIMITS, Verifier.PART_BYTES).result();

    Map<String, FileStatus> statuses =
        result.files().stream().collect(Collectors.toMap(FileResult::file, FileResult::status));
    assertEquals(FileStatus.WARNINGS, statuses.get("measurement.csv"));
    assertEquals(FileStatus.MISSING, statuses.get("condition_occurrence.csv"));
    assertEquals(FileStatus.PASSED, statuses.get("observation.csv"));
    assertEquals(1, result.count(Severity.ERROR));
    assertEquals(1, result.count(Severity.WARNING));
  }

  @Test
  void theRuleTurnedOffStillShowsTheComparison() throws Exception {
    VerifyResult result = RuleCasesTest.run(RULE_OFF, Verifier.PART_BYTES).result();

    assertEquals(0, result.count(Severity.ERROR) + result.count(Severity.WARNING));
    RowComparison comparison = result.previousUpload().orElseThrow();
    assertEquals(
        "measurement 10 -> 6 present -40.0 -",
        describe(comparison.tables().get(1)),
        "compared, but no problem");
  }

  @Test
  void withoutAReceiptNothingIsCompared() throws Exception {
    Contract contract = load(LIMITS);
    VerifyResult result =
        new Verifier(DiagnosticsListener.silent())
            .verify(VerifyRequest.of(contract, LIMITS.resolve("export")));

    assertEquals(Optional.empty(), result.previousUpload());
    assertEquals(0, result.count(Severity.WARNING) + result.count(Severity.ERROR));
  }

  @Test
  void aLimitIsExceededOnlyBeyondItErrorsBeforeWarnings() {
    Location at = Location.of("contract.yaml", 3, 5);
    RowChange limits =
        new RowChange(
            Optional.of(new RowChange.Limit(30, at)),
            Optional.of(new RowChange.Limit(100, at)),
            Optional.of(new RowChange.Limit(90, at)),
            Optional.empty(),
            Optional.empty());

    assertEquals(Optional.empty(), RowChanges.judge(limits, -30));
    assertEquals(Severity.WARNING, RowChanges.judge(limits, -30.01).orElseThrow().severity());
    assertEquals(Severity.WARNING, RowChanges.judge(limits, -90).orElseThrow().severity());
    assertEquals(Severity.ERROR, RowChanges.judge(limits, -90.5).orElseThrow().severity());
    assertEquals(Optional.empty(), RowChanges.judge(limits, 100));
    assertEquals(Severity.WARNING, RowChanges.judge(limits, 1000).orElseThrow().severity());
    assertEquals(Optional.empty(), RowChanges.judge(limits, 0));
    assertEquals(Optional.empty(), RowChanges.judge(RowChange.NONE, -100));
  }

  @Test
  void aTablesOwnLimitsWinKeyByKeyAndAChildChangesItsParentsKeyByKey() throws Exception {
    Files.writeString(
        temp.resolve("parent.yaml"),
        """
        contract: parent
        version: 1.0.0
        rowChange:
          warning: { drop: 30, growth: 100 }
          error: { drop: 90 }
          note: the parent's
        tables:
          person:
            columns: [ { name: person_id, type: integer } ]
          measurement:
            columns: [ { name: measurement_id, type: integer } ]
        """);
    Files.writeString(
        temp.resolve("child.yaml"),
        """
        contract: child
        version: 1.0.0
        extends: parent.yaml
        rowChange:
          warning: { growth: 50 }
        tables:
          measurement:
            rowChange:
              error: { growth: 400 }
        """);
    Contract child =
        new ContractLoader(new StandardContractSource(temp, getClass().getClassLoader()))
            .load("child.yaml");

    RowChange person = child.rowChange().of("person");
    assertEquals(30.0, person.warningDrop().orElseThrow().percent(), "inherited");
    assertEquals(50.0, person.warningGrowth().orElseThrow().percent(), "the child's");
    assertEquals(90.0, person.errorDrop().orElseThrow().percent());
    assertEquals(Optional.empty(), person.errorGrowth());
    assertEquals(Optional.of("the parent's"), person.note());
    RowChange measurement = child.rowChange().of("measurement");
    assertEquals(400.0, measurement.errorGrowth().orElseThrow().percent(), "the table's own");
    assertEquals(50.0, measurement.warningGrowth().orElseThrow().percent());
    Location at = measurement.errorGrowth().orElseThrow().at();
    assertEquals(9, at.line(), "the limit's place in the child, for the problem to point at");
    assertTrue(at.file().endsWith("child.yaml"), at::toString);
  }

  @Test
  void aDropAbove100OrANegativeLimitIsAContractProblem() throws Exception {
    Files.writeString(
        temp.resolve("bad.yaml"),
        """
        contract: bad
        version: 1.0.0
        rowChange:
          warning: { drop: 130, growth: -5 }
        tables:
          person:
            columns: [ { name: person_id, type: integer } ]
        """);
    ContractException e =
        assertThrows(
            ContractException.class,
            () ->
                new ContractLoader(new StandardContractSource(temp, getClass().getClassLoader()))
                    .load("bad.yaml"));
    List<String> lines = e.problems().stream().map(p -> p.format()).toList();
    assertEquals(2, lines.size(), lines::toString);
    assertTrue(
        lines
            .get(0)
            .contains(
                "bad.yaml:4:20: error: rowChange drop is a percentage of the rows of the last upload, from 0 to 100 [contract.invalid-value]"),
        lines::toString);
    assertTrue(
        lines
            .get(1)
            .contains(
                "rowChange growth is a percentage of the rows of the last upload, 0 or more [contract.invalid-value]"),
        lines::toString);
  }

  @Test
  void percentagesReadAsPeopleWriteThem() {
    assertEquals("-40 %", RowComparison.percent(-40));
    assertEquals("+150 %", RowComparison.percent(150));
    assertEquals("-33.33 %", RowComparison.percent(-100.0 / 3));
    assertEquals("0 %", RowComparison.percent(0.001));
    assertEquals("-100 %", RowComparison.percent(-100));
  }

  private static Contract load(Path folder) throws Exception {
    return new ContractLoader(
            new StandardContractSource(folder, RowChangesTest.class.getClassLoader()))
        .load("contract.yaml");
  }

  private static String describe(RowComparison.TableChange change) {
    OptionalDouble percent = change.change();
    return change.table()
        + " "
        + (change.before().isPresent() ? String.valueOf(change.before().getAsLong()) : "-")
        + " -> "
        + change.after()
        + (change.present() ? " present " : " absent ")
        + (percent.isPresent() ? String.valueOf(percent.getAsDouble()) : "-")
        + " "
        + change.severity().map(Severity::name).orElse("-");
  }
}
