package org.ehrcontracts.engine.deid;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Arrays;
import java.util.Set;
import org.ehrcontracts.engine.export.Crosswalk;
import org.ehrcontracts.engine.util.PrivateFiles;

/**
 * The crosswalk from original to new person ids: a private CSV file {@code original_id,new_id}.
 *
 * <p>Its form and location are {@link Crosswalk}'s. It re-identifies every person, so it is written
 * owner-only ({@code rw-------}, in a folder created {@code rwx------}) where the file system has
 * POSIX permissions, atomically (a temporary file in the same folder, forced to disk, then moved
 * over the old one), and sorted by original id so that two versions compare line by line. Messages
 * about it give line numbers, never ids.
 */
final class CrosswalkFile {

  static final String HEADER = Crosswalk.HEADER;

  private CrosswalkFile() {}

  /**
   * Reads a crosswalk into the map; nothing when the file does not exist.
   *
   * @return how many pairs were read
   * @throws DeidException when the file is not a crosswalk or holds an id twice
   */
  static long read(Path file, PersonMap persons) throws IOException, DeidException {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      return Crosswalk.read(file, persons::addKnown);
    } catch (Crosswalk.FormatException e) {
      throw corrupt(file, e);
    }
  }

  private static DeidException corrupt(Path file, Crosswalk.FormatException e) {
    return new DeidException(
        DeidException.Reason.CROSSWALK,
        "the crosswalk "
            + file
            + " cannot be used: "
            + e.getMessage()
            + ". Restore it from its backup; a new crosswalk would give every person a new"
            + " number");
  }

  /** Creates the crosswalk's folder, owner-only where the file system allows, if it is absent. */
  static Path folder(Path file) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    PrivateFiles.folder(directory);
    return directory;
  }

  /** Writes every pair of the map, replacing the file atomically. */
  /**
   * Replaces {@code file} with {@code written}, a crosswalk written beside it by {@link #write}
   * (the one the output was proven against), in one atomic move where the file system has one.
   */
  static void publish(Path written, Path file) throws IOException {
    try {
      Files.move(
          written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Writes the map's pairs, sorted by original id, to {@code file} (through a temporary sibling);
   * the sorted ids, 8 bytes a person, are paid from {@code budget} beside the map while they are
   * held, and refused over it.
   */
  static void write(Path file, PersonMap persons, PersonMap.Budget budget) throws IOException {
    Path directory = folder(file);
    long bytes = 8L * persons.pairs();
    if (!budget.reserve(bytes)) {
      throw budget.overBudget(
          file.toString(),
          persons.pairs(),
          String.format(
              java.util.Locale.ROOT,
              "the crosswalk's original ids, sorted to be written (%,d persons, %,d MB)",
              persons.pairs(),
              bytes >> 20));
    }
    try {
      write(file, directory, persons, sortedOriginals(persons));
    } finally {
      budget.release(bytes);
    }
  }

  private static long[] sortedOriginals(PersonMap persons) throws IOException {
    long[] originals = new long[(int) persons.pairs()];
    int[] n = {0};
    persons.forEachPair(
        (original, replacement) -> {
          originals[n[0]] = original;
          n[0]++;
        });
    Arrays.sort(originals);
    return originals;
  }

  private static void write(Path file, Path directory, PersonMap persons, long[] originals)
      throws IOException {
    Path temp = PrivateFiles.temporarySibling(directory, file.getFileName().toString());
    FileAttribute<?>[] attributes = PrivateFiles.ownerOnly(directory);
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
        BufferedWriter writer =
            new BufferedWriter(
                new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                1 << 16);
        writer.write(HEADER);
        writer.write('\n');
        StringBuilder line = new StringBuilder(40);
        for (int i = 0; i < originals.length; i++) {
          line.setLength(0);
          line.append(originals[i]).append(',').append(persons.idOf(originals[i])).append('\n');
          writer.append(line);
        }
        writer.flush();
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
