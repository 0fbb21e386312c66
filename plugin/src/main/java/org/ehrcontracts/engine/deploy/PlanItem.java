package org.ehrcontracts.engine.deploy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One file of a deploy plan and where it goes.
 *
 * @param local the local file
 * @param file its name in the export, such as {@code person.csv}
 * @param object the object name, such as {@code 2026-03-05-v1/person.csv}
 * @param size the file's size in bytes
 * @param crc32c the file's CRC32C, 8 hex digits
 * @param state what the bucket holds under that name, as far as the plan knows
 * @param existing the object that is there now, if any
 * @since 0.1.0
 */
public record PlanItem(
    Path local,
    String file,
    String object,
    long size,
    String crc32c,
    State state,
    Optional<StoredBlob> existing) {

  /** Checks the parts. */
  public PlanItem {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(crc32c, "crc32c");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(existing, "existing");
  }

  /** What the bucket holds under an item's object name. */
  public enum State {
    /** Nothing: the file is uploaded as a new object. */
    NEW,
    /** An object with the same size and CRC32C: nothing to upload. */
    ALREADY_THERE,
    /** An object with other content, to be replaced ({@code overwrite} is set). */
    REPLACE,
    /** An object with other content, which is never overwritten without {@code overwrite}. */
    CONFLICT,
    /** Not known: the plan was made without the bucket (a dry run without credentials). */
    UNCHECKED
  }

  /** The same item in another state. */
  PlanItem with(State newState, Optional<StoredBlob> newExisting) {
    return new PlanItem(local, file, object, size, crc32c, newState, newExisting);
  }
}
