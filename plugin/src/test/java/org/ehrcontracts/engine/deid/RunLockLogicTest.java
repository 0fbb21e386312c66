package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunLock} within one JVM, without forking (so that mutation testing can run it): who waits,
 * what the waiting build is told, how long it waits, and that a lock let go of can be taken again.
 * {@link RunLockTest} covers the same lock across processes.
 */
// The locks are held for a block and never named in it: javac's "try" lint.
@SuppressWarnings("try")
class RunLockLogicTest {

  @TempDir Path dir;

  /** Collects progress lines. */
  private static class Lines implements DiagnosticsListener {
    final List<String> progress = new CopyOnWriteArrayList<>();

    @Override
    public void problem(Problem problem) {}

    @Override
    public void progress(String message) {
      progress.add(message);
    }

    @Override
    public void debug(Supplier<String> message) {}
  }

  @Test
  void aFreeLockIsTakenAtOnceEvenWithNoTimeToWaitAndCreatesItsFile() throws Exception {
    Path file = dir.resolve("free.lock");
    Lines lines = new Lines();
    try (RunLock lock = RunLock.acquire(file, Duration.ZERO, "the crosswalk c", lines)) {
      assertTrue(Files.isRegularFile(file));
    }
    assertEquals(List.of(), lines.progress, "nothing to wait for, nothing said");
    assertEquals(0, Files.size(file), "the lock file stays, empty");
  }

  @Test
  void aSecondTakerInTheSameJvmIsToldOnceThatItWaitsThenRefusedWithTheExactMessage()
      throws Exception {
    Path file = dir.resolve("held.lock");
    Path key = file.toAbsolutePath().normalize();
    try (RunLock held = RunLock.acquire(file, Duration.ZERO, "the crosswalk c", new Lines())) {
      Lines lines = new Lines();
      long before = System.nanoTime();
      DeidException e =
          assertThrows(
              DeidException.class,
              () -> RunLock.acquire(file, Duration.ofMillis(700), "the crosswalk c", lines));
      long waited = System.nanoTime() - before;
      assertEquals(DeidException.Reason.LOCATION, e.reason());
      assertEquals(
          "the crosswalk c is in use by another build (lock "
              + key
              + "), still after 0 s. Two de-identifications at once would lose one's person"
              + " numbers; run them one after the other",
          e.getMessage());
      // Told at once, and not again within the next 10 s.
      assertEquals(
          List.of("  waiting for the crosswalk c, in use by another build (" + key + ")"),
          lines.progress);
      assertTrue(
          waited >= TimeUnit.MILLISECONDS.toNanos(700),
          "waits the whole time it was given: " + waited / 1_000_000 + " ms");
    }
  }

  @Test
  void theRefusalNamesTheWaitInSeconds() throws Exception {
    Path file = dir.resolve("seconds.lock");
    try (RunLock held = RunLock.acquire(file, Duration.ZERO, "the output o", new Lines())) {
      DeidException e =
          assertThrows(
              DeidException.class,
              () -> RunLock.acquire(file, Duration.ofSeconds(1), "the output o", new Lines()));
      assertTrue(e.getMessage().contains("), still after 1 s. "), e.getMessage());
    }
  }

  @Test
  void aLockLetGoOfWhileWaitingIsTaken() throws Exception {
    Path file = dir.resolve("released.lock");
    RunLock held = RunLock.acquire(file, Duration.ZERO, "the crosswalk c", new Lines());
    Thread releaser =
        new Thread(
            () -> {
              try {
                Thread.sleep(500);
                held.close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    releaser.start();
    Lines lines = new Lines();
    try (RunLock second = RunLock.acquire(file, Duration.ofSeconds(20), "the crosswalk c", lines)) {
      assertEquals(1, lines.progress.size(), "it waited: " + lines.progress);
    }
    releaser.join();
    // And both are let go of: a third takes it at once.
    RunLock.acquire(file, Duration.ZERO, "the crosswalk c", new Lines()).close();
  }

  @Test
  void aLockHeldOutsideRunLockMakesItWaitAndLeavesNoTraceOnceFree() throws Exception {
    Path file = dir.resolve("os.lock");
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock os = channel.lock();
      // The OS lock (here one of this JVM, so an overlap) refuses it.
      DeidException e =
          assertThrows(
              DeidException.class,
              () -> RunLock.acquire(file, Duration.ofMillis(300), "the crosswalk c", new Lines()));
      assertTrue(e.getMessage().startsWith("the crosswalk c is in use by another build"));
      os.release();
    }
    // The failed tries left nothing held in this JVM: it is taken at once.
    RunLock.acquire(file, Duration.ZERO, "the crosswalk c", new Lines()).close();
  }

  @Test
  void aLockIsTakenAgainAfterClose() throws Exception {
    Path file = dir.resolve("again.lock");
    for (int i = 0; i < 3; i++) {
      RunLock.acquire(file, Duration.ZERO, "the crosswalk c", new Lines()).close();
    }
    Path other = dir.resolve("sub/../again.lock");
    try (RunLock lock = RunLock.acquire(other, Duration.ZERO, "the crosswalk c", new Lines())) {
      // The same file by another spelling is the same lock.
      assertThrows(
          DeidException.class,
          () -> RunLock.acquire(file, Duration.ZERO, "the crosswalk c", new Lines()));
    }
  }

  @Test
  void anInterruptedWaitStopsWithTheLockNamedAndTheInterruptKept() throws Exception {
    Path file = dir.resolve("interrupt.lock");
    Path key = file.toAbsolutePath().normalize();
    try (RunLock held = RunLock.acquire(file, Duration.ZERO, "the crosswalk c", new Lines())) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Boolean> flag = new AtomicReference<>();
      CountDownLatch waiting = new CountDownLatch(1);
      Lines lines =
          new Lines() {
            @Override
            public void progress(String message) {
              waiting.countDown();
            }
          };
      Thread waiter =
          new Thread(
              () -> {
                try {
                  RunLock.acquire(file, Duration.ofSeconds(30), "the crosswalk c", lines).close();
                } catch (Throwable t) {
                  thrown.set(t);
                  flag.set(Thread.currentThread().isInterrupted());
                }
              });
      waiter.start();
      assertTrue(waiting.await(10, TimeUnit.SECONDS));
      waiter.interrupt();
      waiter.join(10_000);
      assertTrue(thrown.get() instanceof InterruptedIOException, String.valueOf(thrown.get()));
      assertEquals("interrupted while waiting for " + key, thrown.get().getMessage());
      assertEquals(Boolean.TRUE, flag.get(), "the interrupt is kept");
    }
  }
}
