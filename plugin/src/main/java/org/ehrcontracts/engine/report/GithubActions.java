package org.ehrcontracts.engine.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ehrcontracts.engine.metrics.Figures;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.Scorecard;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * A verification result for GitHub Actions: workflow-command annotations and a job summary.
 *
 * <p>The caller prints the annotations on standard output and appends the summary to the file that
 * {@code GITHUB_STEP_SUMMARY} names.
 *
 * @since 0.1.0
 */
public final class GithubActions {

  /** How many rules the job summary lists, the most frequent first. */
  static final int TOP_RULES = 10;

  private GithubActions() {}

  /**
   * The sample problems as workflow commands, such as {@code ::error
   * file=export/person.csv,line=17,col=6,title=type.date::message}.
   *
   * <p>Errors become {@code ::error}, warnings {@code ::warning} and infos {@code ::notice}. Line
   * and column are left out when not known. Data and properties are escaped as the runner expects.
   *
   * @param result what verification found
   * @param maxPerRule how many problems to annotate per file and rule
   * @return one command per line, in file and rule order
   * @since 0.1.0
   */
  public static List<String> annotations(VerifyResult result, int maxPerRule) {
    List<String> commands = new ArrayList<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        for (Problem problem : rule.samples().subList(0, ReportText.shown(rule, maxPerRule))) {
          commands.add(annotation(problem));
        }
      }
    }
    return List.copyOf(commands);
  }

  /**
   * A Markdown job summary: the overall status, a table of files with their counts, the rules that
   * found the most problems, and the DRC scorecard (a table per metric and table, each figure with
   * its mark) when the contract lists metrics.
   *
   * @param result what verification found
   * @return GitHub-flavoured Markdown, ending in a line break
   * @since 0.1.0
   */
  public static String summaryMarkdown(VerifyResult result) {
    boolean passed = ReportText.passed(result);
    StringBuilder md = new StringBuilder();
    md.append("### ")
        .append(passed ? "\u2705 ehr:verify passed: " : "\u274c ehr:verify failed: ")
        .append(cell(result.export()))
        .append("\n\n");
    md.append("Contract ")
        .append(cell(result.contract()))
        .append(' ')
        .append(cell(result.contractVersion()))
        .append(" (sha256 `")
        .append(cell(ReportText.shortDigest(result.contractDigest())))
        .append("`): ")
        .append(ReportText.count(ReportText.presentFiles(result), "file"))
        .append(", ")
        .append(ReportText.count(result.rows(), "row"))
        .append(", **")
        .append(ReportText.count(result.count(Severity.ERROR), "error"))
        .append("**, ")
        .append(ReportText.count(result.count(Severity.WARNING), "warning"))
        .append(", ")
        .append(ReportText.count(result.count(Severity.INFO), "info"))
        .append(" in ")
        .append(ReportText.duration(result.duration()))
        .append(".")
        .append(result.vocabulary().map(v -> " Vocabulary " + cell(v.describe()) + ".").orElse(""))
        .append("\n\n");

    md.append("| File | Table | Status | Rows | Errors | Warnings | Infos |\n");
    md.append("|---|---|---|--:|--:|--:|--:|\n");
    for (FileResult file : result.files()) {
      md.append("| ")
          .append(cell(file.file()))
          .append(" | ")
          .append(cell(file.table().orElse("")))
          .append(" | ")
          .append(ReportText.statusWord(file.status()))
          .append(" | ")
          .append(ReportText.count(file.rows()));
      for (Severity severity : Severity.values()) {
        md.append(" | ").append(ReportText.count(file.count(severity)));
      }
      md.append(" |\n");
    }

    List<RuleTotal> top = topRules(result);
    if (!top.isEmpty()) {
      md.append("\n#### Top rules\n\n");
      md.append("| Rule | Severity | Problems | Files |\n");
      md.append("|---|---|--:|--:|\n");
      for (RuleTotal rule : top) {
        md.append("| `")
            .append(cell(rule.rule()))
            .append("` | ")
            .append(rule.severity().label())
            .append(" | ")
            .append(ReportText.count(rule.count()))
            .append(" | ")
            .append(ReportText.count(rule.files()))
            .append(" |\n");
      }
    }
    scorecard(md, result);
    return md.toString();
  }

  private static void scorecard(StringBuilder md, VerifyResult result) {
    Scorecard scorecard = result.scorecard();
    if (scorecard.isEmpty()) {
      return;
    }
    // One column per metric some table shows, completeness as the mean of the columns; the
    // targets are said once, under the table, and in a cell only where a table's own differs.
    Map<Metric, String> goals = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      for (TableScores table : scorecard.tables()) {
        for (Score score : table.scores()) {
          if (score.metric() == metric && metric != Metric.COMPLETENESS) {
            goals.putIfAbsent(metric, ScorecardText.signedGoal(score));
          }
        }
      }
    }
    md.append("\n#### DRC scorecard\n\n")
        .append(ScorecardText.totals(scorecard))
        .append(" (targets of contract ")
        .append(cell(result.contract()))
        .append(' ')
        .append(cell(result.contractVersion()))
        .append(").\n\n| Table | Rows");
    for (Metric metric : goals.keySet()) {
      md.append(" | ").append(metric.id());
    }
    md.append(" | completeness |\n|---|--:");
    md.append("|--:".repeat(goals.size() + 1)).append("|\n");
    for (TableScores table : scorecard.tables()) {
      md.append("| ")
          .append(cell(table.table()))
          .append(" | ")
          .append(ReportText.count(table.rows()));
      for (Map.Entry<Metric, String> goal : goals.entrySet()) {
        md.append(" | ");
        table.scores().stream()
            .filter(s -> s.metric() == goal.getKey())
            .findFirst()
            .ifPresent(score -> md.append(scoreCell(score, goal.getValue())));
      }
      md.append(" | ").append(ScorecardText.completenessText(table)).append(" |\n");
    }
    md.append("\nTargets: ");
    List<String> targets = new ArrayList<>();
    goals.forEach((metric, goal) -> targets.add(metric.id() + " " + goal));
    md.append(cell(String.join(", ", targets))).append(".");
    String notComputed = ScorecardText.notComputedText(scorecard);
    if (!notComputed.isEmpty()) {
      md.append(" Not computed (n/c): ").append(cell(notComputed)).append(".");
    }
    md.append('\n');
  }

  private static String scoreCell(Score score, String goal) {
    String value =
        switch (score.status()) {
          case MET -> "\u2705 " + Figures.value(score);
          case MISSED -> "\u274c " + Figures.value(score);
          case NO_TARGET -> Figures.value(score);
          case NOT_COMPUTED -> "n/c";
        };
    return ScorecardText.signedGoal(score).equals(goal)
        ? cell(value)
        : cell(value + " (target " + ScorecardText.signedGoal(score) + ")");
  }

  /** A rule's problems over all files, at its most serious severity. */
  private record RuleTotal(String rule, Severity severity, long count, long files) {

    static RuleTotal of(RuleResult rule) {
      return new RuleTotal(rule.rule(), rule.severity(), rule.count(), 1);
    }

    RuleTotal plus(RuleTotal other) {
      Severity worst = severity.atLeast(other.severity) ? severity : other.severity;
      return new RuleTotal(rule, worst, count + other.count, files + other.files);
    }
  }

  private static List<RuleTotal> topRules(VerifyResult result) {
    Map<String, RuleTotal> totals = new LinkedHashMap<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        totals.merge(rule.rule(), RuleTotal.of(rule), RuleTotal::plus);
      }
    }
    return totals.values().stream()
        .sorted(
            Comparator.comparingLong(RuleTotal::count)
                .reversed()
                .thenComparing(RuleTotal::severity)
                .thenComparing(RuleTotal::rule))
        .limit(TOP_RULES)
        .toList();
  }

  private static String annotation(Problem problem) {
    StringBuilder command = new StringBuilder("::").append(command(problem.severity()));
    command.append(" file=").append(property(problem.at().file().replace('\\', '/')));
    if (problem.at().line() > 0) {
      command.append(",line=").append(problem.at().line());
      if (problem.at().column() > 0) {
        command.append(",col=").append(problem.at().column());
      }
    }
    command.append(",title=").append(property(problem.rule()));
    return command.append("::").append(data(problem.message())).toString();
  }

  private static String command(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "notice";
    };
  }

  /** Escapes a command's message as the runner expects ({@code %}, CR and LF). */
  static String data(String value) {
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escapes a command property: as {@link #data}, and also {@code :} and {@code ,}. */
  static String property(String value) {
    return data(value).replace(":", "%3A").replace(",", "%2C");
  }

  /**
   * Makes text safe in a Markdown table cell: no line breaks, no pipe, and no HTML, which GitHub
   * would otherwise render.
   */
  static String cell(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("`", "'")
        .replaceAll("[\\r\\n]+", " ");
  }
}
