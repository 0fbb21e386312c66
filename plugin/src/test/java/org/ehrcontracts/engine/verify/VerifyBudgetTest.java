package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What cannot spill is paid from the run's budget too: the person ids of the crosswalk that the
 * {@code deid.person-id} check reads, and the columns of one table that another table's checks read
 * ({@code person.year_of_birth}). Over the budget the run stops in words that name the file, what
 * needed the memory and the budget, and leaves no spill file; within it the results are what they
 * always were.
 */
class VerifyBudgetTest {

  /** Persons, and pairs of the crosswalk: sets of about 256 KB, four times the tiny budget. */
  private static final int PERSONS = 20_000;

  /**
   * Without a person section year_of_birth is not the persons' birth: their facts stay empty, and
   * what runs over the budget is the referenced column alone.
   */
  private static final String CONTRACT =
      """
      contract: budget-test
      version: 1.0.0
      dialect: { quoting: optional, lineEnding: any }
      deidentification:
        dates: { columns: all }
        personIds: { replacement: random, crosswalk: persistent, digits: 6 }
      tables:
        person:
          primaryKey: [ person_id ]
          columns:
            - { name: person_id, type: integer, required: true }
            - { name: year_of_birth, type: integer }
        measurement:
          primaryKey: [ measurement_id ]
          columns:
            - { name: measurement_id, type: integer, required: true }
            - { name: person_id, type: integer, required: true, references: person.person_id }
            - { name: measurement_date, type: date }
          checks:
            - id: measurement.after-birth-year
              assert: year(measurement_date) >= person.year_of_birth
      """;

  @TempDir Path dir;
  private Path export;
  private Path crosswalk;
  private Path spill;
  private Contract contract;

  @BeforeEach
  void export() throws Exception {
    Files.writeString(dir.resolve("contract.yaml"), CONTRACT);
    contract =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
            .load("contract.yaml");
    export = Files.createDirectories(dir.resolve("export"));
    spill = dir.resolve("spill");
    // New ids 500001 to 520000, born 1950 to 1989; the crosswalk pairs them with 1 to 20000.
    StringBuilder persons = new StringBuilder("person_id,year_of_birth\n");
    StringBuilder pairs = new StringBuilder("original_id,new_id\n");
    for (int p = 1; p <= PERSONS; p++) {
      persons.append(500_000 + p).append(',').append(1950 + p % 40).append('\n');
      pairs.append(p).append(',').append(500_000 + p).append('\n');
    }
    Files.writeString(export.resolve("person.csv"), persons);
    crosswalk = dir.resolve("private").resolve("export.crosswalk.csv");
    Files.createDirectories(crosswalk.getParent());
    Files.writeString(crosswalk, pairs);
    // Line 3: measured in 1940, before its person's birth in 1951. Line 5: an original id (3),
    // which has no person row either. Line 6: before its person's birth in 1989.
    Files.writeString(
        export.resolve("measurement.csv"),
        """
        measurement_id,person_id,measurement_date
        1,500002,2010-01-01
        2,500001,1940-01-01
        3,500039,2010-01-01
        4,3,2010-01-01
        5,500039,1988-01-01
        """);
  }

  private VerifyRequest request(boolean deidentified) {
    return new VerifyRequest(
        contract,
        export,
        LocalDate.of(2024, 1, 1),
        deidentified,
        2,
        100,
        Set.of(),
        Set.of(),
        "test",
        Optional.of(crosswalk));
  }

  private static Memory tiny(Path spill) {
    return new Memory(64 << 10, "64k", Optional.of(spill));
  }

  private static void assertRefusedOverBudget(NotEnoughMemoryException e, String file) {
    assertEquals(file, e.file());
    assertTrue(e.overBudget(), e.getMessage());
    assertEquals(64 << 10, e.budget().orElseThrow().budgetBytes());
    assertTrue(e.rows() > 0 && e.rows() <= PERSONS, "rows " + e.rows());
    // Counts are written with separators: four digits in a row would be an id or a year.
    assertFalse(e.getMessage().matches("(?s).*[0-9]{4}.*"), e.getMessage());
  }

