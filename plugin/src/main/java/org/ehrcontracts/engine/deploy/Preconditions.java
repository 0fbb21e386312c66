package org.ehrcontracts.engine.deploy;

import java.util.Objects;

/**
 * What must hold for an upload to be stored: which generation it replaces (none for a new object)
 * and the CRC32C its bytes must have.
 *
 * <p>The store checks both where it can (GCS does, in the request), so that a clobbered object or
 * bytes damaged on the way are never stored, rather than found afterwards.
 *
 * @param ifGenerationMatch the generation the object must have now; 0 means it must not exist
 * @param crc32c the CRC32C of the bytes to store, 8 hex digits
 * @since 0.1.0
 */
public record Preconditions(long ifGenerationMatch, String crc32c) {

  /** Checks the parts. */
  public Preconditions {
    if (ifGenerationMatch < 0) {
      throw new IllegalArgumentException("a generation is 0 or more: " + ifGenerationMatch);
    }
    Objects.requireNonNull(crc32c, "crc32c");
  }

  /** A new object: the upload fails if the name is taken. */
  public static Preconditions doesNotExist(String crc32c) {
    return new Preconditions(0, crc32c);
  }

  /** A replacement of exactly that generation: the upload fails if someone changed it since. */
  public static Preconditions replaces(long generation, String crc32c) {
    if (generation <= 0) {
      throw new IllegalArgumentException("an existing object's generation is positive");
    }
    return new Preconditions(generation, crc32c);
  }

  /** Whether the object must not exist yet. */
  public boolean mustNotExist() {
    return ifGenerationMatch == 0;
  }
}
