package org.ehrcontracts.engine.verify;

import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Redaction;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * The problems of one part of a table file, as the check families of {@link PartChecker} report
 * them: counted exactly, the first few kept with the cell's place, the column and the contract
 * line.
 *
 * <p>Callers ask {@link #wants} before building a message, so a file with millions of problems
 * costs counting, not strings. Values are described by {@link #found}, a redacted shape.
 */
final class RowProblems {

  final TablePlan plan;
  final ProblemCollector collector;

  RowProblems(TablePlan plan, int samples) {
    this.plan = plan;
    this.collector = new ProblemCollector(samples);
  }

  /** Counts one problem of a rule; returns whether its sample is wanted. */
  boolean wants(Rule rule) {
    return collector.wants(rule);
  }

  /** Keeps a sample of a problem counted with {@link #wants}, at the cell of column {@code c}. */
  void sample(Rule rule, Severity severity, CsvRecord record, int c, int f, String message) {
    collector.add(
        rule,
        severity,
        Location.of(plan.file, record.line(), f + 1),
        plan.columns[c].name(),
        plan.columns[c].at(rule),
        message);
  }

  /** Keeps a sample of a problem of a whole row (no column), counted with {@link #wants}. */
  void row(Rule rule, Severity severity, CsvRecord record, String message) {
    collector.add(rule, severity, Location.of(plan.file, record.line()), null, null, message);
  }

  /**
   * A redacted description of a value: its shape, never its characters. Date and datetime shapes
   * may be longer (a datetime with fraction and offset has 32 characters); they show only the form.
   */
  String found(CsvRecord record, int f, int c) {
    String shape =
        plan.columns[c].type().isTemporal()
            ? Redaction.shape(record.text(f), 40)
            : Redaction.shape(record.text(f));
    return shape.startsWith("<")
        ? "a value of " + record.codePoints(f) + " characters"
        : "a value shaped '" + shape + "'";
  }
}
