package org.ehrcontracts.engine.diff;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.MetricSettings;
import org.ehrcontracts.engine.contract.MetricTarget;
import org.ehrcontracts.engine.contract.RuleSetting;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.TableMetrics;
import org.ehrcontracts.engine.contract.Threshold;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * The settings' part of a contract diff: {@code rules:} of the contract and of each table, and the
 * scorecard's {@code metrics:}. Settings are compared by their effect where they are written: a
 * table's setting that is gone falls back to the contract's, a contract's to the rule's default.
 */
final class SettingDiffer {

  private SettingDiffer() {}

  /** The effective severity of a contract check, as verification reports it. */
  static Severity severity(Contract contract, Table table, Check check) {
    if (check.severity().isPresent()) {
      return check.severity().get();
    }
    Optional<RuleSetting> setting =
        Optional.ofNullable(table.rules().get(check.id()))
            .or(() -> Optional.ofNullable(table.rules().get(check.rule())))
            .or(() -> Optional.ofNullable(contract.rules().get(check.id())))
            .or(() -> Optional.ofNullable(contract.rules().get(check.rule())));
    return setting
        .flatMap(RuleSetting::severity)
        .orElseGet(() -> Rule.byId(check.rule()).map(Rule::defaultSeverity).orElse(Severity.ERROR));
  }

  static void rules(Contract from, Contract to, Changes changes) {
    Set<String> keys = new TreeSet<>(from.rules().keySet());
    keys.addAll(to.rules().keySet());
    for (String key : keys) {
      compare(
          "rule " + key,
          key,
          effective(from.rules().get(key), fallback(from, key)),
          effective(to.rules().get(key), fallback(to, key)),
          Optional.ofNullable(to.rules().get(key)).map(RuleSetting::at).orElse(null),
          changes);
    }
    for (Table table : to.tables().values()) {
      Optional<Table> before = from.table(table.name());
      if (before.isEmpty()) {
        continue;
      }
      Set<String> tableKeys = new TreeSet<>(before.get().rules().keySet());
      tableKeys.addAll(table.rules().keySet());
      for (String key : tableKeys) {
        compare(
            "rule " + key + " in table " + table.name(),
            key,
            effective(
                before.get().rules().get(key),
                effective(from.rules().get(key), fallback(from, key))),
            effective(table.rules().get(key), effective(to.rules().get(key), fallback(to, key))),
            Optional.ofNullable(table.rules().get(key)).map(RuleSetting::at).orElse(table.at()),
            changes);
      }
    }
  }

  /** A rule's setting in effect: whether it runs, its severity and its threshold. */
  private record Effect(boolean enabled, Severity severity, Optional<Threshold> threshold) {}

  private static Effect fallback(Contract contract, String key) {
    Severity severity =
        Rule.byId(key)
            .map(Rule::defaultSeverity)
            .orElseGet(
                () ->
                    contract.tables().values().stream()
                        .flatMap(t -> t.checks().stream())
                        .filter(c -> c.id().equals(key))
                        .findFirst()
                        .flatMap(Check::severity)
                        .orElse(Severity.ERROR));
    return new Effect(true, severity, Optional.empty());
  }

  private static Effect effective(RuleSetting setting, Effect fallback) {
    if (setting == null) {
      return fallback;
    }
    return new Effect(
        setting.enabled(),
        setting.severity().orElse(fallback.severity()),
        setting.threshold().or(fallback::threshold));
  }

  private static void compare(
      String subject, String key, Effect from, Effect to, Location at, Changes changes) {
    if (from.enabled() != to.enabled()) {
      changes.stricterIf(
          to.enabled(),
          ChangeKind.RULE_ENABLED,
          subject,
          from.enabled() ? "on" : "off",
          to.enabled() ? "on" : "off",
          "its problems now count (" + to.severity().label() + ")",
          "its problems no longer count",
          at);
      return;
    }
    if (!to.enabled()) {
      return;
    }
    if (from.severity() != to.severity()) {
      changes.stricterIf(
          to.severity().ordinal() < from.severity().ordinal(),
          ChangeKind.RULE_SEVERITY,
          subject + " severity",
          from.severity().label(),
          to.severity().label(),
          "raised",
          "lowered",
          at);
    }
    if (!from.threshold().equals(to.threshold())) {
      changes.stricterIf(
          stricter(from.threshold(), to.threshold()),
          ChangeKind.RULE_THRESHOLD,
          subject + " threshold",
          words(from.threshold()),
          words(to.threshold()),
          "stricter: fewer failing rows are tolerated",
          "looser: more failing rows are tolerated",
          at);
    }
  }

