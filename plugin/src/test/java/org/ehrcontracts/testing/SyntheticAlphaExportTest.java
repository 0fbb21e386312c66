package org.ehrcontracts.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ehrcontracts.testing.SyntheticAlphaExport.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that {@link SyntheticAlphaExport} writes what spec §2.1 and §9 describe. The expected
 * columns, required columns and concept lists are written out here again, from the spec, so that
 * the test does not trust the generator's own tables.
 */
class SyntheticAlphaExportTest {

  private static final LocalDate REFERENCE = LocalDate.of(2017, 12, 1);

  /** Spec §9: the columns in order; a trailing {@code *} marks a required (V or S) column. */
  private static final Map<String, List<String>> SPEC = new LinkedHashMap<>();

  static {
    SPEC.put(
        "person",
        List.of(
            "person_id*",
            "gender_concept_id*",
            "year_of_birth*",
            "month_of_birth*",
            "day_of_birth*",
            "birth_datetime*",
            "race_concept_id*",
            "ethnicity_concept_id*",
            "location_id",
            "provider_id",
            "care_site_id",
            "person_source_value",
            "gender_source_value*",
            "gender_source_concept_id",
            "race_source_value*",
            "race_source_concept_id",
            "ethnicity_source_value*",
            "ethnicity_source_concept_id"));
    SPEC.put(
        "visit_occurrence",
        List.of(
            "visit_occurrence_id*",
            "person_id*",
            "visit_concept_id*",
            "visit_start_date*",
            "visit_start_datetime*",
            "visit_end_date*",
            "visit_end_datetime",
            "visit_type_concept_id*",
            "provider_id",
            "care_site_id",
            "visit_source_value*",
            "visit_source_concept_id"));
    SPEC.put(
        "condition_occurrence",
        List.of(
            "condition_occurrence_id*",
            "person_id*",
            "condition_concept_id*",
            "condition_start_date*",
            "condition_start_datetime*",
            "condition_end_date*",
            "condition_end_datetime*",
            "condition_type_concept_id*",
            "stop_reason",
            "provider_id",
            "visit_occurrence_id*",
            "condition_source_value*",
            "condition_source_concept_id*"));
    SPEC.put(
        "procedure_occurrence",
        List.of(
            "procedure_occurrence_id*",
            "person_id*",
            "procedure_concept_id*",
            "procedure_date*",
            "procedure_datetime*",
            "procedure_type_concept_id*",
            "modifier_concept_id",
            "quantity",
            "provider_id",
            "visit_occurrence_id*",
            "procedure_source_value*",
            "procedure_source_concept_id*",
            "qualifier_source_value"));
    SPEC.put(
        "drug_exposure",
        List.of(
            "drug_exposure_id*",
            "person_id*",
            "drug_concept_id*",
            "drug_exposure_start_date*",
            "drug_exposure_start_datetime*",
            "drug_exposure_end_date",
            "drug_exposure_end_datetime",
            "drug_type_concept_id*",
            "stop_reason",
            "refills",
            "quantity",
            "days_supply",
            "sig",
            "route_concept_id",
            "effective_drug_dose",
            "dose_unit_concept_id",
            "lot_number",
            "provider_id",
            "visit_occurrence_id",
            "drug_source_value*",
            "drug_source_concept_id",
            "route_source_value*",
            "dose_unit_source_value*"));
    SPEC.put(
        "measurement",
        List.of(
            "measurement_id*",
            "person_id*",
            "measurement_concept_id*",
            "measurement_date*",
            "measurement_datetime*",
            "measurement_type_concept_id*",
            "operator_concept_id",
            "value_as_number",
            "value_as_concept_id",
            "unit_concept_id",
            "range_low",
            "range_high",
            "provider_id",
            "visit_occurrence_id",
            "measurement_source_value*",
            "measurement_source_concept_id*",
            "unit_source_value*",
            "value_source_value*"));
    SPEC.put(
        "location",
        List.of(
            "location_id*",
            "address_1",
            "address_2",
            "city",
            "state",
            "zip",
            "county",
            "location_source_value"));
  }

