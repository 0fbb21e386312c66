package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ehrcontracts.engine.contract.MetricTarget;
import org.ehrcontracts.engine.metrics.Figures;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * A file's scorecard counts, merged from its parts in file order, and the scores they make.
 *
 * <p>Duplicates are counted here: every part's row fingerprints go into one set for the file (about
 * 8 to 16 bytes a row while the file is read, freed when it is scored), and a fingerprint seen
 * before marks a group of identical rows.
 */
final class MetricTotals {

  private final TablePlan table;
  private final MetricPlan plan;

  /** How many lists the fingerprints are spread over: a power of two. */
  static final int BUCKETS = 256;

  private final long[] missing;

  /** The fingerprints by their top eight bits; null when duplicates are not counted. */
  private final LongArrayList[] fingerprints;

  private final PaidMap spans;
  private final int expectedParts;

  private long rows;
  private long conceptOk;
  private long unitOk;
  private long routeOk;
  private long withDeath;
  private long afterDeath;
  private long endBeforeStart;
  private long dateDisparity;
  private long erroneous;
  private long visitDisparity;
  private long personFailures;
  private long visitFailures;

  private final FileSpill spill;

  /** The bytes of the budget the fingerprints hold, while they are in memory. */
  private long fingerprintBytes;

  private long fingerprintCount;
  private long fingerprintCapacity;

  /** Once the fingerprints outgrow the budget: their runs on disk. */
  private KeyRuns fingerprintRuns;

  MetricTotals(TablePlan table, int expectedParts) {
    this(table, expectedParts, FileSpill.none());
  }

  MetricTotals(TablePlan table, int expectedParts, FileSpill spill) {
    this.spill = spill;
    this.table = table;
    this.plan = table.metrics;
    this.expectedParts = expectedParts;
    missing = new long[table.columns.length];
    fingerprints = plan.counts(Metric.DUPLICATES) ? new LongArrayList[BUCKETS] : null;
    if (fingerprints != null) {
      for (int b = 0; b < BUCKETS; b++) {
        fingerprints[b] = new LongArrayList();
      }
    }
    spans = plan.spanKey >= 0 ? new PaidMap(spill.budget) : null;
  }

  /** Adds the orphans of a foreign key joined against a parent that spilled to disk. */
  void orphans(int fk, long count) {
    if (fk == plan.personKey) {
      personFailures += count;
    }
    if (fk == plan.visitKey) {
      visitFailures += count;
    }
  }

  /**
   * Adds a part's counts, the parts in file order; the part's own lists are then released.
   *
   * @param makeRoom spills the file's merged keys to make room for the spans, which cannot spill;
   *     false when nothing was given back
   */
  void absorb(PartChecker checker, java.util.function.BooleanSupplier makeRoom) {
    MetricCounts part = checker.metrics;
    if (plan.personKey >= 0) {
      personFailures += checker.keys.orphans[plan.personKey];
    }
    if (plan.visitKey >= 0) {
      visitFailures += checker.keys.orphans[plan.visitKey];
    }
    rows += part.rows;
    conceptOk += part.conceptOk;
    unitOk += part.unitOk;
    routeOk += part.routeOk;
    withDeath += part.withDeath;
    afterDeath += part.afterDeath;
    endBeforeStart += part.endBeforeStart;
    dateDisparity += part.dateDisparity;
    erroneous += part.erroneous;
    visitDisparity += part.visitDisparity;
    for (int c = 0; c < missing.length; c++) {
      missing[c] += part.missing[c];
    }
    if (fingerprints != null && fingerprintRuns == null) {
      int n = part.fingerprints.size();
      if (fingerprintCapacity == 0 && n > 0) {
        // Sized once from the first part, for a file of parts of about its size, if the budget
        // has room for it: a file too large spills here, before its lists have grown.
        int each =
            (int) Math.min(Integer.MAX_VALUE - 8, (long) n * expectedParts / BUCKETS * 9 / 8);
        long bytes = (long) each * BUCKETS * 8;
        if (spill.budget.reserve(bytes)) {
          for (LongArrayList bucket : fingerprints) {
            bucket.ensureCapacity(each);
          }
          fingerprintBytes = bytes;
          fingerprintCapacity = (long) each * BUCKETS;
        } else {
          spillFingerprints();
        }
      } else if (fingerprintCount + n > fingerprintCapacity) {
        // Beyond the first guess: eight bytes a row, and a quarter more for the lists' growth.
        long bytes = (long) n * 10;
        if (spill.budget.reserve(bytes)) {
          fingerprintBytes += bytes;
          fingerprintCapacity += n;
        } else {
          spillFingerprints();
        }
      }
    }
    if (fingerprintRuns != null) {
      fingerprintRuns.moveAll(part.fingerprints);
      part.fingerprints.release();
    } else if (fingerprints != null) {
      long[] prints = part.fingerprints.buffer;
      int n = part.fingerprints.size();
      fingerprintCount += n;
      for (int i = 0; i < n; i++) {
        fingerprints[(int) (prints[i] >>> 56)].add(prints[i]);
      }
      part.fingerprints.release();
    }
    if (spans != null) {
      // Room for both first, while the part's own map is held: it is let go once merged.
      if (!spans.absorb(part.spans) && !(makeRoom.getAsBoolean() && spans.absorb(part.spans))) {
        throw MetricCounts.spansOverBudget(table.file, rows, spill.budget.memory);
      }
    }
  }