  /** Whether {@code to} may tolerate fewer rows than {@code from}; unlike kinds may. */
  private static boolean stricter(Optional<Threshold> from, Optional<Threshold> to) {
    if (to.isEmpty()) {
      return true;
    }
    if (from.isEmpty()) {
      return false;
    }
    if (from.get() instanceof Threshold.Rows a && to.get() instanceof Threshold.Rows b) {
      return b.rows() < a.rows();
    }
    if (from.get() instanceof Threshold.Percent a && to.get() instanceof Threshold.Percent b) {
      return b.percent() < a.percent();
    }
    return true;
  }

  private static String words(Optional<Threshold> threshold) {
    if (threshold.isEmpty()) {
      return "none";
    }
    if (threshold.get() instanceof Threshold.Rows rows) {
      return rows.rows() + (rows.rows() == 1 ? " row" : " rows");
    }
    return TableDiffer.number(((Threshold.Percent) threshold.get()).percent()) + "%";
  }

  static void metrics(Contract from, Contract to, Changes changes) {
    boolean canFail = anyMissFails(to);
    MetricSettings before = from.metrics();
    MetricSettings after = to.metrics();
    for (Metric metric : Metric.values()) {
      target(
          "metric " + metric.id(),
          metric,
          before.targets().get(metric),
          after.targets().get(metric),
          to,
          changes);
    }
    if (!before.earliest().equals(after.earliest())) {
      metricSetting(
          "metrics.earliest",
          before.earliest().toString(),
          after.earliest().toString(),
          after.earliest().isAfter(before.earliest()),
          canFail,
          null,
          changes);
    }
    Optional<String> conceptsBefore = before.conceptColumns().map(p -> p.pattern());
    Optional<String> conceptsAfter = after.conceptColumns().map(p -> p.pattern());
    if (!conceptsBefore.equals(conceptsAfter)) {
      metricSetting(
          "metrics.conceptColumns",
          conceptsBefore.orElse(Changes.ABSENT),
          conceptsAfter.orElse(Changes.ABSENT),
          true,
          canFail,
          null,
          changes);
    }
    for (Table table : to.tables().values()) {
      Optional<Table> was = from.table(table.name());
      if (was.isEmpty()) {
        continue;
      }
      TableMetrics m0 = was.get().metrics();
      TableMetrics m1 = table.metrics();
      String prefix = "table " + table.name() + " metrics.";
      tableMetric(prefix + "domain", m0.domain(), m1.domain(), canFail, table, changes);
      tableMetric(prefix + "concept", m0.concept(), m1.concept(), canFail, table, changes);
      tableMetric(prefix + "unit", m0.unit(), m1.unit(), canFail, table, changes);
      tableMetric(prefix + "route", m0.route(), m1.route(), canFail, table, changes);
      tableMetric(prefix + "start.date", m0.startDate(), m1.startDate(), canFail, table, changes);
      tableMetric(
          prefix + "start.datetime",
          m0.startDatetime(),
          m1.startDatetime(),
          canFail,
          table,
          changes);
      tableMetric(prefix + "end.date", m0.endDate(), m1.endDate(), canFail, table, changes);
      tableMetric(
          prefix + "end.datetime", m0.endDatetime(), m1.endDatetime(), canFail, table, changes);
      tableMetric(prefix + "visit", m0.visit(), m1.visit(), canFail, table, changes);
      Optional<String> e0 = m0.earliest().map(LocalDate::toString);
      Optional<String> e1 = m1.earliest().map(LocalDate::toString);
      if (!e0.equals(e1)) {
        LocalDate d0 = m0.earliest().orElse(from.metrics().earliest());
        LocalDate d1 = m1.earliest().orElse(to.metrics().earliest());
        metricSetting(
            prefix + "earliest",
            e0.orElse(Changes.ABSENT),
            e1.orElse(Changes.ABSENT),
            d1.isAfter(d0),
            canFail,
            table.at(),
            changes);
      }
      Set<Metric> metrics = EnumSet.noneOf(Metric.class);
      metrics.addAll(m0.targets().keySet());
      metrics.addAll(m1.targets().keySet());
      for (Metric metric : metrics) {
        MetricTarget t0 = m0.targets().get(metric);
        MetricTarget t1 = m1.targets().get(metric);
        target(
            "metric " + metric.id() + " in table " + table.name(),
            metric,
            t0 != null ? t0 : from.metrics().targets().get(metric),
            t1 != null ? t1 : to.metrics().targets().get(metric),
            to,
            changes);
      }
    }
  }

