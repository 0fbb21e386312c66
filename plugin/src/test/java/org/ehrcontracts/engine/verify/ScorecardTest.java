package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractException;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.metrics.ConceptFacts;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.Score.Status;
import org.ehrcontracts.engine.metrics.Scorecard;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DRC scorecard on a small synthetic export whose every figure is worked out by hand below:
 * three persons (person 2 died on 2015-03-01), five visits and twelve measurements.
 *
 * <p>Every case runs twice, once with each file in one part and once cut at every line, and must
 * come out the same: the scorecard's counts are merged from parts like every other count.
 */
class ScorecardTest {

  /** A vocabulary of eight concepts; 9999999 is not in it. */
  static final ConceptFacts VOCABULARY =
      new ConceptFacts() {
        private final Map<Long, String[]> concepts =
            Map.of(
                0L, new String[] {"", "Metadata"}, // "No matching concept": not standard
                9201L, new String[] {"S", "Visit"},
                9202L, new String[] {"S", "Visit"},
                3000963L, new String[] {"S", "Measurement"},
                3004410L, new String[] {"", "Measurement"}, // a non-standard code
                8840L, new String[] {"S", "Unit"},
                8713L, new String[] {"C", "Unit"}, // a classification: not standard
                4128794L, new String[] {"S", "Route"});

        @Override
        public boolean known(long conceptId) {
          return concepts.containsKey(conceptId);
        }

        @Override
        public boolean standard(long conceptId) {
          return known(conceptId) && concepts.get(conceptId)[0].equals("S");
        }

        @Override
        public String domain(long conceptId) {
          return known(conceptId) ? concepts.get(conceptId)[1] : null;
        }

        @Override
        public Optional<String> release() {
          return Optional.of("v5.0 TEST");
        }
      };

  static final String CONTRACT =
      """
      contract: scorecard-test
      version: 1.0.0
      person:
        table: person
        id: person_id
        birth: { year: year_of_birth }
        death: { table: death, date: death_date }
      plausibility: { afterDeath: { graceDays: 30 } }
      metrics:
        earliest: 1980-01-01
        conceptColumns: "*_concept_id"
        targets:
          concept-success: 90
          unit-success: { target: 85, note: the DRC's target }
          data-after-death: 0
          end-before-start: 0
          date-datetime-disparity: 0.01
          erroneous-dates: 0.01
          visit-date-disparity: 0.01
          person-id-failure: 0.01
          visit-id-failure: 0.01
          duplicates: 5
          non-unique-keys: 0
          completeness: { note: "shown per column, without a target" }
      tables:
        person:
          primaryKey: [ person_id ]
          columns:
            - { name: person_id, type: integer, required: true }
            - { name: year_of_birth, type: integer }
        death:
          primaryKey: [ person_id ]
          columns:
            - { name: person_id, type: integer, references: person.person_id }
            - { name: death_date, type: date }
        visit_occurrence:
          primaryKey: [ visit_occurrence_id ]
          metrics:
            domain: Visit
            concept: visit_concept_id
            start: [ visit_start_date, visit_start_datetime ]
            end: [ visit_end_date, visit_end_datetime ]
          columns:
            - { name: visit_occurrence_id, type: integer, required: true }
            - { name: person_id, type: integer, references: person.person_id }
            - { name: visit_concept_id, type: integer }
            - { name: visit_start_date, type: date }
            - { name: visit_start_datetime, type: datetime }
            - { name: visit_end_date, type: date }
            - { name: visit_end_datetime, type: datetime }
        measurement:
          primaryKey: [ measurement_id ]
          metrics:
            domain: Measurement
            concept: measurement_concept_id
            unit: unit_concept_id
            start: [ measurement_date, measurement_datetime ]
            visit: visit_occurrence_id
            earliest: 1900-01-01
          columns:
            - { name: measurement_id, type: integer, required: true }
            - { name: person_id, type: integer, references: person.person_id }
            - { name: measurement_concept_id, type: integer }
            - { name: measurement_date, type: date }
            - { name: measurement_datetime, type: datetime }
            - { name: unit_concept_id, type: integer }
            - { name: visit_occurrence_id, type: integer, references: visit_occurrence.visit_occurrence_id }
      """;