  /**
   * The file's scores, once every part is absorbed: publishes the visits' spans for the tables read
   * later, and reports each missed target whose severity is set as a {@code metric.target-missed}
   * problem of the file.
   *
   * @param state what the tables read so far left
   * @param nonUniqueKeys the rows whose primary key an earlier row has
   * @param problems the file's problems
   * @param file the file as problems name it
   * @return the scores, empty when the table shows no metric
   */
  Optional<TableScores> score(
      ExportState state, long nonUniqueKeys, ProblemCollector problems, String file) {
    if (spans != null) {
      // Looked up by the rows of the tables that refer to the visits: paid from the budget as they
      // grew (they cannot spill), and held for the rest of the run.
      state.spans.put(table.table.name(), spans.entries());
    }
    List<Score> scores = new ArrayList<>();
    for (Metric metric : Metric.values()) {
      MetricTarget target = plan.target(metric);
      if (target == null) {
        continue;
      }
      if (metric == Metric.COMPLETENESS) {
        // A file without rows has no cells to be complete: no score per column, rather than a
        // column of "no rows".
        for (int c = 0; rows > 0 && c < missing.length; c++) {
          scores.add(
              score(metric, Optional.of(table.columns[c].name()), rows - missing[c], rows, target));
        }
        continue;
      }
      String reason = reason(metric, state);
      if (reason != null) {
        scores.add(
            Score.notComputed(metric, Optional.empty(), reason, target.target(), target.note()));
        continue;
      }
      scores.add(
          switch (metric) {
            case CONCEPT_SUCCESS -> score(metric, conceptOk, rows, target);
            case UNIT_SUCCESS -> score(metric, unitOk, rows, target);
            case ROUTE_SUCCESS -> score(metric, routeOk, rows, target);
            case DATA_AFTER_DEATH -> score(metric, afterDeath, withDeath, target);
            case END_BEFORE_START -> score(metric, endBeforeStart, rows, target);
            case DATE_DATETIME_DISPARITY -> score(metric, dateDisparity, rows, target);
            case ERRONEOUS_DATES -> score(metric, erroneous, rows, target);
            case VISIT_DATE_DISPARITY -> score(metric, visitDisparity, rows, target);
            case PERSON_ID_FAILURE -> score(metric, personFailures, rows, target);
            case VISIT_ID_FAILURE -> score(metric, visitFailures, rows, target);
            case DUPLICATES -> score(metric, groups(), 0, target);
            case NON_UNIQUE_KEYS -> score(metric, nonUniqueKeys, 0, target);
            case COMPLETENESS -> throw new IllegalStateException("scored per column above");
          });
    }
    if (scores.isEmpty()) {
      return Optional.empty();
    }
    report(scores, problems, file);
    return Optional.of(new TableScores(table.table.name(), table.table.file(), rows, scores));
  }

  /** Gives the fingerprints' memory back (the file is checked again in one piece). */
  void release() {
    spill.budget.release(fingerprintBytes);
    fingerprintBytes = 0;
    if (spans != null) {
      spans.close();
    }
  }

  /** Moves the fingerprints so far to runs on disk, and the later parts' with them. */
  private void spillFingerprints() {
    fingerprintRuns = spill.fingerprintRuns();
    for (LongArrayList bucket : fingerprints) {
      fingerprintRuns.moveAll(bucket);
      bucket.release();
    }
    spill.budget.release(fingerprintBytes);
    fingerprintBytes = 0;
  }

