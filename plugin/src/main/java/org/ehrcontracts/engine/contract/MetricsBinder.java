package org.ehrcontracts.engine.contract;

import static org.ehrcontracts.engine.contract.BinderSupport.map;
import static org.ehrcontracts.engine.contract.BinderSupport.parseDate;
import static org.ehrcontracts.engine.contract.BinderSupport.scalar;
import static org.ehrcontracts.engine.contract.BinderSupport.text;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.ehrcontracts.engine.contract.YNode.ScalarType;
import org.ehrcontracts.engine.contract.YNode.YList;
import org.ehrcontracts.engine.contract.YNode.YMap;
import org.ehrcontracts.engine.contract.YNode.YScalar;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * Binds the scorecard: the contract's {@code metrics:} (targets, the earliest plausible date, the
 * concept columns) and each table's {@code metrics:} (the columns its metrics read, its own
 * targets).
 */
final class MetricsBinder {

  private final BinderSupport support;

  MetricsBinder(BinderSupport support) {
    this.support = support;
  }

  /** The contract's {@code metrics:}; {@link MetricSettings#NONE} without one. */
  MetricSettings settings(YMap node) {
    if (node == null) {
      return MetricSettings.NONE;
    }
    LocalDate earliest = date(scalar(node, "earliest")).orElse(MetricSettings.DEFAULT_EARLIEST);
    Optional<Pattern> conceptColumns = Optional.empty();
    YScalar glob = scalar(node, "conceptColumns");
    if (glob != null) {
      if (!glob.text().matches("[A-Za-z0-9_*]+")) {
        support.invalid(
            glob.at(),
            "conceptColumns is a column name in which * stands for any characters, such as"
                + " *_concept_id");
      } else {
        conceptColumns = Optional.of(Pattern.compile(glob.text().replace("*", ".*")));
      }
    }
    return new MetricSettings(targets(map(node, "targets")), earliest, conceptColumns);
  }

  /** A table's {@code metrics:}; {@link TableMetrics#NONE} without one. */
  TableMetrics table(String table, YMap node, List<Column> columns, List<ForeignKey> keys) {
    if (node == null) {
      return TableMetrics.NONE;
    }
    Optional<String> concept = conceptColumn(table, node, "concept", columns);
    Optional<String> domain = text(node, "domain");
    if (concept.isPresent() && domain.isEmpty()) {
      support.missing(
          node.get("concept").at(),
          "the metrics of '"
              + table
              + "' name a concept column but no 'domain:' its concepts must be of (such as"
              + " Condition), which concept-success needs");
    }
    Optional<String> unit = conceptColumn(table, node, "unit", columns);
    Optional<String> route = conceptColumn(table, node, "route", columns);
    String[] start = dateColumns(table, node, "start", columns);
    String[] end = dateColumns(table, node, "end", columns);
    Optional<String> visit = Optional.empty();
    YScalar visitNode = scalar(node, "visit");
    if (visitNode != null && column(table, visitNode, columns).isPresent()) {
      boolean references =
          keys.stream().anyMatch(k -> k.columns().equals(List.of(visitNode.text())));
      if (references) {
        visit = Optional.of(visitNode.text());
      } else {
        support.invalid(
            visitNode.at(),
            "visit: '"
                + visitNode.text()
                + "' must refer to the visit table (give the column 'references:', such as"
                + " visit_occurrence.visit_occurrence_id)");
      }
    }
    return new TableMetrics(
        domain,
        concept,
        unit,
        route,
        Optional.ofNullable(start[0]),
        Optional.ofNullable(start[1]),
        Optional.ofNullable(end[0]),
        Optional.ofNullable(end[1]),
        visit,
        date(scalar(node, "earliest")),
        targets(map(node, "targets")));
  }

  private Map<Metric, MetricTarget> targets(YMap node) {
    Map<Metric, MetricTarget> targets = new EnumMap<>(Metric.class);
    if (node == null) {
      return targets;
    }
    for (YNode.Entry entry : node.entries().values()) {
      Optional<Metric> metric = Metric.byId(entry.key());
      if (metric.isEmpty()) {
        continue; // an unknown key, reported with the structure
      }
      target(metric.get(), entry).ifPresent(t -> targets.put(t.metric(), t));
    }
    return targets;
  }

