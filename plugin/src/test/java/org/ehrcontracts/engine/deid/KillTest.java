package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A de-identification killed with SIGKILL in the middle of its rewrite, in a process of its own:
 * the input, the previous output and the crosswalk are as they were, and the next run removes what
 * the killed one left and succeeds.
 */
class KillTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  @Test
  void aKilledRunLosesNothingAndTheNextOneCleansUp() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n");
    f.visits("1,100001,2016-02-29,,a\n");
    f.run(AS_OF);
    byte[] output = Files.readAllBytes(f.output.resolve("visit.csv"));
    byte[] crosswalk = Files.readAllBytes(f.crosswalk);

    // A new quarter, large enough that its rewrite takes a while.
    StringBuilder persons = new StringBuilder(DeidFixture.PERSON_HEADER);
    for (int p = 0; p < 20_000; p++) {
      persons.append(100_000 + p).append(",1960,6,15,,\n");
    }
    f.file("person.csv", persons.toString());
    StringBuilder visits = new StringBuilder(DeidFixture.VISIT_HEADER);
    for (int v = 0; visits.length() < 80 << 20; v++) {
      visits.append(v).append(',').append(100_000 + v % 20_000);
      visits.append(",2016-03-12,2016-03-12T14:05:00-05:00,a note\n");
    }
    f.file("visit.csv", visits.toString());
    byte[] input = digest(f.export);

    Process child =
        ChildJvm.of(Child.class, dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    Path parent = f.output.getParent();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (staged(parent).isEmpty() || !rewriting(staged(parent).get(0))) {
      assertTrue(child.isAlive(), () -> "the child ended before it was killed: " + log());
      assertTrue(System.nanoTime() < deadline, "the child never started its rewrite");
      Thread.sleep(20);
    }
    child.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));

    assertArrayEquals(input, digest(f.export), "the input is never modified");
    assertArrayEquals(output, Files.readAllBytes(f.output.resolve("visit.csv")), "old output");
    assertArrayEquals(crosswalk, Files.readAllBytes(f.crosswalk), "old crosswalk");
    assertEquals(1, staged(parent).size(), "the killed run's temporary output is left");

    DeidResult result = f.run(AS_OF);
    assertEquals(List.of(), staged(parent), "the next run removed it");
    assertTrue(result.persons().kept() == 20_000, "the next run de-identified the new quarter");
    assertFalse(Files.exists(dir.resolve("private").resolve(".export.crosswalk.csv.unverified")));
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("child.log"));
    } catch (Exception e) {
      return "(no log)";
    }
  }

  private static List<Path> staged(Path parent) throws Exception {
    try (Stream<Path> list = Files.list(parent)) {
      return list.filter(p -> p.getFileName().toString().matches("\\.export\\.deid-.*\\.tmp"))
          .toList();
    }
  }

  /** Whether the temporary output holds a table file with data in it: the rewrite is under way. */
  private static boolean rewriting(Path work) throws Exception {
    Path visits = work.resolve("export/visit.csv");
    return Files.isRegularFile(visits) && Files.size(visits) > (4 << 20);
  }

  private static byte[] digest(Path folder) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        sha.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(file));
      }
    }
    return sha.digest();
  }

  /** The run that is killed: the fixture's export, output and crosswalk, one thread. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      DeidFixture f = new DeidFixture(Path.of(args[0]));
      new Deidentifier(DiagnosticsListener.silent())
          .deidentify(f.request(AS_OF, RandomIds.secure()));
    }
  }
}
