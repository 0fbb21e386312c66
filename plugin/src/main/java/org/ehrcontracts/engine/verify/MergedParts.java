package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.cursors.LongCursor;
import org.ehrcontracts.engine.problem.Rule;

/**
 * What the parts of a file found, merged in file order: its primary keys (with how many rows repeat
 * one, and the keys that may be the report's samples), its key sets, the births and deaths of its
 * persons and its scorecard counts. Each part is absorbed as soon as it and the parts before it are
 * done, and its own sets are released.
 *
 * <p>The merged sets are paid from the run's {@link Budget}; when one cannot grow, the file spills
 * ({@link FileSpill}): what was merged goes to runs, and so do the parts still to come. The merged
 * maps (births, deaths, kept columns) are paid too but cannot spill: when one cannot grow, the run
 * stops with a {@link NotEnoughMemoryException}.
 */
final class MergedParts {

  final PaidSet keys;
  final PaidSet[] keySets;
  final PaidIntMap births;
  final PaidIntMap deaths;
  final PaidMap[] kept;

  /**
   * The keys that may be among the report's samples of repeated keys, or null when memory does not
   * know them (the file spilled, or the budget refused them: {@link FileRun#checkDuplicates} finds
   * the samples on disk then). The samples are the first {@link #samples} rows, in file order, that
   * repeat a key, so a key is one only if fewer than that many keys repeat before its own second
   * row: every key a part repeats from an earlier part, and each part's first repeats within
   * itself, until {@code samples} keys are known from the parts before. Paid from the budget.
   */
  PaidSet candidates;

  final int samples;
  final boolean counting;
  final int expectedParts;
  final MetricTotals metrics;
  private final FileSpill spill;
  private final TablePlan plan;
  private boolean spilled;
  long rows;

  /**
   * The rows that repeat a primary key: all of them while the keys are in memory; once the file
   * spills, those counted before (each key went to runs once), to which the runs' merge adds.
   */
  long duplicates;

  MergedParts(TablePlan plan, int expectedParts, FileSpill spill) {
    this.expectedParts = expectedParts;
    this.spill = spill;
    this.metrics = new MetricTotals(plan, expectedParts, spill);
    this.keys = new PaidSet(spill.budget);
    this.keySets = new PaidSet[plan.keySets.size()];
    this.births = plan.personTable ? new PaidIntMap(spill.budget) : null;
    this.deaths = plan.deathTable ? new PaidIntMap(spill.budget) : null;
    this.counting = plan.severity(Rule.KEY_DUPLICATE) != null;
    this.samples = plan.request.samples();
    this.candidates = counting ? new PaidSet(spill.budget) : null;
    this.plan = plan;
    this.kept = new PaidMap[plan.kept.length];
    for (int k = 0; k < kept.length; k++) {
      kept[k] = new PaidMap(spill.budget);
    }
    for (int k = 0; k < keySets.length; k++) {
      keySets[k] = new PaidSet(spill.budget);
    }
  }

  /** Gives the merged sets' memory back (the file is checked again in one piece). */
  void release() {
    metrics.release();
    dropCandidates();
    keys.close();
    for (PaidSet set : keySets) {
      set.close();
    }
    for (PaidMap map : kept) {
      map.close();
    }
    if (births != null) {
      births.close();
    }
    if (deaths != null) {
      deaths.close();
    }
  }

  /** Whether the file's keys went to disk. */
  boolean spilled() {
    return spilled;
  }

