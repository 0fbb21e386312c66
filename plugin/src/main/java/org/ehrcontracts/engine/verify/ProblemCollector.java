package org.ehrcontracts.engine.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * Counts problems exactly and keeps the first few of each rule as samples.
 *
 * <p>One collector serves one part of one file; parts merge in file order, so the samples are the
 * first problems of the whole file. Callers ask {@link #wants} before building a message, so that a
 * file with millions of problems costs counting, not strings.
 */
final class ProblemCollector {

  /** The problems of one rule (and check) so far. */
  static final class Tally {
    final String rule;
    final String check;
    long count;
    final List<Problem> samples = new ArrayList<>();

    Tally(String rule, String check) {
      this.rule = rule;
      this.check = check;
    }
  }

  private final int limit;
  private final Map<String, Tally> tallies = new LinkedHashMap<>();

  ProblemCollector(int limit) {
    this.limit = limit;
  }

  /**
   * Counts one problem of a rule; returns whether its sample is wanted (then call {@link #add}).
   */
  boolean wants(Rule rule) {
    return wants(rule.id(), null);
  }

  /** Counts one failure of a check; returns whether its sample is wanted. */
  boolean wants(Check check) {
    return wants(check.rule(), check.id());
  }

  private boolean wants(String rule, String check) {
    Tally tally = tally(rule, check);
    tally.count++;
    return tally.samples.size() < limit;
  }

  /** Counts problems without samples (samples may follow through {@link #add}). */
  void count(Rule rule, long n) {
    tally(rule.id(), null).count += n;
  }

  /** Whether another sample of the rule is wanted, without counting. */
  boolean room(Rule rule) {
    return tally(rule.id(), null).samples.size() < limit;
  }

  /** Adds a sample of a problem counted by {@link #wants(Rule)}. */
  void add(
      Rule rule,
      Severity severity,
      Location at,
      String field,
      Location contractAt,
      String message) {
    add(rule.id(), null, severity, at, field, contractAt, message);
  }

  /** Adds a sample of a check failure counted by {@link #wants(Check)}. */
  void add(
      Check check,
      Severity severity,
      Location at,
      String field,
      Location contractAt,
      String message) {
    add(check.rule(), check.id(), severity, at, field, contractAt, message);
  }

  private void add(
      String rule,
      String check,
      Severity severity,
      Location at,
      String field,
      Location contractAt,
      String message) {
    tally(rule, check)
        .samples
        .add(
            new Problem(
                rule,
                severity,
                at,
                Optional.ofNullable(field),
                Optional.ofNullable(contractAt),
                message));
  }

  /** Counts and keeps one problem. */
  void report(
      Rule rule,
      Severity severity,
      Location at,
      String field,
      Location contractAt,
      String message) {
    if (wants(rule)) {
      add(rule, severity, at, field, contractAt, message);
    }
  }

  /**
   * Counts and keeps one problem of a rule under a name of its own, so that each has its own count
   * and severity: {@code metric.target-missed} per metric.
   */
  void report(
      Rule rule,
      String name,
      Severity severity,
      Location at,
      String field,
      Location contractAt,
      String message) {
    if (wants(rule.id(), name)) {
      add(rule.id(), name, severity, at, field, contractAt, message);
    }
  }

  /**
   * Adds samples found out of file order (foreign keys checked after the file) among the rule's
   * samples, sorted by line and column, keeping the first ones.
   */
  void merge(Rule rule, List<Problem> more) {
    List<Problem> samples = tally(rule.id(), null).samples;
    samples.addAll(more);
    samples.sort(
        java.util.Comparator.comparingLong((Problem p) -> p.at().line())
            .thenComparingInt(p -> p.at().column()));
    if (samples.size() > limit) {
      samples.subList(limit, samples.size()).clear();
    }
  }

  /**
   * Like {@link #merge}, for problems found after the scan that the scan finds when the keys fit in
   * memory (the orphans of a parent that spilled): a rule not seen yet takes the place it would
   * have taken had it fired during the scan, before the first rule whose first sample comes later
   * in the file, or on the same line from a check that runs later in a row.
   */
  void mergeInScanOrder(Rule rule, List<Problem> more, java.util.Set<String> laterInRow) {
    if (tallies.containsKey(rule.id()) || more.isEmpty()) {
      merge(rule, more);
      return;
    }
    long line = more.get(0).at().line();
    Map<String, Tally> before = new LinkedHashMap<>(tallies);
    tallies.clear();
    boolean placed = false;
    for (Map.Entry<String, Tally> entry : before.entrySet()) {
      Tally tally = entry.getValue();
      if (!placed && !tally.samples.isEmpty()) {
        long first = tally.samples.get(0).at().line();
        if (first > line
            || (first == line && (tally.check != null || laterInRow.contains(tally.rule)))) {
          tally(rule.id(), null);
          placed = true;
        }
      }
      tallies.put(entry.getKey(), tally);
    }
    merge(rule, more);
  }

  private Tally tally(String rule, String check) {
    return tallies.computeIfAbsent(
        check == null ? rule : rule + "#" + check, k -> new Tally(rule, check));
  }

  /** The tallies in the order their rules first fired. */
  Iterable<Tally> tallies() {
    return tallies.values();
  }

  /** Lets go of every tally (a part's, once the file has taken them). */
  void release() {
    tallies.clear();
  }

  /** Adds another part's problems after this one's, moving its lines down by {@code lineOffset}. */
  void append(ProblemCollector later, long lineOffset) {
    for (Tally theirs : later.tallies.values()) {
      Tally mine = tally(theirs.rule, theirs.check);
      mine.count += theirs.count;
      for (Problem problem : theirs.samples) {
        if (mine.samples.size() >= limit) {
          break;
        }
        mine.samples.add(lineOffset == 0 ? problem : shift(problem, lineOffset));
      }
    }
  }

  private static Problem shift(Problem problem, long offset) {
    Location at = problem.at();
    Location moved = at.line() == 0 ? at : new Location(at.file(), at.line() + offset, at.column());
    return new Problem(
        problem.rule(),
        problem.severity(),
        moved,
        problem.field(),
        problem.contractAt(),
        problem.message());
  }
}
