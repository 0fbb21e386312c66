package org.ehrcontracts.engine.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.json.ToolRef;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The SARIF 2.1.0 report of a verification, {@code verify.sarif}, for GitHub code scanning, GitLab
 * and IDEs.
 *
 * <p>One run; its driver lists each rule id that fired, with its summary and its section of {@code
 * docs/rules.md} as help; one result per sample problem (as in {@code verify.json}), with the file
 * relative to the repository root ({@code uriBaseId} {@code %SRCROOT%}) and the physical line.
 * Exact counts per rule are in {@code verify.json}.
 *
 * @since 0.2.0
 */
public final class SarifReportWriter {

  /**
   * The report's file name.
   *
   * @since 0.2.0
   */
  public static final String FILE_NAME = "verify.sarif";

  /** The schema the document declares. */
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  /** The project's home page. */
  static final String INFORMATION_URI = "https://github.com/ehr-contracts/ehr-contracts";

  /** The rule catalogue; each rule's anchor is its id. */
  static final String RULES_PAGE = INFORMATION_URI + "/blob/main/docs/rules.md";

  /** The base that repository-relative paths are relative to. */
  static final String SOURCE_ROOT = "%SRCROOT%";

  private SarifReportWriter() {}

  /**
   * Renders a verification result as a SARIF log.
   *
   * @param result what verification found
   * @param paths how to name files relative to the repository root
   * @return the document, ending in a line break
   * @since 0.2.0
   */
  public static String render(VerifyResult result, RepositoryPaths paths) {
    return JsonDocuments.write(document(result, paths));
  }

  /**
   * The SARIF log of a verification result.
   *
   * @since 0.2.0
   */
  public static SarifDocument document(VerifyResult result, RepositoryPaths paths) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<SarifDocument.Rule> rules = new ArrayList<>();
    List<SarifDocument.Result> results = new ArrayList<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        for (Problem problem : rule.samples()) {
          Integer at = index.get(problem.rule());
          if (at == null) {
            at = rules.size();
            index.put(problem.rule(), at);
            rules.add(rule(problem.rule()));
          }
          results.add(result(result, problem, at, paths));
        }
      }
    }
    return new SarifDocument(
        SCHEMA,
        "2.1.0",
        List.of(
            new SarifDocument.Run(
                new SarifDocument.Tool(
                    new SarifDocument.Driver(
                        ToolRef.NAME, result.toolVersion(), INFORMATION_URI, rules)),
                results)));
  }

  /** The help page of a rule id: its own section, or the checks' for a contract's own rule. */
  static String helpUri(String rule) {
    return RULES_PAGE + "#" + Rule.byId(rule).map(Rule::docAnchor).orElse("check-rules");
  }

  /** SARIF's level for a severity. */
  static String level(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }

  private static SarifDocument.Rule rule(String id) {
    Rule known = Rule.byId(id).orElse(null);
    return new SarifDocument.Rule(
        id,
        new SarifDocument.Message(known == null ? "a check of the contract" : known.summary()),
        helpUri(id),
        known == null ? null : new SarifDocument.Configuration(level(known.defaultSeverity())));
  }

  private static SarifDocument.Result result(
      VerifyResult result, Problem problem, int ruleIndex, RepositoryPaths paths) {
    SarifDocument.PhysicalLocation where =
        new SarifDocument.PhysicalLocation(
            new SarifDocument.ArtifactLocation(
                uri(paths.path(result, problem.at().file())), SOURCE_ROOT),
            problem.at().line() > 0 ? new SarifDocument.Region(problem.at().line()) : null);
    return new SarifDocument.Result(
        problem.rule(),
        ruleIndex,
        level(problem.severity()),
        new SarifDocument.Message(problem.message()),
        List.of(new SarifDocument.Location(where)));
  }

  /**
   * A relative path as a URI reference: {@code /} kept, unreserved characters as they are, and
   * everything else percent-encoded in UTF-8 (so a {@code :} cannot read as a scheme).
   */
  static String uri(String path) {
    StringBuilder uri = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        uri.append((char) c);
      } else {
        uri.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return uri.toString();
  }
}
