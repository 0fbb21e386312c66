package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a de-identification may read and write, and how its output replaces the previous one:
 * whole, atomically, never mixed with raw or private files.
 */
final class OutputFolders {

  private OutputFolders() {}

  /** Absolute and normal, with symbolic links resolved as far as the path exists. */
  static Path canonical(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    return existing.toRealPath().resolve(existing.relativize(absolute));
  }

  /** Moves the staged export to the output, keeping the old output until the new one is there. */
  static void replace(Path staged, Path output, Path work) throws IOException {
    if (Files.exists(output)) {
      Path previous = work.resolve("previous");
      Files.move(output, previous, StandardCopyOption.ATOMIC_MOVE);
      try {
        Files.move(staged, output, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.move(previous, output, StandardCopyOption.ATOMIC_MOVE);
        throw e;
      }
    } else {
      Files.move(staged, output, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw exc;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