  @TempDir Path dir;
  Path export;

  @BeforeEach
  void export() throws Exception {
    Files.writeString(dir.resolve("contract.yaml"), CONTRACT);
    export = Files.createDirectories(dir.resolve("export"));
    write("person.csv", "person_id,year_of_birth", "1,1950", "2,1960", "3,1970");
    write("death.csv", "person_id,death_date", "2,2015-03-01");
    write(
        "visit_occurrence.csv",
        "visit_occurrence_id,person_id,visit_concept_id,visit_start_date,visit_start_datetime,"
            + "visit_end_date,visit_end_datetime",
        // v1: its end at 22:00 at -05:00 is 03:00 the next day in UTC, one day: no disparity
        "1,1,9202,2015-01-10,2015-01-10T10:00:00-05:00,2015-01-12,2015-01-12T22:00:00-05:00",
        "2,2,9201,2015-03-20,2015-03-20T08:00:00+00:00,2015-03-25,",
        // v3: concept 0; 2015-04-05 is more than 30 days after the death; its end is before it
        "3,2,0,2015-04-05,,2015-04-01,",
        // v4: an unknown person; 1979 is before 1980; its datetime is two days after its date
        "4,9,9202,1979-12-31,1980-01-02T00:00:00+00:00,1979-12-31,",
        // v5: v1 again but for its id
        "5,1,9202,2015-01-10,2015-01-10T10:00:00-05:00,2015-01-12,2015-01-12T22:00:00-05:00");
    write(
        "measurement.csv",
        "measurement_id,person_id,measurement_concept_id,measurement_date,measurement_datetime,"
            + "unit_concept_id,visit_occurrence_id",
        "1,1,3000963,2015-01-11,2015-01-11T12:00:00+00:00,8840,1",
        // m2: the day after visit 1 ended
        "2,1,3000963,2015-01-13,,8840,1",
        // m3: a non-standard concept and unit 0; its datetime's day is one after the visit's end
        // and one after its date: within both slacks
        "3,1,3004410,2015-01-12,2015-01-13T01:00:00+00:00,0,1",
        // m4: person 2, 45 days after death; visit 7 does not exist
        "4,2,3000963,2015-04-15,,8840,7",
        // m5: a concept the vocabulary lacks, no unit, no visit, before 1900
        "5,3,9999999,1899-12-31,,,",
        // m6: the day before visit 1; 01:00 at +05:00 is the day before in UTC
        "6,1,3000963,2015-01-09,2015-01-09T01:00:00+05:00,8840,1",
        // m7 and m8: the same row but for the id, with concept 0: no duplicate to the DRC
        "7,1,0,2015-01-11,,8840,1",
        "8,1,0,2015-01-11,,8840,1",
        // m9 and m10: m1 again but for the id: with m1 one group of three
        "9,1,3000963,2015-01-11,2015-01-11T12:00:00+00:00,8840,1",
        "10,1,3000963,2015-01-11,2015-01-11T12:00:00+00:00,8840,1",
        // m11: the id of m2 again
        "2,3,3000963,2015-02-01,,8840,",
        // m12: its date is in the visit, its datetime two days after both the visit and the date
        "12,1,3000963,2015-01-12,2015-01-14T00:30:00+00:00,8840,1");
  }

