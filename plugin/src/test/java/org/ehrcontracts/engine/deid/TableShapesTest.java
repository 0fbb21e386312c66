package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table shapes the main fixture does not have: files without a header line, a condition column that
 * is not the first, two time columns, two foreign keys into one table and two columns that later
 * tables refer to, and a table whose header cannot be trusted.
 */
class TableShapesTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  /**
   * Visits (listed before persons) with their key second; episodes that refer to episodes; facts
   * whose person column holds a person only in domain 56.
   */
  private static final String CONTRACT =
      """
      contract: deid-shapes
      version: 1.0.0
      dialect: { quoting: optional, lineEnding: any%s }
      person:
        table: person
        id: person_id
        birth: { year: year_of_birth }
      tables:
        visit:
          primaryKey: [ visit_id ]
          columns:
            - { name: person_id, type: integer, required: true, references: person.person_id }
            - { name: visit_id, type: integer, required: true }
            - { name: visit_code, type: integer, required: true }
        person:
          presence: required
          primaryKey: [ person_id ]
          columns:
            - { name: person_id, type: integer, required: true }
            - { name: year_of_birth, type: integer, required: true }
        fact:
          columns:
            - { name: label, type: string }
            - { name: domain, type: integer }
            - { name: fact_person, type: integer, references: person.person_id, when: "domain = 56" }
            - { name: start_time, type: time }
            - { name: end_time, type: time }
            - { name: visit_id, type: integer, references: visit.visit_id }
            - { name: visit_code, type: integer, references: visit.visit_code }
        episode:
          primaryKey: [ episode_id ]
          columns:
            - { name: episode_id, type: integer, required: true }
            - { name: person_id, type: integer, required: true, references: person.person_id }
            - { name: parent_episode, type: integer, references: episode.episode_id }
        code:
          columns:
            - { name: code, type: string }
        pair:
          columns:
            - { name: left_code, type: string }
            - { name: right_code, type: string }
      deidentification:
        timeZone: America/New_York
        personIds: { replacement: random, crosswalk: per-submission, digits: 6 }
        ageLimit: { maxAge: 80, asOf: run-date }
        keep: [ fact.label, code.code, pair.left_code, pair.right_code ]
      """;

  @TempDir Path dir;

  private DeidFixture fixture(String dialect) throws Exception {
    DeidFixture f = new DeidFixture(dir).perSubmission().contract(CONTRACT.formatted(dialect));
    return f;
  }

  @Test
  void filesWithoutAHeaderLineAreRewrittenByTheContractsColumnOrder() throws Exception {
    DeidFixture f = fixture(", header: false");
    // 100002 is 97 on the reference date: removed with their rows.
    f.file("person.csv", "100001,1950\n100002,1920\n");
    f.file("visit.csv", "100002,9,90\n100001,7,70\n");
    f.file("fact.csv", "12:30,56,100001,14:05,09:07:31,7,70\nb,56,100001,,,9,\n");
    DeidResult result = f.run(f.request(AS_OF, DeidFixture.sequence(424242)));
    assertEquals("424242,1950\n", f.out("person.csv"));
    assertEquals("424242,7,70\n", f.out("visit.csv"));
    assertEquals("12:30,56,424242,00:00,00:00:00,7,70\n", f.out("fact.csv"));
    DeidResult.FileStats visits = stats(result, "visit");
    assertEquals(2, visits.rowsIn());
    assertEquals(1, visits.removedWithPersons());
    assertEquals(1, stats(result, "fact").removedCascade());
  }

  @Test
  void conditionsTimesAndForeignKeysAreFoundWhereverTheirColumnsAre() throws Exception {
    DeidFixture f = fixture("");
    f.file("person.csv", "person_id,year_of_birth\n100001,1950\n100002,1920\n");
    // The removed person's visit comes first: its key and code are the first row's second and
    // third values.
    f.file("visit.csv", "person_id,visit_id,visit_code\n100002,9,90\n100001,7,70\n");
    f.file(
        "fact.csv",
        "label,domain,fact_person,start_time,end_time,visit_id,visit_code\n"
            // A kept label that looks like a time is no time: it stays.
            + "12:30,56,100001,14:05,09:07:31.25,7,70\n"
            // Outside domain 56 the column holds no person: copied as it is.
            + "b,12,999,10:00,23:59,7,\n"
            // No domain: it might be a person, so the row goes.
            + "c,,100001,10:00,11:00,7,70\n"
            // Each foreign key into a dropped visit takes the row with it.
            + "d,56,100001,10:00,11:00,9,70\n"
            + "e,56,100001,10:00,11:00,7,90\n"
            + "f,56,100001,,25:00,,\n");
    DeidResult result = f.run(f.request(AS_OF, DeidFixture.sequence(424242)));
    assertEquals(
        List.of(
            "label,domain,fact_person,start_time,end_time,visit_id,visit_code",
            "12:30,56,424242,00:00,00:00:00.00,7,70",
            "b,12,999,00:00,00:00,7,",
            "f,56,424242,,,,",
            ""),
        f.outLines("fact.csv"));
    DeidResult.FileStats facts = stats(result, "fact");
    assertEquals(6, facts.rowsIn());
    assertEquals(3, facts.rowsOut());
    assertEquals(1, facts.removedUnlinked());
    assertEquals(2, facts.removedCascade());
    assertEquals(4, facts.timesTruncated());
    assertEquals(1, facts.datesUnparseable());
    assertEquals(2, facts.idsReplaced());
    assertEquals(
        List.of("person_id,visit_id,visit_code", "424242,7,70", ""), f.outLines("visit.csv"));
  }

  @Test
  void aKeyIntoItsOwnTableTakesNoRowWithTheRowItNames() throws Exception {
    DeidFixture f = fixture("");
    f.file("person.csv", "person_id,year_of_birth\n100001,1950\n100002,1920\n");
    f.file("visit.csv", "person_id,visit_id,visit_code\n100001,7,70\n");
    // Rows of one table are rewritten together: only keys into tables rewritten before drop rows.
    f.file(
        "episode.csv", "episode_id,person_id,parent_episode\n1,100002,\n2,100001,1\n3,100001,2\n");
    DeidResult result = f.run(f.request(AS_OF, DeidFixture.sequence(424242)));
    assertEquals(
        List.of("episode_id,person_id,parent_episode", "2,424242,1", "3,424242,2", ""),
        f.outLines("episode.csv"));
    assertEquals(0, stats(result, "episode").removedCascade());
  }

  @Test
  void aTableWhoseHeaderCannotBeTrustedIsDroppedWholeAndItsRowsCounted() throws Exception {
    DeidFixture f = fixture("");
    Roles roles = Roles.of(f.loadContract());
    PersonMap persons = new PersonMap();
    persons.addPerson(1, false);
    persons.issue((min, max) -> 424242, 6);
    // Large enough to be read in parts on two threads.
    StringBuilder facts = new StringBuilder("label,domain,fact_person,start_time,owner\n");
    int rows = 0;
    for (; facts.length() < 5 << 20; rows++) {
      facts.append("x,56,1,10:00,y\n");
    }
    Path in = dir.resolve("fact.csv");
    Files.writeString(in, facts);
    RewritePipeline pipeline = new RewritePipeline();
    TableRewriter rewriter;
    try (OutputFile out = new OutputFile(dir.resolve("out.csv"))) {
      rewriter =
          new TableRewriter(
              roles.contract.table("fact").orElseThrow(),
              roles,
              persons,
              out,
              java.util.Map.of(),
              java.util.Map.of(),
              new PersonMap.Budget(
                  new org.ehrcontracts.engine.verify.Memory(
                      Long.MAX_VALUE, "unlimited", java.util.Optional.empty())),
              "export/fact.csv");
      pipeline.run(roles.contract.dialect(), in, out, rewriter, 2, "test");
    }
    assertEquals(
        Optional.of("its header has 1 name that is not a column of fact"), rewriter.rejected());
    assertEquals(rows, rewriter.rowsIn);
    assertEquals(rows, rewriter.removedMalformed);
    assertEquals(0, rewriter.rowsOut);
    assertEquals(0, rewriter.timesTruncated);
    assertEquals("", Files.readString(dir.resolve("out.csv")), "not even the header is written");
  }

  @Test
  void quotingAllGrowsEachRowAsMuchAsItMustUpToTheOutputBuffersLastByte() throws Exception {
    // Quoting every value makes "x" five bytes with its line break, an empty pair seven, and an
    // empty fact row with a one-digit person id thirty: many of them fill the output buffer (1 MiB
    // at a time) to its last bytes at every offset.
    String contract = CONTRACT.formatted("").replace("quoting: optional", "quoting: all");
    assertEquals(
        "\"x\"\r\n".repeat(1_700_000), rewrite(contract, "code", "x\r\n".repeat(1_700_000)));
    // Pairs end in CRLF or, every fifth, LF: the buffer's last row ends at a different byte each
    // time it fills.
    StringBuilder pairsIn = new StringBuilder();
    StringBuilder pairsOut = new StringBuilder();
    for (int r = 0; r < 2_500_000; r++) {
      String end = r % 5 == 0 ? "\n" : "\r\n";
      pairsIn.append(',').append(end);
      pairsOut.append("\"\",\"\"").append(end);
    }
    assertEquals(pairsOut.toString(), rewrite(contract, "pair", pairsIn.toString()));
    assertEquals(
        "\"\",\"56\",\"424242\",\"\",\"\",\"\",\"\"\r\n".repeat(300_000),
        rewrite(contract, "fact", ",56,1,,,,\r\n".repeat(300_000)));
  }

  @Test
  void eachRowShapeEndsTheOutputBufferAtEachOfItsBytes() throws Exception {
    // A first row longer by one letter each time moves where the buffer's last row falls: over a
    // row's length of such files, that row ends the buffer at every byte, in each table's shape.
    String contract = CONTRACT.formatted("").replace("quoting: optional", "quoting: all");
    String[][] shapes = {
      {"code", "x\n", "\"x\"\n", ""},
      {"pair", ",\n", "\"\",\"\"\n", ","},
      {"fact", ",56,1,,,,\n", "\"\",\"56\",\"424242\",\"\",\"\",\"\",\"\"\n", ",56,1,,,,"},
    };
    for (String[] shape : shapes) {
      String row = shape[1];
      String out = shape[2];
      int rows = (1 << 20) / out.length() + 10;
      for (int shift = 0; shift <= out.length(); shift++) {
        String first = "y".repeat(shift + 1) + shape[3] + "\n";
        String firstOut = "\"" + "y".repeat(shift + 1) + out.substring(out.indexOf('"', 1));
        assertEquals(
            firstOut + out.repeat(rows),
            rewrite(contract, shape[0] + shift, shape[0], first + row.repeat(rows)),
            shape[0] + " shifted by " + shift);
      }
    }
  }

  /** Rewrites a headerless {@code text} as {@code table}, person 1 as 424242, on one thread. */
  private String rewrite(String contract, String table, String text) throws Exception {
    return rewrite(contract, table, table, text);
  }

  /** As {@link #rewrite(String, String, String)}, in a folder of its own. */
  private String rewrite(String contract, String folder, String table, String text)
      throws Exception {
    PersonMap persons = new PersonMap();
    persons.addPerson(1, false);
    persons.issue((min, max) -> 424242, 6);
    return rewrite(contract, folder, table, text, persons, java.util.Map.of(), java.util.Map.of());
  }

  private String rewrite(
      String contract,
      String table,
      String text,
      PersonMap persons,
      java.util.Map<String, DroppedKeys> cascadeFrom,
      java.util.Map<String, DroppedKeys> tracked)
      throws Exception {
    return rewrite(contract, table, table, text, persons, cascadeFrom, tracked);
  }

  private String rewrite(
      String contract,
      String folder,
      String table,
      String text,
      PersonMap persons,
      java.util.Map<String, DroppedKeys> cascadeFrom,
      java.util.Map<String, DroppedKeys> tracked)
      throws Exception {
    DeidFixture f =
        new DeidFixture(dir.resolve(folder))
            .contract(contract.replace("lineEnding: any", "lineEnding: any, header: false"));
    Roles roles = Roles.of(f.loadContract());
    Path in = f.root.resolve(table + ".csv");
    Files.writeString(in, text);
    Path outFile = f.root.resolve(table + "-out.csv");
    try (OutputFile out = new OutputFile(outFile)) {
      TableRewriter rewriter =
          new TableRewriter(
              roles.contract.table(table).orElseThrow(),
              roles,
              persons,
              out,
              cascadeFrom,
              tracked,
              new PersonMap.Budget(
                  new org.ehrcontracts.engine.verify.Memory(
                      Long.MAX_VALUE, "unlimited", java.util.Optional.empty())),
              "export/" + table + ".csv");
      new RewritePipeline().run(roles.contract.dialect(), in, out, rewriter, 1, "test");
    }
    return Files.readString(outFile);
  }

  @Test
  void aJaggedRowCutBeforeAKeyNeitherTakesNorDropsByTheNextRowsFirstValue() throws Exception {
    String contract = CONTRACT.formatted(", jaggedRows: true");
    PersonMap persons = new PersonMap();
    persons.addPerson(1, false);
    persons.addPerson(2, true);
    persons.issue((min, max) -> 424242, 6);
    PersonMap.Budget budget =
        new PersonMap.Budget(
            new org.ehrcontracts.engine.verify.Memory(
                Long.MAX_VALUE, "unlimited", java.util.Optional.empty()));
    DroppedKeys visitIds = new DroppedKeys(budget, "visit.visit_id");
    DroppedKeys visitCodes = new DroppedKeys(budget, "visit.visit_code");
    // Person 2 is removed: the first visit goes cut short before its key, the third with key 9.
    assertEquals(
        "424242,70,700\n",
        rewrite(
            contract,
            "visit",
            "2\n1,70,700\n2,9,90\n",
            persons,
            java.util.Map.of(),
            java.util.Map.of("visit_id", visitIds, "visit_code", visitCodes)));
    // A fact cut short before its domain might be a person's: it goes. Visit 1 was never dropped
    // (only a value after a row cut short says 1); a fact cut short before its visit is not the
    // visit 9 the next row's label looks like.
    assertEquals(
        "a,56,424242,,,1,\nb,56,424242,,\n9,56,424242,,,70,\n",
        rewrite(
            contract,
            "fact",
            "c\na,56,1,,,1,\nb,56,1,,\n9,56,1,,,70,\n",
            persons,
            java.util.Map.of("visit_id", visitIds, "visit_code", visitCodes),
            java.util.Map.of()));
  }

  @Test
  void rowsOfValuesThatAreAllCopiedAreCopiedWhole() throws Exception {
    String contract = CONTRACT.formatted("");
    assertEquals("x\ny\n", rewrite(contract, "code", "x\ny\n"));
    assertEquals("a,b\n\"c\",d\r\n", rewrite(contract, "pair", "a,b\n\"c\",d\r\n"));
  }

  private static DeidResult.FileStats stats(DeidResult result, String table) {
    return result.files().stream().filter(s -> s.table().equals(table)).findFirst().orElseThrow();
  }
}