  /** Spec §1.3, allowed concept lists. */
  private static final Map<String, Set<Long>> ALLOWED =
      Map.of(
          "gender_concept_id", ids(0, 8507, 8521, 8532, 8551, 8570),
          "ethnicity_concept_id", ids(0, 38003563, 38003564),
          "race_concept_id", union(ids(0, 8515, 8516, 8527, 8557, 8657), range(38003572, 38003616)),
          "visit_concept_id", ids(0, 9201, 9202, 9203, 42898160),
          "visit_type_concept_id", ids(0, 44818518),
          "condition_type_concept_id", ids(0, 38000245, 42894222, 44786627, 44786629),
          "procedure_type_concept_id", ids(0, 44786630, 44786631),
          "measurement_type_concept_id", union(ids(0, 5001, 45754907), range(44818701, 44818704)),
          "drug_type_concept_id",
              union(ids(0, 44787730), range(38000175, 38000180), range(43542356, 43542358)),
          "route_concept_id",
              union(
                  ids(
                      0, 4112421, 4115462, 4120036, 4128792, 4128794, 4136280, 4139962, 4157760,
                      4217202, 4231622, 4233974),
                  range(45956871, 45956881)));

  private static final Map<String, Integer> MAX_LENGTH =
      Map.of("stop_reason", 20, "state", 2, "zip", 9, "county", 20);

