package org.ehrcontracts.engine.metrics;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One metric of one table (for completeness, of one column), against its target.
 *
 * @param metric the metric
 * @param column the column, for completeness; empty for a table's metric
 * @param status how the value stands against the target
 * @param count the rows counted: those that succeed for a success rate, those that fail for a
 *     failure rate, the complete cells for completeness, the groups or keys for a count
 * @param rows what a percentage is of: the table's rows, or for {@link Metric#DATA_AFTER_DEATH} the
 *     rows of persons with a death; 0 for a count
 * @param target the contract's target, if it gives one: at least this for a metric that {@link
 *     Metric#atLeast() counts successes}, at most this for the others (a percentage, or a count)
 * @param reason why the metric could not be computed ({@link Status#NOT_COMPUTED} only)
 * @param note the contract's note on the target, if any
 * @since 0.2.0
 */
public record Score(
    Metric metric,
    Optional<String> column,
    Status status,
    long count,
    long rows,
    OptionalDouble target,
    Optional<String> reason,
    Optional<String> note) {

  /**
   * How a score stands.
   *
   * @since 0.2.0
   */
  public enum Status {
    /** The value meets the target. */
    MET,
    /** The value misses the target. */
    MISSED,
    /** The value is computed; the contract gives no target for it. */
    NO_TARGET,
    /** The value could not be computed (see {@link #reason()}): neither met nor missed. */
    NOT_COMPUTED;

    /** The status as a lower-kebab word for machine-read reports: {@code not-computed}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** Checks the parts. */
  public Score {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(status, "status");
    if (status == Status.NOT_COMPUTED && reason.isEmpty()) {
      throw new IllegalArgumentException("a score not computed needs a reason");
    }
  }

  /**
   * A computed score, judged against the target.
   *
   * @param metric the metric
   * @param column the column, for completeness
   * @param count the rows (or cells, groups, keys) counted
   * @param rows what a percentage is of; 0 for a count
   * @param target the target, if any
   * @param note the contract's note, if any
   */
  public static Score of(
      Metric metric,
      Optional<String> column,
      long count,
      long rows,
      OptionalDouble target,
      Optional<String> note) {
    if (metric.percent() && rows == 0) {
      return notComputed(metric, column, "no rows", target, note);
    }
    double value = metric.percent() ? 100.0 * count / rows : count;
    Status status =
        target.isEmpty()
            ? Status.NO_TARGET
            : meets(metric, value, target.getAsDouble()) ? Status.MET : Status.MISSED;
    return new Score(metric, column, status, count, rows, target, Optional.empty(), note);
  }

  /** A score that could not be computed, for a reason people read ("needs the vocabulary"). */
  public static Score notComputed(
      Metric metric,
      Optional<String> column,
      String reason,
      OptionalDouble target,
      Optional<String> note) {
    return new Score(metric, column, Status.NOT_COMPUTED, 0, 0, target, Optional.of(reason), note);
  }

  /**
   * The value: a percentage of {@link #rows} for a percent metric, the count for the others; empty
   * when not computed.
   */
  public OptionalDouble value() {
    if (status == Status.NOT_COMPUTED) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(metric.percent() ? 100.0 * count / rows : count);
  }

  /**
   * Whether a value meets a target: at least it, or at most it. Percentages are compared with a
   * tolerance of a billionth of a point, so that 9 of 10 rows meet a target of 90 % whatever the
   * rounding of either.
   */
  static boolean meets(Metric metric, double value, double target) {
    double slack = 1e-9;
    return metric.atLeast() ? value >= target - slack : value <= target + slack;
  }
}
