package org.ehrcontracts.engine.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The folder of one run's spilled keys: made in the configured folder when the first table spills,
 * deleted with everything in it when the run ends, whether it completes, fails or is interrupted (a
 * shutdown hook covers a Ctrl-C, which skips {@code finally}).
 */
final class SpillFolder implements AutoCloseable {

  private final Optional<Path> parent;
  private Path dir;
  private Thread hook;
  private boolean closed;
  private final AtomicLong onDisk = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  SpillFolder(Optional<Path> parent) {
    this.parent = parent;
  }

  /** A new empty file in the folder, which is made on first use. */
  synchronized Path newFile(String prefix) {
    if (closed) {
      throw new IllegalStateException("the run is over: its spill folder is deleted");
    }
    try {
      if (dir == null) {
        Path root = parent.orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Files.createDirectories(root);
        dir = Files.createTempDirectory(root, "ehr-spill-");
        Path made = dir;
        hook = new Thread(() -> deleteTree(made), "ehr-spill-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
      }
      return Files.createTempFile(dir, prefix, ".keys");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write spilled keys to " + parent.map(Path::toString).orElse("the temp folder"),
          e);
    }
  }

  /** Counts bytes written to a file of the folder. */
  void written(long bytes) {
    peak.accumulateAndGet(onDisk.addAndGet(bytes), Math::max);
  }

  /** Deletes a file of the folder whose keys are merged; a file deleted already is not counted. */
  void delete(Path file, long bytes) {
    try {
      if (Files.deleteIfExists(file)) {
        onDisk.addAndGet(-bytes);
      }
    } catch (IOException e) {
      // Left for close(), which deletes the folder.
    }
  }

  /** The most bytes on disk at once. */
  long peakBytes() {
    return peak.get();
  }

  /** The folder, once made (tests look into it). */
  synchronized Optional<Path> folder() {
    return Optional.ofNullable(dir);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (dir == null) {
      return;
    }
    deleteTree(dir);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutting down already: the hook runs, and finds nothing left.
    }
    dir = null;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(SpillFolder::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      // Best effort: the folder is under the build's own target folder or the temp folder.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // see deleteTree
    }
  }
}
