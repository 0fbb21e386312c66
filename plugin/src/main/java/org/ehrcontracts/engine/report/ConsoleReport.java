package org.ehrcontracts.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.Scorecard;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RowComparison;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The console report of a verification: capped problem lines, a line per file and a total line,
 * then, with a receipt of the last upload, each table's rows then and now, then, when the contract
 * lists metrics, the DRC scorecard as a compact table.
 *
 * <p>Problem lines are compiler-style ({@code export/person.csv:17:6: error: ... [type.date]}) so
 * that IDEs and CI annotators pick them up. The caller decides where the lines go: the Maven goal
 * logs each at its level.
 *
 * @since 0.1.0
 */
public final class ConsoleReport {

  /**
   * One line of the report.
   *
   * @param level the severity to log it at, or {@code null} for a plain info line
   * @param text the line, without a line break
   * @since 0.1.0
   */
  public record Line(Severity level, String text) {

    /**
     * A plain info line.
     *
     * @since 0.1.0
     */
    public static Line info(String text) {
      return new Line(null, text);
    }
  }

  private ConsoleReport() {}

  /**
   * Renders a verification result as console lines.
   *
   * <p>For each file and rule, errors first, then warnings, then infos (within a severity in the
   * result's order), the first {@code maxPerRule} sample problems, then one {@code ... and N more}
   * line at the rule's severity when the rule found more than that; then one aligned summary line
   * per file, then the total line, then the scorecard: its totals, a line per table (rows, targets
   * met and missed, mean completeness, the missed targets) and why metrics were not computed.
   * Problems are shown at their own severity, and line breaks in messages as {@code \n}, so that
   * every problem stays on one line.
   *
   * @param result what verification found
   * @param maxPerRule how many problems to show per file and rule (0 shows only counts)
   * @return the lines, in order
   * @since 0.1.0
   */
  public static List<Line> render(VerifyResult result, int maxPerRule) {
    return render(result, maxPerRule, Optional.empty());
  }

  /**
   * Renders a verification result as {@link #render(VerifyResult, int)} does, with what changed
   * since the baseline on the total line: {@code ..., 3 new, 1 fixed in 0.4 s (...)}.
   *
   * @since 0.2.0
   */
  public static List<Line> render(
      VerifyResult result, int maxPerRule, Optional<BaselineComparison> comparison) {
    List<Line> lines = new ArrayList<>();
    // Errors first, then warnings, then infos: a failing file's lines must not sit under
    // thousands of warnings of the others.
    for (Severity severity : Severity.values()) {
      problemLines(result, severity, maxPerRule, lines);
    }
    lines.addAll(fileLines(result));
    lines.add(Line.info(ReportText.oneLine(totalLine(result, comparison))));
    result.previousUpload().ifPresent(upload -> lines.addAll(previousUploadLines(upload)));
    lines.addAll(scorecardLines(result));
    return List.copyOf(lines);
  }

