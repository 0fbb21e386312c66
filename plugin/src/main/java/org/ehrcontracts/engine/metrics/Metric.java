package org.ehrcontracts.engine.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data-quality metrics the DRC shows a site per table, by their stable ids.
 *
 * <p>A metric is a percentage of a table's rows (or of its cells, for completeness) or a count; its
 * target is a least value for the success rates and completeness, and a most value for the others.
 * The ids are what a contract's {@code metrics.targets} names and what every report prints.
 *
 * @since 0.2.0
 */
public enum Metric {
  /** Rows whose concept is in the vocabulary, standard and of the table's domain. */
  CONCEPT_SUCCESS("concept-success", "concept success", true, true, true, null),
  /** Measurement rows whose unit is a standard concept of domain Unit. */
  UNIT_SUCCESS("unit-success", "unit success", true, true, true, "Unit"),
  /** Drug rows whose route is a standard concept of domain Route. */
  ROUTE_SUCCESS("route-success", "route success", true, true, true, "Route"),
  /** Rows dated more than the grace days after the person's death, of persons with a death. */
  DATA_AFTER_DEATH("data-after-death", "data after death", true, false, false, null),
  /** Rows whose start is after their end. */
  END_BEFORE_START("end-before-start", "end before start", true, false, false, null),
  /** Rows whose datetime's UTC date is before its date, or more than one day after it. */
  DATE_DATETIME_DISPARITY(
      "date-datetime-disparity", "date/datetime disparity", true, false, false, null),
  /** Rows whose start is before the table's earliest plausible date. */
  ERRONEOUS_DATES("erroneous-dates", "erroneous dates", true, false, false, null),
  /** Rows whose start lies outside their visit's start and end. */
  VISIT_DATE_DISPARITY("visit-date-disparity", "visit date disparity", true, false, false, null),
  /** Rows whose person is not in the person table. */
  PERSON_ID_FAILURE("person-id-failure", "person id failure", true, false, false, null),
  /** Rows whose visit is not in the visit table. */
  VISIT_ID_FAILURE("visit-id-failure", "visit id failure", true, false, false, null),
  /** Groups of rows identical in every column but the table's id (concept not 0). */
  DUPLICATES("duplicates", "duplicates", false, false, false, null),
  /** Rows whose primary key an earlier row has: {@code SUM(count - 1)} over repeated keys. */
  NON_UNIQUE_KEYS("non-unique-keys", "non-unique keys", false, false, false, null),
  /** Per column, the cells neither empty nor a zero concept. */
  COMPLETENESS("completeness", "completeness", true, true, false, null);

  private static final Map<String, Metric> BY_ID;

  static {
    Map<String, Metric> byId = new LinkedHashMap<>();
    for (Metric metric : values()) {
      byId.put(metric.id, metric);
    }
    BY_ID = Collections.unmodifiableMap(byId);
  }

  private final String id;
  private final String label;
  private final boolean percent;
  private final boolean atLeast;
  private final boolean vocabulary;
  private final String domain;

  Metric(
      String id,
      String label,
      boolean percent,
      boolean atLeast,
      boolean vocabulary,
      String domain) {
    this.id = id;
    this.label = label;
    this.percent = percent;
    this.atLeast = atLeast;
    this.vocabulary = vocabulary;
    this.domain = domain;
  }

  /** The stable, user-facing id ({@code concept-success}). */
  public String id() {
    return id;
  }

  /** The metric's name for people ({@code concept success}). */
  public String label() {
    return label;
  }

  /** Whether the value is a percentage (of rows, or of cells); else it is a count. */
  public boolean percent() {
    return percent;
  }

  /** Whether the target is the least value (success rates, completeness); else the most. */
  public boolean atLeast() {
    return atLeast;
  }

  /** Whether the metric asks the vocabulary ({@link ConceptFacts}) about concepts. */
  public boolean needsVocabulary() {
    return vocabulary;
  }

  /**
   * The domain the metric's concepts must be of: {@code Unit} and {@code Route}; for concept
   * success the table's own, which the contract names ({@code tables.<t>.metrics.domain}).
   */
  public Optional<String> fixedDomain() {
    return Optional.ofNullable(domain);
  }

  /** The metric with that id, if any. */
  public static Optional<Metric> byId(String id) {
    return Optional.ofNullable(BY_ID.get(id));
  }

  /** Every metric by its id, in documentation order. */
  public static Map<String, Metric> all() {
    return BY_ID;
  }

  /** The id, as users read and type it. */
  @Override
  public String toString() {
    return id;
  }
}
