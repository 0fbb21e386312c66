package org.ehrcontracts.engine.contract;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.metrics.Metric;

/**
 * The columns a table's metrics read ({@code tables.<t>.metrics:}), and the table's own targets.
 *
 * <p>The person reference is not here: it is the table's foreign key to the person table's id.
 *
 * @param domain the domain of the table's concepts ({@code Condition}), for {@code concept-success}
 * @param concept the table's concept column ({@code condition_concept_id})
 * @param unit the unit concept column, for {@code unit-success}
 * @param route the route concept column, for {@code route-success}
 * @param startDate the start's date column
 * @param startDatetime the start's datetime column
 * @param endDate the end's date column
 * @param endDatetime the end's datetime column
 * @param visit the column that refers to the visit table (it has {@code references:}), whose own
 *     start and end the row's start must lie between
 * @param earliest the earliest plausible date for {@code erroneous-dates}, instead of the
 *     contract's
 * @param targets this table's metric settings, which win over the contract's
 * @since 0.2.0
 */
public record TableMetrics(
    Optional<String> domain,
    Optional<String> concept,
    Optional<String> unit,
    Optional<String> route,
    Optional<String> startDate,
    Optional<String> startDatetime,
    Optional<String> endDate,
    Optional<String> endDatetime,
    Optional<String> visit,
    Optional<LocalDate> earliest,
    Map<Metric, MetricTarget> targets) {

  /** A table without {@code metrics:}. */
  public static final TableMetrics NONE =
      new TableMetrics(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Map.of());

  /** Copies the map. */
  public TableMetrics {
    targets = targets.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(targets));
  }

  /** Whether the table has a start (a date or a datetime column). */
  public boolean hasStart() {
    return startDate.isPresent() || startDatetime.isPresent();
  }

  /** Whether the table has an end (a date or a datetime column). */
  public boolean hasEnd() {
    return endDate.isPresent() || endDatetime.isPresent();
  }

  /**
   * The setting of a metric for this table: the table's own, else the contract's; empty when the
   * metric is not listed or is turned off.
   */
  public Optional<MetricTarget> target(Metric metric, MetricSettings contract) {
    MetricTarget setting = targets.get(metric);
    if (setting == null) {
      setting = contract.targets().get(metric);
    }
    return setting == null || !setting.enabled() ? Optional.empty() : Optional.of(setting);
  }
}