  /** The problem lines of the rules at one severity, in file and rule order. */
  private static void problemLines(
      VerifyResult result, Severity severity, int maxPerRule, List<Line> lines) {
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        if (rule.severity() != severity) {
          continue;
        }
        int shown = ReportText.shown(rule, maxPerRule);
        for (Problem problem : rule.samples().subList(0, shown)) {
          lines.add(new Line(problem.severity(), ReportText.oneLine(problem.format())));
        }
        if (rule.count() > shown) {
          lines.add(
              new Line(
                  rule.severity(), ReportText.oneLine(ReportText.moreLine(file, rule, shown))));
        }
      }
    }
  }

  /** The rows of each table then and now, aligned, under a heading naming the receipt. */
  private static List<Line> previousUploadLines(RowComparison comparison) {
    List<Line> lines = new ArrayList<>();
    lines.add(Line.info(ReportText.oneLine(PreviousUploadText.heading(comparison) + ":")));
    lines.addAll(table(PreviousUploadText.rows(comparison)));
    return lines;
  }

  /**
   * Rows as aligned lines, indented: the first column padded on the right, the middle ones on the
   * left (counts), the last one as it is (free text, not padded).
   */
  private static List<Line> table(List<String[]> rows) {
    int columns = rows.isEmpty() ? 0 : rows.get(0).length;
    int[] widths = new int[Math.max(0, columns - 1)];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<Line> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ").append(padRight(row[0], widths[0]));
      for (int i = 1; i < widths.length; i++) {
        line.append("  ").append(padLeft(row[i], widths[i]));
      }
      line.append("  ").append(row[columns - 1]);
      lines.add(Line.info(ReportText.oneLine(line.toString().stripTrailing())));
    }
    return lines;
  }

  private static List<Line> scorecardLines(VerifyResult result) {
    Scorecard scorecard = result.scorecard();
    if (scorecard.isEmpty()) {
      return List.of();
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"table", "rows", "met", "missed", "completeness", "missed targets"});
    for (TableScores table : scorecard.tables()) {
      rows.add(
          new String[] {
            table.table(),
            ReportText.count(table.rows()),
            ReportText.count(table.count(Score.Status.MET)),
            ReportText.count(table.count(Score.Status.MISSED)),
            ScorecardText.completenessText(table),
            ScorecardText.missed(table)
          });
    }
    List<Line> lines = new ArrayList<>();
    lines.add(
        Line.info(
            ReportText.oneLine(
                "DRC scorecard (targets of contract "
                    + result.contract()
                    + " "
                    + result.contractVersion()
                    + "): "
                    + ScorecardText.totals(scorecard))));
    lines.addAll(table(rows));
    String notComputed = ScorecardText.notComputedText(scorecard);
    if (!notComputed.isEmpty()) {
      lines.add(Line.info(ReportText.oneLine("  not computed: " + notComputed)));
    }
    return lines;
  }

  private static List<Line> fileLines(VerifyResult result) {
    int nameWidth = 0;
    int rowsWidth = 0;
    int errorsWidth = 0;
    int warningsWidth = 0;
    int infosWidth = 0;
    for (FileResult file : result.files()) {
      nameWidth = Math.max(nameWidth, file.file().length());
      rowsWidth = Math.max(rowsWidth, ReportText.count(file.rows()).length());
      errorsWidth = Math.max(errorsWidth, ReportText.count(file.count(Severity.ERROR)).length());
      warningsWidth =
          Math.max(warningsWidth, ReportText.count(file.count(Severity.WARNING)).length());
      infosWidth = Math.max(infosWidth, ReportText.count(file.count(Severity.INFO)).length());
    }
    List<Line> lines = new ArrayList<>();
    for (FileResult file : result.files()) {
      String line =
          "  "
              + padRight(file.file(), nameWidth)
              + "  "
              + padLeft(ReportText.count(file.rows()), rowsWidth)
              + " rows   "
              + padLeft(ReportText.count(file.count(Severity.ERROR)), errorsWidth)
              + " errors   "
              + padLeft(ReportText.count(file.count(Severity.WARNING)), warningsWidth)
              + " warnings   "
              + padLeft(ReportText.count(file.count(Severity.INFO)), infosWidth)
              + " infos   "
              + ReportText.statusWord(file.status());
      lines.add(Line.info(ReportText.oneLine(line)));
    }
    return lines;
  }

  private static String totalLine(VerifyResult result, Optional<BaselineComparison> comparison) {
    return "Export "
        + result.export()
        + ": "
        + ReportText.count(ReportText.presentFiles(result), "file")
        + ", "
        + ReportText.count(result.rows(), "row")
        + ", "
        + ReportText.count(result.count(Severity.ERROR), "error")
        + ", "
        + ReportText.count(result.count(Severity.WARNING), "warning")
        + comparison
            .map(
                c ->
                    ", "
                        + ReportText.count(c.added())
                        + " new, "
                        + ReportText.count(c.fixed())
                        + " fixed")
            .orElse("")
        + " in "
        + ReportText.duration(result.duration())
        + " (contract "
        + result.contract()
        + " "
        + result.contractVersion()
        + result.vocabulary().map(v -> "; vocabulary " + v.describe()).orElse("")
        + ")";
  }

  private static String padRight(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String padLeft(String text, int width) {
    return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
  }
}