  /** The groups of identical rows: fingerprints seen more than once, each counted once. */
  private long groups() {
    if (fingerprintRuns != null) {
      fingerprintRuns.close();
      try {
        return spill.repeatedFingerprints();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    spill.budget.release(fingerprintBytes);
    fingerprintBytes = 0;
    int largest = 0;
    for (LongArrayList bucket : fingerprints) {
      largest = Math.max(largest, bucket.size());
    }
    LongHashSet seen = new LongHashSet(largest);
    LongHashSet repeated = new LongHashSet();
    long groups = 0;
    for (LongArrayList bucket : fingerprints) {
      long[] prints = bucket.buffer;
      for (int i = 0, n = bucket.size(); i < n; i++) {
        if (!seen.add(prints[i])) {
          repeated.add(prints[i]);
        }
      }
      groups += repeated.size();
      seen.clear();
      repeated.clear();
      bucket.release();
    }
    return groups;
  }

  private static Score score(Metric metric, long count, long of, MetricTarget target) {
    return score(metric, Optional.empty(), count, of, target);
  }

  private static Score score(
      Metric metric, Optional<String> column, long count, long of, MetricTarget target) {
    Score score = Score.of(metric, column, count, of, target.target(), target.note());
    if (score.status() == Score.Status.NOT_COMPUTED && metric == Metric.DATA_AFTER_DEATH) {
      return Score.notComputed(
          metric, column, "no rows of persons with a death", target.target(), target.note());
    }
    return score;
  }

  /** Why a metric the run meant to count is not known after all, or null. */
  private String reason(Metric metric, ExportState state) {
    String planned = plan.reason(metric);
    if (planned != null) {
      return planned;
    }
    return switch (metric) {
      case PERSON_ID_FAILURE ->
          !MetricCounts.knowsPersonKeys(plan, state) ? "the person table's ids are unknown" : null;
      case VISIT_ID_FAILURE ->
          !MetricCounts.knowsVisitKeys(plan, state) ? "the visit table's ids are unknown" : null;
      case VISIT_DATE_DISPARITY ->
          MetricCounts.visitSpans(plan, state) == null
              ? "the visit table's dates are unknown"
              : null;
      case DATA_AFTER_DEATH ->
          MetricCounts.deaths(plan, state) == null ? "the death table's dates are unknown" : null;
      default -> null;
    };
  }

  /** Each missed target as a problem, where the metric's or the rule's setting asks for one. */
  private void report(List<Score> scores, ProblemCollector problems, String file) {
    Severity ruleSeverity = table.severity(Rule.METRIC_TARGET_MISSED);
    boolean runs = table.request.runs(Rule.METRIC_TARGET_MISSED.id(), null);
    for (Score score : scores) {
      if (score.status() != Score.Status.MISSED) {
        continue;
      }
      MetricTarget target = plan.target(score.metric());
      Severity severity = target.reported() ? target.severity().orElse(ruleSeverity) : null;
      if (severity == null || !runs) {
        continue;
      }
      problems.report(
          Rule.METRIC_TARGET_MISSED,
          score.metric().id(),
          severity,
          Location.of(file),
          score.column().orElse(null),
          target.at(),
          message(score));
    }
  }

  /**
   * What to say of a missed target: the metric, its figure and what it counts, and the target, such
   * as {@code metric erroneous-dates is 8.33 % (1 of 12 rows), above its target of at most 0.01 %}.
   */
  static String message(Score score) {
    Metric metric = score.metric();
    String what =
        "metric " + metric.id() + score.column().map(c -> " of column '" + c + "'").orElse("");
    String of =
        switch (metric) {
          case DATA_AFTER_DEATH ->
              String.format(
                  Locale.ROOT,
                  "%,d of %,d rows of persons with a death",
                  score.count(),
                  score.rows());
          case DUPLICATES -> "groups of identical rows";
          case NON_UNIQUE_KEYS -> "rows whose primary key an earlier row has";
          default -> String.format(Locale.ROOT, "%,d of %,d rows", score.count(), score.rows());
        };
    return what
        + " is "
        + Figures.value(score)
        + " ("
        + of
        + (metric.atLeast()
            ? "), below its target of at least "
            : "), above its target of at most ")
        + Figures.target(score);
  }
}
