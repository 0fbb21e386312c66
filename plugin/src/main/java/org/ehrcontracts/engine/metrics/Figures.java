package org.ehrcontracts.engine.metrics;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How every report writes a score's figures: a percentage with two decimals ({@code 93.75 %}), or
 * four for a small one ({@code 0.0150 %}) so that a figure near a target such as 0.01 % shows on
 * which side it is; a count as a whole number ({@code 1,234}).
 *
 * @since 0.2.0
 */
public final class Figures {

  private Figures() {}

  /** The score's value with its unit, or {@code -} when it is not computed. */
  public static String value(Score score) {
    return score.value().isPresent() ? figure(score.metric(), score.value().getAsDouble()) : "-";
  }

  /** The score's target with its unit, as the contract writes it ({@code 0.01 %}), or {@code -}. */
  public static String target(Score score) {
    return score.target().isPresent() ? plain(score.metric(), score.target().getAsDouble()) : "-";
  }

  /**
   * A round number of a metric with its unit, without trailing zeros: {@code 0.02 %}, {@code 10}.
   */
  public static String plain(Metric metric, double value) {
    String number = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return metric.percent() ? number + " %" : number;
  }

  /** The target with its direction: {@code >= 90 %}, {@code <= 5}; {@code -} without one. */
  public static String goal(Score score) {
    return score.target().isPresent()
        ? (score.metric().atLeast() ? ">= " : "<= ") + target(score)
        : "-";
  }

  /** A value of a metric with its unit. */
  public static String figure(Metric metric, double value) {
    return metric.percent() ? percent(value) + " %" : String.format(Locale.ROOT, "%,.0f", value);
  }

  /**
   * A percentage without its sign: never rounded to 0 or 100 when it is not either ({@code 99.99},
   * {@code <0.0001}).
   */
  public static String percent(double value) {
    if (value == 0 || value == 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    String text = String.format(Locale.ROOT, value < 0.1 ? "%.4f" : "%.2f", value);
    if (text.equals("100.00")) {
      return "99.99";
    }
    return text.equals("0.0000") ? "<0.0001" : text;
  }
}
