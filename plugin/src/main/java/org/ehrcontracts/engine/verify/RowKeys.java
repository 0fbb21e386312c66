package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongHashSet;
import java.util.List;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * The keys of one part's rows: the primary keys and key sets seen (which the verifier merges in
 * file order when the file is done), and the foreign keys, checked against the parents already read
 * or kept, with their lines, for when the parent has been read.
 *
 * <p>Nothing here grows with the rows outside the {@link Budget}: the sets and the deferred foreign
 * keys are paid from it (and go to runs on disk when it refuses), and a primary key's repeats are a
 * count and at most {@code samples} keys.
 */
final class RowKeys {

  private final RowProblems problems;
  private final TablePlan plan;
  private final ExportState state;
  private final int[] fieldOf;

  private final Severity duplicate;
  private final Severity foreign;
  private final boolean collectKeys;

  private final FileSpill spill;
  private final int part;

  /** The primary keys seen, when duplicates are checked or a foreign key refers to them. */
  final PaidSet primary;

  /**
   * The rows of this part whose primary key an earlier row of the part has, while its keys are in
   * memory (after the part spills, its rows' keys go to runs, every occurrence, and the merge
   * counts them). Counted only when duplicates are checked.
   */
  long repeats;

  /**
   * The first {@code samples} distinct keys that repeat within the part (in memory): with the keys
   * that repeat an earlier part's, found when the parts are merged, they are the candidates of the
   * report's samples ({@link MergedParts#candidates}).
   */
  final LongHashSet repeatedKeys = new LongHashSet();

  private final int samples;

  /** The values of {@link TablePlan#keySets} seen, one set each. */
  final PaidSet[] sets;

  /** Once the file spills: the runs of the primary keys (every occurrence) and of the key sets. */
  private KeyRuns primaryRuns;

  private KeyRuns[] setRuns;

  /** Per foreign key whose parent spilled, the runs of its keys and lines, else null. */
  private final KeyRuns[] foreignRuns;

  /**
   * Per foreign key whose parent is read later, the keys referred to and their lines, paid from the
   * budget, else null. When the budget refuses them, they go to {@link #foreignRuns} instead.
   */
  final DeferredKeys[] deferred;

  /**
   * Per foreign key checked row by row, the rows whose key its parent lacks (the scorecard's person
   * and visit id failures).
   */
  final long[] orphans;

  private boolean unmatchable;

  RowKeys(
      RowProblems problems,
      ExportState state,
      int[] fieldOf,
      FileSpill spill,
      int part,
      int samples) {
    this.problems = problems;
    this.samples = samples;
    this.spill = spill;
    this.part = part;
    this.primary = new PaidSet(spill.budget);
    this.plan = problems.plan;
    this.state = state;
    this.fieldOf = fieldOf;
    duplicate = plan.severity(Rule.KEY_DUPLICATE);
    foreign = plan.severity(Rule.KEY_FOREIGN);
    collectKeys = plan.primaryKey.length > 0 && (duplicate != null || plan.primaryKeyReferenced);
    int fks = plan.foreignKeys.size();
    deferred = new DeferredKeys[fks];
    orphans = new long[fks];
    foreignRuns = new KeyRuns[fks];
    for (int i = 0; i < fks; i++) {
      TablePlan.Fk fk = plan.foreignKeys.get(i);
      if (fk.deferred()) {
        deferred[i] = new DeferredKeys(spill.budget);
      } else if (state.spilled.containsKey(fk.keySet())) {
        // The parent's keys are on disk: the rows' keys go there too, to be joined at the end.
        foreignRuns[i] = spill.foreignRuns(i, part);
      }
    }
    sets = new PaidSet[plan.keySets.size()];
    for (int i = 0; i < sets.length; i++) {
      sets[i] = new PaidSet(spill.budget);
    }
  }

  /** Keeps the row's primary key and key sets. */
  void collect(CsvRecord record) {
    if (primaryRuns == null && spill.spilling) {
      spillNow();
    }
    if (collectKeys) {
      long key = key(record, plan.primaryKey);
      if (key != PartChecker.NONE) {
        if (primaryRuns == null && !primary.room()) {
          spillNow();
        }
        if (primaryRuns != null) {
          primaryRuns.add(key);
        } else if (!primary.add(key) && duplicate != null) {
          repeats++;
          if (repeatedKeys.size() < samples) {
            repeatedKeys.add(key);
          }
        }
      }
    }
    for (int i = 0; i < sets.length; i++) {
      TablePlan.KeySet set = plan.keySets.get(i);
      long key = key(record, set.columns(), set.integer());
      if (key != PartChecker.NONE) {
        if (primaryRuns == null && !sets[i].room()) {
          spillNow();
        }
        if (primaryRuns != null) {
          setRuns[i].add(key);
        } else {
          sets[i].add(key);
        }
      }
    }
  }

  /** Whether this part's keys went to runs. */
  boolean spilled() {
    return primaryRuns != null;
  }

  /**
   * Moves the part's primary keys (each distinct key once: its {@link #repeats} so far stay a
   * count) and key sets to runs, gives their memory back, and makes the whole file spill.
   */
  void spillNow() {
    if (primaryRuns != null) {
      return;
    }
    spill.spilling = true;
    primaryRuns = spill.primaryRuns(part);
    primaryRuns.moveAll(primary.keys());
    primary.close();
    // A spilled file's samples are found on disk (FileSpill.firstRepeats): no candidates.
    repeatedKeys.release();
    setRuns = new KeyRuns[sets.length];
    for (int i = 0; i < sets.length; i++) {
      setRuns[i] = spill.setRuns(i, part);
      setRuns[i].moveAll(sets[i].keys());
      sets[i].close();
    }
  }

