package org.ehrcontracts.engine.deploy;

import java.util.List;

/**
 * One listing of a blob store under a prefix.
 *
 * @param objects the objects directly under the prefix (all of them without a delimiter)
 * @param prefixes the "folders" under the prefix, each ending in the delimiter
 * @since 0.1.0
 */
public record Listing(List<StoredBlob> objects, List<String> prefixes) {

  /** Copies the lists. */
  public Listing {
    objects = List.copyOf(objects);
    prefixes = List.copyOf(prefixes);
  }
}
