package org.ehrcontracts.engine.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.ehrcontracts.engine.export.Crosswalk;

/**
 * The person ids a crosswalk knows, read from its file: the new ids it issued and the original ids
 * they replace. About 21 to 43 bytes a person, paid from the run's {@link Budget}; the pairs
 * themselves are not kept, so nothing here maps a new id back to a person.
 */
final class PersonIds {

  /** What a value of a person reference is. */
  enum Kind {
    /** A new id the crosswalk issued: what de-identified data holds. */
    ISSUED,
    /** An original id: the data was not de-identified, or an id leaked through. */
    ORIGINAL,
    /** A number the crosswalk does not know. */
    UNKNOWN
  }

  private final PaidSet issued;
  private final PaidSet originals;

  private PersonIds(PaidSet issued, PaidSet originals) {
    this.issued = issued;
    this.originals = originals;
  }

  /**
   * What a number is. A new id wins over an original: the de-identifier never issues an original id
   * of the export it writes, so a number that is both is the new id of one person and the original
   * of a person of an earlier export.
   */
  Kind kind(long id) {
    if (issued.contains(id)) {
      return Kind.ISSUED;
    }
    return originals.contains(id) ? Kind.ORIGINAL : Kind.UNKNOWN;
  }

  /** The ids of a crosswalk file, or why they cannot be had (a sentence without ids). */
  record Loaded(Optional<PersonIds> ids, String whyNot) {}

  /**
   * Reads the crosswalk; a missing, unreadable or malformed file gives the reason instead. The two
   * sets are paid from {@code budget}: every person reference of the export looks its id up in
   * them, so they cannot spill, and above the budget the run stops.
   *
   * @throws NotEnoughMemoryException when the ids need more than the budget
   */
  static Loaded load(Optional<Path> crosswalk, Budget budget) {
    if (crosswalk.isEmpty()) {
      return new Loaded(Optional.empty(), "no crosswalk was given");
    }
    Path file = crosswalk.get();
    if (!Files.isRegularFile(file)) {
      return new Loaded(Optional.empty(), "there is no crosswalk file " + file);
    }
    PaidSet issued = new PaidSet(budget);
    PaidSet originals = new PaidSet(budget);
    long[] pairs = new long[1];
    try {
      Crosswalk.read(
          file,
          (original, id) -> {
            if (!originals.room() || !issued.room()) {
              throw overBudget(file, pairs[0], budget, issued, originals);
            }
            pairs[0]++;
            return id > 0 && originals.add(original) && issued.add(id);
          });
    } catch (IOException e) {
      close(issued, originals);
      return new Loaded(Optional.empty(), "the crosswalk " + file + " cannot be read");
    } catch (Crosswalk.FormatException e) {
      close(issued, originals);
      return new Loaded(
          Optional.empty(), "the crosswalk " + file + " is not one: " + e.getMessage());
    } catch (NotEnoughMemoryException e) {
      close(issued, originals);
      throw e;
    }
    return new Loaded(Optional.of(new PersonIds(issued, originals)), null);
  }

  private static NotEnoughMemoryException overBudget(
      Path file, long pairs, Budget budget, PaidSet issued, PaidSet originals) {
    return new NotEnoughMemoryException(
        String.valueOf(file.getFileName()),
        pairs,
        Runtime.getRuntime().maxMemory(),
        budget.memory,
        true,
        String.format(
            Locale.ROOT,
            "the new and original person ids (for the deid.person-id check, %,d MB)",
            (issued.bytes() + originals.bytes()) >> 20),
        null);
  }

  private static void close(PaidSet issued, PaidSet originals) {
    issued.close();
    originals.close();
  }
}
