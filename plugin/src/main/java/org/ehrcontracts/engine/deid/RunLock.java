package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;

/**
 * An exclusive lock on a file, held by one de-identification at a time across processes (an OS file
 * lock) and across threads of one JVM (a set of held paths: the OS lock is per process).
 *
 * <p>Two builds that share a crosswalk would otherwise both read it, both issue numbers, and the
 * second to finish would replace the first's file: the persons of the first output would be in no
 * crosswalk and get new numbers next time. The lock is held from the crosswalk's reading to its
 * replacement. The operating system releases it when a process dies, so a killed build never leaves
 * it taken; the lock file itself stays, empty.
 */
final class RunLock implements AutoCloseable {

  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();
  private static final long POLL_MILLIS = 200;

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock, waiting up to {@code wait} for another build to let go of it.
   *
   * @param path the lock file, created if absent (its folder must exist)
   * @param what what the lock guards, for messages ("the crosswalk ...")
   * @throws DeidException when another build still holds it after {@code wait}
   */
  static RunLock acquire(Path path, Duration wait, String what, DiagnosticsListener diagnostics)
      throws IOException, DeidException {
    long deadline = System.nanoTime() + wait.toNanos();
    long nextNotice = System.nanoTime();
    Path key = path.toAbsolutePath().normalize();
    while (true) {
      if (HELD_HERE.add(key)) {
        FileChannel channel =
            FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
          lock = null;
        }
        if (lock != null) {
          return new RunLock(key, channel, lock);
        }
        channel.close();
        HELD_HERE.remove(key);
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        throw new DeidException(
            DeidException.Reason.LOCATION,
            what
                + " is in use by another build (lock "
                + key
                + "), still after "
                + wait.toSeconds()
                + " s. Two de-identifications at once would lose one's person numbers; run them"
                + " one after the other");
      }
      if (now - nextNotice >= 0) {
        diagnostics.progress("  waiting for " + what + ", in use by another build (" + key + ")");
        nextNotice = now + Duration.ofSeconds(10).toNanos();
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while waiting for " + key);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
      HELD_HERE.remove(path);
    }
  }
}