  @Test
  void crosswalkIdsOverTheBudgetAreRefusedBeforeAnyFileIsRead() throws Exception {
    NotEnoughMemoryException e =
        assertThrows(
            NotEnoughMemoryException.class,
            () ->
                new Verifier(DiagnosticsListener.silent())
                    .verify(request(true).withMemory(tiny(spill))));
    assertRefusedOverBudget(e, "export.crosswalk.csv");
    assertTrue(
        e.getMessage()
            .matches(
                "the new and original person ids \\(for the deid\\.person-id check, 0 MB\\) of"
                    + " export\\.crosswalk\\.csv need more than the memory budget \\(65,536"
                    + " bytes\\), after [0-9,]+ rows, and cannot spill to disk"),
        e.getMessage());
    assertFalse(Files.exists(spill), "a spill folder was made");
  }

  @Test
  void withinTheBudgetCrosswalkIdsProveThePersonReferencesAsBefore() throws Exception {
    VerifyResult result = new Verifier(DiagnosticsListener.silent()).verify(request(true));
    List<Problem> found = samples(result, "measurement.csv", "deid.person-id");
    assertEquals(1, found.size(), found.toString());
    assertEquals(5, found.get(0).at().line());
    assertEquals(
        "column 'person_id' holds an original person id, not the new id the crosswalk gives it",
        found.get(0).message());
  }

  @Test
  void aReferencedColumnOverTheBudgetIsRefusedWhereItIsRead() throws Exception {
    NotEnoughMemoryException e =
        assertThrows(
            NotEnoughMemoryException.class,
            () ->
                new Verifier(DiagnosticsListener.silent())
                    .verify(request(false).withMemory(tiny(spill))));
    assertKeptRefused(e);
  }

  @Test
  void aReferencedColumnOverTheBudgetIsRefusedWhenItsPartsAreMerged() throws Exception {
    // Parts of about 4 KB: each part's map fits, the file's does not.
    NotEnoughMemoryException e =
        assertThrows(
            NotEnoughMemoryException.class,
            () ->
                new Verifier(DiagnosticsListener.silent(), 4096)
                    .verify(request(false).withMemory(tiny(spill))));
    assertKeptRefused(e);
  }

  private void assertKeptRefused(NotEnoughMemoryException e) throws IOException {
    assertRefusedOverBudget(e, "export/person.csv");
    assertTrue(
        e.getMessage()
            .matches(
                "the values of person\\.year_of_birth that other tables' checks read \\([0-9,]+"
                    + " kept, 0 MB\\) of export/person\\.csv need more than the memory budget"
                    + " \\(65,536 bytes\\), after [0-9,]+ rows, and cannot spill to disk"),
        e.getMessage());
    if (Files.exists(spill)) {
      try (Stream<Path> left = Files.walk(spill)) {
        assertEquals(List.of(spill), left.toList(), "spill files were left");
      }
    }
  }

  @Test
  void withinTheBudgetAReferencedColumnIsReadAsBefore() throws Exception {
    for (long partBytes : new long[] {Verifier.PART_BYTES, 4096}) {
      VerifyResult result =
          new Verifier(DiagnosticsListener.silent(), partBytes).verify(request(false));
      List<Problem> found = samples(result, "measurement.csv", "measurement.after-birth-year");
      assertEquals(
          List.of(3L, 6L),
          found.stream().map(p -> p.at().line()).toList(),
          "parts of " + partBytes + " bytes");
    }
  }

  /** The samples of a rule, or of a check by its id, in a file's results. */
  private static List<Problem> samples(VerifyResult result, String file, String ruleOrCheck) {
    FileResult found =
        result.files().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
    return found.rules().stream()
        .filter(r -> r.rule().equals(ruleOrCheck) || r.check().orElse("").equals(ruleOrCheck))
        .flatMap(r -> r.samples().stream())
        .toList();
  }
}
