package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.verify.Memory;
import org.ehrcontracts.engine.verify.NotEnoughMemoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing the crosswalk sorts the original ids, 8 bytes a person, paid beside the person map. */
class CrosswalkBudgetTest {

  @TempDir Path dir;

  private static PersonMap persons(int count) throws Exception {
    PersonMap persons = new PersonMap();
    for (int i = count; i >= 1; i--) {
      persons.addPerson(1000 + 3L * i, false);
    }
    int[] next = {0};
    persons.issue((min, max) -> min + next[0]++, 7);
    return persons;
  }

  private static PersonMap.Budget budget(PersonMap persons, long bytes) {
    PersonMap.Budget budget = new PersonMap.Budget(new Memory(bytes, "test", Optional.empty()));
    budget.check(
        persons, "export/person.csv", persons.pairs()); // the map's bytes, as a run has them
    return budget;
  }

  @Test
  void theSortedIdsFitBesideTheMapOrTheWriteIsRefused() throws Exception {
    PersonMap persons = persons(500);
    long map = persons.bytes();
    Path file = dir.resolve("crosswalk.csv");

    NotEnoughMemoryException refused =
        assertThrows(
            NotEnoughMemoryException.class,
            () -> CrosswalkFile.write(file, persons, budget(persons, map + 8 * 500 - 1)));
    assertTrue(
        refused
            .getMessage()
            .contains("the crosswalk's original ids, sorted to be written (500 persons, 0 MB)"),
        refused.getMessage());
    assertEquals(file.toString(), refused.file());
    assertFalse(Files.exists(file));
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "no temporary file is left");
    }

    PersonMap.Budget enough = budget(persons, map + 8 * 500);
    CrosswalkFile.write(file, persons, enough);
    List<String> lines = Files.readAllLines(file);
    assertEquals(501, lines.size());
    // Sorted by original id, each with the id the map issued; the sorted ids' bytes are given back.
    assertEquals("1003," + persons.idOf(1003), lines.get(1));
    assertEquals("2500," + persons.idOf(2500), lines.get(500));
    assertTrue(enough.reserve(8 * 500), "the bytes are given back after the write");
  }
}