  private static final Set<String> FLOATS =
      Set.of("quantity", "value_as_number", "range_low", "range_high", "effective_drug_dose");
  private static final Pattern INTEGER = Pattern.compile("\\d+");
  private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DATETIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}");
  private static final Pattern CODED = Pattern.compile("[^:]+:[^:].*");
  private static final Pattern QUOTED_LINE =
      Pattern.compile("\"(?:[^\"\\r\\n]|\"\")*\"(?:,\"(?:[^\"\\r\\n]|\"\")*\")*");

  @TempDir static Path dir;
  private static Map<Table, Long> written;
  private static Map<String, List<CSVRecord>> tables;

  @BeforeAll
  static void generate() throws IOException {
    written =
        SyntheticAlphaExport.builder()
            .persons(60)
            .seed(11)
            .visitsPerPerson(1, 8)
            .build()
            .writeTo(dir);
    tables = new LinkedHashMap<>();
    for (String table : SPEC.keySet()) {
      tables.put(table, read(dir.resolve(table + ".csv")));
    }
  }

  @Test
  void writesTheSevenAlphaTablesWithTheSpecHeaders() throws IOException {
    try (var files = Files.list(dir)) {
      assertEquals(
          Set.of(
              "person.csv",
              "visit_occurrence.csv",
              "condition_occurrence.csv",
              "procedure_occurrence.csv",
              "drug_exposure.csv",
              "measurement.csv",
              "location.csv"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
    for (Map.Entry<String, List<String>> e : SPEC.entrySet()) {
      List<String> expected = e.getValue().stream().map(c -> c.replace("*", "")).toList();
      try (CSVParser parser = CSVFormat.RFC4180.parse(reader(dir.resolve(e.getKey() + ".csv")))) {
        assertEquals(expected, parser.iterator().next().toList(), e.getKey() + " header");
      }
      Table table = Table.valueOf(e.getKey().toUpperCase(Locale.ROOT));
      assertEquals(expected, table.columns(), e.getKey() + " generator columns");
      assertEquals(written.get(table).longValue(), tables.get(e.getKey()).size(), e.getKey());
      assertFalse(tables.get(e.getKey()).isEmpty(), e.getKey() + " has rows");
      for (CSVRecord r : tables.get(e.getKey())) {
        assertEquals(expected.size(), r.size(), e.getKey() + " line " + r.getRecordNumber());
      }
    }
  }

  @Test
  void everyFieldIsQuotedAndEveryLineEndsInCrlf() throws IOException {
    for (String table : SPEC.keySet()) {
      String text = Files.readString(dir.resolve(table + ".csv"), StandardCharsets.UTF_8);
      assertFalse(text.startsWith("\uFEFF"), table + " has no BOM");
      assertTrue(text.endsWith("\r\n"), table + " ends with CRLF");
      assertFalse(text.replace("\r\n", "").contains("\n"), table + ": a bare LF");
      assertFalse(text.replace("\r\n", "").contains("\r"), table + ": a bare CR");
      String[] lines = text.split("\r\n");
      assertEquals(tables.get(table).size() + 1, lines.length, table + " one record per line");
      for (int i = 0; i < lines.length; i++) {
        assertTrue(
            QUOTED_LINE.matcher(lines[i]).matches(),
            table + " line " + (i + 1) + " is not fully quoted");
      }
    }
  }

  @Test
  void textFieldsHoldCommasAndDoubledQuotesButNoNewlines() throws IOException {
    String raw = Files.readString(dir.resolve("drug_exposure.csv"), StandardCharsets.UTF_8);
    assertTrue(raw.contains("\"\""), "a doubled quote inside a field");
    List<String> sigs = column("drug_exposure", "sig");
    assertTrue(sigs.stream().anyMatch(s -> s.contains(",") && s.contains("\"")), "sig , and \"");
    assertTrue(sigs.stream().anyMatch(s -> s.contains(",") && !s.contains("\"")), "sig with ,");
    for (Map.Entry<String, List<CSVRecord>> e : tables.entrySet()) {
      for (CSVRecord r : e.getValue()) {
        for (String v : r) {
          assertFalse(v.contains("\n") || v.contains("\r"), e.getKey() + ": a line break");
        }
      }
    }
  }

  @Test
  void requiredColumnsAreFilledAndValuesHaveTheirTypesAndLengths() {
    for (Map.Entry<String, List<String>> e : SPEC.entrySet()) {
      for (String spec : e.getValue()) {
        String col = spec.replace("*", "");
        for (CSVRecord r : tables.get(e.getKey())) {
          String v = r.get(col);
          String where = e.getKey() + "." + col + " line " + r.getRecordNumber();
          if (v.isEmpty()) {
            assertFalse(spec.endsWith("*"), where + " is required");
            continue;
          }
          if (col.endsWith("_datetime")) {
            assertTrue(DATETIME.matcher(v).matches(), where + " datetime");
            OffsetDateTime.parse(v);
          } else if (col.endsWith("_date")) {
            assertTrue(DATE.matcher(v).matches(), where + " date");
            LocalDate.parse(v);
          } else if (FLOATS.contains(col) && !e.getKey().equals("procedure_occurrence")) {
            assertTrue(DECIMAL.matcher(v).matches(), where + " decimal");
          } else if (col.endsWith("_id")
              || col.endsWith("_of_birth")
              || col.equals("refills")
              || col.equals("days_supply")
              || col.equals("quantity")) {
            assertTrue(INTEGER.matcher(v).matches(), where + " integer");
          }
          int max = MAX_LENGTH.getOrDefault(col, 50);
          if (!col.equals("sig")) {
            assertTrue(v.length() <= max, where + " longer than " + max);
          }
          if (col.endsWith("_source_value")
              && !col.startsWith("unit_")
              && !col.startsWith("value_")
              && !col.startsWith("dose_unit_")
              && !col.startsWith("location_")) {
            assertTrue(CODED.matcher(v).matches(), where + " is not code:description");
          }
        }
      }
    }
  }

  @Test
  void concepts() {
    for (Map.Entry<String, List<CSVRecord>> e : tables.entrySet()) {
      for (String col : columns(e.getKey())) {
        for (CSVRecord r : e.getValue()) {
          String v = r.get(col);
          if (v.isEmpty()) {
            continue;
          }
          String where = e.getKey() + "." + col + " line " + r.getRecordNumber();
          if (ALLOWED.containsKey(col)) {
            assertTrue(ALLOWED.get(col).contains(Long.parseLong(v)), where + " not allowed: " + v);
          } else if (col.endsWith("_source_concept_id")) {
            assertEquals("0", v, where + ": local source codes map to 0");
          } else if (col.equals(
              e.getKey().replace("_occurrence", "").replace("_exposure", "") + "_concept_id")) {
            assertTrue(Long.parseLong(v) > 0, where + " must be positive");
          }
        }
      }
    }
    for (String col : ALLOWED.keySet()) {
      boolean seen = tables.values().stream().anyMatch(t -> t.get(0).isMapped(col));
      assertTrue(seen, col + " is a column of some table");
    }
  }

  @Test
  void primaryKeysAreUniqueAndForeignKeysResolve() {
    Map<String, Set<String>> keys = new HashMap<>();
    for (Map.Entry<String, List<CSVRecord>> e : tables.entrySet()) {
      String pk = SPEC.get(e.getKey()).get(0).replace("*", "");
      Set<String> seen = new HashSet<>();
      for (CSVRecord r : e.getValue()) {
        assertTrue(seen.add(r.get(pk)), e.getKey() + " duplicate " + pk + " " + r.get(pk));
      }
      keys.put(pk, seen);
    }
    Map<String, String> visitPerson = new HashMap<>();
    for (CSVRecord r : tables.get("visit_occurrence")) {
      visitPerson.put(r.get("visit_occurrence_id"), r.get("person_id"));
    }
    for (Map.Entry<String, List<CSVRecord>> e : tables.entrySet()) {
      for (CSVRecord r : e.getValue()) {
        String where = e.getKey() + " line " + r.getRecordNumber();
        if (!e.getKey().equals("person") && r.isMapped("person_id")) {
          assertTrue(keys.get("person_id").contains(r.get("person_id")), where + " person_id");
        }
        if (!e.getKey().equals("visit_occurrence") && r.isMapped("visit_occurrence_id")) {
          String visit = r.get("visit_occurrence_id");
          if (!visit.isEmpty()) {
            assertEquals(r.get("person_id"), visitPerson.get(visit), where + " visit's person");
          }
        }
      }
    }
    for (CSVRecord r : tables.get("person")) {
      assertTrue(keys.get("location_id").contains(r.get("location_id")), "location_id");
    }
    assertTrue(keys.get("location_id").size() > 1);
  }

  @Test
  void datetimesFallOnTheirDatesAndNothingEndsBeforeItStarts() {
    for (Map.Entry<String, List<CSVRecord>> e : tables.entrySet()) {
      List<String> cols = columns(e.getKey());
      for (String col : cols) {
        if (!col.endsWith("_date") || !cols.contains(col + "time")) {
          continue;
        }
        for (CSVRecord r : e.getValue()) {
          String date = r.get(col);
          String datetime = r.get(col + "time");
          if (!datetime.isEmpty()) {
            assertEquals(
                date,
                OffsetDateTime.parse(datetime).toLocalDate().toString(),
                e.getKey() + "." + col + "time line " + r.getRecordNumber());
          }
        }
      }
    }
    for (CSVRecord r : tables.get("person")) {
      assertEquals(
          LocalDate.of(
                  Integer.parseInt(r.get("year_of_birth")),
                  Integer.parseInt(r.get("month_of_birth")),
                  Integer.parseInt(r.get("day_of_birth")))
              .atStartOfDay(),
          OffsetDateTime.parse(r.get("birth_datetime")).toLocalDateTime());
    }
    assertOrdered("visit_occurrence", "visit_start_", "visit_end_");
    assertOrdered("condition_occurrence", "condition_start_", "condition_end_");
    assertOrdered("drug_exposure", "drug_exposure_start_", "drug_exposure_end_");
  }

  @Test
  void everyEventIsAfterBirthAndBeforeTheReferenceDate() {
    Map<String, LocalDate> births = new HashMap<>();
    for (CSVRecord r : tables.get("person")) {
      births.put(r.get("person_id"), OffsetDateTime.parse(r.get("birth_datetime")).toLocalDate());
    }
    for (Map.Entry<String, List<CSVRecord>> e : tables.entrySet()) {
      if (e.getKey().equals("person") || e.getKey().equals("location")) {
        continue;
      }
      for (String col : columns(e.getKey())) {
        if (!col.endsWith("_date")) {
          continue;
        }
        for (CSVRecord r : e.getValue()) {
          String v = r.get(col);
          if (v.isEmpty()) {
            continue;
          }
          LocalDate d = LocalDate.parse(v);
          String where = e.getKey() + "." + col + " line " + r.getRecordNumber();
          assertTrue(d.isAfter(births.get(r.get("person_id"))), where + " before birth");
          assertTrue(d.isBefore(REFERENCE), where + " in the future");
        }
      }
    }
  }

  @Test
  void agesStraddleEightyIncludingTheDayBoundary() {
    assertEquals(REFERENCE, SyntheticAlphaExport.REFERENCE_DATE);
    Map<LocalDate, Integer> ageByBirth = new HashMap<>();
    int over = 0;
    int under = 0;
    for (CSVRecord r : tables.get("person")) {
      LocalDate birth = OffsetDateTime.parse(r.get("birth_datetime")).toLocalDate();
      int age = Period.between(birth, REFERENCE).getYears();
      ageByBirth.put(birth, age);
      assertTrue(age >= 18 && age < 100, "age " + age);
      if (age > 80) {
        over++;
      } else if (age < 80) {
        under++;
      }
    }
    assertEquals(80, ageByBirth.get(LocalDate.of(1937, 12, 1)), "80th birthday on the day");
    assertEquals(79, ageByBirth.get(LocalDate.of(1937, 12, 2)), "80th birthday the day after");
    assertEquals(81, ageByBirth.get(LocalDate.of(1936, 12, 1)), "81st birthday on the day");
    assertEquals(80, ageByBirth.get(LocalDate.of(1936, 12, 2)), "81st birthday the day after");
    assertTrue(over >= 4, "several persons over 80: " + over);
    assertTrue(under >= 40, "many persons under 80: " + under);
  }

  @Test
  void theSameSeedGivesTheSameBytes(@TempDir Path other) throws IOException {
    SyntheticAlphaExport.builder()
        .persons(60)
        .seed(11)
        .visitsPerPerson(1, 8)
        .build()
        .writeTo(other);
    for (String table : SPEC.keySet()) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve(table + ".csv")),
          Files.readAllBytes(other.resolve(table + ".csv")),
          table);
    }
  }

  @Test
  void anotherSeedGivesOtherData(@TempDir Path other) throws IOException {
    SyntheticAlphaExport.builder()
        .persons(60)
        .seed(12)
        .visitsPerPerson(1, 8)
        .build()
        .writeTo(other);
    assertNotEquals(
        Files.readString(dir.resolve("person.csv")), Files.readString(other.resolve("person.csv")));
  }

  @Test
  void measurementRowsIsExactAndChangesOnlyMeasurement(@TempDir Path other) throws IOException {
    Map<Table, Long> rows =
        SyntheticAlphaExport.builder()
            .persons(60)
            .seed(11)
            .visitsPerPerson(1, 8)
            .measurementRows(1_237)
            .build()
            .writeTo(other);
    assertEquals(1_237, rows.get(Table.MEASUREMENT));
    List<CSVRecord> measurements = read(other.resolve("measurement.csv"));
    assertEquals(1_237, measurements.size());
    assertArrayEquals(
        LongStream.rangeClosed(1, 1_237).toArray(),
        measurements.stream().mapToLong(r -> Long.parseLong(r.get(0))).toArray());
    for (String table : SPEC.keySet()) {
      if (!table.equals("measurement")) {
        assertArrayEquals(
            Files.readAllBytes(dir.resolve(table + ".csv")),
            Files.readAllBytes(other.resolve(table + ".csv")),
            table);
      }
    }
  }

  /**
   * The shipped sample HPO export is exactly what the generator writes for 40 persons and seed
   * 2017, so it can be regenerated rather than edited by hand.
   */
  @Test
  void theShippedSampleIsReproducible(@TempDir Path fresh) throws IOException {
    Path sample =
        Path.of(System.getProperty("basedir", ".")).resolve("../it/sample-hpo/export").normalize();
    if (!Files.isDirectory(sample)) {
      fail("no shipped sample at " + sample);
    }
    SyntheticAlphaExport.builder().persons(40).seed(2017).build().writeTo(fresh);
    for (String table : SPEC.keySet()) {
      assertArrayEquals(
          Files.readAllBytes(fresh.resolve(table + ".csv")),
          Files.readAllBytes(sample.resolve(table + ".csv")),
          table
              + ".csv differs from the generator's output; regenerate it with"
              + " SyntheticAlphaExport.main(\"it/sample-hpo/export\", \"40\", \"2017\")");
    }
  }

  private static void assertOrdered(String table, String start, String end) {
    for (CSVRecord r : tables.get(table)) {
      String where = table + " line " + r.getRecordNumber();
      String endDate = r.get(end + "date");
      if (endDate.isEmpty()) {
        continue;
      }
      assertFalse(LocalDate.parse(endDate).isBefore(LocalDate.parse(r.get(start + "date"))), where);
      assertFalse(
          OffsetDateTime.parse(r.get(end + "datetime"))
              .isBefore(OffsetDateTime.parse(r.get(start + "datetime"))),
          where);
    }
  }

  private static List<String> columns(String table) {
    return SPEC.get(table).stream().map(c -> c.replace("*", "")).toList();
  }

  private static List<String> column(String table, String col) {
    List<String> values = new ArrayList<>();
    for (CSVRecord r : tables.get(table)) {
      values.add(r.get(col));
    }
    return values;
  }

  private static List<CSVRecord> read(Path file) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser parser = format.parse(reader(file))) {
      return parser.getRecords();
    }
  }

  private static Reader reader(Path file) throws IOException {
    return Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }

  private static Set<Long> ids(long... ids) {
    return Arrays.stream(ids).boxed().collect(Collectors.toSet());
  }

  private static Set<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().collect(Collectors.toSet());
  }

  @SafeVarargs
  private static Set<Long> union(Set<Long>... sets) {
    Set<Long> all = new HashSet<>();
    for (Set<Long> s : sets) {
      all.addAll(s);
    }
    return all;
  }
}
