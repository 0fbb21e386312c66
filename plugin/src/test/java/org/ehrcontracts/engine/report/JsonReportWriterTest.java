package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ehrcontracts.engine.json.JsonDocumentException;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class JsonReportWriterTest {

  private static final String JSON = JsonReportWriter.render(ReportFixture.result());

  /** JSON is YAML, so snakeyaml, which the plugin has anyway, reads the report back. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String json) {
    return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @Test
  void keysComeInTheDocumentedOrder() {
    Map<String, Object> report = parse(JSON);

    assertEquals(
        List.of(
            "tool",
            "contract",
            "export",
            "started",
            "durationMillis",
            "deidentified",
            "ruleFilter",
            "summary",
            "files",
            "problems"),
        new ArrayList<>(report.keySet()));
    assertEquals(
        List.of("file", "table", "status", "rows", "bytes", "crc32c", "counts", "rules"),
        new ArrayList<>(map(list(report.get("files")).get(0)).keySet()));
    assertEquals(JSON, JsonReportWriter.render(ReportFixture.result()));
  }

  @Test
  void readsBackAsTheSameDocument() throws JsonDocumentException {
    VerifyDocument read = JsonDocuments.read(JSON, VerifyDocument.class);

    assertEquals(JsonReportWriter.document(ReportFixture.result()), read);
    assertEquals(JSON, JsonDocuments.write(read));
  }

  @Test
  void headerAndSummaryHoldTheResult() {
    Map<String, Object> report = parse(JSON);

    assertEquals(
        Map.of("name", "ehr-maven-plugin", "version", "0.1.0-SNAPSHOT"), report.get("tool"));
    Map<String, Object> contract = map(report.get("contract"));
    assertEquals("aou-ehr-alpha", contract.get("name"));
    assertEquals("1.2.0", contract.get("version"));
    assertEquals(ReportFixture.DIGEST, contract.get("sha256"));
    assertEquals(
        List.of(
            Map.of(
                "name", "omop-base",
                "version", "5.3.1",
                "source", "classpath:ehr/contracts/omop-base.yaml"),
            Map.of(
                "name", "aou-ehr-alpha",
                "version", "1.2.0",
                "source", "classpath:ehr/contracts/aou-ehr-alpha.yaml")),
        contract.get("lineage"));
    assertEquals(
        Map.of("name", "alpha-2017-12", "directory", "exports/alpha-2017-12"),
        report.get("export"));
    assertEquals("2026-11-27T02:07:58.123Z", report.get("started"));
    assertEquals(1234, report.get("durationMillis"));
    assertEquals(false, report.get("deidentified"));
    assertEquals(Map.of("only", List.of(), "skip", List.of()), report.get("ruleFilter"));
    assertEquals(
        Map.of(
            "files",
            4,
            "rows",
            1552,
            "errors",
            1237,
            "warnings",
            3,
            "infos",
            2,
            "status",
            "failed"),
        report.get("summary"));
  }

  @Test
  void theRuleFilterSaysWhichRulesWereSwitchedOffSorted() {
    VerifyResult r = ReportFixture.result();
    VerifyResult filtered =
        new VerifyResult(
            r.contract(),
            r.contractVersion(),
            r.contractDigest(),
            r.lineage(),
            r.export(),
            r.directory(),
            r.toolVersion(),
            r.started(),
            r.duration(),
            true,
            Set.of("type", "deid.age-limit"),
            Set.of("plausibility", "deid", "check.expression"),
            r.files());

    Map<String, Object> report = parse(JsonReportWriter.render(filtered));

    assertEquals(true, report.get("deidentified"));
    assertEquals(
        Map.of(
            "only",
            List.of("deid.age-limit", "type"),
            "skip",
            List.of("check.expression", "deid", "plausibility")),
        report.get("ruleFilter"));
    assertFalse(filtered.ran("deid.date-not-truncated", null));
    assertFalse(filtered.ran("deid.age-limit", null));
    assertTrue(r.ran("deid.age-limit", null));
  }

  @Test
  void filesHoldExactCountsPerRule() {
    List<Object> files = list(parse(JSON).get("files"));

    assertEquals(5, files.size());
    Map<String, Object> person = map(files.get(0));
    Map<String, Object> birthYear = map(list(person.get("rules")).get(0));
    assertEquals(true, birthYear.get("thresholdHeld"));
    assertEquals("Some synthetic persons are born before 1910.", birthYear.get("note"));
    assertEquals("info", birthYear.get("severity"));

    Map<String, Object> visits = map(files.get(1));
    assertEquals("failed", visits.get("status"));
    assertEquals(1500, visits.get("rows"));
    assertEquals(187654, visits.get("bytes"));
    assertEquals("a1b2c3d4", visits.get("crc32c"));
    assertEquals(Map.of("error", 1236, "warning", 2, "info", 0), visits.get("counts"));
    Map<String, Object> typeDate = map(list(visits.get("rules")).get(0));
    assertEquals("type.date", typeDate.get("rule"));
    assertNull(typeDate.get("check"));
    assertTrue(typeDate.containsKey("check"));
    assertEquals(1234, typeDate.get("count"));
    assertEquals(5, typeDate.get("samples"));
    assertEquals(false, typeDate.get("thresholdHeld"));
    assertEquals("visit-type-known", map(list(visits.get("rules")).get(3)).get("check"));

    assertEquals("missing", map(files.get(2)).get("status"));
    assertNull(map(files.get(2)).get("crc32c"));
    Map<String, Object> notes = map(files.get(3));
    assertEquals("not-checked", notes.get("status"));
    assertNull(notes.get("table"));
    assertEquals(List.of(), map(files.get(4)).get("rules"));
  }

  @Test
  void problemsHoldEverySampleWithBothLocations() {
    List<Object> problems = list(parse(JSON).get("problems"));

    assertEquals(2 + 5 + 1 + 2 + 1 + 1 + 1, problems.size());
    Map<String, Object> date = map(problems.get(2));
    assertEquals("type.date", date.get("rule"));
    assertEquals("error", date.get("severity"));
    assertEquals("exports/alpha-2017-12/visit_occurrence.csv", date.get("file"));
    assertEquals(3, date.get("line"));
    assertEquals("visit_start_date", date.get("column"));
    assertEquals(4, date.get("position"));
    assertEquals("aou-ehr-alpha.yaml:88:7", date.get("contract"));

    Map<String, Object> check = map(problems.get(10));
    assertEquals("visit-type-known", check.get("check"));
    assertEquals(14, check.get("line"));
    assertNull(check.get("column"));
    assertNull(check.get("position"));

    Map<String, Object> missing = map(problems.get(11));
    assertEquals("file.missing", missing.get("rule"));
    assertNull(missing.get("line"));
    Map<String, Object> unknown = map(problems.get(12));
    assertTrue(unknown.containsKey("contract"));
    assertNull(unknown.get("contract"));
  }

  @Test
  void messagesSurviveEscapingAndStaySafeInHtml() {
    Map<String, Object> check = map(list(parse(JSON).get("problems")).get(10));

    assertEquals(ReportFixture.CHECK_MESSAGE, check.get("message"));
    assertFalse(JSON.contains("</script>"), "'<' is written as \\u003c");
    assertTrue(
        JSON.contains(
            "\"check \\\"visit type known\\\" failed: \\u003c/script\\u003e\\u003cscript\\u003e"
                + "alert(1)\\u003c/script\\u003e \\u0026 more\\nsecond line\""),
        JSON);
    assertTrue(
        Arrays.stream(JSON.split("\n"))
            .noneMatch(l -> l.contains("second line") && !l.contains("more")),
        "a line break in a message is escaped, not written");
  }
}