  @Test
  void everyMetricOfTheVisitTableByHand() throws Exception {
    for (long parts : new long[] {Verifier.PART_BYTES, 1}) {
      TableScores visits = table(verify(Optional.of(VOCABULARY), parts), "visit_occurrence");
      assertEquals(5, visits.rows());
      // 9202, 9201, 9202 and 9202 are standard visits, 0 is not: 4 of 5.
      assertScore(visits, Metric.CONCEPT_SUCCESS, 4, 5, Status.MISSED);
      // Person 2 has v2 (2015-03-20, within 30 days of 2015-03-01) and v3 (2015-04-05, after).
      assertScore(visits, Metric.DATA_AFTER_DEATH, 1, 2, Status.MISSED);
      // v3 ends 2015-04-01, before its start 2015-04-05.
      assertScore(visits, Metric.END_BEFORE_START, 1, 5, Status.MISSED);
      // v4: UTC 1980-01-02 minus 1979-12-31 is 2 days; v1 and v5 end a UTC day after, which is
      // allowed.
      assertScore(visits, Metric.DATE_DATETIME_DISPARITY, 1, 5, Status.MISSED);
      // v4 starts 1979-12-31, before the contract's 1980-01-01.
      assertScore(visits, Metric.ERRONEOUS_DATES, 1, 5, Status.MISSED);
      // v4's person 9 is not in person.csv.
      assertScore(visits, Metric.PERSON_ID_FAILURE, 1, 5, Status.MISSED);
      // v1 and v5 are one group.
      assertScore(visits, Metric.DUPLICATES, 1, 0, Status.MET);
      assertScore(visits, Metric.NON_UNIQUE_KEYS, 0, 0, Status.MET);
      // Completeness: concept 0 of v3 counts as missing; v3 has no start datetime; only v1 and v5
      // have an end datetime.
      assertEquals(
          List.of(
              "visit_occurrence_id 5",
              "person_id 5",
              "visit_concept_id 4",
              "visit_start_date 5",
              "visit_start_datetime 4",
              "visit_end_date 5",
              "visit_end_datetime 2"),
          completeness(visits));
      // No unit, route or visit column: those metrics are not the visit table's.
      assertEquals(
          List.of(
              Metric.CONCEPT_SUCCESS,
              Metric.DATA_AFTER_DEATH,
              Metric.END_BEFORE_START,
              Metric.DATE_DATETIME_DISPARITY,
              Metric.ERRONEOUS_DATES,
              Metric.PERSON_ID_FAILURE,
              Metric.DUPLICATES,
              Metric.NON_UNIQUE_KEYS),
          visits.scores().stream()
              .map(Score::metric)
              .filter(m -> m != Metric.COMPLETENESS)
              .toList());
    }
  }

  @Test
  void everyMetricOfTheMeasurementTableByHand() throws Exception {
    for (long parts : new long[] {Verifier.PART_BYTES, 1}) {
      TableScores measurements = table(verify(Optional.of(VOCABULARY), parts), "measurement");
      assertEquals(12, measurements.rows());
      // Not successes: m3 (non-standard), m5 (not in the vocabulary), m7 and m8 (0): 8 of 12.
      assertScore(measurements, Metric.CONCEPT_SUCCESS, 8, 12, Status.MISSED);
      // Not successes: m3 (0), m5 (empty): 10 of 12, below 85 %.
      assertScore(measurements, Metric.UNIT_SUCCESS, 10, 12, Status.MISSED);
      // Person 2 has one row, m4, 45 days after the death.
      assertScore(measurements, Metric.DATA_AFTER_DEATH, 1, 1, Status.MISSED);
      // m6: UTC 2015-01-08 minus 2015-01-09 is -1; m12: 2015-01-14 minus 2015-01-12 is 2; m3's 1
      // is allowed.
      assertScore(measurements, Metric.DATE_DATETIME_DISPARITY, 2, 12, Status.MISSED);
      // m5's 1899-12-31 is before the table's own 1900-01-01 (not the contract's 1980).
      assertScore(measurements, Metric.ERRONEOUS_DATES, 1, 12, Status.MISSED);
      // Visit 1 runs 2015-01-10 to 2015-01-12: m2's date is after, m6's before, m12's datetime
      // is two days after (one is allowed, as m3's); m4's visit 7 has no dates.
      assertScore(measurements, Metric.VISIT_DATE_DISPARITY, 3, 12, Status.MISSED);
      assertScore(measurements, Metric.PERSON_ID_FAILURE, 0, 12, Status.MET);
      // m4's visit 7 is not in visit_occurrence.csv; m5 and m11 have no visit.
      assertScore(measurements, Metric.VISIT_ID_FAILURE, 1, 12, Status.MISSED);
      // m1, m9 and m10 are one group; m7 and m8 have concept 0.
      assertScore(measurements, Metric.DUPLICATES, 1, 0, Status.MET);
      // Measurement id 2 twice.
      assertScore(measurements, Metric.NON_UNIQUE_KEYS, 1, 0, Status.MISSED);
      // Concept 0 in m7 and m8; unit 0 in m3 and none in m5; six datetimes; m5 and m11 have no
      // visit.
      assertEquals(
          List.of(
              "measurement_id 12",
              "person_id 12",
              "measurement_concept_id 10",
              "measurement_date 12",
              "measurement_datetime 6",
              "unit_concept_id 10",
              "visit_occurrence_id 10"),
          completeness(measurements));
      Score unit = score(measurements, Metric.UNIT_SUCCESS);
      assertEquals(Optional.of("the DRC's target"), unit.note());
      assertEquals(100.0 * 10 / 12, unit.value().getAsDouble(), 1e-12);
    }
  }

