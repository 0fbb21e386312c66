package org.ehrcontracts.engine.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.ExportRef;
import org.ehrcontracts.engine.json.ToolRef;
import org.ehrcontracts.engine.json.VocabularyRef;

/**
 * The document {@code verify.json}, as {@link JsonReportWriter} writes it and {@code ehr:deploy}
 * reads it back; see there for what each member means. Absent values are {@code null}.
 *
 * @param tool the tool that verified
 * @param contract the contract, with its lineage
 * @param export the export and its directory
 * @param started when verification started, ISO-8601 in UTC, to the millisecond
 * @param durationMillis how long it took
 * @param deidentified whether the {@code deid.*} rules ran
 * @param ruleFilter the {@code only} and {@code skip} filters, sorted; {@code null} in a report of
 *     an older version
 * @param summary the totals
 * @param files every file, with exact counts per rule
 * @param problems every sample problem, in file and rule order
 * @param scorecard the DRC data-quality scorecard; left out when the contract lists no metrics
 *     (since 0.2.0)
 * @param comparison what changed since the baseline; left out without one
 * @param previousUpload each table's rows now and at the last upload; left out without a receipt
 *     (since 0.2.0)
 * @since 0.1.0
 */
public record VerifyDocument(
    ToolRef tool,
    ContractRef contract,
    ExportRef export,
    String started,
    long durationMillis,
    boolean deidentified,
    RuleFilter ruleFilter,
    @JsonInclude(JsonInclude.Include.NON_NULL) VocabularyRef vocabulary,
    Summary summary,
    List<File> files,
    List<Problem> problems,
    @JsonInclude(JsonInclude.Include.NON_NULL) Scorecard scorecard,
    @JsonInclude(JsonInclude.Include.NON_NULL) Comparison comparison,
    @JsonInclude(JsonInclude.Include.NON_NULL) PreviousUpload previousUpload) {

  /** Copies the lists; a missing list reads as empty. */
  public VerifyDocument {
    files = files == null ? List.of() : List.copyOf(files);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /**
   * A document without a scorecard, as a contract without metrics gives.
   *
   * @since 0.2.0
   */
  public VerifyDocument(
      ToolRef tool,
      ContractRef contract,
      ExportRef export,
      String started,
      long durationMillis,
      boolean deidentified,
      RuleFilter ruleFilter,
      Summary summary,
      List<File> files,
      List<Problem> problems) {
    this(
        tool,
        contract,
        export,
        started,
        durationMillis,
        deidentified,
        ruleFilter,
        null,
        summary,
        files,
        problems,
        null,
        null,
        null);
  }

  /**
   * The rule filters of the run.
   *
   * @param only the rule ids, check ids and families given as {@code only}
   * @param skip those given as {@code skip}
   * @since 0.1.0
   */
  public record RuleFilter(List<String> only, List<String> skip) {

    /** Copies the lists; a missing list reads as empty. */
    public RuleFilter {
      only = only == null ? List.of() : List.copyOf(only);
      skip = skip == null ? List.of() : List.copyOf(skip);
    }
  }

  /**
   * The totals.
   *
   * @param files the files the export holds (every file that is not missing)
   * @param rows the data rows read
   * @param errors the error problems
   * @param warnings the warnings
   * @param infos the infos
   * @param status {@code passed} or {@code failed}
   * @since 0.1.0
   */
  public record Summary(
      long files, long rows, long errors, long warnings, long infos, String status) {}

  /**
   * One file of the export.
   *
   * @param file its name
   * @param table the contract table it holds, if any
   * @param status {@code passed}, {@code failed}, {@code missing} or {@code not-checked}
   * @param rows its data rows
   * @param bytes its size
   * @param crc32c its CRC32C in hex, if it was read
   * @param counts the problems per severity label
   * @param rules the exact count of every rule that found something
   * @since 0.1.0
   */
  public record File(
      String file,
      String table,
      String status,
      long rows,
      long bytes,
      String crc32c,
      Map<String, Long> counts,
      List<Rule> rules) {

    /** Copies the list; a missing list reads as empty. */
    public File {
      rules = rules == null ? List.of() : List.copyOf(rules);
    }
  }

  /**
   * One rule's findings in a file.
   *
   * @param rule its id
   * @param check the check id, for a named check
   * @param severity its severity label
   * @param count how many problems it found
   * @param thresholdHeld whether the count stayed within the rule's threshold
   * @param note the contract's note on the rule, if any
   * @param samples how many of them are listed in {@code problems}
   * @since 0.1.0
   */
  public record Rule(
      String rule,
      String check,
      String severity,
      long count,
      boolean thresholdHeld,
      String note,
      long samples) {}

  /**
   * One sample problem.
   *
   * @param rule its rule id
   * @param check the check id, for a named check
   * @param severity its severity label
   * @param file the data file
   * @param line the physical line, 1-based, if known
   * @param column the data column's name, if known
   * @param position its 1-based index, if known
   * @param message what is wrong, without any value
   * @param contract the contract line of the rule, {@code file:line:column}, if known
   * @since 0.1.0
   */
  public record Problem(
      String rule,
      String check,
      String severity,
      String file,
      Long line,
      String column,
      Integer position,
      String message,
      String contract) {}

  /**
   * The DRC data-quality scorecard.
   *
   * @param vocabulary whether a vocabulary answered the concept metrics (without one they are
   *     {@code not-computed})
   * @param release the vocabulary's release, if it names one
   * @param tables the tables read, in contract order
   * @since 0.2.0
   */
  public record Scorecard(boolean vocabulary, String release, List<TableScores> tables) {

    /** Copies the list; a missing list reads as empty. */
    public Scorecard {
      tables = tables == null ? List.of() : List.copyOf(tables);
    }
  }

  /**
   * What changed since the baseline.
   *
   * @param baseline the baseline report's file
   * @param added the new problems ({@code new} in the document)
   * @param fixed the problems of the baseline that are gone
   * @param rules one entry per file and rule with problems in either run
   * @since 0.2.0
   */
  public record Comparison(
      String baseline, @JsonProperty("new") long added, long fixed, List<RuleChange> rules) {

    /** Copies the list; a missing list reads as empty. */
    public Comparison {
      rules = rules == null ? List.of() : List.copyOf(rules);
    }
  }

  /**
   * Each table's rows now and at the last upload, as its receipt tells them.
   *
   * @param receipt the receipt ({@code deploy.json}) compared with
   * @param folder the bucket folder of that upload
   * @param uploaded when it started, ISO-8601; {@code null} if the receipt does not say
   * @param tables the tables uploaded then or in the export now, in contract order
   * @since 0.2.0
   */
  public record PreviousUpload(
      String receipt, String folder, String uploaded, List<TableRows> tables) {

    /** Copies the list; a missing list reads as empty. */
    public PreviousUpload {
      tables = tables == null ? List.of() : List.copyOf(tables);
    }
  }

  /**
   * One table's rows now and at the last upload.
   *
   * @param table the contract table
   * @param file its file
   * @param before its rows then; {@code null} when it was not uploaded then
   * @param after its rows now, 0 when the export lacks the file
   * @param present whether the export has the file now
   * @param change the change in percent of {@code before}; {@code null} without a figure then, or
   *     when there were no rows then and are some now
   * @param severity the severity of the {@code table.row-change} problem the change is, or {@code
   *     null} when it is none
   * @since 0.2.0
   */
  public record TableRows(
      String table,
      String file,
      Long before,
      long after,
      boolean present,
      Double change,
      String severity) {}

  /**
   * The scorecard of one table.
   *
   * @param table the contract table
   * @param file its file
   * @param rows the rows the metrics count (the file's rows of the right width)
   * @param metrics its scores, completeness last with one per column
   * @since 0.2.0
   */
  public record TableScores(String table, String file, long rows, List<Score> metrics) {

    /** Copies the list; a missing list reads as empty. */
    public TableScores {
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
  }

  /**
   * One metric of a table (of a column, for completeness).
   *
   * @param metric its id ({@code concept-success})
   * @param column the column, for completeness
   * @param status {@code met}, {@code missed}, {@code no-target} or {@code not-computed}
   * @param value the figure: a percentage (of {@code of}) or, for {@code unit} {@code count}, a
   *     number; {@code null} when not computed
   * @param unit {@code percent} or {@code count}
   * @param count what the metric counts (the rows that succeed, or fail; the groups or keys)
   * @param of what a percentage is of (rows), 0 for a count
   * @param target the contract's target, if any
   * @param direction {@code at-least} or {@code at-most}: how the figure must stand to the target
   * @param reason why it was not computed, if it was not
   * @param note the contract's note on the target, if any
   * @since 0.2.0
   */
  public record Score(
      String metric,
      String column,
      String status,
      Double value,
      String unit,
      long count,
      long of,
      Double target,
      String direction,
      String reason,
      String note) {}

  /**
   * What changed in one rule's problems in one file.
   *
   * @param file the file
   * @param rule the rule id
   * @param check the check id, for a named check
   * @param severity its severity label now, or the baseline's if it no longer fires
   * @param added the new problems ({@code new} in the document)
   * @param fixed the problems that are gone
   * @param unchanged the problems in both
   * @since 0.2.0
   */
  public record RuleChange(
      String file,
      String rule,
      String check,
      String severity,
      @JsonProperty("new") long added,
      long fixed,
      long unchanged) {}
}
