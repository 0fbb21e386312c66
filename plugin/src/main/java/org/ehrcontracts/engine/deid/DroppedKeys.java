package org.ehrcontracts.engine.deid;

import com.carrotsearch.hppc.LongHashSet;

/**
 * The values of one column in the rows a table lost, so that rows of later tables that refer to
 * them go too (a condition that points at a visit of a removed person).
 *
 * <p>Written by the one thread that rewrites the table, and read only after that table is done.
 * Costs about 16 bytes a dropped row; nothing when no row is dropped.
 */
final class DroppedKeys {

  private final LongHashSet keys = new LongHashSet();

  void add(long key) {
    keys.add(key);
  }

  boolean contains(long key) {
    return !keys.isEmpty() && keys.contains(key);
  }
}