  @Test
  void withoutAVocabularyTheConceptMetricsAreNotComputedNorMissed() throws Exception {
    VerifyResult result = verify(Optional.empty(), Verifier.PART_BYTES);
    assertFalse(result.scorecard().vocabulary());
    TableScores measurements = table(result, "measurement");
    for (Metric metric : List.of(Metric.CONCEPT_SUCCESS, Metric.UNIT_SUCCESS)) {
      Score score = score(measurements, metric);
      assertEquals(Status.NOT_COMPUTED, score.status());
      assertEquals(Optional.of("needs the vocabulary"), score.reason());
      assertTrue(score.value().isEmpty());
    }
    // The other metrics do not need it.
    assertScore(measurements, Metric.VISIT_DATE_DISPARITY, 3, 12, Status.MISSED);
    assertEquals(0, result.scorecard().tables().stream().mapToLong(t -> missed(t, true)).sum());
  }

  @Test
  void theScorecardListsTheTablesReadInContractOrder() throws Exception {
    Scorecard scorecard = verify(Optional.of(VOCABULARY), Verifier.PART_BYTES).scorecard();
    assertTrue(scorecard.vocabulary());
    assertEquals(Optional.of("v5.0 TEST"), scorecard.release());
    assertEquals(
        List.of("person", "death", "visit_occurrence", "measurement"),
        scorecard.tables().stream().map(TableScores::table).toList());
    // death.csv: its person reference and key are the only metrics it has but completeness.
    assertEquals(
        List.of(Metric.PERSON_ID_FAILURE, Metric.NON_UNIQUE_KEYS),
        table(scorecard, "death").scores().stream()
            .map(Score::metric)
            .filter(m -> m != Metric.COMPLETENESS)
            .toList());
  }

  @Test
  void aMissedTargetIsAnInfoProblemUnlessTheContractSaysOtherwise() throws Exception {
    VerifyResult result = verify(Optional.of(VOCABULARY), Verifier.PART_BYTES);
    List<String> lines = problems(result, "measurement.csv");
    assertTrue(
        lines.contains(
            "export/measurement.csv: info: metric erroneous-dates is 8.33 % (1 of 12 rows), above"
                + " its target of at most 0.01 % [metric.target-missed] (contract"
                + " contract.yaml:18:5)"),
        String.join("\n", lines));
    assertTrue(
        lines.contains(
            "export/measurement.csv: info: metric non-unique-keys is 1 (rows whose primary key"
                + " an earlier row has), above its target of at most 0 [metric.target-missed]"
                + " (contract contract.yaml:23:5)"),
        String.join("\n", lines));
    // Completeness has no target: nothing is missed.
    assertFalse(lines.stream().anyMatch(l -> l.contains("completeness")));
  }

