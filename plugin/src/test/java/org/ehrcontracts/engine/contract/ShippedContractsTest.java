package org.ehrcontracts.engine.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Loads every shipped contract by name, so that a broken contract fails our build, not a user's,
 * and pins the facts of the submission spec that each one encodes.
 */
class ShippedContractsTest {

  static final List<String> SHIPPED =
      List.of("omop-base", "aou-ehr-alpha", "aou-ehr-current", "aou-ehr-current-deid");

  private final ContractLoader loader =
      new ContractLoader(
          new StandardContractSource(Path.of("."), ShippedContractsTest.class.getClassLoader()));

  @TestFactory
  Stream<DynamicTest> everyShippedContractLoadsByName() {
    return SHIPPED.stream()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      Contract contract = loader.load(name);
                      assertEquals(name, contract.name());
                      assertFalse(contract.tables().isEmpty());
                      assertTrue(contract.version().matches("\\d+\\.\\d+\\.\\d+"));
                    }));
  }

  @Test
  void alphaIsTheSeedsUpload() throws Exception {
    Contract alpha = loader.load("aou-ehr-alpha");

    assertEquals(
        Map.of(
            "person", 18,
            "visit_occurrence", 12,
            "condition_occurrence", 13,
            "procedure_occurrence", 13,
            "drug_exposure", 23,
            "measurement", 18,
            "location", 8),
        columnCounts(alpha));
    Dialect dialect = alpha.dialect();
    assertTrue(dialect.quoteAll());
    assertEquals(Dialect.LineEnding.CRLF, dialect.lineEnding());
    assertTrue(dialect.header() && dialect.strictColumnOrder() && !dialect.bomAllowed());
    assertEquals(Presence.REQUIRED, alpha.table("person").orElseThrow().presence());
    Table drug = alpha.table("drug_exposure").orElseThrow();
    assertEquals("effective_drug_dose", drug.columns().get(14).name());
    Column gender = alpha.table("person").orElseThrow().column("gender_concept_id").orElseThrow();
    assertTrue(gender.required());
    assertTrue(gender.concepts().orElseThrow().contains(8532));
    assertFalse(gender.concepts().orElseThrow().contains(8533));
    assertEquals(
        List.of("YYYY-MM-DDThh:mm:ss±hh:mm"),
        alpha
            .table("visit_occurrence")
            .orElseThrow()
            .column("visit_start_datetime")
            .get()
            .formats());

    DeidentificationPolicy deid = alpha.deidentification().orElseThrow();
    assertTrue(deid.required());
    assertEquals(Optional.of(80), deid.maxAge());
    assertTrue(deid.dateColumns().contains(new ColumnRef("measurement", "measurement_date")));
    assertTrue(deid.dateColumns().contains(new ColumnRef("person", "birth_datetime")));
    assertTrue(deid.blank().contains(new ColumnRef("person", "person_source_value")));
    assertEquals(
        List.of("omop-base", "aou-ehr-alpha"),
        alpha.lineage().stream().map(ContractOrigin::name).toList());
  }

  @Test
  void currentIsTheDrcsNewestSpec() throws Exception {
    Contract current = loader.load("aou-ehr-current");

    List<String> required16 =
        List.of(
            "care_site",
            "condition_occurrence",
            "death",
            "device_exposure",
            "drug_exposure",
            "fact_relationship",
            "location",
            "measurement",
            "note",
            "observation",
            "person",
            "procedure_occurrence",
            "provider",
            "specimen",
            "visit_occurrence",
            "visit_detail");
    for (String table : required16) {
      Presence presence =
          current.table(table).orElseThrow(() -> new AssertionError(table)).presence();
      assertEquals(table.equals("person") ? Presence.REQUIRED : Presence.EXPECTED, presence, table);
    }
    for (String pii :
        List.of(
            "pii_name",
            "pii_email",
            "pii_phone_number",
            "pii_address",
            "pii_mrn",
            "participant_match")) {
      assertEquals(Presence.OPTIONAL, current.table(pii).orElseThrow().presence(), pii);
      assertTrue(current.table(pii).orElseThrow().identifying(), pii);
    }
    assertFalse(current.table("person").orElseThrow().identifying());
    assertEquals(
        ColumnType.TIME,
        current.table("measurement").orElseThrow().column("measurement_time").orElseThrow().type());
    Table facts = current.table("fact_relationship").orElseThrow();
    for (int side = 1; side <= 2; side++) {
      String factId = "fact_id_" + side;
      ForeignKey key =
          facts.foreignKeys().stream()
              .filter(k -> k.columns().equals(List.of(factId)))
              .findFirst()
              .orElseThrow(() -> new AssertionError(factId));
      assertEquals("person", key.table());
      assertEquals(List.of("person_id"), key.referencedColumns());
      ForeignKey.Condition when = key.when().orElseThrow();
      assertEquals("domain_concept_id_" + side, when.column());
      assertTrue(when.matches("56"));
      assertFalse(when.matches("21"));
    }
    Map<String, Integer> counts = columnCounts(current);
    assertEquals(16, counts.get("condition_occurrence"));
    assertEquals(14, counts.get("procedure_occurrence"));
    assertEquals(20, counts.get("measurement"));
    assertEquals(21, counts.get("observation"));
    assertEquals(19, counts.get("visit_detail"));
    Table observation = current.table("observation").orElseThrow();
    assertTrue(observation.jaggedRows());
    assertEquals("questionnaire_response_id", observation.columns().get(20).name());
    assertEquals(
        "visit_detail_id", current.table("measurement").orElseThrow().columns().get(15).name());
    assertFalse(current.dialect().quoteAll());
    assertEquals(Dialect.LineEnding.ANY, current.dialect().lineEnding());
    assertTrue(current.deidentification().isEmpty());
    FolderNaming folder = current.files().folder().orElseThrow();
    assertTrue(folder.matches("2026-11-27-v1"));
    assertFalse(folder.matches("2026-13-01-v1"));
    assertFalse(folder.matches("my-site-ehr-data-2017-05-20"));
    assertEquals(Optional.of(Severity.WARNING), current.rules().get("value.concept").severity());
  }

  @Test
  void currentDeidIsCurrentWithAPolicyDecidingEveryColumn() throws Exception {
    Contract current = loader.load("aou-ehr-current");
    Contract deid = loader.load("aou-ehr-current-deid");

    assertEquals(
        List.of("omop-base", "aou-ehr-current", "aou-ehr-current-deid"),
        deid.lineage().stream().map(ContractOrigin::name).toList());
    assertEquals(columnCounts(current), columnCounts(deid));
    assertEquals(current.dialect(), deid.dialect());

    DeidentificationPolicy policy = deid.deidentification().orElseThrow();
    assertTrue(policy.required());
    assertEquals(Optional.of(80), policy.maxAge());
    assertEquals(ZoneOffset.UTC, policy.januaryOffset(2019));
    assertEquals(DeidentificationPolicy.TimeAction.ZERO, policy.times());
    assertEquals(List.of("note"), policy.drop());
    assertEquals(
        Set.of(
            "note",
            "pii_name",
            "pii_email",
            "pii_phone_number",
            "pii_address",
            "pii_mrn",
            "participant_match"),
        policy.withheldTables());

    // Every column of every table has a decision; every string of a written table is decided by
    // name, not left to a default.
    int columns = columnCounts(deid).values().stream().mapToInt(Integer::intValue).sum();
    assertEquals(columns, policy.decisions().size());
    for (Table table : deid.tables().values()) {
      for (Column column : table.columns()) {
        ColumnRef ref = new ColumnRef(table.name(), column.name());
        boolean text = column.type() == ColumnType.STRING || column.type() == ColumnType.TEXT;
        if (text && !policy.withholds(table.name())) {
          assertTrue(policy.keep().contains(ref) ^ policy.blank().contains(ref), ref.toString());
        }
      }
    }
    Map<String, DeidentificationPolicy.Action> pinned =
        Map.ofEntries(
            Map.entry("observation.value_as_string", DeidentificationPolicy.Action.BLANK),
            Map.entry("observation.value_source_value", DeidentificationPolicy.Action.BLANK),
            Map.entry("drug_exposure.sig", DeidentificationPolicy.Action.BLANK),
            Map.entry("person.person_source_value", DeidentificationPolicy.Action.BLANK),
            Map.entry("location.zip", DeidentificationPolicy.Action.BLANK),
            Map.entry("provider.provider_name", DeidentificationPolicy.Action.BLANK),
            Map.entry("care_site.care_site_name", DeidentificationPolicy.Action.BLANK),
            Map.entry("location.state", DeidentificationPolicy.Action.KEEP),
            Map.entry(
                "condition_occurrence.condition_source_value", DeidentificationPolicy.Action.KEEP),
            Map.entry("measurement.measurement_time", DeidentificationPolicy.Action.TRUNCATE_TIME),
            Map.entry(
                "measurement.measurement_datetime", DeidentificationPolicy.Action.TRUNCATE_DATE),
            Map.entry("person.birth_datetime", DeidentificationPolicy.Action.TRUNCATE_DATE),
            Map.entry("person.month_of_birth", DeidentificationPolicy.Action.BIRTH_PART),
            Map.entry("fact_relationship.fact_id_1", DeidentificationPolicy.Action.REPLACE_PERSON),
            Map.entry("fact_relationship.fact_id_2", DeidentificationPolicy.Action.REPLACE_PERSON),
            Map.entry("death.person_id", DeidentificationPolicy.Action.REPLACE_PERSON),
            Map.entry("note.note_text", DeidentificationPolicy.Action.WITHHELD),
            Map.entry("pii_name.first_name", DeidentificationPolicy.Action.WITHHELD),
            Map.entry("participant_match.dob", DeidentificationPolicy.Action.WITHHELD));
    pinned.forEach(
        (ref, action) -> {
          String[] parts = ref.split("\\.");
          assertEquals(action, policy.decision(parts[0], parts[1]).action(), ref);
        });
  }

  @Test
  void alphaDecidesEveryStringColumnByName() throws Exception {
    Contract alpha = loader.load("aou-ehr-alpha");
    DeidentificationPolicy policy = alpha.deidentification().orElseThrow();
    for (Table table : alpha.tables().values()) {
      for (Column column : table.columns()) {
        ColumnRef ref = new ColumnRef(table.name(), column.name());
        if (column.type() == ColumnType.STRING || column.type() == ColumnType.TEXT) {
          assertTrue(policy.keep().contains(ref) ^ policy.blank().contains(ref), ref.toString());
        }
      }
    }
    assertTrue(policy.keep().contains(new ColumnRef("measurement", "measurement_source_value")));
    assertTrue(policy.blank().contains(new ColumnRef("drug_exposure", "stop_reason")));
  }

  /**
   * The DRC's scorecard (drc-metrics: "The data-quality metrics shown to sites"): its targets in
   * every aou contract, and the concept column and domain of each table it scores.
   */
  @Test
  void theAouContractsCarryTheDrcScorecard() throws Exception {
    Map<Metric, Double> drc =
        Map.ofEntries(
            Map.entry(Metric.CONCEPT_SUCCESS, 90.0),
            Map.entry(Metric.UNIT_SUCCESS, 85.0),
            Map.entry(Metric.ROUTE_SUCCESS, 85.0),
            Map.entry(Metric.DATA_AFTER_DEATH, 0.0),
            Map.entry(Metric.END_BEFORE_START, 0.0),
            Map.entry(Metric.DATE_DATETIME_DISPARITY, 0.01),
            Map.entry(Metric.ERRONEOUS_DATES, 0.01),
            Map.entry(Metric.VISIT_DATE_DISPARITY, 0.01),
            Map.entry(Metric.PERSON_ID_FAILURE, 0.01),
            Map.entry(Metric.VISIT_ID_FAILURE, 0.01),
            Map.entry(Metric.DUPLICATES, 5.0),
            Map.entry(Metric.NON_UNIQUE_KEYS, 0.0));
    Map<String, String> domains =
        Map.of(
            "visit_occurrence", "Visit",
            "condition_occurrence", "Condition",
            "procedure_occurrence", "Procedure",
            "drug_exposure", "Drug",
            "measurement", "Measurement",
            "observation", "Observation");
    for (String name : List.of("aou-ehr-alpha", "aou-ehr-current", "aou-ehr-current-deid")) {
      Contract contract = loader.load(name);
      MetricSettings metrics = contract.metrics();
      drc.forEach(
          (metric, target) ->
              assertEquals(
                  target,
                  metrics.targets().get(metric).target().getAsDouble(),
                  name + " " + metric));
      assertTrue(metrics.targets().get(Metric.COMPLETENESS).target().isEmpty());
      assertEquals(java.time.LocalDate.of(1980, 1, 1), metrics.earliest());
      assertTrue(metrics.isConceptColumn("race_concept_id"));
      // A missed target is marked, not a problem: the DRC rejects no file for its scorecard.
      assertFalse(contract.rules().get("metric.target-missed").enabled());
      for (Table table : contract.tables().values()) {
        TableMetrics roles = table.metrics();
        assertEquals(Optional.ofNullable(domains.get(table.name())), roles.domain(), table.name());
        if (roles.domain().isPresent()) {
          assertEquals(
              Optional.of(table.name().replaceAll("_(occurrence|exposure)$", "") + "_concept_id"),
              roles.concept(),
              table.name());
          assertTrue(roles.hasStart(), table.name());
          assertEquals(
              table.name().equals("visit_occurrence")
                  ? Optional.empty()
                  : Optional.of("visit_occurrence_id"),
              roles.visit(),
              table.name());
        }
      }
      Table measurement = contract.table("measurement").orElseThrow();
      assertEquals(Optional.of("unit_concept_id"), measurement.metrics().unit());
      assertEquals(
          Optional.of(java.time.LocalDate.of(1900, 1, 1)), measurement.metrics().earliest());
      assertEquals(
          Optional.of("route_concept_id"),
          contract.table("drug_exposure").orElseThrow().metrics().route());
    }
  }

  private static Map<String, Integer> columnCounts(Contract contract) {
    return contract.tables().values().stream()
        .collect(java.util.stream.Collectors.toMap(Table::name, t -> t.columns().size()));
  }
}
