package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ehrcontracts.engine.verify.Memory;
import org.ehrcontracts.engine.verify.NotEnoughMemoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sets of the rewrite that grow with the rows (the ids of persons the person table lacks, the
 * keys of dropped rows that later tables' rows refer to) are paid from the budget the person map
 * uses: over it, the run stops in words that name the file, what needed the memory and the budget,
 * and publishes nothing; within it, the run's results are what they always were.
 */
class DeidBudgetTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  /** Enough rows for sets of about 256 KB: four times the tiny budget. */
  private static final int ROWS = 20_000;

  private static final Memory TINY = new Memory(64 << 10, "64k", Optional.empty());

  @TempDir Path dir;

  /** Two persons; observations of {@link #ROWS} persons the person table lacks, one row each. */
  private DeidFixture unknownPersons() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n");
    f.visits("1,100001,2017-01-05,,a\n");
    StringBuilder rows = new StringBuilder();
    rows.append("1,100001,1,2017-01-05\n");
    for (int i = 0; i < ROWS; i++) {
      rows.append(i + 2).append(',').append(300_000 + i).append(",,2017-01-05\n");
    }
    f.observations(rows.toString());
    return f;
  }

  /**
   * A person over the age limit with {@link #ROWS} visits, all dropped with them, and three
   * observations of a kept person that point at three of those visits.
   */
  private DeidFixture droppedVisits() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1930,6,15,,\n", "100002,1960,1,2,,\n");
    StringBuilder visits = new StringBuilder();
    for (int v = 1; v <= ROWS; v++) {
      visits.append(v).append(",100001,2017-01-05,,old\n");
    }
    visits.append(ROWS + 1).append(",100002,2017-01-05,,young\n");
    f.visits(visits.toString());
    f.observations(
        "1,100002,5,2017-01-05\n",
        "2,100002,500,2017-01-05\n",
        "3,100002," + ROWS + ",2017-01-05\n",
        "4,100002," + (ROWS + 1) + ",2017-01-05\n");
    return f;
  }

  private static NotEnoughMemoryException refused(DeidFixture f) throws Exception {
    DeidRequest request = f.request(AS_OF, RandomIds.secure()).withMemory(TINY);
    return assertThrows(NotEnoughMemoryException.class, () -> f.run(request));
  }

  @Test
  void theIdsOfUnknownPersonsOverTheBudgetAreRefusedAndNothingIsPublished() throws Exception {
    DeidFixture f = unknownPersons();
    NotEnoughMemoryException e = refused(f);
    assertEquals("export/observation.csv", e.file());
    assertTrue(e.overBudget());
    assertEquals(64 << 10, e.budget().orElseThrow().budgetBytes());
    assertTrue(e.rows() > 0 && e.rows() <= ROWS + 1, "rows " + e.rows());
    assertTrue(
        e.getMessage()
            .matches(
                "the ids of persons the person table lacks \\(counted for the report: [0-9,]+ ids,"
                    + " 0 MB\\) of export/observation\\.csv need more than the memory budget"
                    + " \\(65,536 bytes\\), after [0-9,]+ rows, and cannot spill to disk"),
        e.getMessage());
    // Counts are written with separators: four digits in a row would be an id.
    assertFalse(e.getMessage().matches("(?s).*[0-9]{4}.*"), e.getMessage());
    assertNothingPublished(f);
  }

  @Test
  void theKeysOfDroppedRowsOverTheBudgetAreRefusedAndNothingIsPublished() throws Exception {
    DeidFixture f = droppedVisits();
    NotEnoughMemoryException e = refused(f);
    assertEquals("export/visit.csv", e.file());
    assertTrue(e.overBudget());
    assertEquals(64 << 10, e.budget().orElseThrow().budgetBytes());
    assertTrue(e.rows() > 0 && e.rows() <= ROWS, "rows " + e.rows());
    assertTrue(
        e.getMessage()
            .matches(
                "the keys of dropped rows \\(visit\\.visit_id, so that the rows that refer to them"
                    + " go too: [0-9,]+ keys, 0 MB\\) of export/visit\\.csv need more than the"
                    + " memory budget \\(65,536 bytes\\), after [0-9,]+ rows, and cannot spill to"
                    + " disk"),
        e.getMessage());
    assertNothingPublished(f);
  }

  @Test
  void withinTheBudgetUnknownPersonsAreCountedAsBefore() throws Exception {
    DeidFixture f = unknownPersons();
    DeidResult result = f.run(f.request(AS_OF, RandomIds.secure()).withMemory(Memory.defaults()));
    assertEquals(ROWS, result.persons().unknownReferenced());
    DeidResult.FileStats observations = result.files().get(2);
    assertEquals("observation.csv", observations.file());
    assertEquals(ROWS + 1, observations.rowsIn());
    assertEquals(1, observations.rowsOut());
    assertEquals(ROWS, observations.removedUnlinked());
    List<String> lines = f.outLines("observation.csv");
    assertEquals(3, lines.size(), "the header, one row and the end of the file: " + lines);
    assertTrue(lines.get(1).startsWith("1,"), lines.get(1));
  }

  @Test
  void withinTheBudgetRowsThatReferToDroppedRowsGoAsBefore() throws Exception {
    DeidFixture f = droppedVisits();
    DeidResult result = f.run(f.request(AS_OF, RandomIds.secure()).withMemory(Memory.defaults()));
    DeidResult.FileStats visits = result.files().get(1);
    assertEquals(ROWS, visits.removedWithPersons());
    assertEquals(1, visits.rowsOut());
    DeidResult.FileStats observations = result.files().get(2);
    assertEquals(3, observations.removedCascade());
    assertEquals(1, observations.rowsOut());
    List<String> lines = f.outLines("observation.csv");
    assertTrue(lines.get(1).startsWith("4,"), lines.get(1));
  }

  @Test
  void theCheckOfTheOutputHasTheBudgetThePersonMapLeftWhenItWasWritten() throws Exception {
    // The map of 3,000 persons (about 100 KB), and what the check of the output holds (the
    // crosswalk's ids, the persons' years of birth, the visits' days) fit 640 KB one after the
    // other, not side by side: the map is let go once the crosswalk it becomes is written. (The
    // check of the input, without a crosswalk, fits it too.)
    Path export = dir.resolve("alpha");
    org.ehrcontracts.testing.SyntheticAlphaExport.builder()
        .persons(3_000)
        .seed(7)
        .build()
        .writeTo(export);
    Path crosswalk = dir.resolve("private/alpha.crosswalk.csv");
    DeidRequest request =
        DeidRequest.of(
                new org.ehrcontracts.engine.contract.ContractLoader(
                        new org.ehrcontracts.engine.contract.StandardContractSource(
                            dir, getClass().getClassLoader()))
                    .load("aou-ehr-alpha"),
                export,
                dir.resolve("out/alpha"),
                crosswalk)
            .withAsOf(org.ehrcontracts.testing.SyntheticAlphaExport.REFERENCE_DATE)
            .withMemory(new Memory(640 << 10, "640k", Optional.of(dir.resolve("spill"))));
    DeidResult result =
        new Deidentifier(org.ehrcontracts.engine.diagnostics.DiagnosticsListener.silent())
            .deidentify(request);
    assertTrue(result.verification().isPresent());
    assertEquals(
        result.persons().kept(),
        Files.readAllLines(crosswalk).size() - 1,
        "the crosswalk published is the one the output was proven against");
    assertTrue(Files.isDirectory(dir.resolve("out/alpha")));
  }

  /** No output, no crosswalk, no temporary folder: only the lock file is left. */
  private static void assertNothingPublished(DeidFixture f) throws Exception {
    assertFalse(Files.exists(f.output), "the output was published");
    assertFalse(Files.exists(f.crosswalk), "the crosswalk was written");
    Path parent = f.output.getParent();
    if (Files.exists(parent)) {
      try (Stream<Path> left = Files.list(parent)) {
        List<String> names =
            left.map(p -> p.getFileName().toString())
                .filter(n -> !n.endsWith(".deid.lock"))
                .toList();
        assertEquals(List.of(), names, "left in the output's folder");
      }
    }
    Path crosswalks = f.crosswalk.getParent();
    if (Files.exists(crosswalks)) {
      try (Stream<Path> left = Files.list(crosswalks)) {
        List<String> names =
            left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList();
        assertEquals(List.of(), names, "left beside the crosswalk");
      }
    }
  }
}
