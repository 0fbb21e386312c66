package org.ehrcontracts.engine.deid;

import com.carrotsearch.hppc.LongHashSet;

/**
 * A set of 64-bit keys whose growth is paid from the run's {@link PersonMap.Budget}, beside the
 * person map: before HPPC would grow its array it reserves the one it grows to (the old one is held
 * too while the keys are moved), and {@link #room} says no when the budget has none, so that the
 * caller stops the run. Paid as verification's key sets are, but these cannot spill: they are
 * looked up row by row (dropped keys), or counted at the end (unknown persons).
 */
final class PaidKeys {

  private static final double LOAD_FACTOR = 0.75;

  /** HPPC allocates at most 2^30 slots: 0.75 of them, with a margin. */
  private static final long MAX_KEYS = 700_000_000;

  private final PersonMap.Budget budget;
  private LongHashSet set = new LongHashSet();
  private int capacity = holds(set);
  private long paid;

  PaidKeys(PersonMap.Budget budget) {
    this.budget = budget;
    paid = set.ramBytesAllocated();
    budget.hold(paid);
  }

  /** Whether one more key fits: true at once below the capacity, else if the growth is paid. */
  boolean room() {
    return set.size() < capacity || grow(capacity + 1L);
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
    set.ensureCapacity((int) keys);
    budget.release(paid);
    long now = set.ramBytesAllocated();
    // The estimate and HPPC's own sizing agree; if they ever differ, hold what it holds.
    budget.hold(now - bytes);
    paid = now;
    capacity = holds(set);
    return true;
  }

  /**
   * The most keys HPPC's array holds before it grows it (it grows on the next new key): the set
   * grows when HPPC's own would, never earlier, and never unpaid.
   */
  private static int holds(LongHashSet set) {
    int slots = set.keys.length - 1;
    return Math.min(slots - 1, (int) Math.ceil(slots * LOAD_FACTOR));
  }

  /**
   * The bytes of HPPC's array for {@code keys} keys: a power of two at most 0.75 full, plus one (as
   * verification's {@code PaidSet} counts it).
   */
  static long arrayBytes(int keys) {
    long slots = (long) Math.ceil(keys / LOAD_FACTOR);
    if (slots == keys) {
      slots++;
    }
    long power = Math.max(4, Long.highestOneBit(Math.max(1, slots - 1)) << 1);
    return 8 * (power + 1) + 16;
  }

  /** Adds a key (after {@link #room}); false when it was there already. */
  boolean add(long key) {
    return set.add(key);
  }

  /**
   * Moves every key of {@code other} here if the budget has room for both sets together; {@code
   * other} is then closed. An empty set takes the other's array as it is (nothing is copied).
   *
   * @return false, and nothing moved, when the budget has no room
   */
  boolean absorb(PaidKeys other) {
    if (set.isEmpty() && other.budget == budget) {
      LongHashSet mine = set;
      int myCapacity = capacity;
      long myPaid = paid;
      set = other.set;
      capacity = other.capacity;
      paid = other.paid;
      other.set = mine;
      other.capacity = myCapacity;
      other.paid = myPaid;
    } else {
      if (!reserve((long) set.size() + other.size())) {
        return false;
      }
      set.addAll(other.set);
    }
    other.close();
    return true;
  }

  boolean contains(long key) {
    return set.contains(key);
  }

  int size() {
    return set.size();
  }

  boolean isEmpty() {
    return set.isEmpty();
  }

  /** The bytes held. */
  long bytes() {
    return paid;
  }

  /** Gives every byte back; the set is empty and is not used again. */
  void close() {
    set.release();
    budget.release(paid);
    paid = 0;
    capacity = 0;
  }
}