  @Test
  void aContractMakesAMetricAnErrorAndTurnsTheOthersOff() throws Exception {
    Files.writeString(
        dir.resolve("site.yaml"),
        """
        contract: site
        version: 1.0.0
        extends: contract.yaml
        rules:
          metric.target-missed: off
        metrics:
          targets:
            concept-success: { target: 60, severity: error }
            duplicates: off
        tables:
          measurement:
            metrics:
              targets:
                concept-success: { target: 70, severity: error }
        """);
    Contract site = load("site.yaml");
    VerifyResult result =
        new Verifier(DiagnosticsListener.silent()).verify(request(site, Optional.of(VOCABULARY)));
    // Visits: 80 % meets the contract's 60 %; measurements: 66.67 % misses the table's own 70 %.
    assertScore(table(result, "visit_occurrence"), Metric.CONCEPT_SUCCESS, 4, 5, Status.MET);
    assertScore(table(result, "measurement"), Metric.CONCEPT_SUCCESS, 8, 12, Status.MISSED);
    assertTrue(
        table(result, "measurement").scores().stream()
            .noneMatch(s -> s.metric() == Metric.DUPLICATES));
    assertEquals(
        List.of(
            "export/measurement.csv: error: metric concept-success is 66.67 % (8 of 12 rows),"
                + " below its target of at least 70 % [metric.target-missed] (contract"
                + " site.yaml:14:9)"),
        problems(result, "measurement.csv").stream().filter(l -> l.contains("metric.")).toList());
    FileResult measurements =
        result.files().stream().filter(f -> f.file().equals("measurement.csv")).findFirst().get();
    assertEquals(FileStatus.FAILED, measurements.status());
  }

  @Test
  void aContractWithoutMetricsHasNoScorecard() throws Exception {
    Files.writeString(
        dir.resolve("plain.yaml"),
        CONTRACT
            .substring(0, CONTRACT.indexOf("metrics:"))
            .concat(CONTRACT.substring(CONTRACT.indexOf("tables:")))
            .replace("contract: scorecard-test", "contract: plain")
            .replaceAll("(?s)    metrics:\n(      [a-z].*?\n)+", ""));
    Contract plain = load("plain.yaml");
    assertTrue(plain.metrics().targets().isEmpty());
    VerifyResult result =
        new Verifier(DiagnosticsListener.silent()).verify(request(plain, Optional.empty()));
    assertTrue(result.scorecard().isEmpty());
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void write(String file, String... lines) throws Exception {
    Files.writeString(export.resolve(file), String.join("\n", lines) + "\n");
  }

  private VerifyResult verify(Optional<ConceptFacts> concepts, long partBytes) throws Exception {
    Contract contract = load("contract.yaml");
    return new Verifier(DiagnosticsListener.silent(), partBytes)
        .verify(request(contract, concepts));
  }

  private Contract load(String file) throws Exception {
    try {
      return new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
          .load(file);
    } catch (ContractException e) {
      throw new AssertionError(
          e.problems().stream().map(Problem::format).collect(Collectors.joining("\n")), e);
    }
  }

  private VerifyRequest request(Contract contract, Optional<ConceptFacts> concepts) {
    return new VerifyRequest(
        contract,
        export,
        LocalDate.of(2020, 1, 1),
        false,
        2,
        100,
        Set.of(),
        Set.of(),
        "test",
        Optional.empty(),
        Optional.empty(),
        concepts);
  }

  static TableScores table(VerifyResult result, String table) {
    return table(result.scorecard(), table);
  }

  static TableScores table(Scorecard scorecard, String table) {
    return scorecard.tables().stream()
        .filter(t -> t.table().equals(table))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no scores of " + table));
  }

  static Score score(TableScores table, Metric metric) {
    return table.scores().stream()
        .filter(s -> s.metric() == metric)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + metric + " of " + table.table()));
  }

  private static void assertScore(
      TableScores table, Metric metric, long count, long rows, Status status) {
    Score score = score(table, metric);
    assertEquals(
        count + " of " + rows + " " + status,
        score.count() + " of " + score.rows() + " " + score.status(),
        () -> table.table() + " " + metric);
  }

  private static List<String> completeness(TableScores table) {
    Map<String, Long> columns = new LinkedHashMap<>();
    for (Score score : table.scores()) {
      if (score.metric() == Metric.COMPLETENESS) {
        assertEquals(table.rows(), score.rows());
        columns.put(score.column().orElseThrow(), score.count());
      }
    }
    return columns.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
  }

  private static long missed(TableScores table, boolean vocabularyOnly) {
    return table.missed().stream()
        .filter(s -> !vocabularyOnly || s.metric().needsVocabulary())
        .count();
  }

  private static List<String> problems(VerifyResult result, String file) {
    return result.files().stream()
        .filter(f -> f.file().equals(file))
        .flatMap(f -> f.rules().stream())
        .flatMap(r -> r.samples().stream())
        .map(Problem::format)
        .toList();
  }
}