  /**
   * Makes room in the budget for what cannot spill (the part's person facts, visits' spans and kept
   * columns, which are refused over it): moves the part's keys to runs, as a set that cannot grow
   * would, so that the file spills rather than stops.
   *
   * @return whether memory was given back (false when the keys are on disk already)
   */
  boolean spillForRoom() {
    if (primaryRuns != null || !spill.canSpill()) {
      return false;
    }
    spillNow();
    return true;
  }

  /** Gives the memory of the part's sets back (the part's keys are not wanted after all). */
  void release() {
    if (primaryRuns == null) {
      primary.close();
      for (PaidSet set : sets) {
        set.close();
      }
    }
    releaseDeferred();
  }

  /** Gives the memory of the deferred foreign keys back (they are checked, or not wanted). */
  void releaseDeferred() {
    for (DeferredKeys keys : deferred) {
      if (keys != null) {
        keys.release();
      }
    }
  }

  /** Whether the deferred keys of foreign key {@code fk} went to runs (the budget refused them). */
  boolean deferredOnDisk(int fk) {
    return deferred[fk] != null && foreignRuns[fk] != null;
  }

  /** Writes the part's last runs (when the scan of the part is done). */
  void closeRuns() {
    if (primaryRuns != null) {
      primaryRuns.close();
      for (KeyRuns runs : setRuns) {
        runs.close();
      }
    }
    for (KeyRuns runs : foreignRuns) {
      if (runs != null) {
        runs.close();
      }
    }
  }

  /** Checks the row's foreign keys, or keeps them for a parent read later. */
  void foreignKeys(CsvRecord record) {
    if (foreign == null) {
      return;
    }
    List<TablePlan.Fk> fks = plan.foreignKeys;
    for (int i = 0; i < fks.size(); i++) {
      TablePlan.Fk fk = fks.get(i);
      if (fk.when() != null && !fk.when().holds(record, fieldOf)) {
        continue;
      }
      long key = key(record, fk.columns(), fk.integer());
      if (key == PartChecker.NONE) {
        if (unmatchable) {
          orphan(record, fk);
        }
        continue;
      }
      if (foreignRuns[i] != null) {
        foreignRuns[i].add(key, record.line());
        continue;
      }
      if (fk.deferred()) {
        if (!deferred[i].add(key, record.line())) {
          deferToDisk(i);
          foreignRuns[i].add(key, record.line());
        }
        continue;
      }
      LongHashSet parent = state.keys.get(fk.keySet());
      if (parent != null && !parent.contains(key)) {
        orphans[i]++;
        orphan(record, fk);
      }
    }
  }

  /**
   * The budget refused more deferred keys of foreign key {@code i}: the part's go to runs of key
   * and line from now on, the ones kept so far first, and their memory is given back.
   */
  private void deferToDisk(int i) {
    foreignRuns[i] = spill.foreignRuns(i, part);
    deferred[i].moveTo(foreignRuns[i]);
  }

  private void orphan(CsvRecord record, TablePlan.Fk fk) {
    int c = fk.columns()[0];
    if (problems.wants(Rule.KEY_FOREIGN)) {
      problems.sample(Rule.KEY_FOREIGN, foreign, record, c, fieldOf[c], foreignMessage(fk));
    }
  }

  /** What to say of a row whose foreign key has no parent row. */
  static String foreignMessage(TablePlan.Fk fk) {
    List<String> columns = fk.key().columns();
    List<String> referenced = fk.key().referencedColumns();
    return columns.size() == 1
        ? columns.get(0)
            + " has no row in table '"
            + fk.key().table()
            + "' ("
            + fk.key().table()
            + "."
            + referenced.get(0)
            + ")"
        : "("
            + String.join(", ", columns)
            + ") has no row in table '"
            + fk.key().table()
            + "' (columns "
            + String.join(", ", referenced)
            + ")";
  }

  /** The key of a row over its own columns: the value of one integer column, else a hash. */
  long key(CsvRecord record, int[] columns) {
    return key(
        record,
        columns,
        columns.length == 1 && plan.columns[columns[0]].type() == ColumnType.INTEGER);
  }

  /**
   * The key of a row: the value of the column when {@code integer}, else a hash of the columns'
   * bytes; NONE when a column is empty. An integer key whose text is no whole number is NONE with
   * {@link #unmatchable} set: it is a type problem of an integer column, or, in a text column that
   * refers to an integer one, a reference that can match no row.
   */
  long key(CsvRecord record, int[] columns, boolean integer) {
    unmatchable = false;
    if (integer) {
      int f = fieldOf[columns[0]];
      if (f < 0 || f >= record.size() || record.isEmpty(f)) {
        return PartChecker.NONE;
      }
      long value = Values.parseLong(record.buffer(), record.start(f), record.end(f));
      if (value == Values.NOT_A_LONG) {
        unmatchable = plan.columns[columns[0]].type() != ColumnType.INTEGER;
        return PartChecker.NONE;
      }
      return value;
    }
    long hash = 0;
    for (int column : columns) {
      int f = fieldOf[column];
      if (f < 0 || f >= record.size() || record.isEmpty(f)) {
        return PartChecker.NONE;
      }
      hash =
          Values.mix(hash * 31 + Values.hash(record.buffer(), record.start(f), record.end(f), 7));
    }
    return hash;
  }
}
