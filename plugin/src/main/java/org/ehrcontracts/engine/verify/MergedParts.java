package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.LongLongHashMap;
import com.carrotsearch.hppc.cursors.LongCursor;
import org.ehrcontracts.engine.problem.Rule;

/**
 * What the parts of a file found, merged in file order: its primary keys (with the keys seen
 * twice), its key sets, the births and deaths of its persons and its scorecard counts. Each part is
 * absorbed as soon as it and the parts before it are done, and its own sets are released.
 */
final class MergedParts {

  final LongHashSet keys;
  final LongHashSet[] keySets;
  final LongIntHashMap births;
  final LongIntHashMap deaths;
  final LongLongHashMap[] kept;
  final LongArrayList duplicateKeys = new LongArrayList();
  final boolean counting;
  final int expectedParts;
  final MetricTotals metrics;
  long rows;
  long duplicates;

  MergedParts(TablePlan plan, int expectedParts) {
    this.expectedParts = expectedParts;
    this.metrics = new MetricTotals(plan, expectedParts);
    this.keys = new LongHashSet();
    this.keySets = new LongHashSet[plan.keySets.size()];
    this.births = plan.personTable ? new LongIntHashMap() : null;
    this.deaths = plan.deathTable ? new LongIntHashMap() : null;
    this.counting = plan.severity(Rule.KEY_DUPLICATE) != null;
    this.kept = new LongLongHashMap[plan.kept.length];
    for (int k = 0; k < kept.length; k++) {
      kept[k] = new LongLongHashMap();
    }
    for (int k = 0; k < keySets.length; k++) {
      keySets[k] = new LongHashSet();
    }
  }

  void absorb(PartChecker checker) {
    rows += checker.rows;
    LongHashSet part = checker.keys.primary;
    if (keys.isEmpty() && part.size() > 0) {
      // Sized once from the first part, for a file of parts of about its size.
      keys.ensureCapacity(
          (int) Math.min(Integer.MAX_VALUE - 8, (long) part.size() * expectedParts));
    }
    for (LongCursor key : part) {
      if (!keys.add(key.value) && counting) {
        duplicates++;
        duplicateKeys.add(key.value);
      }
    }
    duplicates += checker.keys.duplicates.size();
    duplicateKeys.addAll(checker.keys.duplicates);
    for (int k = 0; k < keySets.length; k++) {
      keySets[k].addAll(checker.keys.sets[k]);
    }
    if (births != null) {
      births.putAll(checker.persons.birthYears);
    }
    if (deaths != null) {
      deaths.putAll(checker.persons.deathDays);
    }
    for (int k = 0; k < kept.length; k++) {
      // In file order: a key kept twice reads as the file's later row, which key.duplicate reports.
      kept[k].putAll(checker.kept[k]);
      checker.kept[k].release();
    }
    metrics.absorb(checker);
    // The part's own sets are no longer needed: the merged ones hold their keys.
    part.release();
    for (LongHashSet set : checker.keys.sets) {
      set.release();
    }
  }
}
