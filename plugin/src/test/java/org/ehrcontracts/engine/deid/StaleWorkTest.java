package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed run leaves beside the output (its temporary folder, with numbers that are in no
 * crosswalk) is removed by the next run, and said so; nothing else beside the output is touched.
 * Without forking, unlike {@link RunLockTest}, so that mutation testing runs it.
 */
class StaleWorkTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  @Test
  void onlyAKilledRunsTemporaryFolderIsRemovedAndTheRunSaysWhich() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.visits("1,100001,2016-02-29,,a\n");
    Path parent = f.output.getParent();
    Path stale = parent.resolve(".export.deid-1234abcd.tmp");
    Files.createDirectories(stale.resolve("export"));
    Files.writeString(stale.resolve("export/person.csv"), "person_id\n555555\n");
    // Look-alikes that are no run's temporary folder stay.
    Path notTmp = Files.createDirectories(parent.resolve(".export.deid-1234abcd.keep"));
    Path aFile = Files.writeString(parent.resolve(".export.deid-5678.tmp"), "mine");
    Path otherName = Files.createDirectories(parent.resolve(".other.deid-1234abcd.tmp"));
    List<String> progress = new CopyOnWriteArrayList<>();
    DiagnosticsListener listener =
        new DiagnosticsListener() {
          @Override
          public void problem(Problem problem) {}

          @Override
          public void progress(String message) {
            progress.add(message);
          }

          @Override
          public void debug(Supplier<String> message) {}
        };
    new Deidentifier(listener).deidentify(f.request(AS_OF, RandomIds.secure()));
    assertFalse(Files.exists(stale));
    assertTrue(Files.isDirectory(notTmp));
    assertEquals("mine", Files.readString(aFile));
    assertTrue(Files.isDirectory(otherName));
    assertTrue(Files.isRegularFile(f.output.resolve("person.csv")));
    assertEquals(
        List.of("  removed " + stale + ", left by a run that did not finish"),
        progress.stream().filter(l -> l.startsWith("  removed ")).toList());
  }
}
