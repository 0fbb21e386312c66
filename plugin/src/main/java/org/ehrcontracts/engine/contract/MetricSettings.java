package org.ehrcontracts.engine.contract;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ehrcontracts.engine.metrics.Metric;

/**
 * The contract's scorecard ({@code metrics:}): the metrics it lists with their targets, and the
 * facts they need that are not a table's.
 *
 * @param targets the listed metrics, by metric (a metric not listed is not computed)
 * @param earliest the earliest plausible date of an event for {@code erroneous-dates}, where a
 *     table names none of its own
 * @param conceptColumns the columns whose 0 is a missing concept for {@code completeness}, matched
 *     by name ({@code *_concept_id}); empty for none
 * @since 0.2.0
 */
public record MetricSettings(
    Map<Metric, MetricTarget> targets, LocalDate earliest, Optional<Pattern> conceptColumns) {

  /** The language's default earliest date, the DRC's for most tables. */
  public static final LocalDate DEFAULT_EARLIEST = LocalDate.of(1980, 1, 1);

  /** A contract without {@code metrics:}: no scorecard. */
  public static final MetricSettings NONE =
      new MetricSettings(Map.of(), DEFAULT_EARLIEST, Optional.empty());

  /** Copies the map. */
  public MetricSettings {
    targets = targets.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(targets));
  }

  /** Whether the contract lists any metric. */
  public boolean declared() {
    return !targets.isEmpty();
  }

  /** Whether a column's 0 counts as a missing concept for completeness. */
  public boolean isConceptColumn(String column) {
    return conceptColumns.map(p -> p.matcher(column).matches()).orElse(false);
  }
}
