package org.ehrcontracts.engine.report;

import static org.ehrcontracts.engine.report.HtmlReportWriter.escape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ehrcontracts.engine.metrics.Figures;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.Scorecard;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The scorecard section of {@code verify.html}: per table, each metric's figure as an inline-SVG
 * bar against a tick at its target, with the target and a mark spelt out, and completeness per
 * column in a collapsible list.
 *
 * <p>A success rate's bar runs from 0 to 100 %; a failure rate's or a count's from 0 to a round
 * number above both the figure and the target, said beside the bar, so that a target of 0.01 % is
 * not a hair at the left edge. Colour is never the only sign: every mark is also a word.
 */
final class ScorecardHtml {

  static final int BAR_WIDTH = 220;
  static final int BAR_HEIGHT = 14;

  private ScorecardHtml() {}

  /** The section, or nothing when the result has no scorecard. */
  static String section(VerifyResult result) {
    Scorecard scorecard = result.scorecard();
    if (scorecard.isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder();
    html.append("<h2>DRC scorecard</h2>\n<p>")
        .append(escape(ScorecardText.totals(scorecard)))
        .append(" (targets of contract ")
        .append(escape(result.contract()))
        .append(' ')
        .append(escape(result.contractVersion()))
        .append("). Vocabulary: ")
        .append(
            scorecard.vocabulary()
                ? escape(scorecard.release().orElse("given, without a release"))
                : "none, so concept, unit and route success are not computed")
        .append(".</p>\n");
    // Notes are the contract's, the same for every table that shows the metric: said once.
    Map<String, String> notes = new LinkedHashMap<>();
    for (TableScores table : scorecard.tables()) {
      for (Score score : table.scores()) {
        score.note().ifPresent(n -> notes.putIfAbsent(score.metric().id() + ": " + n, n));
      }
    }
    if (!notes.isEmpty()) {
      html.append("<ul class='muted'>\n");
      for (String note : notes.keySet()) {
        html.append("<li>").append(escape(note)).append("</li>\n");
      }
      html.append("</ul>\n");
    }
    for (TableScores table : scorecard.tables()) {
      table(html, table);
    }
    return html.toString();
  }

  private static void table(StringBuilder html, TableScores table) {
    html.append("<section class='score'>\n<h3><span class='mono'>")
        .append(escape(table.table()))
        .append("</span> <span class='muted'>")
        .append(escape(ReportText.count(table.rows(), "row")))
        .append("</span></h3>\n");
    List<Score> metrics =
        table.scores().stream().filter(s -> s.metric() != Metric.COMPLETENESS).toList();
    if (!metrics.isEmpty()) {
      html.append("<table>\n");
      head(html, "Metric");
      for (Score score : metrics) {
        row(html, score, score.metric().id());
      }
      html.append("</tbody>\n</table>\n");
    }
    List<Score> columns =
        table.scores().stream().filter(s -> s.metric() == Metric.COMPLETENESS).toList();
    if (!columns.isEmpty()) {
      html.append("<details>\n<summary>Completeness: ")
          .append(escape(ScorecardText.completenessText(table)))
          .append(" on average over ")
          .append(escape(ReportText.count(columns.size(), "column")))
          .append("</summary>\n<table>\n");
      head(html, "Column");
      for (Score score : columns) {
        row(html, score, score.column().orElse(""));
      }
      html.append("</tbody>\n</table>\n</details>\n");
    }
    html.append("</section>\n");
  }

  private static void head(StringBuilder html, String first) {
    html.append("<thead><tr><th scope='col'>")
        .append(first)
        .append("</th><th scope='col' class='num'>Value</th><th scope='col' class='num'>Target")
        .append("</th><th scope='col'>Mark</th><th scope='col'>Against the target</th></tr>")
        .append("</thead>\n<tbody>\n");
  }

  private static void row(StringBuilder html, Score score, String name) {
    String status = score.status().label();
    html.append("<tr><td class='mono' title='")
        .append(escape(name))
        .append("'>")
        .append(escape(name))
        .append("</td><td class='num'>")
        .append(escape(Figures.value(score)))
        .append("</td><td class='num'>")
        .append(escape(ScorecardText.signedGoal(score)))
        .append("</td><td class='sev mk-")
        .append(status)
        .append("'>")
        .append(escape(ScorecardText.mark(score)))
        .append("</td><td>");
    if (score.value().isPresent()) {
      bar(html, score);
    } else {
      html.append("<span class='muted'>")
          .append(escape(score.reason().orElse("")))
          .append("</span>");
    }
    html.append("</td></tr>\n");
  }

  /** The figure as a bar, with a tick at the target, and the scale's end beside it. */
  private static void bar(StringBuilder html, Score score) {
    Metric metric = score.metric();
    double value = score.value().getAsDouble();
    double top = scale(score);
    String color =
        switch (score.status()) {
          case MET -> "#1b5e20";
          case MISSED -> "#b00020";
          default -> "#0b4f8a";
        };
    String label =
        Figures.value(score)
            + (score.target().isPresent()
                ? " against a target of "
                    + (metric.atLeast() ? "at least " : "at most ")
                    + Figures.target(score)
                : ", without a target");
    html.append("<svg class='bar' width='")
        .append(BAR_WIDTH)
        .append("' height='")
        .append(BAR_HEIGHT)
        .append("' viewBox='0 0 ")
        .append(BAR_WIDTH)
        .append(' ')
        .append(BAR_HEIGHT)
        .append("' role='img' aria-label='")
        .append(escape(label))
        .append("'><title>")
        .append(escape(label))
        .append("</title><rect width='")
        .append(BAR_WIDTH)
        .append("' height='")
        .append(BAR_HEIGHT)
        .append("' fill='#e6e6e6'></rect><rect width='")
        .append(px(value, top))
        .append("' height='")
        .append(BAR_HEIGHT)
        .append("' fill='")
        .append(color)
        .append("'></rect>");
    if (score.target().isPresent()) {
      String x = px(score.target().getAsDouble(), top);
      html.append("<line x1='")
          .append(x)
          .append("' x2='")
          .append(x)
          .append("' y1='0' y2='")
          .append(BAR_HEIGHT)
          .append("' stroke='#1a1a1a' stroke-width='2'></line>");
    }
    html.append("</svg>");
    if (!(metric.percent() && metric.atLeast())) {
      html.append(" <span class='muted scale'>of ")
          .append(escape(Figures.plain(metric, top)))
          .append("</span>");
    }
  }

  /**
   * The bar's end: 100 for a success rate; for the others a round number (1, 2 or 5 times a power
   * of ten) at least twice the target and a quarter above the figure.
   */
  static double scale(Score score) {
    Metric metric = score.metric();
    if (metric.percent() && metric.atLeast()) {
      return 100;
    }
    double target = score.target().orElse(0);
    double value = score.value().orElse(0);
    double least = Math.max(Math.max(2 * target, 1.25 * value), metric.percent() ? 0.01 : 1);
    double power = Math.pow(10, Math.floor(Math.log10(least)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= least - 1e-12) {
        return metric.percent() ? Math.min(100, step * power) : step * power;
      }
    }
    return least;
  }

  private static String px(double value, double top) {
    double width = Math.max(0, Math.min(1, value / top)) * BAR_WIDTH;
    return String.format(Locale.ROOT, "%.1f", width);
  }
}
