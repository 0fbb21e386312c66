package org.ehrcontracts.engine.report;

import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;
import org.ehrcontracts.engine.contract.ContractOrigin;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The machine-readable report of a verification, {@code verify.json}.
 *
 * <p>The document has, in this order: {@code tool}, {@code contract} (with its lineage), {@code
 * export}, {@code started} (ISO-8601, UTC), {@code durationMillis}, {@code deidentified}, {@code
 * ruleFilter} (the rule ids, check ids and families given as {@code only} and {@code skip}, sorted;
 * both empty when every rule ran), {@code summary}, {@code files} (with exact counts per rule) and
 * {@code problems} (every sample problem of every rule, in file and rule order). Absent values are
 * {@code null}, never left out. In {@code problems}, {@code column} is the data column's name and
 * {@code position} its 1-based index.
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
  static final String TOOL = "ehr-maven-plugin";

  private JsonReportWriter() {}

  /**
   * Renders a verification result as a JSON document.
   *
   * @param result what verification found
   * @return the document, ending in a line break
   * @since 0.1.0
   */
  public static String render(VerifyResult result) {
    JsonWriter json = new JsonWriter().beginObject();
    json.name("tool").beginObject();
    json.name("name").value(TOOL);
    json.name("version").value(result.toolVersion());
    json.endObject();

    json.name("contract").beginObject();
    json.name("name").value(result.contract());
    json.name("version").value(result.contractVersion());
    json.name("sha256").value(result.contractDigest());
    json.name("lineage").beginArray();
    for (ContractOrigin origin : result.lineage()) {
      json.beginObject();
      json.name("name").value(origin.name());
      json.name("version").value(origin.version());
      json.name("source").value(origin.source());
      json.endObject();
    }
    json.endArray().endObject();

    json.name("export").beginObject();
    json.name("name").value(result.export());
    json.name("directory").value(result.directory().toString());
    json.endObject();

    json.name("started").value(result.started().truncatedTo(ChronoUnit.MILLIS).toString());
    json.name("durationMillis").value(result.duration().toMillis());
    json.name("deidentified").value(result.deidentified());
    json.name("ruleFilter").beginObject();
    json.name("only");
    strings(json, result.onlyRules());
    json.name("skip");
    strings(json, result.skipRules());
    json.endObject();

    json.name("summary").beginObject();
    json.name("files").value(ReportText.presentFiles(result));
    json.name("rows").value(result.rows());
    json.name("errors").value(result.count(Severity.ERROR));
    json.name("warnings").value(result.count(Severity.WARNING));
    json.name("infos").value(result.count(Severity.INFO));
    json.name("status").value(ReportText.passed(result) ? "passed" : "failed");
    json.endObject();

    json.name("files").beginArray();
    for (FileResult file : result.files()) {
      file(json, file);
    }
    json.endArray();

    json.name("problems").beginArray();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        for (Problem problem : rule.samples()) {
          problem(json, rule, problem);
        }
      }
    }
    json.endArray();
    return json.endObject().toString();
  }

  /** A set as a sorted array, so that the same filters always read the same. */
  private static void strings(JsonWriter json, Set<String> values) {
    json.beginArray();
    for (String value : new TreeSet<>(values)) {
      json.value(value);
    }
    json.endArray();
  }

  private static void file(JsonWriter json, FileResult file) {
    json.beginObject();
    json.name("file").value(file.file());
    json.name("table").value(file.table().orElse(null));
    json.name("status").value(ReportText.status(file.status()));
    json.name("rows").value(file.rows());
    json.name("bytes").value(file.bytes());
    json.name("crc32c").value(file.crc32c().orElse(null));
    json.name("counts").beginObject();
    for (Severity severity : Severity.values()) {
      json.name(severity.label()).value(file.count(severity));
    }
    json.endObject();
    json.name("rules").beginArray();
    for (RuleResult rule : file.rules()) {
      json.beginObject();
      json.name("rule").value(rule.rule());
      json.name("check").value(rule.check().orElse(null));
      json.name("severity").value(rule.severity().label());
      json.name("count").value(rule.count());
      json.name("thresholdHeld").value(rule.thresholdHeld());
      json.name("note").value(rule.note().orElse(null));
      json.name("samples").value(rule.samples().size());
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  private static void problem(JsonWriter json, RuleResult rule, Problem problem) {
    json.beginObject();
    json.name("rule").value(problem.rule());
    json.name("check").value(rule.check().orElse(null));
    json.name("severity").value(problem.severity().label());
    json.name("file").value(problem.at().file());
    positive(json.name("line"), problem.at().line());
    json.name("column").value(problem.field().orElse(null));
    positive(json.name("position"), problem.at().column());
    json.name("message").value(problem.message());
    json.name("contract").value(problem.contractAt().map(Object::toString).orElse(null));
    json.endObject();
  }

  /** Writes a 1-based number, or {@code null} for 0, which means "not known". */
  private static void positive(JsonWriter json, long value) {
    if (value > 0) {
      json.value(value);
    } else {
      json.nullValue();
    }
  }
}
