package org.ehrcontracts.testing;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a deterministic, fully synthetic OMOP export in the alpha format of the submission spec
 * (§9 tables, §2.1 file rules).
 *
 * <p>Seven files are written: {@code person.csv}, {@code visit_occurrence.csv}, {@code
 * condition_occurrence.csv}, {@code procedure_occurrence.csv}, {@code drug_exposure.csv}, {@code
 * measurement.csv} and {@code location.csv}. Every field, the header's included, is enclosed in
 * double quotes, lines end in CRLF, dates are {@code YYYY-MM-DD} and datetimes ISO 8601 with the
 * {@code America/New_York} offset of that instant ({@code 2016-01-01T03:12:00-05:00}).
 *
 * <p>The data keeps the invariants a valid export has: unique primary keys, resolving foreign keys,
 * every required (V or S) column filled, datetimes on the day of their date column, end never
 * before start, every event after birth and before {@link #REFERENCE_DATE}, and string lengths
 * within the OHDSI limits. Concepts of the gender, race, ethnicity, visit, type and route columns
 * come from the spec's allowed lists (§1.3). Other concept ids look like OMOP standard ids but are
 * illustrative only; {@link SampleVocabulary} writes a synthetic vocabulary subset that has every
 * one, in its column's domain. Source concepts are 0 because every source value is a local {@code
 * code:description}.
 *
 * <p>Ages straddle the de-identification limit of 80 (§4.1) on {@link #REFERENCE_DATE}: the first
 * persons are the fixed {@link #BOUNDARY_BIRTH_DATES}, about one in seven of the rest is 82 to 99,
 * and all others are 18 to 79.
 *
 * <p>Generation streams: every row is written as soon as it is made, so memory does not grow with
 * the number of rows. Each person draws from its own split of a {@link SplittableRandom} seeded by
 * {@link Builder#seed(long)}, and measurements from a further split, so the same settings always
 * give byte-identical files and changing {@link Builder#measurementRows(long)} changes only {@code
 * measurement.csv}.
 */
public final class SyntheticAlphaExport {

  /** The date ages are computed on, and the first day no event may fall on (the alpha's month). */
  public static final LocalDate REFERENCE_DATE = LocalDate.of(2017, 12, 1);

  /**
   * The birth dates of the first persons, in this order: 80th birthday on the reference date (aged
   * exactly 80), 80th birthday the day after (79), 81st birthday on the reference date (81), 81st
   * birthday the day after (80, the oldest person still 80), and one 80-year-old from mid-year.
   */
  public static final List<LocalDate> BOUNDARY_BIRTH_DATES =
      List.of(
          LocalDate.of(1937, 12, 1),
          LocalDate.of(1937, 12, 2),
          LocalDate.of(1936, 12, 1),
          LocalDate.of(1936, 12, 2),
          LocalDate.of(1937, 6, 15));

  /** The OMOP tables of the alpha upload, with their columns in the order of spec §9. */
  public enum Table {
    PERSON(
        "person_id",
        "gender_concept_id",
        "year_of_birth",
        "month_of_birth",
        "day_of_birth",
        "birth_datetime",
        "race_concept_id",
        "ethnicity_concept_id",
        "location_id",
        "provider_id",
        "care_site_id",
        "person_source_value",
        "gender_source_value",
        "gender_source_concept_id",
        "race_source_value",
        "race_source_concept_id",
        "ethnicity_source_value",
        "ethnicity_source_concept_id"),
    VISIT_OCCURRENCE(
        "visit_occurrence_id",
        "person_id",
        "visit_concept_id",
        "visit_start_date",
        "visit_start_datetime",
        "visit_end_date",
        "visit_end_datetime",
        "visit_type_concept_id",
        "provider_id",
        "care_site_id",
        "visit_source_value",
        "visit_source_concept_id"),
    CONDITION_OCCURRENCE(
        "condition_occurrence_id",
        "person_id",
        "condition_concept_id",
        "condition_start_date",
        "condition_start_datetime",
        "condition_end_date",
        "condition_end_datetime",
        "condition_type_concept_id",
        "stop_reason",
        "provider_id",
        "visit_occurrence_id",
        "condition_source_value",
        "condition_source_concept_id"),
    PROCEDURE_OCCURRENCE(
        "procedure_occurrence_id",
        "person_id",
        "procedure_concept_id",
        "procedure_date",
        "procedure_datetime",
        "procedure_type_concept_id",
        "modifier_concept_id",
        "quantity",
        "provider_id",
        "visit_occurrence_id",
        "procedure_source_value",
        "procedure_source_concept_id",
        "qualifier_source_value"),
    DRUG_EXPOSURE(
        "drug_exposure_id",
        "person_id",
        "drug_concept_id",
        "drug_exposure_start_date",
        "drug_exposure_start_datetime",
        "drug_exposure_end_date",
        "drug_exposure_end_datetime",
        "drug_type_concept_id",
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
        "drug_source_value",
        "drug_source_concept_id",
        "route_source_value",
        "dose_unit_source_value"),
    MEASUREMENT(
        "measurement_id",
        "person_id",
        "measurement_concept_id",
        "measurement_date",
        "measurement_datetime",
        "measurement_type_concept_id",
        "operator_concept_id",
        "value_as_number",
        "value_as_concept_id",
        "unit_concept_id",
        "range_low",
        "range_high",
        "provider_id",
        "visit_occurrence_id",
        "measurement_source_value",
        "measurement_source_concept_id",
        "unit_source_value",
        "value_source_value"),
    LOCATION(
        "location_id",
        "address_1",
        "address_2",
        "city",
        "state",
        "zip",
        "county",
        "location_source_value");

    private final List<String> columns;

    Table(String... columns) {
      this.columns = List.of(columns);
    }

    /** The table name as the spec writes it, such as {@code visit_occurrence}. */
    public String tableName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The file name, {@code <table>.csv}. */
    public String fileName() {
      return tableName() + ".csv";
    }

    /** The column names in file order. */
    public List<String> columns() {
      return columns;
    }
  }

  /** Returns a builder with 40 persons, seed 42, and 1 to 6 visits per person. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a synthetic export. */
  public static final class Builder {
    private int persons = 40;
    private long seed = 42;
    private int minVisits = 1;
    private int maxVisits = 6;
    private long measurementRows = -1;

    private Builder() {}

    /** The number of persons; at least 1. */
    public Builder persons(int persons) {
      if (persons < 1) {
        throw new IllegalArgumentException("persons must be at least 1: " + persons);
      }
      this.persons = persons;
      return this;
    }

    /** The random seed; the same settings and seed always give the same bytes. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * How many visits each person has, drawn uniformly from {@code [min, max]}; {@code min >= 1}.
     */
    public Builder visitsPerPerson(int min, int max) {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("need 1 <= min <= max: " + min + ", " + max);
      }
      this.minVisits = min;
      this.maxVisits = max;
      return this;
    }

    /**
     * The exact number of measurement rows, spread evenly over persons and their visits; by default
     * each visit has 1 to 4.
     */
    public Builder measurementRows(long rows) {
      if (rows < 0) {
        throw new IllegalArgumentException("measurementRows must not be negative: " + rows);
      }
      this.measurementRows = rows;
      return this;
    }

    /** Returns the generator. */
    public SyntheticAlphaExport build() {
      return new SyntheticAlphaExport(this);
    }
  }

  // ---- fixed vocabulary of the generator ----

  /** A concept with the local {@code code:description} source value that maps to it. */
  private record Coded(long conceptId, String sourceValue) {}

  private static final ZoneRules ZONE = ZoneId.of("America/New_York").getRules();
  private static final int LAST_DAY = (int) REFERENCE_DATE.minusDays(1).toEpochDay();
  private static final int FIRST_EVENT_DAY = (int) LocalDate.of(2012, 1, 1).toEpochDay();
  private static final int FIRST_CACHED_DAY = (int) LocalDate.of(1900, 1, 1).toEpochDay();
  private static final int DAY_START = 7 * 60;
  private static final int DAY_END = 21 * 60 - 1;

  // Allowed lists of spec §1.3.
  private static final Coded[] GENDERS = {
    new Coded(8507, "M:Male"),
    new Coded(8532, "F:Female"),
    new Coded(8521, "O:Other"),
    new Coded(8551, "U:Unknown"),
  };
  private static final Coded[] RACES = {
    new Coded(8527, "W:White"),
    new Coded(8516, "B:Black or African American"),
    new Coded(8515, "A:Asian"),
    new Coded(8557, "P:Native Hawaiian or Other Pacific Islander"),
    new Coded(8657, "I:American Indian or Alaska Native"),
    new Coded(0, "U:Unknown"),
  };
  private static final Coded[] ETHNICITIES = {
    new Coded(38003564, "N:Not Hispanic or Latino"),
    new Coded(38003563, "H:Hispanic or Latino"),
    new Coded(0, "U:Unknown"),
  };
  private static final Coded OUTPATIENT = new Coded(9202, "OP:Outpatient visit");
  private static final Coded INPATIENT = new Coded(9201, "IP:Inpatient visit");
  private static final Coded EMERGENCY = new Coded(9203, "ER:Emergency room visit");
  private static final long VISIT_TYPE_EHR = 44818518;
  private static final long[] CONDITION_TYPES = {38000245, 44786627, 44786629, 42894222};
  private static final long[] PROCEDURE_TYPES = {44786630, 44786631};
  private static final long MEASUREMENT_TYPE_LAB = 44818702;
  private static final long MEASUREMENT_TYPE_EXAM = 44818701;
  private static final long DRUG_TYPE_PRESCRIPTION = 38000177;
  private static final long DRUG_TYPE_INPATIENT = 38000180;
  private static final Coded ORAL = new Coded(4128794, "PO:Oral");
  private static final Coded INTRAVENOUS = new Coded(4112421, "IV:Intravenous");
  private static final Coded TOPICAL = new Coded(0, "TOP:Topical");
  private static final Coded INHALED = new Coded(0, "INH:Inhalation");

  // Illustrative clinical content; the source codes are local, the ids OMOP-like.
  private static final Coded[] CONDITIONS = {
    new Coded(320128, "I10:Essential (primary) hypertension"),
    new Coded(201826, "E11.9:Type 2 diabetes, without complications"),
    new Coded(255573, "J44.9:Chronic obstructive pulmonary disease"),
    new Coded(433736, "E66.9:Obesity, unspecified"),
    new Coded(440383, "F32.9:Major depressive disorder, single episode"),
    new Coded(80180, "M19.90:Osteoarthritis, unspecified site"),
    new Coded(317576, "I25.10:Coronary artery disease"),
    new Coded(4112343, "J06.9:Acute upper respiratory infection"),
  };
  private static final String[] CONDITION_STOP_REASONS = {"Resolved", "Ruled out"};
  private static final Coded[] PROCEDURES = {
    new Coded(4163872, "71046:Chest X-ray, 2 views"),
    new Coded(4216130, "93000:Electrocardiogram, complete"),
    new Coded(4058335, "36415:Venipuncture"),
    new Coded(4133726, "90471:Immunization administration"),
    new Coded(4249893, "45378:Diagnostic colonoscopy"),
    new Coded(4295880, "97110:Therapeutic exercise"),
  };

  private record Drug(
      Coded drug,
      Coded route,
      long type,
      int[] daysSupplyChoices,
      int perDay,
      long doseTenths,
      long doseUnitConceptId,
      String doseUnit,
      String sig) {}

  // The sigs hold commas and, twice, a doubled quote once written; no line breaks.
  private static final Drug[] DRUGS = {
    new Drug(
        new Coded(1503297, "RX1001:Metformin 500 mg oral tablet"),
        ORAL,
        DRUG_TYPE_PRESCRIPTION,
        new int[] {30, 90},
        2,
        5000,
        8576,
        "mg",
        "Take 1 tablet by mouth, twice daily with meals"),
    new Drug(
        new Coded(1308216, "RX1002:Lisinopril 10 mg oral tablet"),
        ORAL,
        DRUG_TYPE_PRESCRIPTION,
        new int[] {30, 90},
        1,
        100,
        8576,
        "mg",
        "Take 1 tablet by mouth once daily"),
    new Drug(
        new Coded(1332418, "RX1003:Amlodipine 5 mg oral tablet"),
        ORAL,
        DRUG_TYPE_PRESCRIPTION,
        new int[] {30, 90},
        1,
        50,
        8576,
        "mg",
        "Take 1 tablet by mouth daily, in the morning"),
    new Drug(
        new Coded(1545958, "RX1004:Atorvastatin 20 mg oral tablet"),
        ORAL,
        DRUG_TYPE_PRESCRIPTION,
        new int[] {30, 90},
        1,
        200,
        8576,
        "mg",
        "Take 1 tablet by mouth at bedtime"),
    new Drug(
        new Coded(1125315, "RX1005:Acetaminophen 500 mg oral tablet"),
        ORAL,
        DRUG_TYPE_PRESCRIPTION,
        new int[] {7, 10},
        4,
        5000,
        8576,
        "mg",
        "Take 1-2 tablets every 6 hours as needed for pain, max 8 per day"),
    new Drug(
        new Coded(975125, "RX1006:Hydrocortisone 1% topical cream"),
        TOPICAL,
        DRUG_TYPE_PRESCRIPTION,
        new int[] {14},
        1,
        10,
        8504,
        "g",
        "Apply a \"thin\" layer to the affected area, twice daily"),
    new Drug(
        new Coded(1154343, "RX1007:Albuterol 90 mcg inhaler"),
        INHALED,
        DRUG_TYPE_PRESCRIPTION,
        new int[] {30},
        2,
        900,
        9655,
        "mcg",
        "Inhale 2 puffs every 4 hours as needed; label says \"shake well\", then use"),
    new Drug(
        new Coded(1777806, "RX1008:Ceftriaxone 1 g injection"),
        INTRAVENOUS,
        DRUG_TYPE_INPATIENT,
        new int[] {1},
        1,
        10,
        8504,
        "g",
        "Give 1 g IV every 24 hours"),
  };

  private record Lab(
      Coded test,
      long type,
      long unitConceptId,
      String unit,
      int lowTenths,
      int highTenths,
      int minTenths,
      int maxTenths,
      boolean hasRange) {

    /** Vital signs and body measures are recorded in whole units, lab results to a tenth. */
    int stepTenths() {
      return type == MEASUREMENT_TYPE_EXAM ? 10 : 1;
    }
  }

  private static final Lab[] LABS = {
    new Lab(
        new Coded(3004249, "8480-6:Systolic blood pressure"),
        MEASUREMENT_TYPE_EXAM,
        8876,
        "mmHg",
        900,
        1400,
        950,
        1800,
        true),
    new Lab(
        new Coded(3012888, "8462-4:Diastolic blood pressure"),
        MEASUREMENT_TYPE_EXAM,
        8876,
        "mmHg",
        600,
        900,
        550,
        1100,
        true),
    new Lab(
        new Coded(3027018, "8867-4:Heart rate"),
        MEASUREMENT_TYPE_EXAM,
        8541,
        "/min",
        600,
        1000,
        500,
        1200,
        true),
    new Lab(
        new Coded(3025315, "29463-7:Body weight"),
        MEASUREMENT_TYPE_EXAM,
        9529,
        "kg",
        0,
        0,
        450,
        1500,
        false),
    new Lab(
        new Coded(3036277, "8302-2:Body height"),
        MEASUREMENT_TYPE_EXAM,
        8582,
        "cm",
        0,
        0,
        1450,
        1950,
        false),
    new Lab(
        new Coded(3004410, "4548-4:Hemoglobin A1c/Hemoglobin.total in Blood"),
        MEASUREMENT_TYPE_LAB,
        8554,
        "%",
        40,
        56,
        45,
        110,
        true),
    new Lab(
        new Coded(3016723, "2160-0:Creatinine [Mass/volume] in Serum"),
        MEASUREMENT_TYPE_LAB,
        8840,
        "mg/dL",
        6,
        13,
        5,
        25,
        true),
    new Lab(
        new Coded(3013682, "3094-0:Urea nitrogen [Mass/volume] in Serum"),
        MEASUREMENT_TYPE_LAB,
        8840,
        "mg/dL",
        70,
        200,
        50,
        400,
        true),
  };
  private static final long OPERATOR_EQUALS = 4172703;

  // Invented places: no real street, city or county names.
  private static final String[] STREETS = {
    "Synthetic", "Example", "Fixture", "Sample", "Placeholder", "Mock", "Stub", "Dummy"
  };
  private static final String[] STREET_KINDS = {"Way", "Street", "Avenue", "Lane", "Road", "Court"};
  private static final String[] CITIES = {
    "Testville", "Sampleton", "Fixtureburg", "Mockford", "Examplefield", "Stubport", "Dummyvale"
  };
  private static final String[] COUNTIES = {"Fixture County", "Sample County", "Mock County"};
  private static final String[] STATES = {"NY", "NJ", "CT", "PA"};

  // Formatted dates, offsets and times, so the hot loop only concatenates.
  private static final String[] DATES = new String[LAST_DAY + 1 - FIRST_CACHED_DAY];
  private static final String[] NOON_OFFSETS = new String[DATES.length];
  private static final String[] CLOCK = new String[24 * 60];

  static {
    for (int i = 0; i < DATES.length; i++) {
      LocalDate day = LocalDate.ofEpochDay(FIRST_CACHED_DAY + (long) i);
      DATES[i] = day.toString();
      // DST changes at 02:00: the noon offset holds for every event time (07:00 or later).
      NOON_OFFSETS[i] = ZONE.getOffset(day.atTime(12, 0)).getId();
    }
    for (int m = 0; m < CLOCK.length; m++) {
      CLOCK[m] = String.format(Locale.ROOT, "T%02d:%02d:00", m / 60, m % 60);
    }
  }

  private final int persons;
  private final long seed;
  private final int minVisits;
  private final int maxVisits;
  private final long measurementRows;

  private SyntheticAlphaExport(Builder b) {
    this.persons = b.persons;
    this.seed = b.seed;
    this.minVisits = b.minVisits;
    this.maxVisits = b.maxVisits;
    this.measurementRows = b.measurementRows;
  }

  /**
   * Writes the seven files into {@code dir}, creating it if needed and replacing files of the same
   * names.
   *
   * @return the number of data rows written per table
   */
  public Map<Table, Long> writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Outs outs = new Outs(dir)) {
      new Run(outs.byTable).generate();
      Map<Table, Long> rows = new EnumMap<>(Table.class);
      outs.byTable.forEach((table, out) -> rows.put(table, out.rows));
      return Collections.unmodifiableMap(rows);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The open files of one run; closing closes them all, even when one fails. */
  private static final class Outs implements Closeable {
    final Map<Table, Out> byTable = new EnumMap<>(Table.class);

    Outs(Path dir) throws IOException {
      try {
        for (Table t : Table.values()) {
          byTable.put(t, new Out(dir.resolve(t.fileName()), t));
        }
      } catch (IOException | RuntimeException e) {
        closeAll(e);
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      IOException failure = closeAll(null);
      if (failure != null) {
        throw failure;
      }
    }

    private IOException closeAll(Exception primary) {
      IOException failure = null;
      for (Out out : byTable.values()) {
        try {
          out.close();
        } catch (IOException e) {
          if (primary != null) {
            primary.addSuppressed(e);
          } else if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      return failure;
    }
  }

  /** One generation pass; holds the id counters and the current person's visits. */
  private final class Run {
    private final Out person;
    private final Out visit;
    private final Out condition;
    private final Out procedure;
    private final Out drug;
    private final Out measurement;
    private final Out location;
    private final int locations = Math.max(1, (persons + 3) / 4);
    private long nextVisitId = 1;
    private long nextConditionId = 1;
    private long nextProcedureId = 1;
    private long nextDrugId = 1;
    private long nextMeasurementId = 1;

    // The current person's visits, sorted by start; reused across persons.
    private long[] visitIds = new long[0];
    private int[] startDays = new int[0];
    private int[] startMinutes = new int[0];
    private int[] endDays = new int[0];
    private int[] endMinutes = new int[0];
    private Coded[] visitKinds = new Coded[0];

    Run(Map<Table, Out> outs) {
      person = outs.get(Table.PERSON);
      visit = outs.get(Table.VISIT_OCCURRENCE);
      condition = outs.get(Table.CONDITION_OCCURRENCE);
      procedure = outs.get(Table.PROCEDURE_OCCURRENCE);
      drug = outs.get(Table.DRUG_EXPOSURE);
      measurement = outs.get(Table.MEASUREMENT);
      location = outs.get(Table.LOCATION);
    }

    void generate() {
      SplittableRandom root = new SplittableRandom(seed);
      SplittableRandom locationRandom = root.split();
      for (int i = 1; i <= locations; i++) {
        writeLocation(locationRandom, i);
      }
      for (int p = 0; p < persons; p++) {
        SplittableRandom random = root.split();
        SplittableRandom measurementRandom = random.split();
        long personId = p + 1L;
        LocalDate birth = birthDate(random, p);
        writePerson(random, personId, birth);
        makeVisits(random);
        long quota = measurementRows < 0 ? -1 : measurementRows / persons;
        if (measurementRows >= 0 && p < measurementRows % persons) {
          quota++;
        }
        int visits = visitIds.length;
        for (int v = 0; v < visits; v++) {
          writeVisit(personId, v);
          writeConditions(random, personId, v);
          writeProcedures(random, personId, v);
          writeDrugs(random, personId, v);
          long count =
              quota < 0
                  ? 1 + measurementRandom.nextInt(4)
                  : quota / visits + (v < quota % visits ? 1 : 0);
          for (long m = 0; m < count; m++) {
            writeMeasurement(measurementRandom, personId, v);
          }
        }
      }
    }

    private LocalDate birthDate(SplittableRandom random, int index) {
      if (index < BOUNDARY_BIRTH_DATES.size()) {
        return BOUNDARY_BIRTH_DATES.get(index);
      }
      int age = index % 7 == 3 ? 82 + random.nextInt(18) : 18 + random.nextInt(62);
      // Born on the age-th birthday before the reference date or up to 364 days earlier: this age.
      return REFERENCE_DATE.minusYears(age).minusDays(random.nextInt(365));
    }

    private void writeLocation(SplittableRandom random, int id) {
      String zip =
          random.nextInt(4) == 0
              ? String.format(Locale.ROOT, "000%02d%04d", id % 100, random.nextInt(10000))
              : String.format(Locale.ROOT, "000%02d", id % 100);
      location
          .num(id)
          .text(
              (100 + random.nextInt(9900))
                  + " "
                  + pick(random, STREETS)
                  + " "
                  + pick(random, STREET_KINDS))
          .text(random.nextInt(5) == 0 ? "Apt " + (1 + random.nextInt(40)) : "")
          .text(pick(random, CITIES))
          .text(pick(random, STATES))
          .text(zip)
          .text(pick(random, COUNTIES))
          .text("LOC" + id)
          .endRow();
    }

    private void writePerson(SplittableRandom random, long personId, LocalDate birth) {
      Coded gender = random.nextInt(20) == 0 ? pick(random, GENDERS) : GENDERS[random.nextInt(2)];
      Coded race = pick(random, RACES);
      Coded ethnicity = pick(random, ETHNICITIES);
      person
          .num(personId)
          .num(gender.conceptId())
          .num(birth.getYear())
          .num(birth.getMonthValue())
          .num(birth.getDayOfMonth())
          // Unknown birth time: midnight, as the spec says, in that night's offset.
          .text(
              birth
                  + CLOCK[0]
                  + ZONE.getOffset(LocalDateTime.of(birth, LocalTime.MIDNIGHT)).getId())
          .num(race.conceptId())
          .num(ethnicity.conceptId())
          .num(1 + random.nextInt(locations))
          .empty() // provider_id: no provider table in the alpha
          .empty() // care_site_id
          .empty() // person_source_value: the sprint spec left it blank
          .text(gender.sourceValue())
          .num(0)
          .text(race.sourceValue())
          .num(0)
          .text(ethnicity.sourceValue())
          .num(0)
          .endRow();
    }

    private void makeVisits(SplittableRandom random) {
      int n = minVisits + random.nextInt(maxVisits - minVisits + 1);
      long[] keys = new long[n];
      for (int v = 0; v < n; v++) {
        int roll = random.nextInt(20);
        int kind = roll < 14 ? 0 : roll < 17 ? 1 : 2; // outpatient, emergency, inpatient
        int length = kind == 0 ? 0 : kind == 1 ? random.nextInt(2) : 1 + random.nextInt(7);
        int start = FIRST_EVENT_DAY + random.nextInt(LAST_DAY - length - FIRST_EVENT_DAY + 1);
        int startMinute = DAY_START + random.nextInt(DAY_END - DAY_START + 1);
        // Sort visits by start instant; the key packs day, minute, length and kind.
        keys[v] = ((((long) start * 1440 + startMinute) * 8 + length) * 3) + kind;
      }
      Arrays.sort(keys);
      ensureCapacity(n);
      for (int v = 0; v < n; v++) {
        long key = keys[v];
        int kind = (int) (key % 3);
        key /= 3;
        int length = (int) (key % 8);
        key /= 8;
        visitIds[v] = nextVisitId++;
        visitKinds[v] = kind == 0 ? OUTPATIENT : kind == 1 ? EMERGENCY : INPATIENT;
        startMinutes[v] = (int) (key % 1440);
        startDays[v] = (int) (key / 1440);
        endDays[v] = startDays[v] + length;
        endMinutes[v] = endMinute(random, startDays[v], startMinutes[v], endDays[v]);
      }
    }

    private void ensureCapacity(int n) {
      if (visitIds.length != n) {
        visitIds = new long[n];
        startDays = new int[n];
        startMinutes = new int[n];
        endDays = new int[n];
        endMinutes = new int[n];
        visitKinds = new Coded[n];
      }
    }

    private void writeVisit(long personId, int v) {
      Coded kind = visitKinds[v];
      visit
          .num(visitIds[v])
          .num(personId)
          .num(kind.conceptId())
          .date(startDays[v])
          .dateTime(startDays[v], startMinutes[v])
          .date(endDays[v])
          .dateTime(endDays[v], endMinutes[v])
          .num(VISIT_TYPE_EHR)
          // The 2017 spec: provider, care site and source concept of a visit are set to 0.
          .num(0)
          .num(0)
          .text(kind.sourceValue())
          .num(0)
          .endRow();
    }

    private void writeConditions(SplittableRandom random, long personId, int v) {
      int n = random.nextInt(3);
      for (int i = 0; i < n; i++) {
        Coded c = pick(random, CONDITIONS);
        int start = startDays[v];
        int startMinute = startMinutes[v];
        int end = Math.min(LAST_DAY, start + random.nextInt(121));
        condition
            .num(nextConditionId++)
            .num(personId)
            .num(c.conceptId())
            .date(start)
            .dateTime(start, startMinute)
            .date(end)
            .dateTime(end, endMinute(random, start, startMinute, end))
            .num(i == 0 ? CONDITION_TYPES[random.nextInt(2)] : pick(random, CONDITION_TYPES))
            .text(random.nextInt(10) == 0 ? pick(random, CONDITION_STOP_REASONS) : "")
            .empty()
            .num(visitIds[v])
            .text(c.sourceValue())
            .num(0)
            .endRow();
      }
    }

    private void writeProcedures(SplittableRandom random, long personId, int v) {
      int n = random.nextInt(3);
      for (int i = 0; i < n; i++) {
        Coded c = pick(random, PROCEDURES);
        int day = dayWithin(random, v);
        procedure
            .num(nextProcedureId++)
            .num(personId)
            .num(c.conceptId())
            .date(day)
            .dateTime(day, minuteWithin(random, v, day))
            .num(PROCEDURE_TYPES[i == 0 ? 0 : 1])
            .empty()
            .num(1)
            .empty()
            .num(visitIds[v])
            .text(c.sourceValue())
            .num(0)
            .empty()
            .endRow();
      }
    }

    private void writeDrugs(SplittableRandom random, long personId, int v) {
      int n = random.nextInt(3);
      for (int i = 0; i < n; i++) {
        Drug d = pick(random, DRUGS);
        boolean administered = d.type() == DRUG_TYPE_INPATIENT;
        int start = administered ? dayWithin(random, v) : startDays[v];
        int startMinute = administered ? minuteWithin(random, v, start) : startMinutes[v];
        int daysSupply = d.daysSupplyChoices()[random.nextInt(d.daysSupplyChoices().length)];
        int end = Math.min(LAST_DAY, start + daysSupply - 1);
        drug.num(nextDrugId++)
            .num(personId)
            .num(d.drug().conceptId())
            .date(start)
            .dateTime(start, startMinute)
            .date(end)
            .dateTime(end, endMinute(random, start, startMinute, end))
            .num(d.type())
            .text(random.nextInt(15) == 0 ? "Side effects" : "")
            .num(administered ? 0 : random.nextInt(6))
            .num((long) daysSupply * d.perDay())
            .num(daysSupply)
            .text(d.sig())
            .num(d.route().conceptId())
            .tenths(d.doseTenths())
            .num(d.doseUnitConceptId())
            .text(administered ? "LOT" + (1000 + random.nextInt(9000)) : "")
            .empty()
            .num(visitIds[v])
            .text(d.drug().sourceValue())
            .num(0)
            .text(d.route().sourceValue())
            .text(d.doseUnit())
            .endRow();
      }
    }

    private void writeMeasurement(SplittableRandom random, long personId, int v) {
      Lab lab = LABS[random.nextInt(LABS.length)];
      int day = dayWithin(random, v);
      int step = lab.stepTenths();
      int value =
          lab.minTenths() + step * random.nextInt((lab.maxTenths() - lab.minTenths()) / step + 1);
      String shown = tenthsText(value);
      measurement
          .num(nextMeasurementId++)
          .num(personId)
          .num(lab.test().conceptId())
          .date(day)
          .dateTime(day, minuteWithin(random, v, day))
          .num(lab.type())
          .num(OPERATOR_EQUALS)
          .text(shown)
          .empty();
      measurement.num(lab.unitConceptId());
      if (lab.hasRange()) {
        measurement.tenths(lab.lowTenths()).tenths(lab.highTenths());
      } else {
        measurement.empty().empty();
      }
      measurement
          .empty()
          .num(visitIds[v])
          .text(lab.test().sourceValue())
          .num(0)
          .text(lab.unit())
          .text(shown)
          .endRow();
    }

    private int dayWithin(SplittableRandom random, int v) {
      return startDays[v] + random.nextInt(endDays[v] - startDays[v] + 1);
    }

    /** A time on {@code day} that lies within visit {@code v}. */
    private int minuteWithin(SplittableRandom random, int v, int day) {
      int low = day == startDays[v] ? startMinutes[v] : DAY_START;
      int high = day == endDays[v] ? endMinutes[v] : DAY_END;
      return low + random.nextInt(Math.max(high, low) - low + 1);
    }
  }

  /** An end time on {@code endDay} that is not before the start. */
  private static int endMinute(SplittableRandom random, int startDay, int startMinute, int endDay) {
    if (endDay == startDay) {
      return Math.min(24 * 60 - 1, startMinute + 15 + random.nextInt(180));
    }
    return DAY_START + random.nextInt(DAY_END - DAY_START + 1);
  }

  private static <T> T pick(SplittableRandom random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static long pick(SplittableRandom random, long[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String tenthsText(long tenths) {
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10;
  }

  /** A quote-all, CRLF CSV writer for one table that counts its fields and rows. */
  private static final class Out implements Closeable {
    private final Writer out;
    private final Table table;
    private final int width;
    private int column;
    long rows;

    Out(Path file, Table table) throws IOException {
      this.out =
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
      this.table = table;
      this.width = table.columns().size();
      for (String name : table.columns()) {
        text(name);
      }
      endRow();
      rows = 0;
    }

    Out text(String value) {
      try {
        if (column++ > 0) {
          out.write(',');
        }
        out.write('"');
        if (value.indexOf('"') < 0) {
          out.write(value);
        } else {
          out.write(value.replace("\"", "\"\""));
        }
        out.write('"');
        return this;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Out empty() {
      return text("");
    }

    Out num(long value) {
      return text(Long.toString(value));
    }

    Out tenths(long value) {
      return text(tenthsText(value));
    }

    Out date(int epochDay) {
      return text(DATES[epochDay - FIRST_CACHED_DAY]);
    }

    Out dateTime(int epochDay, int minuteOfDay) {
      int i = epochDay - FIRST_CACHED_DAY;
      return text(DATES[i] + CLOCK[minuteOfDay] + NOON_OFFSETS[i]);
    }

    void endRow() {
      if (column != width) {
        throw new IllegalStateException(
            table.fileName() + ": a row has " + column + " fields, not " + width);
      }
      try {
        out.write("\r\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      column = 0;
      rows++;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /**
   * Writes an export from the command line: {@code <outDir> [persons] [seed] [measurementRows]}.
   * Defaults are 40 persons, seed 42 and 1 to 4 measurements per visit.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 4) {
      System.err.println(
          "usage: SyntheticAlphaExport <outDir> [persons (40)] [seed (42)] [measurementRows]");
      System.exit(2);
    }
    Builder builder = builder();
    if (args.length > 1) {
      builder.persons(Integer.parseInt(args[1].replace("_", "")));
    }
    if (args.length > 2) {
      builder.seed(Long.parseLong(args[2]));
    }
    if (args.length > 3) {
      builder.measurementRows(Long.parseLong(args[3].replace("_", "")));
    }
    Path dir = Path.of(args[0]);
    long started = System.nanoTime();
    Map<Table, Long> rows = builder.build().writeTo(dir);
    double seconds = (System.nanoTime() - started) / 1e9;
    long bytes = 0;
    for (Map.Entry<Table, Long> e : rows.entrySet()) {
      long size = Files.size(dir.resolve(e.getKey().fileName()));
      bytes += size;
      System.out.printf(
          Locale.ROOT, "%-26s %,12d rows %,14d bytes%n", e.getKey().fileName(), e.getValue(), size);
    }
    System.out.printf(
        Locale.ROOT,
        "%,d bytes in %.2f s (%.1f MB/s) to %s%n",
        bytes,
        seconds,
        bytes / 1e6 / seconds,
        dir);
  }
}
