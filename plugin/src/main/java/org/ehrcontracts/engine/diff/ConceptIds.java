package org.ehrcontracts.engine.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ehrcontracts.engine.contract.ConceptSet;
import org.ehrcontracts.engine.problem.Location;

/** The concept ids one set has and another has not, in words. */
final class ConceptIds {

  /** How many ranges are named before "and N more". */
  static final int SHOWN = 10;

  private ConceptIds() {}

  /** {@code 3 ids}. */
  static String count(ConceptSet set) {
    long size = set.size();
    return String.format(Locale.ROOT, "%,d %s", size, size == 1 ? "id" : "ids");
  }

  /**
   * Adds a breaking change naming the ids {@code after} lost and a compatible one naming those it
   * gained; nothing when both hold the same ids.
   */
  static void compare(
      ChangeKind kind,
      String subject,
      ConceptSet before,
      ConceptSet after,
      Location at,
      Changes changes) {
    List<long[]> removed = minus(before.ranges(), after.ranges());
    List<long[]> added = minus(after.ranges(), before.ranges());
    if (!removed.isEmpty()) {
      changes.add(
          kind,
          Impact.BREAKING,
          subject,
          count(before),
          count(after),
          "removed: " + words(removed) + "; rows holding them now fail (value.concept)",
          at);
    }
    if (!added.isEmpty()) {
      changes.add(
          kind,
          Impact.COMPATIBLE,
          subject,
          count(before),
          count(after),
          "added: " + words(added),
          at);
    }
  }

  /** The ids of {@code a} that are not in {@code b}; both sorted, disjoint ranges. */
  static List<long[]> minus(long[][] a, long[][] b) {
    List<long[]> result = new ArrayList<>();
    int j = 0;
    for (long[] range : a) {
      long start = range[0];
      long end = range[1];
      while (j < b.length && b[j][1] < start) {
        j++;
      }
      int k = j;
      while (start <= end) {
        if (k >= b.length || b[k][0] > end) {
          result.add(new long[] {start, end});
          break;
        }
        if (b[k][0] > start) {
          result.add(new long[] {start, b[k][0] - 1});
        }
        if (b[k][1] >= end) {
          break;
        }
        start = b[k][1] + 1;
        k++;
      }
    }
    return result;
  }

  /** {@code 8507, 8532, 2000000000..2000000099 and 3 more}. */
  static String words(List<long[]> ranges) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < Math.min(SHOWN, ranges.size()); i++) {
      long[] r = ranges.get(i);
      shown.add(r[0] == r[1] ? Long.toString(r[0]) : r[0] + ".." + r[1]);
    }
    String text = String.join(", ", shown);
    return ranges.size() > SHOWN ? text + " and " + (ranges.size() - SHOWN) + " more" : text;
  }
}
