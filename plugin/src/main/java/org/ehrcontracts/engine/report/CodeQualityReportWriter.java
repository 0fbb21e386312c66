package org.ehrcontracts.engine.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * GitLab's Code Quality report of a verification, {@code codequality.json}: the subset of the Code
 * Climate issue format that GitLab reads ({@code artifacts:reports:codequality}) and shows in a
 * merge request's widget and diff.
 *
 * <p>The document is an array with one issue per sample problem, errors first: {@code description}
 * (the message, with the rule id), {@code check_name} (the rule id), {@code fingerprint}, {@code
 * severity} ({@code critical} for an error, {@code minor} for a warning, {@code info} for an info)
 * and {@code location} ({@code path} relative to the repository root, {@code lines.begin} the
 * physical line, 1 for a problem of a whole file). A rule that found more problems in a file than
 * it kept as samples gets one more issue on its first line with the count.
 *
 * <p>GitLab tells new issues of a merge request from old ones by the fingerprint alone, so it
 * leaves out the line (a row added above moves every line below it): it is the SHA-256, in 32 hex
 * digits, of the rule, check, path, data column and the message with its digits left out, and which
 * of the problems with all of these the same it is. Like every report, it holds no cell value.
 *
 * @since 0.2.0
 */
public final class CodeQualityReportWriter {

  /**
   * The report's file name.
   *
   * @since 0.2.0
   */
  public static final String FILE_NAME = "codequality.json";

  private CodeQualityReportWriter() {}

  /**
   * One issue.
   *
   * @param type always {@code issue}
   * @param description what is wrong, with the rule id
   * @param checkName the rule id ({@code check_name})
   * @param fingerprint the issue's identity across runs
   * @param severity {@code critical}, {@code minor} or {@code info}
   * @param location the file and line
   * @since 0.2.0
   */
  public record Issue(
      String type,
      String description,
      @JsonProperty("check_name") String checkName,
      String fingerprint,
      String severity,
      IssueLocation location) {}

  /**
   * Where an issue is.
   *
   * @param path the file, relative to the repository root, with {@code /}
   * @param lines the line
   * @since 0.2.0
   */
  public record IssueLocation(String path, Lines lines) {}

  /**
   * An issue's line.
   *
   * @param begin the physical line, at least 1
   * @since 0.2.0
   */
  public record Lines(long begin) {}

  /**
   * Renders the report.
   *
   * @param result what verification found
   * @param paths how to name files relative to the repository root
   * @return the JSON array, ending in a line break
   * @since 0.2.0
   */
  public static String render(VerifyResult result, RepositoryPaths paths) {
    return JsonDocuments.write(issues(result, paths));
  }

  /**
   * The issues of a verification, errors first, then warnings, then infos.
   *
   * @since 0.2.0
   */
  public static List<Issue> issues(VerifyResult result, RepositoryPaths paths) {
    List<Issue> issues = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Severity severity : Severity.values()) {
      for (FileResult file : result.files()) {
        for (RuleResult rule : file.rules()) {
          if (rule.severity() != severity) {
            continue;
          }
          for (Problem problem : rule.samples()) {
            String path = paths.path(result, problem.at().file());
            String identity =
                String.join(
                    "\u0000",
                    problem.rule(),
                    rule.check().orElse(""),
                    path,
                    BaselineComparison.shape(problem.field().orElse(null), problem.message()));
            int nth = seen.merge(identity, 1, Integer::sum);
            issues.add(
                new Issue(
                    "issue",
                    ReportText.oneLine(problem.message()) + " [" + problem.rule() + "]",
                    problem.rule(),
                    fingerprint(identity + "\u0000" + nth),
                    severity(problem.severity()),
                    new IssueLocation(path, new Lines(Math.max(1, problem.at().line())))));
          }
          long more = rule.count() - rule.samples().size();
          if (more > 0) {
            String path =
                paths.path(
                    result,
                    rule.samples().isEmpty()
                        ? result.export() + "/" + file.file()
                        : rule.samples().get(0).at().file());
            long line = rule.samples().isEmpty() ? 1 : rule.samples().get(0).at().line();
            issues.add(
                new Issue(
                    "issue",
                    String.format(
                            Locale.ROOT,
                            "%,d more problems of this rule in this file (all counted in verify.json)",
                            more)
                        + " ["
                        + rule.rule()
                        + "]",
                    rule.rule(),
                    fingerprint(
                        String.join("\u0000", "more", rule.rule(), rule.check().orElse(""), path)),
                    severity(rule.severity()),
                    new IssueLocation(path, new Lines(Math.max(1, line)))));
          }
        }
      }
    }
    return List.copyOf(issues);
  }

  /** GitLab's severity of ours: an error is critical, a warning minor, an info info. */
  static String severity(Severity severity) {
    return switch (severity) {
      case ERROR -> "critical";
      case WARNING -> "minor";
      case INFO -> "info";
    };
  }

  private static String fingerprint(String identity) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
