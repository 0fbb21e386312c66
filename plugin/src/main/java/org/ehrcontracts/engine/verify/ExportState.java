package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.LongLongHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What finished tables leave for the tables that refer to them: key sets, the persons' birth and
 * death, and the visits' spans. Written once per table when its file is done, then only read.
 */
final class ExportState {

  /** What the sets of the run may hold; set before the first file starts. */
  Budget budget = Budget.UNLIMITED;

  /** Where the sets over the budget spill; set before the first file starts. */
  SpillFolder spillFolder = new SpillFolder(java.util.Optional.empty());

  /** Primary-key sets by table, for foreign keys (a key is the value, or a hash for text keys). */
  final Map<String, LongHashSet> keys = new ConcurrentHashMap<>();

  /** The sorted key files of the key sets that spilled, by the same names as {@link #keys}. */
  final Map<String, FileSpill.SortedKeys> spilled = new ConcurrentHashMap<>();

  /** Whether a key set is known, in memory or on disk. */
  boolean knows(String keySet) {
    return keySet != null && (keys.containsKey(keySet) || spilled.containsKey(keySet));
  }

  /** Year of birth by person id. */
  volatile LongIntHashMap birthYears;

  /** Date of death (epoch day) by person id. */
  volatile LongIntHashMap deathDays;

  /**
   * The start and end days of the rows of a visit table (the scorecard's visit date disparity), by
   * table and row id, packed two ints to a long.
   */
  final Map<String, LongLongHashMap> spans = new ConcurrentHashMap<>();

  /**
   * The columns that checks of other tables read ({@code person.year_of_birth}), by reference id,
   * each a map from the table's key to the value (an integer, a float's bits, a date's epoch day).
   * Paid from {@link #budget} while it was built ({@link PaidMap}), and held for the run.
   */
  final Map<Integer, LongLongHashMap> referenced = new ConcurrentHashMap<>();

  /** The ids of the crosswalk, when a de-identified export's person references are proven. */
  volatile PersonIds personIds;
}
