package org.ehrcontracts.engine.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;
import org.junit.jupiter.api.Test;

/** A concept set's ranges: merged, searched, counted and drawn from, by value. */
class ConceptSetTest {

  private static final Location AT = Location.of("c.yaml", 4, 7);

  private static ConceptSet set(long[]... ranges) {
    return ConceptSet.of("units", Optional.of("units of measure"), ranges, AT);
  }

  @Test
  void rangesInAnyOrderAreSortedAndOverlappingOrAdjacentOnesMerged() {
    ConceptSet set =
        set(
            new long[] {20, 25},
            new long[] {1, 1},
            new long[] {26, 30},
            new long[] {2, 4},
            new long[] {22, 40},
            new long[] {6, 6});
    // 1 and 2..4 touch (1 + 1 = 2): one range; 20..25, 26..30 and 22..40 overlap or touch.
    assertArrayEquals(
        new long[][] {{1, 4}, {6, 6}, {20, 40}},
        set.ranges(),
        () -> java.util.Arrays.deepToString(set.ranges()));
    // Ranges two apart stay apart.
    assertArrayEquals(
        new long[][] {{1, 3}, {5, 5}}, set(new long[] {5, 5}, new long[] {1, 3}).ranges());
    assertArrayEquals(new long[][] {}, set().ranges());
  }

  @Test
  void containsEachIdOfEachRangeAndNothingBesideThem() {
    ConceptSet set =
        set(new long[] {8507, 8507}, new long[] {38003572, 38003616}, new long[] {0, 0});
    for (long id : new long[] {0, 8507, 38003572, 38003573, 38003615, 38003616}) {
      assertTrue(set.contains(id), "" + id);
    }
    for (long id :
        new long[] {-1, 1, 8506, 8508, 38003571, 38003617, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertFalse(set.contains(id), "" + id);
    }
    assertFalse(set().contains(0));
  }

  @Test
  void sizeCountsEveryIdOnce() {
    assertEquals(0, set().size());
    assertEquals(1, set(new long[] {7, 7}).size());
    assertEquals(
        45 + 1 + 1,
        set(new long[] {38003572, 38003616}, new long[] {8507, 8507}, new long[] {0, 0}).size());
    assertEquals(10, set(new long[] {1, 5}, new long[] {3, 10}).size());
  }

  @Test
  void nthDrawsTheIdsInAscendingOrder() {
    ConceptSet set = set(new long[] {10, 12}, new long[] {20, 20}, new long[] {30, 31});
    long[] expected = {10, 11, 12, 20, 30, 31};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], set.nth(i), "index " + i);
    }
    assertEquals(
        "the set units has no id at index 6",
        assertThrows(IndexOutOfBoundsException.class, () -> set.nth(6)).getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> set.nth(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> set().nth(0));
  }

  @Test
  void itKeepsItsNameDescriptionAndPlace() {
    ConceptSet set = set(new long[] {1, 3});
    assertEquals("units", set.name());
    assertEquals(Optional.of("units of measure"), set.description());
    assertEquals(AT, set.at());
    assertEquals("ConceptSet[units, 3 ids]", set.toString());
  }
}
