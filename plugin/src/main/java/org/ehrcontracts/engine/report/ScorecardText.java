package org.ehrcontracts.engine.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.ehrcontracts.engine.metrics.Figures;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.Scorecard;
import org.ehrcontracts.engine.metrics.TableScores;

/** Wording of the DRC scorecard that every report shows the same way. */
final class ScorecardText {

  private ScorecardText() {}

  /** The totals: {@code 41 met, 2 missed, 6 not computed}. */
  static String totals(Scorecard scorecard) {
    return ReportText.count(scorecard.count(Score.Status.MET))
        + " met, "
        + ReportText.count(scorecard.count(Score.Status.MISSED))
        + " missed, "
        + ReportText.count(scorecard.count(Score.Status.NOT_COMPUTED))
        + " not computed";
  }

  /**
   * The mean completeness of a table's columns, as a percentage; empty when it shows none (or has
   * no rows).
   */
  static OptionalDouble completeness(TableScores table) {
    return table.scores().stream()
        .filter(s -> s.metric() == Metric.COMPLETENESS && s.value().isPresent())
        .mapToDouble(s -> s.value().getAsDouble())
        .average();
  }

  /** The mean completeness with its unit, or {@code -}. */
  static String completenessText(TableScores table) {
    OptionalDouble mean = completeness(table);
    return mean.isPresent() ? Figures.figure(Metric.COMPLETENESS, mean.getAsDouble()) : "-";
  }

  /** The metric of a score as people read it: its id, and for completeness the column. */
  static String name(Score score) {
    return score.metric().id() + score.column().map(c -> " of " + c).orElse("");
  }

  /**
   * A table's missed targets: {@code erroneous-dates 0.78 % (target <= 0.01 %), duplicates 7
   * (target <= 5)}; empty when none is missed.
   */
  static String missed(TableScores table) {
    List<String> missed = new ArrayList<>();
    for (Score score : table.missed()) {
      missed.add(
          name(score) + " " + Figures.value(score) + " (target " + Figures.goal(score) + ")");
    }
    return String.join(", ", missed);
  }

  /** Why metrics were not computed, each reason with its metrics, in the order first met. */
  static Map<String, Set<String>> notComputed(Scorecard scorecard) {
    Map<String, Set<String>> reasons = new LinkedHashMap<>();
    for (TableScores table : scorecard.tables()) {
      for (Score score : table.scores()) {
        if (score.status() == Score.Status.NOT_COMPUTED) {
          reasons
              .computeIfAbsent(score.reason().orElse(""), r -> new LinkedHashSet<>())
              .add(score.metric().id());
        }
      }
    }
    return reasons;
  }

  /** The reasons in one line: {@code needs the vocabulary: concept-success, unit-success}. */
  static String notComputedText(Scorecard scorecard) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Set<String>> reason : notComputed(scorecard).entrySet()) {
      parts.add(reason.getKey() + ": " + String.join(", ", reason.getValue()));
    }
    return String.join("; ", parts);
  }

  /** The target with its direction in mathematical signs, {@code ≥ 90 %}, for HTML and Markdown. */
  static String signedGoal(Score score) {
    return Figures.goal(score).replace(">=", "\u2265").replace("<=", "\u2264");
  }

  /** The status as a mark for people: {@code met}, {@code MISSED}, {@code no target}, ... */
  static String mark(Score score) {
    return switch (score.status()) {
      case MET -> "met";
      case MISSED -> "MISSED";
      case NO_TARGET -> "no target";
      case NOT_COMPUTED -> "not computed";
    };
  }
}
