package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.ehrcontracts.engine.contract.ColumnRef;
import org.ehrcontracts.engine.contract.DeidentificationPolicy.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What makes de-identified output safe by construction: every column leaves by a decision, nothing
 * of an identifying table leaves, no original id leaves in any column or any malformed row, and no
 * offset or time of day tells more than the year.
 */
class DeidSafetyTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  /** Persons, a fact table with a conditional person reference, times, text and a PII table. */
  private static final String CONTRACT =
      """
      contract: deid-safety
      version: 1.0.0
      dialect: { quoting: optional, lineEnding: any }
      formats:
        datetime: [ "YYYY-MM-DDThh:mm:ss±hh:mm", "YYYY-MM-DDThh:mm:ssZ" ]
      person:
        table: person
        id: person_id
        birth: { year: year_of_birth }
      tables:
        person:
          presence: required
          primaryKey: [ person_id ]
          columns:
            - { name: person_id, type: integer, required: true }
            - { name: year_of_birth, type: integer, required: true }
        measurement:
          columns:
            - { name: measurement_id, type: integer, required: true }
            - { name: person_id, type: integer, required: true, references: person.person_id }
            - { name: measurement_datetime, type: datetime }
            - { name: measurement_time, type: time }
            - { name: value_as_string, type: string }
            - { name: unit_source_value, type: string }
            - { name: comment, type: text }
        fact_relationship:
          columns:
            - { name: domain_concept_id_1, type: integer, required: true }
            - { name: fact_id_1, type: integer, required: true, references: person.person_id, when: "domain_concept_id_1 = 56" }
            - { name: relationship_concept_id, type: integer, required: true }
        pii_name:
          identifying: true
          columns:
            - { name: person_id, type: integer, required: true, references: person.person_id }
            - { name: first_name, type: string, required: true }
        note:
          columns:
            - { name: note_id, type: integer, required: true }
            - { name: person_id, type: integer, required: true, references: person.person_id }
            - { name: note_text, type: text, required: true }
      deidentification:
        timeZone: America/New_York
        personIds: { replacement: random, crosswalk: per-submission, digits: 6 }
        ageLimit: { maxAge: 80, asOf: run-date }
        keep: [ measurement.unit_source_value ]
        blank: [ measurement.value_as_string ]
        drop: [ note ]
      """;

  @TempDir java.nio.file.Path dir;

  private DeidFixture fixture() throws Exception {
    DeidFixture f = new DeidFixture(dir).contract(CONTRACT);
    f.file("person.csv", "person_id,year_of_birth\n100001,1950\n100002,1920\n");
    return f;
  }

  private static final String MEASUREMENT_HEADER =
      "measurement_id,person_id,measurement_datetime,measurement_time,value_as_string,"
          + "unit_source_value,comment\n";

  @Test
  void everyColumnHasADecisionAndTheReportListsThem() throws Exception {
    DeidFixture f = fixture();
    DeidResult result = f.run(AS_OF);
    Map<ColumnRef, ?> decisions = result.decisions();
    assertEquals(17, decisions.size());
    assertEquals(Action.REPLACE_PERSON, action(result, "fact_relationship", "fact_id_1"));
    assertEquals(Action.TRUNCATE_TIME, action(result, "measurement", "measurement_time"));
    assertEquals(Action.BLANK, action(result, "measurement", "comment"));
    assertEquals(Action.BLANK, action(result, "measurement", "value_as_string"));
    assertEquals(Action.KEEP, action(result, "measurement", "unit_source_value"));
    assertEquals(Action.KEEP, action(result, "measurement", "measurement_id"));
    assertEquals(Action.WITHHELD, action(result, "pii_name", "first_name"));
    assertEquals(Action.WITHHELD, action(result, "note", "note_text"));
    String html = DeidReport.html(result);
    assertTrue(html.contains("<code>fact_id_1</code></td><td>replace-person</td>"), html);
    assertTrue(DeidReport.json(result).contains("\"decision\": \"withheld\""));
  }

  @Test
  void identifyingAndDroppedTablesAreNeverWritten() throws Exception {
    DeidFixture f = fixture();
    f.file("pii_name.csv", "person_id,first_name\n100001,MARKER-NAME\n");
    f.file("note.csv", "note_id,person_id,note_text\n1,100001,MARKER-NOTE\n");
    DeidResult result = f.run(AS_OF);
    assertFalse(Files.exists(f.output.resolve("pii_name.csv")));
    assertFalse(Files.exists(f.output.resolve("note.csv")));
    assertEquals(
        List.of("note.csv", "pii_name.csv"),
        result.notWritten().stream().map(DeidResult.NotWritten::file).sorted().toList());
    assertTrue(
        result.notWritten().stream()
            .anyMatch(n -> n.file().equals("pii_name.csv") && n.why().contains("identifying")));
    assertFalse(String.join("\n", f.outTree()).contains("pii_name"));
  }

  @Test
  void timesBecomeMidnightTextIsBlankedAndOffsetsBecomeJanuarys() throws Exception {
    DeidFixture f = fixture();
    f.file(
        "measurement.csv",
        MEASUREMENT_HEADER
            + "1,100001,2012-08-11T14:33:00-04:00,14:05,seen 2009-03-12,mg,free words\n"
            + "2,100001,2012-12-11T09:00:00-05:00,09:07:31.25,x,mg,\n"
            + "3,100001,2012-06-01T10:00:00Z,25:00,,,\n");
    DeidResult result = f.run(AS_OF);
    List<String> lines = f.outLines("measurement.csv");
    assertEquals("2012-01-01T00:00:00-05:00,00:00,,mg,", after(lines.get(1), 2));
    assertEquals("2012-01-01T00:00:00-05:00,00:00:00.00,,mg,", after(lines.get(2), 2));
    // Z carries no season; a time in no accepted form is emptied rather than passed on.
    assertEquals("2012-01-01T00:00:00Z,,,,", after(lines.get(3), 2));
    DeidResult.FileStats stats = result.files().get(1);
    assertEquals(2, stats.timesTruncated());
    assertEquals(1, stats.datesUnparseable());
    assertFalse(f.out("measurement.csv").contains("2009"));
  }

  @Test
  void timesBlankEmptiesThem() throws Exception {
    DeidFixture f = fixture();
    f.contract(CONTRACT.replace("  timeZone: America/New_York", "  times: blank"));
    f.file(
        "measurement.csv", MEASUREMENT_HEADER + "1,100001,2012-08-11T14:33:00-04:00,14:05,,mg,\n");
    f.run(AS_OF);
    // Without a zone, UTC: +00:00 in every row.
    assertEquals("2012-01-01T00:00:00+00:00,,,mg,", after(f.outLines("measurement.csv").get(1), 2));
  }

  @Test
  void aConditionalReferenceIsReplacedWhereItNamesAPerson() throws Exception {
    DeidFixture f = fixture();
    f.file(
        "fact_relationship.csv",
        "domain_concept_id_1,fact_id_1,relationship_concept_id\n"
            + "56,100001,1\n" // a kept person: new number
            + "56,100002,2\n" // a person over the limit: the row goes
            + "56,999999,3\n" // nobody: the row goes
            + "8,100002,4\n" // a visit id that happens to look like a person id: kept
            + ",100001,5\n"); // no domain: might be a person, goes
    DeidResult result = f.run(AS_OF);
    long kept = f.crosswalk().get(100001L);
    List<String> lines = f.outLines("fact_relationship.csv");
    assertEquals(List.of("56," + kept + ",1", "8,100002,4", ""), lines.subList(1, lines.size()));
    DeidResult.FileStats stats = result.files().get(1);
    assertEquals(1, stats.removedWithPersons());
    assertEquals(2, stats.removedUnlinked());
  }

  @Test
  void aHeaderWithoutThePersonColumnDropsTheWholeTable() throws Exception {
    DeidFixture f = fixture();
    // The header lacks person_id, but the rows still carry it in field 2.
    f.file(
        "measurement.csv",
        "measurement_id,measurement_datetime,measurement_time,value_as_string,unit_source_value,"
            + "comment\n1,100001,2012-08-11T14:33:00-04:00,14:05,,mg,\n");
    DeidResult result = f.run(AS_OF);
    assertFalse(Files.exists(f.output.resolve("measurement.csv")));
    DeidResult.NotWritten gone = result.notWritten().get(0);
    assertEquals("measurement.csv", gone.file());
    assertTrue(gone.why().contains("lacks column person_id"), gone.why());
    assertEquals(1, gone.rows());
  }

  @Test
  void aHeaderThatIsAFirstRowOfDataDropsTheTableAndNamesNoCell() throws Exception {
    DeidFixture f = fixture();
    f.file("measurement.csv", "1,100001,2012-08-11T14:33:00-04:00,14:05,,mg,MARK\n");
    DeidResult result = f.run(AS_OF);
    assertFalse(Files.exists(f.output.resolve("measurement.csv")));
    String why = result.notWritten().get(0).why();
    assertFalse(why.contains("100001") || why.contains("MARK"), why);
  }

  @Test
  void rowsWithoutAPersonOrWithExtraFieldsGo() throws Exception {
    DeidFixture f = fixture();
    f.file(
        "measurement.csv",
        MEASUREMENT_HEADER
            + "1,,2012-08-11T14:33:00-04:00,,,mg,\n"
            + "2,100001,2012-08-11T14:33:00-04:00,,,mg,,100001\n"
            + "3,100001,,,,mg,\n");
    DeidResult result = f.run(AS_OF);
    List<String> lines = f.outLines("measurement.csv");
    assertEquals(3, lines.size());
    assertTrue(lines.get(1).startsWith("3,"), lines.get(1));
    DeidResult.FileStats stats = result.files().get(1);
    assertEquals(1, stats.removedUnlinked());
    assertEquals(1, stats.removedMalformed());
  }

  @Test
  void aPersonTableWhoseHeaderCannotBeTrustedStopsTheRun() throws Exception {
    DeidFixture f = new DeidFixture(dir).contract(CONTRACT);
    f.file("person.csv", "year_of_birth,person_id\n1950,100001\n");
    DeidException e = assertThrows(DeidException.class, () -> f.run(AS_OF));
    assertTrue(e.getMessage().startsWith("person.csv: its header does not list"), e.getMessage());
    assertFalse(Files.exists(f.output));
  }

  @Test
  void aReportThatCannotBeWrittenLeavesNothingPublished() throws Exception {
    DeidFixture f = fixture();
    f.run(AS_OF);
    String before = f.out("person.csv");
    String crosswalk = Files.readString(f.crosswalk);
    f.file("person.csv", "person_id,year_of_birth\n100001,1950\n100003,1955\n");
    java.io.IOException full = new java.io.IOException("No space left on device");
    java.io.IOException thrown =
        assertThrows(
            java.io.IOException.class,
            () ->
                new Deidentifier(org.ehrcontracts.engine.diagnostics.DiagnosticsListener.silent())
                    .deidentify(
                        f.request(AS_OF, RandomIds.secure()),
                        new Deidentifier.Stages() {
                          @Override
                          public void beforePublish(DeidResult result) throws java.io.IOException {
                            throw full;
                          }
                        }));
    assertEquals(full, thrown);
    // The previous output and crosswalk are as they were; no temporary folder is left.
    assertEquals(before, f.out("person.csv"));
    assertEquals(crosswalk, Files.readString(f.crosswalk));
    assertEquals(
        List.of("", ".export.deid.lock", "export"),
        f.outTree().stream().filter(p -> !p.contains("/")).toList());
  }

  private static Action action(DeidResult result, String table, String column) {
    return result.decisions().get(new ColumnRef(table, column)).action();
  }

  /** The text after the first {@code n} fields of a line. */
  private static String after(String line, int n) {
    int at = 0;
    for (int i = 0; i < n; i++) {
      at = line.indexOf(',', at) + 1;
    }
    return line.substring(at);
  }
}