  private static void tableMetric(
      String subject,
      Optional<String> from,
      Optional<String> to,
      boolean canFail,
      Table table,
      Changes changes) {
    if (!from.equals(to)) {
      metricSetting(
          subject,
          from.orElse(Changes.ABSENT),
          to.orElse(Changes.ABSENT),
          true,
          canFail,
          table.at(),
          changes);
    }
  }

  private static void metricSetting(
      String subject,
      String before,
      String after,
      boolean stricter,
      boolean canFail,
      Location at,
      Changes changes) {
    changes.add(
        ChangeKind.METRIC_SETTING,
        stricter && canFail ? Impact.BREAKING : Impact.COMPATIBLE,
        subject,
        before,
        after,
        !stricter
            ? "looser"
            : canFail
                ? "the scorecard's figures may change, and a missed target fails"
                : "the scorecard's figures may change; a missed target fails no build",
        at);
  }

  private static void target(
      String subject,
      Metric metric,
      MetricTarget from,
      MetricTarget to,
      Contract toContract,
      Changes changes) {
    boolean was = from != null && from.enabled();
    boolean now = to != null && to.enabled();
    if (!was && !now) {
      return;
    }
    Severity ruleSeverity =
        Optional.ofNullable(toContract.rules().get(Rule.METRIC_TARGET_MISSED.id()))
            .flatMap(RuleSetting::severity)
            .orElse(Rule.METRIC_TARGET_MISSED.defaultSeverity());
    Optional<Severity> missedAs =
        now && to.reported() && to.target().isPresent()
            ? Optional.of(to.severity().orElse(ruleSeverity))
            : Optional.empty();
    boolean fails = missedAs.map(s -> s != Severity.INFO).orElse(false);
    String failsWords =
        missedAs
            .map(
                s ->
                    s == Severity.INFO
                        ? "a miss is an info: it fails no build"
                        : "a miss is " + (s == Severity.ERROR ? "an error" : "a warning"))
            .orElse("a miss is not reported");
    String before = was ? words(from, ruleSeverity) : "not listed";
    String after = now ? words(to, ruleSeverity) : "not listed";
    if (before.equals(after)) {
      return;
    }
    boolean stricter;
    if (!was) {
      stricter = true;
    } else if (!now) {
      stricter = false;
    } else {
      stricter =
          stricterTarget(metric, from, to)
              || (to.reported() && !from.reported())
              || to.severity().orElse(ruleSeverity).ordinal()
                  < from.severity().orElse(ruleSeverity).ordinal();
    }
    Location at = now ? to.at() : from.at();
    changes.add(
        ChangeKind.METRIC_TARGET,
        stricter && fails ? Impact.BREAKING : Impact.COMPATIBLE,
        subject,
        before,
        after,
        stricter ? "stricter; " + failsWords : "looser",
        at);
  }

  private static boolean stricterTarget(Metric metric, MetricTarget from, MetricTarget to) {
    if (to.target().isEmpty()) {
      return false;
    }
    if (from.target().isEmpty()) {
      return true;
    }
    double a = from.target().getAsDouble();
    double b = to.target().getAsDouble();
    return metric.atLeast() ? b > a : b < a;
  }

  private static String words(MetricTarget target, Severity ruleSeverity) {
    String goal =
        target.target().isPresent()
            ? (target.metric().atLeast() ? "at least " : "at most ")
                + TableDiffer.number(target.target().getAsDouble())
                + (target.metric().percent() ? "%" : "")
            : "no target";
    String severity = target.reported() ? target.severity().orElse(ruleSeverity).label() : "off";
    return goal + " (" + severity + ")";
  }

  private static boolean anyMissFails(Contract contract) {
    Severity ruleSeverity =
        Optional.ofNullable(contract.rules().get(Rule.METRIC_TARGET_MISSED.id()))
            .flatMap(RuleSetting::severity)
            .orElse(Rule.METRIC_TARGET_MISSED.defaultSeverity());
    Set<MetricTarget> targets = new LinkedHashSet<>(contract.metrics().targets().values());
    for (Table table : contract.tables().values()) {
      targets.addAll(table.metrics().targets().values());
    }
    for (MetricTarget target : targets) {
      if (target.enabled()
          && target.reported()
          && target.target().isPresent()
          && target.severity().orElse(ruleSeverity) != Severity.INFO) {
        return true;
      }
    }
    return false;
  }
}
