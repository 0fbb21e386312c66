package org.ehrcontracts.engine.deid;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongLongHashMap;
import com.carrotsearch.hppc.cursors.LongLongCursor;

/**
 * Every person the run knows, by original id: whether the export's person table has them, whether
 * they are removed, and their new id.
 *
 * <p>This is the only state that grows with the data: a hash map of two longs per person (the
 * crosswalk's old persons included) and a hash set of one long per new id, about 32 to 64 bytes a
 * person with the tables' 0.75 load factor and power-of-two growth.
 *
 * <p>Filled on one thread (the person pass, then {@link #issue}); read-only and safe to share once
 * the rewrite of the tables starts.
 */
final class PersonMap {

  /** In the export's person table. */
  private static final long PRESENT = 1L << 62;

  /** Removed with all their rows (older than the limit, or no year of birth). */
  private static final long REMOVED = 1L << 61;

  /** The new id; 0 while none is given. Ids have at most 18 digits, below 2^60. */
  private static final long ID = (1L << 60) - 1;

  /** What {@link #lookup} returns for a person removed with their rows. */
  static final long GONE = -1;

  /** What {@link #lookup} returns for an id the person table does not have. */
  static final long UNKNOWN = -2;

  /** The most digits a new id may have: 10^18 - 1 still fits below 2^60. */
  static final int MAX_DIGITS = 18;

  private static final int MAX_REJECTIONS = 10_000;

  private final LongLongHashMap persons = new LongLongHashMap();
  private final LongHashSet used = new LongHashSet();
  private long present;
  private long removed;
  private long reused;
  private long issued;
  private long reissued;

  /**
   * Adds a pair read from the crosswalk.
   *
   * @return false when the original or the new id is already there (a corrupt crosswalk)
   */
  boolean addKnown(long original, long replacement) {
    if (replacement <= 0 || replacement > ID || persons.containsKey(original)) {
      return false;
    }
    if (!used.add(replacement)) {
      return false;
    }
    persons.put(original, replacement);
    return true;
  }

  /** Records a row of the person table; a person removed by any of their rows stays removed. */
  void addPerson(long original, boolean remove) {
    int index = persons.indexOf(original);
    long value = index >= 0 ? persons.indexGet(index) : 0;
    if ((value & PRESENT) == 0) {
      present++;
    }
    if (remove && (value & REMOVED) == 0) {
      removed++;
    }
    long updated = value | PRESENT | (remove ? REMOVED : 0);
    if (index >= 0) {
      persons.indexReplace(index, updated);
    } else {
      persons.indexInsert(index, original, updated);
    }
  }

  /**
   * Gives every kept person of the export a new id: their crosswalk id when they have one that is
   * not also an original id of the export, else a fresh random one with {@code digits} digits that
   * is neither in use nor an original id. Returns nothing; counts are kept.
   *
   * @throws DeidException when the digits leave too little room, or the source keeps repeating
   */
  void issue(RandomIds ids, int digits) throws DeidException {
    if (digits < 1 || digits > MAX_DIGITS) {
      throw new DeidException(
          DeidException.Reason.POLICY,
          "new person ids must have 1 to " + MAX_DIGITS + " digits, not " + digits);
    }
    long min = pow10(digits - 1);
    long max = pow10(digits) - 1;
    long room = max - min + 1;
    long needed = 0;
    for (LongLongCursor c : persons) {
      if (keeps(c.value) && (c.value & ID) == 0) {
        needed++;
      }
    }
    // Keep the space at most half full, so that random draws rarely collide.
    if (used.size() + needed + persons.size() > room / 2) {
      throw new DeidException(
          DeidException.Reason.ID_SPACE,
          "new person ids of "
              + digits
              + " digits leave too little room for "
              + persons.size()
              + " persons; raise deidentification.personIds.digits in the contract");
    }
    // In the order of the original ids, so that a given id source always gives the same result
    // (hash order differs from one map to the next).
    long[] kept = new long[(int) (persons.size() - removed)];
    int n = 0;
    for (LongLongCursor c : persons) {
      if (keeps(c.value)) {
        kept[n++] = c.key;
      }
    }
    java.util.Arrays.sort(kept, 0, n);
    for (int i = 0; i < n; i++) {
      int index = persons.indexOf(kept[i]);
      long value = persons.indexGet(index);
      long id = value & ID;
      if (id != 0) {
        long clash = persons.getOrDefault(id, 0);
        if ((clash & PRESENT) == 0) {
          reused++;
          continue;
        }
        // The old number is an original id of this export: never write it. The person gets a new
        // number (the crosswalk keeps only the new one), at the price of their continuity.
        reissued++;
      } else {
        issued++;
      }
      persons.indexReplace(index, (value & ~ID) | draw(ids, min, max));
    }
  }

