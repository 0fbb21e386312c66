package org.ehrcontracts.engine.verify;

import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.MetricSettings;
import org.ehrcontracts.engine.contract.MetricTarget;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.TableMetrics;
import org.ehrcontracts.engine.metrics.ConceptFacts;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * Which of the scorecard's metrics one table has, and the columns they read, planned once per run
 * from the contract (the table's {@code metrics:} roles, its person reference, its keys) and from
 * what the export holds.
 *
 * <p>A metric the contract lists is shown for a table only where the table has what it is about (a
 * concept column for concept success, a start for erroneous dates, a person reference for person id
 * failure, ...); it is counted only where this run can (a vocabulary, the referenced table read
 * first), else shown with the reason it is not.
 */
final class MetricPlan {

  private static final Metric[] METRICS = Metric.values();

  /** Per metric (by ordinal), its setting where the table shows it, else null. */
  private final MetricTarget[] targets = new MetricTarget[METRICS.length];

  /** Per metric, why this run cannot count it (though the table shows it), else null. */
  private final String[] reasons = new String[METRICS.length];

  /** Whether any metric is counted row by row. */
  final boolean active;

  /** The vocabulary, or null without one. */
  final ConceptFacts facts;

  final String domain;
  final int concept;
  final int unit;
  final int route;
  final int startDate;
  final int startDatetime;
  final int endDate;
  final int endDatetime;

  /**
   * The person reference's column, and the index of its key into the person table among the plan's
   * foreign keys (whose orphans {@link RowKeys} counts); -1 for none.
   */
  final int person;

  final int personKey;

  /** The visit reference's column and the index of its key, and the visit table; -1, null. */
  final int visit;

  final int visitKey;
  final String visitTable;

  /** The key sets of the person and the visit table that those keys refer to, or null. */
  final String personKeySet;

  final String visitKeySet;

  /** The earliest plausible day (epoch day) of a start. */
  final long earliestDay;

  /** Days after death that are not yet data after death. */
  final int graceDays;

  /** Per column, whether a 0 in it is a missing concept (completeness). */
  final boolean[] conceptColumns;

  /** The primary key's columns, left out of a row's fingerprint (duplicates). */
  final int[] primaryKey;

  /** The column the visits of this table are referred to by, when another table does; else -1. */
  final int spanKey;

  MetricPlan(TablePlan plan) {
    Contract contract = plan.contract;
    Table table = plan.table;
    MetricSettings settings = contract.metrics();
    TableMetrics roles = table.metrics();
    facts = plan.request.concepts().orElse(null);
    domain = roles.domain().orElse(null);
    concept = index(table, roles.concept());
    unit = index(table, roles.unit());
    route = index(table, roles.route());
    startDate = index(table, roles.startDate());
    startDatetime = index(table, roles.startDatetime());
    endDate = index(table, roles.endDate());
    endDatetime = index(table, roles.endDatetime());
    person = plan.personTable ? -1 : plan.personColumn;
    personKey = person < 0 ? -1 : key(plan, person, contract.person().table());
    visit = index(table, roles.visit());
    visitKey = visit < 0 ? -1 : key(plan, visit, null);
    personKeySet = personKey < 0 ? null : plan.foreignKeys.get(personKey).keySet();
    visitKeySet = visitKey < 0 ? null : plan.foreignKeys.get(visitKey).keySet();
    visitTable = roles.visit().flatMap(v -> referenced(table, v)).orElse(null);
    earliestDay = roles.earliest().orElse(settings.earliest()).toEpochDay();
    graceDays = contract.plausibility().afterDeathGraceDays();
    primaryKey = plan.primaryKey;
    conceptColumns = new boolean[plan.columns.length];
    for (int c = 0; c < plan.columns.length; c++) {
      conceptColumns[c] =
          plan.columns[c].type() == ColumnType.INTEGER
              && settings.isConceptColumn(plan.columns[c].name());
    }
    boolean any = false;
    for (Metric metric : METRICS) {
      Optional<MetricTarget> target = roles.target(metric, settings);
      if (target.isEmpty() || !shows(metric, plan, roles)) {
        continue;
      }
      targets[metric.ordinal()] = target.get();
      reasons[metric.ordinal()] = reason(metric, plan);
      any |= reasons[metric.ordinal()] == null;
    }
    spanKey = spanKey(plan);
    active = any || spanKey >= 0;
  }

  /** The metric's setting where the table shows it, else null. */
  MetricTarget target(Metric metric) {
    return targets[metric.ordinal()];
  }

  /** Why the run cannot count a metric the table shows, else null. */
  String reason(Metric metric) {
    return reasons[metric.ordinal()];
  }

  /** Whether the metric is counted for this table in this run. */
  boolean counts(Metric metric) {
    return targets[metric.ordinal()] != null && reasons[metric.ordinal()] == null;
  }

  /** Whether the table has what the metric is about. */
  private boolean shows(Metric metric, TablePlan plan, TableMetrics roles) {
    return switch (metric) {
      case CONCEPT_SUCCESS, DUPLICATES -> concept >= 0;
      case UNIT_SUCCESS -> unit >= 0;
      case ROUTE_SUCCESS -> route >= 0;
      case DATA_AFTER_DEATH ->
          roles.hasStart()
              && person >= 0
              && plan.contract.person().deathTable().isPresent()
              && !plan.deathTable;
      case END_BEFORE_START -> roles.hasStart() && roles.hasEnd();
      case DATE_DATETIME_DISPARITY ->
          (startDate >= 0 && startDatetime >= 0) || (endDate >= 0 && endDatetime >= 0);
      case ERRONEOUS_DATES -> roles.hasStart();
      case VISIT_DATE_DISPARITY -> roles.hasStart() && visit >= 0;
      case PERSON_ID_FAILURE -> person >= 0;
      case VISIT_ID_FAILURE -> visit >= 0;
      case NON_UNIQUE_KEYS -> plan.primaryKey.length > 0;
      case COMPLETENESS -> true;
    };
  }

  /** Why this run cannot count the metric, or null when it can. */
  private String reason(Metric metric, TablePlan plan) {
    if (metric.needsVocabulary() && facts == null) {
      return "needs the vocabulary";
    }
    return switch (metric) {
      case DATA_AFTER_DEATH ->
          plan.presentTables.contains(plan.contract.person().deathTable().orElse(""))
              ? null
              : "the death table is not in the export";
      case PERSON_ID_FAILURE ->
          plan.severity(Rule.KEY_FOREIGN) == null
              ? "key.foreign does not run"
              : keyReason(plan, personKey, "person");
      case VISIT_ID_FAILURE ->
          plan.severity(Rule.KEY_FOREIGN) == null
              ? "key.foreign does not run"
              : keyReason(plan, visitKey, "visit");
      case VISIT_DATE_DISPARITY -> {
        String why = keyReason(plan, visitKey, "visit");
        yield why != null
            ? why
            : plan.contract.tables().get(visitTable).metrics().hasStart()
                ? null
                : "the visit table's metrics name no start";
      }
      case NON_UNIQUE_KEYS ->
          plan.severity(Rule.KEY_DUPLICATE) == null ? "key.duplicate does not run" : null;
      default -> null;
    };
  }

  private static String keyReason(TablePlan plan, int index, String what) {
    if (index < 0) {
      return "the " + what + " table is not in the export";
    }
    TablePlan.Fk key = plan.foreignKeys.get(index);
    if (key.deferred()) {
      return "the " + what + " table is read after this one";
    }
    return key.integer() ? null : "the " + what + " ids are not whole numbers";
  }

  /**
   * The index among the plan's foreign keys of the single-column key of a column (into {@code
   * table}, if given) that holds on every row; -1 when there is none.
   */
  private static int key(TablePlan plan, int column, String table) {
    for (int i = 0; i < plan.foreignKeys.size(); i++) {
      TablePlan.Fk fk = plan.foreignKeys.get(i);
      if (fk.columns().length == 1
          && fk.columns()[0] == column
          && fk.when() == null
          && (table == null || fk.key().table().equals(table))) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<String> referenced(Table table, String column) {
    return table.foreignKeys().stream()
        .filter(k -> k.columns().equals(List.of(column)))
        .map(ForeignKey::table)
        .findFirst();
  }

  /**
   * The column by which another table of the export refers to this one's rows as its visits, for
   * the visit date disparity; -1 when none does, or this table has no start.
   */
  private static int spanKey(TablePlan plan) {
    if (!plan.table.metrics().hasStart()) {
      return -1;
    }
    MetricSettings settings = plan.contract.metrics();
    for (Table other : plan.contract.tables().values()) {
      TableMetrics roles = other.metrics();
      if (!plan.presentTables.contains(other.name())
          || roles.visit().isEmpty()
          || roles.target(Metric.VISIT_DATE_DISPARITY, settings).isEmpty()) {
        continue;
      }
      for (ForeignKey key : other.foreignKeys()) {
        if (key.columns().equals(List.of(roles.visit().get()))
            && key.table().equals(plan.table.name())
            && key.referencedColumns().size() == 1) {
          int column = plan.table.indexOf(key.referencedColumns().get(0));
          if (column >= 0 && plan.columns[column].type() == ColumnType.INTEGER) {
            return column;
          }
        }
      }
    }
    return -1;
  }

  private static int index(Table table, Optional<String> column) {
    return column.map(table::indexOf).orElse(-1);
  }
}
