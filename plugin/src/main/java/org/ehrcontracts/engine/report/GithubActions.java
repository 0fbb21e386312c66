package org.ehrcontracts.engine.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** How many annotations of each type GitHub shows per step. */
  static final int SHOWN_PER_TYPE = 10;

  /** How many first lines a rule's summary annotation lists. */
  private static final int LINES_NAMED = 5;

  private GithubActions() {}

  /**
   * The sample problems as workflow commands, as {@link #annotations(VerifyResult, int,
   * RepositoryPaths)} gives them, naming files as the problems do.
   *
   * @since 0.1.0
   */
  public static List<String> annotations(VerifyResult result, int maxPerRule) {
    return annotations(result, maxPerRule, RepositoryPaths.asShown());
  }

  /**
   * The problems as workflow commands, such as {@code ::error
   * file=exports/q3/person.csv,line=17,title=type.date::message}, ordered so that GitHub's caps
   * hide as little as possible.
   *
   * <p>Errors become {@code ::error}, warnings {@code ::warning} and infos {@code ::notice}, in
   * that order: GitHub shows at most {@value #SHOWN_PER_TYPE} annotations of each type per step and
   * 50 per job, so errors must come before the warnings that could crowd them out. Within a type,
   * each rule and file gets its first annotation before any gets a second, so the first {@value
   * #SHOWN_PER_TYPE} name as many rules as they can.
   *
   * <p>A rule that found more problems in a file than the cap (the smaller of {@code maxPerRule}
   * and {@value #SHOWN_PER_TYPE}) gets one annotation instead, on the first problem's line, with
   * the count and the first lines. {@code file} is the path relative to the repository root, {@code
   * line} the physical line. No {@code col} is given: GitHub reads it as a character column, and
   * ours is the field's number. Data and properties are escaped as the runner expects.
   *
   * @param result what verification found
   * @param maxPerRule how many problems of a rule and file to annotate one by one
   * @param paths how to name the files
   * @return one command per line
   * @since 0.2.0
   */
  public static List<String> annotations(
      VerifyResult result, int maxPerRule, RepositoryPaths paths) {
    int cap = Math.max(0, Math.min(maxPerRule, SHOWN_PER_TYPE));
    List<String> commands = new ArrayList<>();
    for (Severity severity : Severity.values()) {
      List<List<String>> groups = new ArrayList<>();
      for (FileResult file : result.files()) {
        for (RuleResult rule : file.rules()) {
          if (rule.severity() == severity && rule.count() > 0) {
            groups.add(group(result, file, rule, cap, paths));
          }
        }
      }
      for (int round = 0; !groups.isEmpty(); round++) {
        final int index = round;
        groups.removeIf(group -> group.size() <= index);
        for (List<String> group : groups) {
          commands.add(group.get(index));
        }
      }
    }
    return List.copyOf(commands);
  }

  /** A rule's annotations in a file: each problem, or one for all when there are too many. */
  private static List<String> group(
      VerifyResult result, FileResult file, RuleResult rule, int cap, RepositoryPaths paths) {
    List<Problem> samples = rule.samples();
    if (rule.count() <= cap && samples.size() == rule.count()) {
      List<String> each = new ArrayList<>();
      for (Problem problem : samples) {
        each.add(
            command(
                rule.severity(),
                paths.path(result, problem.at().file()),
                problem.at().line(),
                problem.rule(),
                problem.message()));
      }
      return each;
    }
    String shown = paths.path(result, ReportText.shownFile(file, rule));
    long line = samples.isEmpty() ? 0 : samples.get(0).at().line();
    List<String> lines =
        samples.stream()
            .filter(p -> p.at().line() > 0)
            .limit(LINES_NAMED)
            .map(p -> ReportText.count(p.at().line()))
            .toList();
    String check = rule.check().map(id -> " of check " + id).orElse("");
    String message =
        ReportText.count(rule.count(), "problem")
            + check
            + " in this file"
            + (lines.isEmpty()
                ? ""
                : ", first on line" + (lines.size() == 1 ? " " : "s ") + String.join(", ", lines))
            + " (all counted in verify.html)"
            + (samples.isEmpty() ? "" : ": " + samples.get(0).message());
    return List.of(command(rule.severity(), shown, line, rule.rule(), message));
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
    md.append(PreviousUploadText.markdown(result.previousUpload()));
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

  /**
   * The job summary of {@link #summaryMarkdown(VerifyResult)}, followed by what fails the build:
   * the counts of the severities that fail it and of those that do not, and the first problem lines
   * of each rule and file that fails it, errors first.
   *
   * @param result what verification found
   * @param context the severities that fail the build, how many lines per rule, and how to name
   *     files
   * @return GitHub-flavoured Markdown, ending in a line break
   * @since 0.2.0
   */
  public static String summaryMarkdown(VerifyResult result, ReportContext context) {
    return summaryMarkdown(result) + "\n" + failingMarkdown(result, context);
  }

  /** How many rules and files the summary lists with their first problem lines. */
  static final int FAILING_GROUPS = 20;

  /** How many first problem lines the summary gives per rule and file. */
  static final int FAILING_LINES = 3;

  static String failingMarkdown(VerifyResult result, ReportContext context) {
    StringBuilder md = new StringBuilder("#### What fails the build\n\n");
    List<String> counted = new ArrayList<>();
    List<String> notCounted = new ArrayList<>();
    long failing = 0;
    for (Severity severity : Severity.values()) {
      String count = ReportText.count(result.count(severity), severity.label());
      if (context.failing().contains(severity)) {
        counted.add(count);
        failing += result.count(severity);
      } else {
        notCounted.add(count);
      }
    }
    if (counted.isEmpty()) {
      md.append("Nothing fails the build; every problem is only reported: ")
          .append(String.join(", ", notCounted))
          .append(".\n");
      return md.toString();
    }
    md.append(words(context.failing()))
        .append(" fail the build: **")
        .append(String.join(", ", counted))
        .append("**")
        .append(notCounted.isEmpty() ? "" : "; not counted: " + String.join(", ", notCounted))
        .append(".\n");
    if (failing == 0) {
      return md.toString();
    }
    md.append('\n');
    int lines = Math.max(0, Math.min(context.maxPerRule(), FAILING_LINES));
    int groups = 0;
    int left = 0;
    for (Severity severity : Severity.values()) {
      if (!context.failing().contains(severity)) {
        continue;
      }
      for (FileResult file : result.files()) {
        for (RuleResult rule : file.rules()) {
          if (rule.severity() != severity || rule.count() == 0) {
            continue;
          }
          if (groups == FAILING_GROUPS) {
            left++;
            continue;
          }
          groups++;
          md.append("- **`")
              .append(cell(rule.rule()))
              .append("`** ")
              .append(severity.label())
              .append(rule.check().map(c -> " (check `" + cell(c) + "`)").orElse(""))
              .append(" in `")
              .append(cell(context.paths().path(result, ReportText.shownFile(file, rule))))
              .append("`: ")
              .append(ReportText.count(rule.count(), "problem"))
              .append('\n');
          for (Problem problem :
              rule.samples().subList(0, Math.min(lines, rule.samples().size()))) {
            md.append("  - ")
                .append(problem.at().line() > 0 ? "line " + problem.at().line() + ": " : "")
                .append(cell(problem.message()))
                .append('\n');
          }
        }
      }
    }
    if (left > 0) {
      md.append("- ... and ")
          .append(ReportText.count(left))
          .append(" more rules and files in verify.html\n");
    }
    return md.toString();
  }

  /** {@code Errors}, or {@code Errors and warnings}. */
  private static String words(Set<Severity> severities) {
    List<String> words = new ArrayList<>();
    for (Severity severity : Severity.values()) {
      if (severities.contains(severity)) {
        words.add(severity.label() + "s");
      }
    }
    String joined = String.join(" and ", words);
    return Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
  }

  /** A rule's problems at one severity over all files. */
  private record RuleTotal(String rule, Severity severity, long count, long files) {

    static RuleTotal of(RuleResult rule) {
      return new RuleTotal(rule.rule(), rule.severity(), rule.count(), 1);
    }

    RuleTotal plus(RuleTotal other) {
      return new RuleTotal(rule, severity, count + other.count, files + other.files);
    }
  }

  private static List<RuleTotal> topRules(VerifyResult result) {
    Map<String, RuleTotal> totals = new LinkedHashMap<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        // One row per rule and severity: a rule a threshold held at info in one file is not
        // counted among its errors in another.
        totals.merge(rule.rule() + " " + rule.severity(), RuleTotal.of(rule), RuleTotal::plus);
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

  private static String command(
      Severity severity, String file, long line, String rule, String message) {
    StringBuilder command = new StringBuilder("::").append(command(severity));
    command.append(" file=").append(property(file));
    if (line > 0) {
      command.append(",line=").append(line);
    }
    command.append(",title=").append(property(rule));
    return command.append("::").append(data(message)).toString();
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