  private long draw(RandomIds ids, long min, long max) throws DeidException {
    for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
      long candidate = ids.next(min, max);
      if (candidate < min || candidate > max) {
        throw new IllegalStateException("the id source gave a number outside the range");
      }
      if (!persons.containsKey(candidate) && used.add(candidate)) {
        return candidate;
      }
    }
    throw new DeidException(
        DeidException.Reason.ID_SPACE,
        "the id source gave " + MAX_REJECTIONS + " numbers in a row that are already in use");
  }

  private static boolean keeps(long value) {
    return (value & PRESENT) != 0 && (value & REMOVED) == 0;
  }

  /** The new id of a person, {@link #GONE} when they are removed, {@link #UNKNOWN} when absent. */
  long lookup(long original) {
    long value = persons.getOrDefault(original, 0);
    if ((value & PRESENT) == 0) {
      return UNKNOWN;
    }
    if ((value & REMOVED) != 0) {
      return GONE;
    }
    return value & ID;
  }

  /** Persons in the export's person table. */
  long present() {
    return present;
  }

  /** Persons of the export removed with their rows. */
  long removed() {
    return removed;
  }

  /** Kept persons whose crosswalk id was used again. */
  long reused() {
    return reused;
  }

  /** Kept persons who got a new id for the first time. */
  long issued() {
    return issued;
  }

  /** Kept persons whose crosswalk id clashed with an original id and who got a new one. */
  long reissued() {
    return reissued;
  }

  /** How many pairs the crosswalk will hold: every person with a new id, old ones included. */
  long pairs() {
    long n = 0;
    for (LongLongCursor c : persons) {
      if ((c.value & ID) != 0) {
        n++;
      }
    }
    return n;
  }

  /** The new id of any known person, removed or not; 0 when they have none. */
  long idOf(long original) {
    return persons.getOrDefault(original, 0) & ID;
  }

  /** Passes every pair with a new id, in no particular order. */
  void forEachPair(PairSink sink) throws java.io.IOException {
    for (LongLongCursor c : persons) {
      long id = c.value & ID;
      if (id != 0) {
        sink.pair(c.key, id);
      }
    }
  }

  /**
   * Lets go of the two tables once the crosswalk is written: the counts stay ({@link #present} and
   * the others), the ids do not, so nothing may look a person up or write the map after this.
   */
  void release() {
    persons.release();
    used.release();
  }

  /** The heap the two tables hold, in bytes. */
  long bytes() {
    return persons.ramBytesAllocated() + used.ramBytesAllocated();
  }

  /**
   * The memory budget the map must stay within, with the other sets of the run that grow with the
   * data (the ids of unknown persons, the keys of dropped rows): the map's bytes as last checked,
   * and what the others reserve, share one budget. The map cannot spill: every row of every table
   * looks its person up, in file order, so a map on disk would mean sorting every table by person
   * and back. Nor can the others (they are looked up row by row too). Above the budget the run
   * stops, naming the budget and how to raise it.
   *
   * <p>The map is checked on one thread (the person pass); the other sets reserve from the
   * rewriting threads once the map is complete, so the counter they share is atomic.
   */
  static final class Budget {

    private final org.ehrcontracts.engine.verify.Memory memory;

    /** The map's bytes when it was last checked. */
    private volatile long mapBytes;

    /** What the other sets hold. */
    private final java.util.concurrent.atomic.AtomicLong held =
        new java.util.concurrent.atomic.AtomicLong();

    Budget(org.ehrcontracts.engine.verify.Memory memory) {
      this.memory = java.util.Objects.requireNonNull(memory, "memory");
    }

    /** Throws when the map, with what the other sets hold, needs more than the budget. */
    void check(PersonMap map, String file, long rows) {
      long bytes = map.bytes();
      mapBytes = bytes;
      if (bytes + held.get() > memory.budgetBytes()) {
        throw overBudget(
            file,
            rows,
            String.format(
                java.util.Locale.ROOT,
                "the person map (original to new ids: %,d persons, %,d MB)",
                map.persons.size(),
                bytes >> 20));
      }
    }

    /** Reserves the bytes for another set if they fit beside the map and the others. */
    boolean reserve(long bytes) {
      while (true) {
        long now = held.get();
        if (mapBytes + now + bytes > memory.budgetBytes()) {
          return false;
        }
        if (held.compareAndSet(now, now + bytes)) {
          return true;
        }
      }
    }

    /** Counts bytes already held (a new set's first small array), over the budget or not. */
    void hold(long bytes) {
      held.addAndGet(bytes);
    }

    /** Gives back bytes reserved or held. */
    void release(long bytes) {
      held.addAndGet(-bytes);
    }

    /** The refusal of {@code what}, read from {@code file} after {@code rows} rows. */
    org.ehrcontracts.engine.verify.NotEnoughMemoryException overBudget(
        String file, long rows, String what) {
      return new org.ehrcontracts.engine.verify.NotEnoughMemoryException(
          file, rows, Runtime.getRuntime().maxMemory(), memory, true, what, null);
    }
  }

  /** Receives pairs of original and new id. */
  @FunctionalInterface
  interface PairSink {
    void pair(long original, long replacement) throws java.io.IOException;
  }

  private static long pow10(int n) {
    long v = 1;
    for (int i = 0; i < n; i++) {
      v *= 10;
    }
    return v;
  }
}
