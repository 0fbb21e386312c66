package org.ehrcontracts.engine.deid;

/**
 * The values of one column in the rows a table lost, so that rows of later tables that refer to
 * them go too (a condition that points at a visit of a removed person).
 *
 * <p>Written by the one thread that rewrites the table, and read only after that table is done.
 * Costs about 11 to 21 bytes a dropped row's key, paid from the run's {@link PersonMap.Budget};
 * nothing when no row is dropped.
 */
final class DroppedKeys {

  private final PaidKeys keys;

  /** The referenced column, {@code visit_occurrence.visit_occurrence_id}, for messages. */
  final String column;

  DroppedKeys(PersonMap.Budget budget, String column) {
    this.keys = new PaidKeys(budget);
    this.column = column;
  }

  /** Adds a key; false (and nothing added) when the budget has no room for it. */
  boolean add(long key) {
    if (!keys.room()) {
      return false;
    }
    keys.add(key);
    return true;
  }

  boolean contains(long key) {
    return !keys.isEmpty() && keys.contains(key);
  }

  /** The bytes held. */
  long bytes() {
    return keys.bytes();
  }

  /** How many keys are held. */
  int size() {
    return keys.size();
  }

  /** Gives the bytes back once no later table reads the keys. */
  void close() {
    keys.close();
  }
}
