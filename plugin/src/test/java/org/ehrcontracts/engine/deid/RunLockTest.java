package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One de-identification at a time per crosswalk and per output, across processes: two builds that
 * share a crosswalk must not both issue numbers from the same old file.
 */
// The locks are held for a block and never named in it: javac's "try" lint.
@SuppressWarnings("try")
class RunLockTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  private static DeidFixture fixture(Path root) throws Exception {
    DeidFixture f = new DeidFixture(root);
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n");
    f.visits("1,100001,2016-02-29,,a\n", "2,100002,2016-03-01,,b\n");
    return f;
  }

  @Test
  void aSecondProcessWaitsForTheCrosswalkAndThenReusesItsNumbers() throws Exception {
    DeidFixture f = fixture(dir);
    f.run(AS_OF);
    Map<Long, Long> first = f.crosswalk();
    Path lockFile = f.crosswalk.getParent().resolve("." + f.crosswalk.getFileName() + ".lock");
    assertTrue(Files.isRegularFile(lockFile), "the lock file sits beside the crosswalk");

    Process child;
    List<String> childLines = new ArrayList<>();
    try (RunLock held =
        RunLock.acquire(lockFile, Duration.ofSeconds(5), "test", DiagnosticsListener.silent())) {
      child = ChildJvm.of(Child.class, dir.toString()).redirectErrorStream(true).start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      // The child says it waits, and does not finish while this process holds the lock.
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        childLines.add(line);
        if (line.contains("waiting for the crosswalk")) {
          break;
        }
      }
      assertTrue(
          childLines.stream().anyMatch(l -> l.contains("waiting for the crosswalk")),
          String.join("\n", childLines));
      assertFalse(child.waitFor(1, TimeUnit.SECONDS), "the child must wait for the lock");
      assertFalse(Files.exists(dir.resolve("out2/export")));
    }
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child finishes once the lock is free");
    childLines.addAll(new String(child.getInputStream().readAllBytes()).lines().toList());
    assertEquals(0, child.exitValue(), String.join("\n", childLines));
    // It read the crosswalk only after the first run had written it: the same persons have the
    // same numbers in both outputs, and the crosswalk holds every number of both.
    assertEquals(first, f.crosswalk());
    assertEquals(
        Files.readString(f.output.resolve("visit.csv")),
        Files.readString(dir.resolve("out2/export/visit.csv")));
  }

  @Test
  void aBuildThatCannotGetTheLockInTimeFailsClearly() throws Exception {
    Path lockFile = dir.resolve("x.lock");
    try (RunLock held =
        RunLock.acquire(lockFile, Duration.ofSeconds(1), "the crosswalk x", quiet())) {
      DeidException e =
          assertThrows(
              DeidException.class,
              () -> RunLock.acquire(lockFile, Duration.ofMillis(300), "the crosswalk x", quiet()));
      assertTrue(e.getMessage().startsWith("the crosswalk x is in use by another build"));
    }
    // Free again once closed.
    RunLock.acquire(lockFile, Duration.ofMillis(300), "the crosswalk x", quiet()).close();
  }

  @Test
  void aKilledRunsTemporaryOutputIsRemovedByTheNextRun() throws Exception {
    DeidFixture f = fixture(dir);
    Path stale = f.output.getParent().resolve(".export.deid-1234abcd.tmp/export");
    Files.createDirectories(stale);
    Files.writeString(stale.resolve("person.csv"), "person_id\n555555\n");
    f.run(AS_OF);
    assertFalse(Files.exists(stale.getParent()));
    assertTrue(Files.isRegularFile(f.output.resolve("person.csv")));
  }

  private static DiagnosticsListener quiet() {
    return DiagnosticsListener.silent();
  }

  /** The second build: de-identifies the same export into another output, one shared crosswalk. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      Path root = Path.of(args[0]);
      DeidFixture f = new DeidFixture(root);
      DeidRequest base = f.request(AS_OF, RandomIds.secure());
      DeidRequest request =
          DeidRequest.of(base.contract(), f.export, root.resolve("out2/export"), f.crosswalk)
              .withAsOf(AS_OF)
              .withVerify(false);
      DiagnosticsListener printing =
          new DiagnosticsListener() {
            @Override
            public void problem(Problem problem) {}

            @Override
            public void progress(String message) {
              System.out.println(message);
              System.out.flush();
            }

            @Override
            public void debug(Supplier<String> message) {}
          };
      new Deidentifier(printing).deidentify(request);
      System.out.println("done");
    }
  }
}
