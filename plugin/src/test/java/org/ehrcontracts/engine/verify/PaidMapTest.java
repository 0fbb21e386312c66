package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The paid maps hold exactly what HPPC allocates, grow when HPPC would (never unpaid), say no when
 * the budget has no room, merge within it, and give every byte back.
 */
class PaidMapTest {

  private static Budget budget(long bytes) {
    return new Budget(new Memory(bytes, String.valueOf(bytes), Optional.empty()));
  }

  @Test
  void aMapHoldsWhatHppcAllocatesAndNeverGrowsUnpaid() {
    Budget budget = budget(1 << 30);
    PaidMap map = new PaidMap(budget);
    for (long key = 1; key <= 100_000; key++) {
      assertTrue(map.room());
      long before = map.entries().ramBytesAllocated();
      map.put(key, -key);
      // Room said before the put: HPPC did not grow on its own.
      assertEquals(before, map.entries().ramBytesAllocated(), "key " + key);
      assertEquals(map.bytes(), budget.used());
    }
    assertEquals(100_000, map.size());
    assertEquals(-77, map.entries().get(77));
    map.close();
    assertEquals(0, budget.used());
  }

  @Test
  void anIntMapHoldsWhatHppcAllocatesAndNeverGrowsUnpaid() {
    Budget budget = budget(1 << 30);
    PaidIntMap map = new PaidIntMap(budget);
    for (long key = 1; key <= 100_000; key++) {
      assertTrue(map.room());
      long before = map.entries().ramBytesAllocated();
      map.put(key, (int) key);
      assertEquals(before, map.entries().ramBytesAllocated(), "key " + key);
      assertEquals(map.bytes(), budget.used());
    }
    map.close();
    assertEquals(0, budget.used());
  }

  @Test
  void aMapThatCannotGrowIsToldSoAndKeepsWhatItHas() {
    Budget budget = budget(16 << 10);
    PaidMap map = new PaidMap(budget);
    long key = 0;
    while (map.room()) {
      map.put(++key, key);
    }
    // 16 KB: room for the arrays of 512 slots (8 KB) and the 256 before them while they grow.
    assertEquals(384, key);
    assertEquals(384, map.size());
    assertTrue(budget.used() <= 16 << 10);
    assertFalse(map.room(), "asked again, the budget still has no room");
  }

  @Test
  void mergingPaysForBothMapsAndAnEmptyMapTakesTheOthersArrays() {
    Budget budget = budget(1 << 30);
    PaidMap merged = new PaidMap(budget);
    PaidMap first = new PaidMap(budget);
    PaidMap second = new PaidMap(budget);
    for (long key = 1; key <= 1000; key++) {
      assertTrue(first.room());
      first.put(key, 1);
      assertTrue(second.room());
      second.put(key + 500, 2);
    }
    Object arrays = first.entries();
    assertTrue(merged.absorb(first));
    assertTrue(arrays == merged.entries(), "the first part's map was copied");
    assertEquals(0, first.size());
    assertTrue(merged.absorb(second));
    assertEquals(1500, merged.size());
    assertEquals(1, merged.entries().get(400));
    assertEquals(2, merged.entries().get(700), "a later part's entry replaces an earlier one's");
    assertEquals(merged.bytes(), budget.used() - first.bytes() - second.bytes());
    merged.close();
    first.close();
    second.close();
    assertEquals(0, budget.used());
  }

  @Test
  void aMergeThatDoesNotFitMovesNothing() {
    Budget budget = budget(32 << 10);
    PaidMap merged = new PaidMap(budget);
    PaidMap part = new PaidMap(budget);
    merged.put(-1, 0);
    for (long key = 1; part.size() < 700 && part.room(); key++) {
      part.put(key, key);
    }
    // The part's arrays of 1,024 slots (16 KB) held, the merged map's own do not fit beside them.
    assertEquals(700, part.size());
    assertFalse(merged.absorb(part));
    assertEquals(1, merged.size());
    assertEquals(700, part.size());
  }
}
