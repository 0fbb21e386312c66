package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk in the middle of a rewrite: the run fails naming the file it could not write, no
 * scanning thread dies with a stack trace of its own, nothing is published, and the previous output
 * and the crosswalk stay as they were. The output lives on a 256 KB tmpfs, which needs root and
 * mount; elsewhere the test is skipped.
 */
class DiskFullTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  private Path small;
  private boolean mounted;
  private final List<Throwable> uncaught = new ArrayList<>();
  private Thread.UncaughtExceptionHandler previous;

  @BeforeEach
  void mount() throws Exception {
    small = dir.resolve("small");
    Files.createDirectories(small);
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString())
            .redirectErrorStream(true)
            .start();
    mounted = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
    Assumptions.assumeTrue(mounted, "a size-limited tmpfs needs root and mount");
    previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
  }

  @AfterEach
  void unmount() throws Exception {
    Thread.setDefaultUncaughtExceptionHandler(previous);
    if (mounted) {
      new ProcessBuilder("umount", small.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFullDiskFailsTheRunNamingTheFileAndPublishesNothing() throws Exception {
    DeidFixture f = new DeidFixture(dir.resolve("site"));
    StringBuilder persons = new StringBuilder(DeidFixture.PERSON_HEADER);
    for (int p = 0; p < 200; p++) {
      persons.append(100_000 + p).append(",1960,6,15,,\n");
    }
    f.file("person.csv", persons.toString());
    StringBuilder visits = new StringBuilder(DeidFixture.VISIT_HEADER);
    for (int v = 0; visits.length() < 6 << 20; v++) {
      visits.append(v).append(',').append(100_000 + v % 200);
      visits.append(",2016-03-12,2016-03-12T14:05:00-05:00,a note of some length\n");
    }
    f.file("visit.csv", visits.toString());
    Path output = small.resolve("export");
    DeidRequest base = f.request(AS_OF, RandomIds.secure());
    DeidRequest request =
        new DeidRequest(
            base.contract(),
            base.export(),
            output,
            base.crosswalk(),
            AS_OF,
            false,
            false,
            2,
            base.ids(),
            "test");

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new Deidentifier(org.ehrcontracts.engine.diagnostics.DiagnosticsListener.silent())
                    .deidentify(request));
    assertTrue(e.getMessage().startsWith("cannot write "), e.getMessage());
    assertTrue(e.getMessage().contains("visit.csv"), e.getMessage());
    assertFalse(e.getMessage().contains(f.export.toString()), "names the output, not the input");
    Thread.sleep(200);
    assertEquals(List.of(), uncaught, "no thread died on its own");
    assertFalse(Files.exists(output), "nothing published");
    assertFalse(Files.exists(f.crosswalk), "no crosswalk for an output that never appeared");
    try (Stream<Path> left = Files.list(small)) {
      assertEquals(
          List.of(".export.deid.lock"),
          left.map(p -> p.getFileName().toString()).toList(),
          "no temporary folder is left on the full disk");
    }
  }
}
