package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.verify.Memory;
import org.ehrcontracts.engine.verify.NotEnoughMemoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The person map cannot spill to disk, so a map over the memory budget stops the run: during the
 * person pass, checked every 4,096 rows, and once more after the new ids are issued. In this JVM
 * (unlike {@link DeidNotEnoughMemoryTest}), so that mutation testing sees it.
 */
class PersonBudgetTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  private NotEnoughMemoryException refused(int persons, String budget) throws Exception {
    DeidFixture f = new DeidFixture(dir);
    StringBuilder rows = new StringBuilder();
    for (int p = 0; p < persons; p++) {
      rows.append(100_000 + p).append(",1950,6,15,,\n");
    }
    f.persons(rows.toString());
    f.visits("1,100000,2016-02-29,,a\n");
    DeidRequest request =
        f.request(AS_OF, RandomIds.secure()).withMemory(Memory.of(budget, Optional.empty()));
    NotEnoughMemoryException e = assertThrows(NotEnoughMemoryException.class, () -> f.run(request));
    assertFalse(Files.exists(f.output), "nothing is written");
    assertFalse(Files.exists(f.crosswalk), "no crosswalk is written");
    return e;
  }

  @Test
  void aMapOverTheBudgetStopsThePersonPassAtTheFirstCheckAfter4096Rows() throws Exception {
    // Checked before row 4,096 is added: the map then holds the 4,095 persons before it.
    NotEnoughMemoryException e = refused(5000, "64k");
    assertTrue(
        e.getMessage()
            .matches(
                "the person map \\(original to new ids: 4,095 persons, 0 MB\\) of"
                    + " export/person\\.csv need more than the memory budget \\(65,536 bytes\\),"
                    + " after 4,096 rows, and cannot spill to disk.*"),
        e.getMessage());
  }

  @Test
  void aSmallerPersonTableIsCheckedOnceItsIdsAreIssued() throws Exception {
    // 1,500 persons take about 32 KiB after the pass, within 40 KiB; the set of new ids issued
    // then brings the map to about 48 KiB, over it.
    NotEnoughMemoryException e = refused(1500, "40k");
    assertTrue(
        e.getMessage()
            .matches(
                "the person map \\(original to new ids: 1,500 persons, 0 MB\\) of"
                    + " export/person\\.csv need more than the memory budget \\(40,960 bytes\\),"
                    + " after 1,500 rows, and cannot spill to disk.*"),
        e.getMessage());
  }

  @Test
  void aCrosswalkOverTheBudgetIsRefusedBeforeThePersonTableIsRead() throws Exception {
    // Named as the crosswalk, with no rows read yet.
    DeidFixture f = new DeidFixture(dir);
    StringBuilder rows = new StringBuilder();
    for (int p = 0; p < 1500; p++) {
      rows.append(100_000 + p).append(",1950,6,15,,\n");
    }
    f.persons(rows.toString());
    f.visits("1,100000,2016-02-29,,a\n");
    f.run(AS_OF);
    DeidRequest again =
        f.request(AS_OF, RandomIds.secure()).withMemory(Memory.of("16k", Optional.empty()));
    NotEnoughMemoryException e = assertThrows(NotEnoughMemoryException.class, () -> f.run(again));
    assertTrue(
        e.getMessage()
            .matches(
                "the person map \\(original to new ids: 1,500 persons, 0 MB\\) of"
                    + " export\\.crosswalk\\.csv need more than the memory budget \\(16,384"
                    + " bytes\\), and cannot spill to disk.*"),
        e.getMessage());
  }

  @Test
  void theDebugLineGivesThePersonMapsSizeInKibibytes() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    StringBuilder rows = new StringBuilder();
    for (int p = 0; p < 1500; p++) {
      rows.append(100_000 + p).append(",1950,6,15,,\n");
    }
    f.persons(rows.toString());
    f.visits("1,100000,2016-02-29,,a\n");
    List<String> debug = new ArrayList<>();
    DiagnosticsListener listener =
        new DiagnosticsListener() {
          @Override
          public void problem(Problem problem) {}

          @Override
          public void progress(String message) {}

          @Override
          public void debug(Supplier<String> message) {
            debug.add(message.get());
          }
        };
    new Deidentifier(listener).deidentify(f.request(AS_OF, RandomIds.secure()));
    List<String> map = debug.stream().filter(l -> l.startsWith("person map: ")).toList();
    assertEquals(1, map.size(), String.join("\n", debug));
    Matcher m = Pattern.compile("person map: 1500 persons, (\\d+) KiB").matcher(map.get(0));
    assertTrue(m.matches(), map.get(0));
    // 1,500 pairs of longs take tens of KiB: not nothing, and far from a MiB.
    int kib = Integer.parseInt(m.group(1));
    assertTrue(kib >= 16 && kib < 1024, map.get(0));
  }
}
