package org.ehrcontracts.engine.contract;

import java.util.Arrays;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;

/**
 * A named set of allowed concept ids, held as sorted, disjoint ranges for a fast {@link
 * #contains(long)}.
 *
 * @since 0.1.0
 */
public final class ConceptSet {

  private final String name;
  private final Optional<String> description;
  private final long[] starts;
  private final long[] ends;
  private final Location at;

  private ConceptSet(
      String name, Optional<String> description, long[] starts, long[] ends, Location at) {
    this.name = name;
    this.description = description;
    this.starts = starts;
    this.ends = ends;
    this.at = at;
  }

  /**
   * A set of the given inclusive ranges, in any order and possibly overlapping.
   *
   * @param ranges pairs {@code [first, last]}
   */
  public static ConceptSet of(
      String name, Optional<String> description, long[][] ranges, Location at) {
    long[][] sorted = ranges.clone();
    Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
    long[] starts = new long[sorted.length];
    long[] ends = new long[sorted.length];
    int count = 0;
    for (long[] range : sorted) {
      if (count > 0 && range[0] <= ends[count - 1] + 1) {
        ends[count - 1] = Math.max(ends[count - 1], range[1]);
      } else {
        starts[count] = range[0];
        ends[count] = range[1];
        count++;
      }
    }
    return new ConceptSet(
        name, description, Arrays.copyOf(starts, count), Arrays.copyOf(ends, count), at);
  }

  /** Whether the id is in the set. */
  public boolean contains(long conceptId) {
    int index = Arrays.binarySearch(starts, conceptId);
    if (index >= 0) {
      return true;
    }
    int before = -index - 2;
    return before >= 0 && conceptId <= ends[before];
  }

  /** How many ids the set holds. */
  public long size() {
    long size = 0;
    for (int i = 0; i < starts.length; i++) {
      size += ends[i] - starts[i] + 1;
    }
    return size;
  }

  /**
   * The set's ids as sorted, disjoint, non-adjacent inclusive ranges {@code [first, last]}: two
   * sets hold the same ids exactly when their ranges are equal.
   *
   * @since 0.2.0
   */
  public long[][] ranges() {
    long[][] ranges = new long[starts.length][];
    for (int i = 0; i < starts.length; i++) {
      ranges[i] = new long[] {starts[i], ends[i]};
    }
    return ranges;
  }

  /**
   * The id at {@code index} in ascending order, for drawing members of the set.
   *
   * @param index from 0 to {@link #size()} - 1
   * @throws IndexOutOfBoundsException if the set has no id at that index
   * @since 0.2.0
   */
  public long nth(long index) {
    long rest = index;
    for (int i = 0; i < starts.length && rest >= 0; i++) {
      long width = ends[i] - starts[i] + 1;
      if (rest < width) {
        return starts[i] + rest;
      }
      rest -= width;
    }
    throw new IndexOutOfBoundsException("the set " + name + " has no id at index " + index);
  }

  /** The set's name; inline sets are named after their column. */
  public String name() {
    return name;
  }

  /** What the set holds, if the contract says. */
  public Optional<String> description() {
    return description;
  }

  /** Where the contract declares it. */
  public Location at() {
    return at;
  }

  @Override
  public String toString() {
    return "ConceptSet[" + name + ", " + size() + " ids]";
  }
}
