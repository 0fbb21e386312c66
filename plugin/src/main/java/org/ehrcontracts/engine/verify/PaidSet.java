package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongHashSet;

/**
 * A set of 64-bit keys whose growth is paid from a {@link Budget}: before it outgrows its capacity
 * it reserves the array it will grow to (the old one is held too while the keys are moved), and
 * {@link #room} says no when the budget has none, so that the caller spills instead.
 */
final class PaidSet {

  private static final double LOAD_FACTOR = 0.75;

  /** HPPC allocates at most 2^30 slots: 0.75 of them, with a margin. */
  private static final long MAX_KEYS = 700_000_000;

  private final Budget budget;
  private LongHashSet set = new LongHashSet();
  private int capacity = com.carrotsearch.hppc.Containers.DEFAULT_EXPECTED_ELEMENTS;
  private long paid;

  PaidSet(Budget budget) {
    this.budget = budget;
    paid = set.ramBytesAllocated();
    budget.hold(paid);
  }

  /** Whether one more key fits: true at once below the capacity, else if the growth is paid. */
  boolean room() {
    return set.size() < capacity || grow(Math.max(16, 2L * capacity));
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
    capacity = (int) keys;
    return true;
  }

  /**
   * The bytes of HPPC's array for {@code keys} keys: a power of two at most 0.75 full, plus one.
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

  boolean contains(long key) {
    return set.contains(key);
  }

  int size() {
    return set.size();
  }

  /** The set itself, for iteration and lookups. */
  LongHashSet keys() {
    return set;
  }

  /** The bytes held. */
  long bytes() {
    return paid;
  }

  /** Lets go of the keys and gives their bytes back; the set is empty and small again. */
  void release() {
    set.release();
    set = new LongHashSet();
    budget.release(paid);
    paid = set.ramBytesAllocated();
    budget.hold(paid);
    capacity = com.carrotsearch.hppc.Containers.DEFAULT_EXPECTED_ELEMENTS;
  }

  /** Gives every byte back; the set is not used again. */
  void close() {
    set.release();
    budget.release(paid);
    paid = 0;
    capacity = 0;
  }
}