  private Optional<MetricTarget> target(Metric metric, YNode.Entry entry) {
    if (entry.value() instanceof YScalar value) {
      if (isOff(value)) {
        return Optional.of(
            new MetricTarget(
                metric,
                false,
                OptionalDouble.empty(),
                Optional.empty(),
                true,
                Optional.empty(),
                entry.keyAt()));
      }
      if (value.type() != ScalarType.INTEGER && value.type() != ScalarType.FLOAT) {
        support.invalid(
            value.at(), metric.id() + " is a target (a number) or off, not '" + value.text() + "'");
        return Optional.empty();
      }
      return number(metric, value)
          .map(
              target ->
                  new MetricTarget(
                      metric,
                      true,
                      OptionalDouble.of(target),
                      Optional.empty(),
                      true,
                      Optional.empty(),
                      entry.keyAt()));
    }
    YMap setting = (YMap) entry.value();
    OptionalDouble target = OptionalDouble.empty();
    YScalar targetNode = scalar(setting, "target");
    if (targetNode != null) {
      Optional<Double> value = number(metric, targetNode);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      target = OptionalDouble.of(value.get());
    }
    Optional<Optional<Severity>> severity = support.severity(scalar(setting, "severity"));
    return Optional.of(
        new MetricTarget(
            metric,
            true,
            target,
            severity.flatMap(s -> s),
            severity.isEmpty() || severity.get().isPresent(),
            text(setting, "note"),
            entry.keyAt()));
  }

  private static boolean isOff(YScalar value) {
    return (value.type() == ScalarType.BOOLEAN && !Boolean.parseBoolean(value.text()))
        || (value.type() == ScalarType.STRING && value.text().equals("off"));
  }

  /** A target in the metric's range: a percentage from 0 to 100, or a count of at least 0. */
  private Optional<Double> number(Metric metric, YScalar value) {
    double number;
    try {
      number = Double.parseDouble(value.text().replace("_", ""));
    } catch (NumberFormatException e) {
      number = Double.NaN;
    }
    boolean ok = metric.percent() ? number >= 0 && number <= 100 : number >= 0;
    if (!ok) {
      support.invalid(
          value.at(),
          "the target of "
              + metric.id()
              + " must be "
              + (metric.percent() ? "a percentage from 0 to 100" : "a count of at least 0"));
      return Optional.empty();
    }
    return Optional.of(number);
  }

  private Optional<LocalDate> date(YScalar value) {
    if (value == null) {
      return Optional.empty();
    }
    Optional<LocalDate> date = parseDate(value.text());
    if (date.isEmpty()) {
      support.invalid(value.at(), "earliest must be a date written YYYY-MM-DD");
    }
    return date;
  }

  /** An integer column named by {@code key}, for the concept metrics. */
  private Optional<String> conceptColumn(
      String table, YMap node, String key, List<Column> columns) {
    YScalar name = scalar(node, key);
    if (name == null) {
      return Optional.empty();
    }
    Optional<Column> column = column(table, name, columns);
    if (column.isPresent() && column.get().type() != ColumnType.INTEGER) {
      support.invalid(
          name.at(),
          key + ": '" + name.text() + "' must be an integer column, since it holds concept ids");
      return Optional.empty();
    }
    return column.map(Column::name);
  }

  /** The date and the datetime column of a start or an end: {@code [date, datetime]}, or nulls. */
  private String[] dateColumns(String table, YMap node, String key, List<Column> columns) {
    String[] found = new String[2];
    YNode value = node.get(key);
    List<YScalar> names = new ArrayList<>();
    if (value instanceof YScalar scalar && scalar.type() != ScalarType.NULL) {
      names.add(scalar);
    } else if (value instanceof YList list) {
      list.items().forEach(item -> names.add((YScalar) item));
    }
    for (YScalar name : names) {
      Optional<Column> column = column(table, name, columns);
      if (column.isEmpty()) {
        continue;
      }
      ColumnType type = column.get().type();
      int slot = type == ColumnType.DATE ? 0 : type == ColumnType.DATETIME ? 1 : -1;
      if (slot < 0) {
        support.invalid(
            name.at(), key + ": '" + name.text() + "' must be a date or a datetime column");
      } else if (found[slot] != null) {
        support.invalid(
            name.at(),
            key
                + ": names two "
                + type.keyword()
                + " columns; give at most one date and one datetime column");
      } else {
        found[slot] = name.text();
      }
    }
    return found;
  }

  private Optional<Column> column(String table, YScalar name, List<Column> columns) {
    Optional<Column> column =
        columns.stream().filter(c -> c.name().equals(name.text())).findFirst();
    if (column.isEmpty()) {
      support.unknownReference(
          name.at(),
          "'" + name.text() + "' is not a column of '" + table + "'",
          name.text(),
          columns.stream().map(Column::name).toList());
    }
    return column;
  }
}
