package org.ehrcontracts.engine.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The directory-and-bucket lookup finds what a binary search of the same ids finds. */
class ConceptIndexTest {

  @Test
  void findsWhatABinarySearchFinds() {
    SplittableRandom random = new SplittableRandom(10);
    for (int size : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 1000, 100_000}) {
      for (int bound : new int[] {16, 50_000_000, Integer.MAX_VALUE}) {
        int[] ids = random.ints(size, 0, bound).sorted().distinct().toArray();
        if (size > 2) {
          ids[0] = 0;
          ids[ids.length - 1] = Integer.MAX_VALUE;
          Arrays.sort(ids);
          ids = Arrays.stream(ids).distinct().toArray();
        }
        int[] sorted = ids;
        ConceptIndex index = new ConceptIndex(sorted);
        for (int i = 0; i < ids.length; i++) {
          assertEquals(i, index.indexOf(ids[i]));
        }
        for (int probe = 0; probe < 2000; probe++) {
          long id = random.nextLong(-2, Integer.MAX_VALUE + 3L);
          int expected =
              id < 0 || id > Integer.MAX_VALUE ? -1 : Arrays.binarySearch(sorted, (int) id);
          assertEquals(
              Math.max(-1, expected),
              index.indexOf(id),
              () -> "size " + sorted.length + " id " + id);
        }
      }
    }
  }
}
