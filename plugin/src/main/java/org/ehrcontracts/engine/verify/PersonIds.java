package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongHashSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ehrcontracts.engine.export.Crosswalk;

/**
 * The person ids a crosswalk knows, read from its file: the new ids it issued and the original ids
 * they replace. About 16 to 32 bytes a person; the pairs themselves are not kept, so nothing here
 * maps a new id back to a person.
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

  private final LongHashSet issued;
  private final LongHashSet originals;

  private PersonIds(LongHashSet issued, LongHashSet originals) {
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

  /** Reads the crosswalk; a missing, unreadable or malformed file gives the reason instead. */
  static Loaded load(Optional<Path> crosswalk) {
    if (crosswalk.isEmpty()) {
      return new Loaded(Optional.empty(), "no crosswalk was given");
    }
    Path file = crosswalk.get();
    if (!Files.isRegularFile(file)) {
      return new Loaded(Optional.empty(), "there is no crosswalk file " + file);
    }
    LongHashSet issued = new LongHashSet();
    LongHashSet originals = new LongHashSet();
    try {
      Crosswalk.read(file, (original, id) -> id > 0 && originals.add(original) && issued.add(id));
    } catch (IOException e) {
      return new Loaded(Optional.empty(), "the crosswalk " + file + " cannot be read");
    } catch (Crosswalk.FormatException e) {
      return new Loaded(
          Optional.empty(), "the crosswalk " + file + " is not one: " + e.getMessage());
    }
    return new Loaded(Optional.of(new PersonIds(issued, originals)), null);
  }
}
