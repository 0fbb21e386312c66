package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongLongHashMap;

/**
 * A map of 64-bit keys to 64-bit values whose growth is paid from a {@link Budget}, as {@link
 * PaidSet} is for sets: before HPPC would grow its two arrays (keys and values) it reserves the
 * ones they grow to, the old ones held too while the entries are moved, and {@link #room} says no
 * when the budget has none.
 *
 * <p>The room is the most entries the arrays hold before HPPC would grow them (three quarters of
 * their slots), so that the map grows when HPPC's own would, never earlier, and never unpaid.
 *
 * <p>What it holds cannot spill (another table's rows look their key up in it, row by row), so a
 * caller told no stops the run with a {@link NotEnoughMemoryException}.
 */
final class PaidMap {

  private static final double LOAD_FACTOR = 0.75;

  /** HPPC allocates at most 2^30 slots: 0.75 of them, with a margin. */
  private static final long MAX_KEYS = 700_000_000;

  private final Budget budget;
  private LongLongHashMap map = new LongLongHashMap();
  private int capacity = holds(map);
  private long paid;

  PaidMap(Budget budget) {
    this.budget = budget;
    paid = map.ramBytesAllocated();
    budget.hold(paid);
  }

  /** Whether one more key fits: true at once below the capacity, else if the growth is paid. */
  boolean room() {
    return map.size() < capacity || grow(capacity + 1L);
  }

  /** Makes room for {@code keys} keys in all if the budget allows it. */
  boolean reserve(long keys) {
    return keys <= capacity || grow(keys);
  }

  private boolean grow(long keys) {
    if (keys > MAX_KEYS) {
      return false;
    }
    long bytes = arrayBytes((int) keys);
    if (!budget.reserve(bytes)) {
      return false;
    }
    map.ensureCapacity((int) keys);
    budget.release(paid);
    long now = map.ramBytesAllocated();
    // The estimate and HPPC's own sizing agree; if they ever differ, hold what it holds.
    budget.hold(now - bytes);
    paid = now;
    capacity = holds(map);
    return true;
  }

  /** The most entries HPPC's arrays hold before it grows them (it grows on the next new key). */
  private static int holds(LongLongHashMap map) {
    int slots = map.keys.length - 1;
    return Math.min(slots - 1, (int) Math.ceil(slots * LOAD_FACTOR));
  }

  /** The bytes of HPPC's two arrays (keys and values) for {@code keys} keys. */
  static long arrayBytes(int keys) {
    return 2 * PaidSet.arrayBytes(keys);
  }

  /** Puts a key's value (after {@link #room}), replacing the one it had. */
  void put(long key, long value) {
    map.put(key, value);
  }

  /**
   * Moves every entry of {@code other} here, a later entry of a key replacing this one's, if the
   * budget has room for both maps together; {@code other} is then closed. An empty map takes the
   * other's arrays as they are (nothing is copied: a file of one part merges for free).
   *
   * @return false, and nothing moved, when the budget has no room
   */
  boolean absorb(PaidMap other) {
    if (map.isEmpty() && other.budget == budget) {
      LongLongHashMap mine = map;
      int myCapacity = capacity;
      long myPaid = paid;
      map = other.map;
      capacity = other.capacity;
      paid = other.paid;
      other.map = mine;
      other.capacity = myCapacity;
      other.paid = myPaid;
    } else {
      if (!reserve((long) map.size() + other.size())) {
        return false;
      }
      map.putAll(other.map);
    }
    other.close();
    return true;
  }

  int size() {
    return map.size();
  }

  /** The map itself, for lookups. */
  LongLongHashMap entries() {
    return map;
  }

  /** The bytes held. */
  long bytes() {
    return paid;
  }

  /** Gives every byte back; the map is empty and is not used again. */
  void close() {
    map.release();
    budget.release(paid);
    paid = 0;
    capacity = 0;
  }
}
