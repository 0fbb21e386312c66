package org.ehrcontracts.engine.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code metrics:} sections: what they bind to, and every mistake they are refused for. */
class MetricsBinderTest {

  private static final String TABLES =
      """
      tables:
        visit_occurrence:
          primaryKey: [ visit_occurrence_id ]
          columns:
            - { name: visit_occurrence_id, type: integer, required: true }
            - { name: visit_start_date, type: date }
            - { name: visit_end_date, type: date }
        measurement:
          primaryKey: [ measurement_id ]
          columns:
            - { name: measurement_id, type: integer, required: true }
            - { name: measurement_concept_id, type: integer }
            - { name: measurement_date, type: date }
            - { name: measurement_datetime, type: datetime }
            - { name: unit_concept_id, type: integer }
            - { name: unit_source_value, type: string }
            - { name: visit_occurrence_id, type: integer, references: visit_occurrence.visit_occurrence_id }
            - { name: provider_id, type: integer }
      """;

  @TempDir Path dir;

  @Test
  void bindsTargetsAndRoles() throws Exception {
    Contract contract =
        load(
            """
            metrics:
              earliest: 1990-06-30
              conceptColumns: "*_concept_id"
              targets:
                concept-success: 90
                unit-success: { target: 85.5, severity: error, note: the lab's }
                duplicates: off
                completeness: { severity: off }
            """
                + TABLES
                + """
                    metrics:
                      domain: Measurement
                      concept: measurement_concept_id
                      unit: unit_concept_id
                      start: [ measurement_datetime, measurement_date ]
                      visit: visit_occurrence_id
                      earliest: 1900-01-01
                      targets: { concept-success: 95 }
                """);
    MetricSettings settings = contract.metrics();
    assertEquals(LocalDate.of(1990, 6, 30), settings.earliest());
    assertTrue(settings.isConceptColumn("unit_concept_id"));
    assertFalse(settings.isConceptColumn("unit_source_value"));
    MetricTarget unit = settings.targets().get(Metric.UNIT_SUCCESS);
    assertEquals(OptionalDouble.of(85.5), unit.target());
    assertEquals(Optional.of(Severity.ERROR), unit.severity());
    assertEquals(Optional.of("the lab's"), unit.note());
    assertFalse(settings.targets().get(Metric.DUPLICATES).enabled());
    MetricTarget completeness = settings.targets().get(Metric.COMPLETENESS);
    assertTrue(completeness.enabled() && completeness.target().isEmpty());
    assertFalse(completeness.reported());

    TableMetrics roles = contract.table("measurement").orElseThrow().metrics();
    assertEquals(Optional.of("Measurement"), roles.domain());
    // start's columns are told apart by their types, in either order.
    assertEquals(Optional.of("measurement_date"), roles.startDate());
    assertEquals(Optional.of("measurement_datetime"), roles.startDatetime());
    assertFalse(roles.hasEnd());
    assertEquals(Optional.of(LocalDate.of(1900, 1, 1)), roles.earliest());
    // The table's own target wins; the contract's fills in the rest; off is not listed.
    assertEquals(
        OptionalDouble.of(95),
        roles.target(Metric.CONCEPT_SUCCESS, settings).orElseThrow().target());
    assertEquals(
        OptionalDouble.of(85.5),
        roles.target(Metric.UNIT_SUCCESS, settings).orElseThrow().target());
    assertTrue(roles.target(Metric.DUPLICATES, settings).isEmpty());
    assertTrue(roles.target(Metric.ROUTE_SUCCESS, settings).isEmpty());
    assertEquals(TableMetrics.NONE, contract.table("visit_occurrence").orElseThrow().metrics());
  }

  @Test
  void aContractWithoutMetricsDeclaresNone() throws Exception {
    Contract contract = load(TABLES);
    assertFalse(contract.metrics().declared());
    assertEquals(MetricSettings.DEFAULT_EARLIEST, contract.metrics().earliest());
  }

  @Test
  void refusesWhatCannotBeCounted() throws Exception {
    List<String> problems =
        problems(
            """
            metrics:
              earliest: 1980-13-01
              conceptColumns: "unit concept"
              targets:
                concept-success: 120
                duplicates: -1
                erroneous-dates: lots
            """
                + TABLES
                + """
                    metrics:
                      concept: measurement_concept
                      unit: unit_source_value
                      start: [ measurement_date, visit_occurrence_id ]
                      end: [ measurement_date, measurement_date ]
                      visit: provider_id
                      earliest: soon
                  observation:
                    columns:
                      - { name: observation_concept_id, type: integer }
                    metrics:
                      concept: observation_concept_id
                """);
    assertEquals(
        List.of(
            "contract.yaml:29:16: error: 'measurement_concept' is not a column of 'measurement'"
                + " (did you mean 'measurement_concept_id'?) [contract.unknown-reference]",
            "contract.yaml:30:13: error: unit: 'unit_source_value' must be an integer column, since"
                + " it holds concept ids [contract.invalid-value]",
            "contract.yaml:31:34: error: start: 'visit_occurrence_id' must be a date or a datetime"
                + " column [contract.invalid-value]",
            "contract.yaml:32:32: error: end: names two date columns; give at most one date and one"
                + " datetime column [contract.invalid-value]",
            "contract.yaml:33:14: error: visit: 'provider_id' must refer to the visit table (give"
                + " the column 'references:', such as visit_occurrence.visit_occurrence_id)"
                + " [contract.invalid-value]",
            "contract.yaml:34:17: error: earliest must be a date written YYYY-MM-DD"
                + " [contract.invalid-value]",
            "contract.yaml:39:16: error: the metrics of 'observation' name a concept column but no"
                + " 'domain:' its concepts must be of (such as Condition), which concept-success"
                + " needs [contract.missing-key]",
            "contract.yaml:4:13: error: earliest must be a date written YYYY-MM-DD"
                + " [contract.invalid-value]",
            "contract.yaml:5:19: error: conceptColumns is a column name in which * stands for any"
                + " characters, such as *_concept_id [contract.invalid-value]",
            "contract.yaml:7:22: error: the target of concept-success must be a percentage from 0"
                + " to 100 [contract.invalid-value]",
            "contract.yaml:8:17: error: the target of duplicates must be a count of at least 0"
                + " [contract.invalid-value]",
            "contract.yaml:9:22: error: erroneous-dates is a target (a number) or off, not 'lots'"
                + " [contract.invalid-value]"),
        problems);
  }

  @Test
  void anUnknownMetricIsAnUnknownKeyWithAHint() throws Exception {
    assertEquals(
        List.of(
            "contract.yaml:5:5: error: unknown key 'concept-sucess' in 'targets' (did you mean"
                + " 'concept-success'?) [contract.unknown-key]"),
        problems(
            """
            metrics:
              targets:
                concept-sucess: 90
            """
                + TABLES));
  }

  private Contract load(String body) throws Exception {
    Files.writeString(dir.resolve("contract.yaml"), "contract: m\nversion: 1.0.0\n" + body);
    return new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
        .load("contract.yaml");
  }

  private List<String> problems(String body) throws Exception {
    ContractException e = assertThrows(ContractException.class, () -> load(body));
    return e.problems().stream().map(Problem::format).toList();
  }
}
