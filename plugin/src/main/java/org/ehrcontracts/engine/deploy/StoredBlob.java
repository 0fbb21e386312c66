package org.ehrcontracts.engine.deploy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An object as the blob store holds it.
 *
 * @param name the object name, such as {@code 2026-03-05-v1/person.csv}
 * @param size its size in bytes
 * @param crc32c the CRC32C of its bytes as the store recorded it, 8 lower-case hex digits
 * @param generation the store's version number of the object; a replaced object gets a new one
 * @param updated when this generation was written, if the store says
 * @since 0.1.0
 */
public record StoredBlob(
    String name, long size, String crc32c, long generation, Optional<Instant> updated) {

  /** Checks the parts. */
  public StoredBlob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(crc32c, "crc32c");
    Objects.requireNonNull(updated, "updated");
  }

  /** Whether the object holds exactly these bytes, judged by size and CRC32C. */
  public boolean sameContent(long otherSize, String otherCrc32c) {
    return size == otherSize && crc32c.equalsIgnoreCase(otherCrc32c);
  }
}
