package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;

/** {@code verify.sarif}: valid SARIF 2.1.0, one rule per id, repository paths and lines. */
class SarifReportWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final RepositoryPaths ROOT =
      RepositoryPaths.relativeTo(Path.of("").toAbsolutePath());

  @Test
  void theReportIsValidAgainstTheSarifSchema() throws Exception {
    for (VerifyResult result :
        List.of(
            ReportFixture.result(),
            engineNamed(),
            ReportFixture.result(List.of(ReportFixture.location()), Duration.ZERO))) {
      List<Error> errors = schema().validate(JSON.readTree(SarifReportWriter.render(result, ROOT)));
      assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }
  }

  @Test
  void theSchemaCatchesAnInvalidLog() throws Exception {
    JsonNode broken = JSON.readTree(SarifReportWriter.render(ReportFixture.result(), ROOT));
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken).put("version", "2.0.0");
    assertFalse(schema().validate(broken).isEmpty());
  }

  @Test
  void rulesResultsAndLocations() throws Exception {
    JsonNode log = JSON.readTree(SarifReportWriter.render(engineNamed(), ROOT));

    assertEquals("2.1.0", log.get("version").asText());
    assertEquals(1, log.get("runs").size());
    JsonNode run = log.get("runs").get(0);
    JsonNode driver = run.get("tool").get("driver");
    assertEquals("ehr-maven-plugin", driver.get("name").asText());
    assertEquals("0.1.0-SNAPSHOT", driver.get("version").asText());
    assertEquals(
        "https://github.com/ehr-contracts/ehr-contracts", driver.get("informationUri").asText());
    assertEquals(
        "{\"id\":\"type.integer\","
            + "\"shortDescription\":{\"text\":\"a value that is not a whole number\"},"
            + "\"helpUri\":\"https://github.com/ehr-contracts/ehr-contracts/blob/main/docs/rules.md"
            + "#type.integer\",\"defaultConfiguration\":{\"level\":\"error\"}}",
        driver.get("rules").get(0).toString());
    assertEquals(
        List.of("type.integer", "concept.zero", "file.missing"),
        driver.get("rules").findValuesAsText("id"));
    assertEquals(
        "{\"ruleId\":\"type.integer\",\"ruleIndex\":0,\"level\":\"error\","
            + "\"message\":{\"text\":\"column 'person_id' must be a whole number\"},"
            + "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
            + "{\"uri\":\"exports/alpha-2017-12/my%20person.csv\",\"uriBaseId\":\"%SRCROOT%\"},"
            + "\"region\":{\"startLine\":4}}}]}",
        run.get("results").get(0).toString());
    assertEquals("note", run.get("results").get(2).get("level").asText());
    JsonNode missing = run.get("results").get(3);
    assertEquals(2, missing.get("ruleIndex").asInt());
    assertFalse(missing.get("locations").get(0).get("physicalLocation").has("region"));
  }

  @Test
  void aContractsOwnRuleIsHelpedByTheChecksSection() {
    assertEquals(
        "https://github.com/ehr-contracts/ehr-contracts/blob/main/docs/rules.md#check-rules",
        SarifReportWriter.helpUri("check.visit-type"));
    assertEquals("a%3Ab/%C3%A4%20c.csv", SarifReportWriter.uri("a:b/ä c.csv"));
  }

  @Test
  void noCellValue() {
    assertTrue(
        !SarifReportWriter.render(ReportFixture.result(), ROOT).contains(ReportFixture.CELL_VALUE));
  }

  /** Problems named as the engine names them: the export's name, then the file. */
  private static VerifyResult engineNamed() {
    String export = ReportFixture.EXPORT;
    Problem integer =
        new Problem(
            "type.integer",
            Severity.ERROR,
            Location.of(export + "/my person.csv", 4, 1),
            Optional.of("person_id"),
            Optional.empty(),
            "column 'person_id' must be a whole number");
    Problem zero =
        new Problem(
            "concept.zero",
            Severity.INFO,
            Location.of(export + "/my person.csv", 0, 0),
            Optional.of("gender_concept_id"),
            Optional.empty(),
            "column 'gender_concept_id' holds concept 0 in 3 rows");
    Problem missing =
        new Problem(
            "file.missing",
            Severity.ERROR,
            Location.of(export + "/observation.csv"),
            Optional.empty(),
            Optional.empty(),
            "table file 'observation.csv' is missing");
    FileResult person =
        new FileResult(
            "my person.csv",
            Optional.of("person"),
            FileStatus.FAILED,
            5,
            100,
            Optional.empty(),
            List.of(
                new RuleResult(
                    "type.integer",
                    Optional.empty(),
                    Severity.ERROR,
                    2,
                    List.of(integer, integer),
                    Optional.empty(),
                    false),
                new RuleResult(
                    "concept.zero",
                    Optional.empty(),
                    Severity.INFO,
                    1,
                    List.of(zero),
                    Optional.empty(),
                    true)));
    FileResult observation =
        new FileResult(
            "observation.csv",
            Optional.of("observation"),
            FileStatus.MISSING,
            0,
            0,
            Optional.empty(),
            List.of(
                new RuleResult(
                    "file.missing",
                    Optional.empty(),
                    Severity.ERROR,
                    1,
                    List.of(missing),
                    Optional.empty(),
                    false)));
    return ReportFixture.result(List.of(person, observation), Duration.ofMillis(3));
  }

  private static Schema schema() throws Exception {
    try (InputStream in =
        SarifReportWriterTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
    }
  }
}
