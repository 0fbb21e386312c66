package org.ehrcontracts.engine.vocab;

import java.util.Arrays;

/**
 * The kept rows of {@code CONCEPT_ANCESTOR.csv} in compressed-row form: for each ancestor (sorted),
 * its descendants (sorted) in one shared array.
 */
final class Ancestry {

  private final int[] ancestors;
  private final int[] starts;
  private final int[] descendants;

  /**
   * From its arrays: ancestors ascending and distinct, {@code starts} one longer than {@code
   * ancestors}, from 0 to {@code descendants.length}, and each ancestor's descendants ascending.
   */
  Ancestry(int[] ancestors, int[] starts, int[] descendants) {
    this.ancestors = ancestors;
    this.starts = starts;
    this.descendants = descendants;
  }

  /** From (ancestor, descendant) pairs packed as {@code ancestor << 32 | descendant}. */
  static Ancestry ofPairs(long[] pairs, int count) {
    Arrays.sort(pairs, 0, count);
    int[] ancestorIds = new int[count];
    int[] startsOf = new int[count + 1];
    int[] descendantIds = new int[count];
    int a = 0;
    int d = 0;
    long previous = -1;
    for (int i = 0; i < count; i++) {
      long pair = pairs[i];
      if (pair == previous) {
        continue;
      }
      int ancestor = (int) (pair >>> 32);
      if (a == 0 || ancestorIds[a - 1] != ancestor) {
        ancestorIds[a] = ancestor;
        startsOf[a] = d;
        a++;
      }
      descendantIds[d++] = (int) pair;
      previous = pair;
    }
    startsOf[a] = d;
    return new Ancestry(
        Arrays.copyOf(ancestorIds, a),
        Arrays.copyOf(startsOf, a + 1),
        Arrays.copyOf(descendantIds, d));
  }

  boolean isDescendant(int ancestor, int descendant) {
    int i = Arrays.binarySearch(ancestors, ancestor);
    return i >= 0 && Arrays.binarySearch(descendants, starts[i], starts[i + 1], descendant) >= 0;
  }

  int[] descendantsOf(int ancestor) {
    int i = Arrays.binarySearch(ancestors, ancestor);
    return i < 0 ? new int[0] : Arrays.copyOfRange(descendants, starts[i], starts[i + 1]);
  }

  int[] ancestors() {
    return ancestors;
  }

  int[] starts() {
    return starts;
  }

  int[] descendants() {
    return descendants;
  }

  /** Whether the arrays are as the constructor requires. */
  boolean wellFormed() {
    if (starts.length != ancestors.length + 1
        || starts[0] != 0
        || starts[ancestors.length] != descendants.length) {
      return false;
    }
    for (int i = 0; i < ancestors.length; i++) {
      if ((i > 0 && ancestors[i] <= ancestors[i - 1])
          || ancestors[i] < 0
          || starts[i + 1] < starts[i]) {
        return false;
      }
      for (int k = starts[i] + 1; k < starts[i + 1]; k++) {
        if (descendants[k] <= descendants[k - 1]) {
          return false;
        }
      }
    }
    return true;
  }

  long footprintBytes() {
    return 4L * (ancestors.length + starts.length + descendants.length);
  }
}
