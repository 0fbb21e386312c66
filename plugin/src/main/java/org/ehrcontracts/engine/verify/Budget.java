package org.ehrcontracts.engine.verify;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run's sets hold of its {@link Memory} budget, in bytes of their arrays: reserved before a
 * set grows, returned when it is released or spilled. Shared by the parts' threads.
 */
final class Budget {

  /** A budget nothing is refused from, for the checkers that only compute keys. */
  static final Budget UNLIMITED =
      new Budget(new Memory(Long.MAX_VALUE, "unlimited", java.util.Optional.empty()));

  final Memory memory;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  Budget(Memory memory) {
    this.memory = memory;
  }

  /** Reserves the bytes if they fit under the budget. */
  boolean reserve(long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > memory.budgetBytes()) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        peak.accumulateAndGet(now + bytes, Math::max);
        return true;
      }
    }
  }

  /** Counts bytes already held (a new set's first small array), over the budget or not. */
  void hold(long bytes) {
    peak.accumulateAndGet(used.addAndGet(bytes), Math::max);
  }

  /** Gives back bytes reserved or held. */
  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** The bytes held now. */
  long used() {
    return used.get();
  }

  /** The most bytes held at once. */
  long peak() {
    return peak.get();
  }
}
