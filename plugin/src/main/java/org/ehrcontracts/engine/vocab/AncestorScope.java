package org.ehrcontracts.engine.vocab;

import java.util.Arrays;
import java.util.Collection;

/**
 * Which rows of {@code CONCEPT_ANCESTOR.csv} a load keeps: none (the default), those of some
 * ancestors, or all.
 *
 * <p>The file is large (about 80 million rows, 2.3 GB, in a full download) and a check needs the
 * descendants of a few concepts only (the allowed units of a measurement, the ATC classes of the
 * DRC's drug counts), so a request names the ancestors it will ask about. Each kept row costs 4
 * bytes in the index and 8 more while loading; {@link #all()} is for small vocabularies (a full
 * download would need about 1 GB of heap).
 *
 * @since 0.2.0
 */
public final class AncestorScope {

  private static final AncestorScope NONE = new AncestorScope(false, new int[0]);
  private static final AncestorScope ALL = new AncestorScope(true, new int[0]);

  private final boolean all;
  private final int[] ancestors;

  private AncestorScope(boolean all, int[] ancestors) {
    this.all = all;
    this.ancestors = ancestors;
  }

  /** No row: the file is not read. */
  public static AncestorScope none() {
    return NONE;
  }

  /** Every row; see the class comment for the cost. */
  public static AncestorScope all() {
    return ALL;
  }

  /**
   * The rows whose ancestor is one of these concept ids.
   *
   * @throws IllegalArgumentException if an id is not a concept id (0 to 2147483647)
   */
  public static AncestorScope of(Collection<Long> ancestorIds) {
    int[] ids = new int[ancestorIds.size()];
    int n = 0;
    for (long id : ancestorIds) {
      if (id < 0 || id > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("not a concept id: " + id);
      }
      ids[n++] = (int) id;
    }
    if (n == 0) {
      return NONE;
    }
    Arrays.sort(ids);
    int unique = 1;
    for (int i = 1; i < n; i++) {
      if (ids[i] != ids[unique - 1]) {
        ids[unique++] = ids[i];
      }
    }
    return new AncestorScope(false, Arrays.copyOf(ids, unique));
  }

  /** Whether the scope keeps no row. */
  public boolean isNone() {
    return !all && ancestors.length == 0;
  }

  /** Whether the scope keeps the rows of this ancestor. */
  public boolean includes(long ancestorId) {
    if (all) {
      return ancestorId >= 0 && ancestorId <= Integer.MAX_VALUE;
    }
    return ancestorId >= 0
        && ancestorId <= Integer.MAX_VALUE
        && Arrays.binarySearch(ancestors, (int) ancestorId) >= 0;
  }

  /** The words that identify the scope in a cache key. */
  String key() {
    if (all) {
      return "all";
    }
    return isNone() ? "none" : "of" + Arrays.toString(ancestors);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AncestorScope scope
        && all == scope.all
        && Arrays.equals(ancestors, scope.ancestors);
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(all) * 31 + Arrays.hashCode(ancestors);
  }

  /** {@code none}, {@code all}, or {@code of 3 ancestors}. */
  @Override
  public String toString() {
    if (all) {
      return "all";
    }
    return isNone()
        ? "none"
        : "of " + ancestors.length + (ancestors.length == 1 ? " ancestor" : " ancestors");
  }
}
