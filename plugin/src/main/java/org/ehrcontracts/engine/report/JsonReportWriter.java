package org.ehrcontracts.engine.report;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.ehrcontracts.engine.contract.ContractOrigin;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.ExportRef;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.json.ToolRef;
import org.ehrcontracts.engine.metrics.Metric;
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
 * The machine-readable report of a verification, {@code verify.json}.
 *
 * <p>The document has, in this order: {@code tool}, {@code contract} (with its lineage), {@code
 * export}, {@code started} (ISO-8601, UTC), {@code durationMillis}, {@code deidentified}, {@code
 * ruleFilter} (the rule ids, check ids and families given as {@code only} and {@code skip}, sorted;
 * both empty when every rule ran), {@code summary}, {@code files} (with exact counts per rule) and
 * {@code problems} (every sample problem of every rule, in file and rule order), then, when the
 * contract lists metrics, {@code scorecard} (per table, each metric's figure, target and status),
 * with a baseline {@code comparison}, and with the last upload's receipt {@code previousUpload}
 * (per table its rows then and now, the change in percent and the severity of the problem it is).
 * Absent values are {@code null}, never left out, but for {@code scorecard} as a whole. In {@code
 * problems}, {@code column} is the data column's name and {@code position} its 1-based index.
 *
 * @since 0.1.0
 */
public final class JsonReportWriter {

  /**
   * The report's file name.
   *
   * @since 0.1.0
   */
  public static final String FILE_NAME = "verify.json";

  /** The tool name the report gives. */
  static final String TOOL = ToolRef.NAME;

  private JsonReportWriter() {}

  /**
   * Renders a verification result as a JSON document.
   *
   * @param result what verification found
   * @return the document, ending in a line break
   * @since 0.1.0
   */
  public static String render(VerifyResult result) {
    return JsonDocuments.write(document(result));
  }

  /**
   * Renders a verification result and what changed since its baseline as a JSON document.
   *
   * @since 0.2.0
   */
  public static String render(VerifyResult result, Optional<BaselineComparison> comparison) {
    return JsonDocuments.write(document(result, comparison));
  }

  /**
   * The document of a verification result.
   *
   * @since 0.1.0
   */
  public static VerifyDocument document(VerifyResult result) {
    return document(result, Optional.empty());
  }

  /**
   * The document of a verification result and what changed since its baseline.
   *
   * @since 0.2.0
   */
  public static VerifyDocument document(
      VerifyResult result, Optional<BaselineComparison> comparison) {
    List<ContractRef.Origin> lineage = new ArrayList<>();
    for (ContractOrigin origin : result.lineage()) {
      lineage.add(new ContractRef.Origin(origin.name(), origin.version(), origin.source()));
    }
    List<VerifyDocument.File> files = new ArrayList<>();
    List<VerifyDocument.Problem> problems = new ArrayList<>();
    for (FileResult file : result.files()) {
      files.add(file(file));
      for (RuleResult rule : file.rules()) {
        for (Problem problem : rule.samples()) {
          problems.add(problem(rule, problem));
        }
      }
    }
    return new VerifyDocument(
        ToolRef.of(result.toolVersion()),
        new ContractRef(
            result.contract(), result.contractVersion(), result.contractDigest(), lineage),
        new ExportRef(result.export(), result.directory().toString()),
        result.started().truncatedTo(ChronoUnit.MILLIS).toString(),
        result.duration().toMillis(),
        result.deidentified(),
        // Sorted, so that the same filters always read the same.
        new VerifyDocument.RuleFilter(
            List.copyOf(new TreeSet<>(result.onlyRules())),
            List.copyOf(new TreeSet<>(result.skipRules()))),
        result.vocabulary().orElse(null),
        new VerifyDocument.Summary(
            ReportText.presentFiles(result),
            result.rows(),
            result.count(Severity.ERROR),
            result.count(Severity.WARNING),
            result.count(Severity.INFO),
            ReportText.passed(result) ? "passed" : "failed"),
        files,
        problems,
        result.scorecard().isEmpty() ? null : scorecard(result.scorecard()),
        comparison.map(JsonReportWriter::comparison).orElse(null),
        result.previousUpload().map(JsonReportWriter::previousUpload).orElse(null));
  }

  private static VerifyDocument.PreviousUpload previousUpload(RowComparison comparison) {
    List<VerifyDocument.TableRows> tables = new ArrayList<>();
    for (RowComparison.TableChange change : comparison.tables()) {
      tables.add(
          new VerifyDocument.TableRows(
              change.table(),
              change.file(),
              change.before().isPresent() ? change.before().getAsLong() : null,
              change.after(),
              change.present(),
              change.change().isPresent() ? change.change().getAsDouble() : null,
              change.severity().map(Severity::label).orElse(null)));
    }
    return new VerifyDocument.PreviousUpload(
        comparison.receipt(),
        comparison.folder(),
        comparison.uploaded().isEmpty() ? null : comparison.uploaded(),
        tables);
  }

  private static VerifyDocument.Scorecard scorecard(Scorecard scorecard) {
    List<VerifyDocument.TableScores> tables = new ArrayList<>();
    for (TableScores table : scorecard.tables()) {
      List<VerifyDocument.Score> scores = new ArrayList<>();
      for (Score score : table.scores()) {
        Metric metric = score.metric();
        scores.add(
            new VerifyDocument.Score(
                metric.id(),
                score.column().orElse(null),
                score.status().label(),
                score.value().isPresent() ? score.value().getAsDouble() : null,
                metric.percent() ? "percent" : "count",
                score.count(),
                score.rows(),
                score.target().isPresent() ? score.target().getAsDouble() : null,
                metric.atLeast() ? "at-least" : "at-most",
                score.reason().orElse(null),
                score.note().orElse(null)));
      }
      tables.add(new VerifyDocument.TableScores(table.table(), table.file(), table.rows(), scores));
    }
    return new VerifyDocument.Scorecard(
        scorecard.vocabulary(), scorecard.release().orElse(null), tables);
  }

  private static VerifyDocument.Comparison comparison(BaselineComparison comparison) {
    List<VerifyDocument.RuleChange> rules = new ArrayList<>();
    for (BaselineComparison.Change change : comparison.changes()) {
      rules.add(
          new VerifyDocument.RuleChange(
              change.file(),
              change.rule(),
              change.check().orElse(null),
              change.severity().label(),
              change.added(),
              change.fixed(),
              change.unchanged()));
    }
    return new VerifyDocument.Comparison(
        comparison.baseline(), comparison.added(), comparison.fixed(), rules);
  }

  private static VerifyDocument.File file(FileResult file) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Severity severity : Severity.values()) {
      counts.put(severity.label(), file.count(severity));
    }
    List<VerifyDocument.Rule> rules = new ArrayList<>();
    for (RuleResult rule : file.rules()) {
      rules.add(
          new VerifyDocument.Rule(
              rule.rule(),
              rule.check().orElse(null),
              rule.severity().label(),
              rule.count(),
              rule.thresholdHeld(),
              rule.note().orElse(null),
              rule.samples().size()));
    }
    return new VerifyDocument.File(
        file.file(),
        file.table().orElse(null),
        ReportText.status(file.status()),
        file.rows(),
        file.bytes(),
        file.crc32c().orElse(null),
        counts,
        rules);
  }

  private static VerifyDocument.Problem problem(RuleResult rule, Problem problem) {
    return new VerifyDocument.Problem(
        problem.rule(),
        rule.check().orElse(null),
        problem.severity().label(),
        problem.at().file(),
        problem.at().line() > 0 ? problem.at().line() : null,
        problem.field().orElse(null),
        positive(problem.at().column()),
        problem.message(),
        problem.contractAt().map(Object::toString).orElse(null));
  }

  /** A 1-based number, or {@code null} for 0, which means "not known". */
  private static Integer positive(int value) {
    return value > 0 ? value : null;
  }
}