  void absorb(PartChecker checker) {
    rows += checker.rows;
    RowKeys part = checker.keys;
    duplicates += part.repeats;
    if (!spilled && !spill.spilling && !part.spilled()) {
      if (keys.size() == 0 && part.primary.size() > 0) {
        // Sized once from the first part, for a file of parts of about its size: a file too large
        // for the budget spills here, before its parts have grown their sets.
        if (!keys.reserve((long) part.primary.size() * expectedParts)) {
          spill.spilling = true;
        }
      }
    }
    if (!spilled && (spill.spilling || part.spilled())) {
      spillMerged();
    }
    if (spilled) {
      part.spillNow();
      part.closeRuns();
    } else {
      mergeKeys(part);
    }
    // Room for both the merged map and the part's first, while the part's is held; the merged
    // keys spill to make room before the run is stopped.
    PaidIntMap partBirths = checker.persons.birthYears;
    if (births != null && !absorbed(births.absorb(partBirths), () -> births.absorb(partBirths))) {
      throw PersonFacts.overBudget(plan.file, rows, spill.budget.memory);
    }
    PaidIntMap partDeaths = checker.persons.deathDays;
    if (deaths != null && !absorbed(deaths.absorb(partDeaths), () -> deaths.absorb(partDeaths))) {
      throw PersonFacts.overBudget(plan.file, rows, spill.budget.memory);
    }
    for (int k = 0; k < kept.length; k++) {
      // In file order: a key kept twice reads as the file's later row, which key.duplicate reports.
      // Room for all of the part's entries first (as if none were there yet), while the part's
      // own map is still held: the two are in memory together until the part's is let go.
      PaidMap into = kept[k];
      PaidMap from = checker.kept[k];
      if (!absorbed(into.absorb(from), () -> into.absorb(from))) {
        throw PartChecker.keptOverBudget(plan, spill.budget.memory, k, into, rows);
      }
    }
    metrics.absorb(checker, this::spillForRoom);
  }

  /**
   * Whether a merge of a map that cannot spill went through: at once, or once the merged keys went
   * to disk to make room for it.
   */
  private boolean absorbed(boolean atOnce, java.util.function.BooleanSupplier again) {
    return atOnce || (spillForRoom() && again.getAsBoolean());
  }

  /**
   * Makes room for what cannot spill (the persons' facts, the visits' spans, the kept columns):
   * moves the merged keys to runs, as a set that cannot grow would; the parts still to come spill
   * too. The part being merged has given its keys to the merged sets already, or spilled them.
   *
   * @return whether memory was given back (false when the keys are on disk already)
   */
  boolean spillForRoom() {
    if (spilled || !spill.canSpill()) {
      return false;
    }
    spillMerged();
    return true;
  }

  private void mergeKeys(RowKeys part) {
    // Room for all of the part's keys first (as if none were there yet), so that a merge never
    // stops half-way.
    if (!keys.reserve((long) keys.size() + part.primary.size())) {
      spillMerged();
      part.spillNow();
      part.closeRuns();
      return;
    }
    // Once samples keys are known to repeat in the parts before, no later row can be a sample.
    boolean sampling = candidates != null && candidates.size() < samples;
    for (LongCursor key : part.primary.keys()) {
      if (!keys.add(key.value) && counting) {
        duplicates++;
        if (sampling) {
          sampling = candidate(key.value);
        }
      }
    }
    if (sampling) {
      for (LongCursor key : part.repeatedKeys) {
        if (!candidate(key.value)) {
          break;
        }
      }
    }
    part.repeatedKeys.release();
    for (int k = 0; k < keySets.length; k++) {
      PaidSet set = part.sets[k];
      if (!keySets[k].reserve((long) keySets[k].size() + set.size())) {
        // The merged keys so far go to runs; the part's own (all of them, as this set's merge
        // did not start) go with its other sets when it spills.
        spillMergedSets(part);
        return;
      }
      keySets[k].keys().addAll(set.keys());
    }
    // The part's own sets are no longer needed: the merged ones hold their keys.
    part.primary.close();
    for (PaidSet set : part.sets) {
      set.close();
    }
  }

  /**
   * A key set cannot grow while the part's primary keys are merged already (their repeats counted):
   * its primary keys must not go to runs twice.
   */
  private void spillMergedSets(RowKeys part) {
    part.primary.release();
    spillMerged();
    part.spillNow();
    part.closeRuns();
  }

  /**
   * Moves what was merged to runs (each primary key once: its repeats so far stay counted in {@link
   * #duplicates}) and frees it.
   */
  private void spillMerged() {
    spilled = true;
    spill.spilling = true;
    KeyRuns primary = spill.primaryRuns(-1);
    primary.moveAll(keys.keys());
    primary.close();
    keys.close();
    dropCandidates();
    for (int k = 0; k < keySets.length; k++) {
      KeyRuns runs = spill.setRuns(k, -1);
      runs.moveAll(keySets[k].keys());
      runs.close();
      keySets[k].close();
    }
  }

  /** Adds a candidate; false, forgetting them all, when the budget refuses it. */
  private boolean candidate(long key) {
    if (!candidates.room()) {
      dropCandidates();
      return false;
    }
    candidates.add(key);
    return true;
  }

  private void dropCandidates() {
    if (candidates != null) {
      candidates.close();
      candidates = null;
    }
  }
}
