package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes the rewriter writes: row widths, growth past its buffer, and repeated values. */
class TableRewriterTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  @Test
  void aRowWithMoreOrFewerFieldsThanTheHeaderGoesUnlessTheTableMayBeJagged() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.visits(
        "1,100001,2017-05-06,,a,extra\n", // one field more
        "2,100001,2017-05-06,,b\n",
        "3,100001,2017-05-06\n", // two fewer
        "4,100001,2017-05-06,,d\n");
    DeidResult result = f.run(AS_OF);
    long id = f.crosswalk().get(100001L);
    assertEquals(
        List.of(
            DeidFixture.VISIT_HEADER.strip(),
            "2," + id + ",2017-01-01,,b",
            "4," + id + ",2017-01-01,,d",
            ""),
        f.outLines("visit.csv"));
    DeidResult.FileStats visits = result.files().get(1);
    assertEquals(4, visits.rowsIn());
    assertEquals(2, visits.rowsOut());
    assertEquals(2, visits.removedMalformed());
    assertEquals(2, visits.idsReplaced());
    assertEquals(2, visits.datesTruncated());

    DeidFixture jagged = new DeidFixture(dir.resolve("jagged"));
    jagged.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace("lineEnding: any }", "lineEnding: any, jaggedRows: true }"));
    jagged.persons("100001,1950,6,15,,\n");
    jagged.visits(
        "1,100001,2017-05-06,,a,extra\n", "3,100001,2017-05-06\n", "5,100001\n", "6\n", "7,,\n");
    DeidResult cut = jagged.run(AS_OF);
    long jaggedId = jagged.crosswalk().get(100001L);
    assertEquals(
        List.of(
            DeidFixture.VISIT_HEADER.strip(), "3," + jaggedId + ",2017-01-01", "5," + jaggedId, ""),
        jagged.outLines("visit.csv"));
    DeidResult.FileStats stats = cut.files().get(1);
    assertEquals(5, stats.rowsIn());
    assertEquals(1, stats.removedMalformed(), "more fields than the header is never allowed");
    assertEquals(2, stats.removedUnlinked(), "a row cut before its person id, or with it empty");
  }

  @Test
  void aJaggedRowCutBeforeItsPersonIdIsNotLinkedToTheNextRowsFirstValue() throws Exception {
    DeidFixture jagged = new DeidFixture(dir);
    jagged.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace("lineEnding: any }", "lineEnding: any, jaggedRows: true }"));
    jagged.persons("100001,1950,6,15,,\n");
    // Row 6 has no person id; the row after it starts with a value that is a person's id.
    jagged.visits("6\n", "100001,100001,2017-05-06,,z\n");
    DeidResult cut = jagged.run(AS_OF);
    long id = jagged.crosswalk().get(100001L);
    assertEquals(
        List.of(DeidFixture.VISIT_HEADER.strip(), "100001," + id + ",2017-01-01,,z", ""),
        jagged.outLines("visit.csv"));
    DeidResult.FileStats stats = cut.files().get(1);
    assertEquals(1, stats.removedUnlinked());
    assertEquals(1, stats.rowsOut());
  }

  @Test
  void aFirstRowNamingPersonZeroIsDroppedAsUnlinked() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    // 0 is no person of the export: its row goes, even as the file's first row.
    f.visits("1,0,2017-05-06,,a\n", "2,100001,2017-05-06,,b\n");
    DeidResult result = f.run(AS_OF);
    long id = f.crosswalk().get(100001L);
    assertEquals(
        List.of(DeidFixture.VISIT_HEADER.strip(), "2," + id + ",2017-01-01,,b", ""),
        f.outLines("visit.csv"));
    assertEquals(1, result.files().get(1).removedUnlinked());
    assertEquals(1, result.persons().unknownReferenced());
  }

  @Test
  void aRowThatGrowsPastTheOutputBufferIsWrittenWhole() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace("quoting: optional, lineEnding: any", "quoting: all, lineEnding: crlf"));
    f.file(
        "person.csv",
        "\"person_id\",\"year_of_birth\",\"month_of_birth\",\"day_of_birth\","
            + "\"birth_datetime\",\"person_source_value\"\r\n"
            + "\"100001\",\"1950\",\"6\",\"15\",\"\",\"x\"\r\n");
    // An unquoted note full of quotes: quoting all quotes it and doubles each of them, so the
    // row comes out half as long again as the 1 MiB the output holds at once.
    String note = "a\"".repeat(400_000);
    f.file(
        "visit.csv",
        "\"visit_id\",\"person_id\",\"start_date\",\"start_datetime\",\"note\"\r\n"
            + "\"1\",\"100001\",\"2017-05-06\",\"\","
            + note
            + "\r\n\"2\",\"100001\",\"2017-05-07\",\"\",\"b\"\r\n");
    f.run(AS_OF);
    long id = f.crosswalk().get(100001L);
    assertEquals(
        "\"visit_id\",\"person_id\",\"start_date\",\"start_datetime\",\"note\"\r\n"
            + "\"1\",\""
            + id
            + "\",\"2017-01-01\",\"\",\""
            + "a\"\"".repeat(400_000)
            + "\"\r\n\"2\",\""
            + id
            + "\",\"2017-01-01\",\"\",\"b\"\r\n",
        f.out("visit.csv"));
  }

  @Test
  void anUnquotedValueIsQuotedWithALoneQuoteDoubledAndADoubledOneKept() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace("quoting: optional, lineEnding: any", "quoting: all, lineEnding: crlf"));
    f.file(
        "person.csv",
        "\"person_id\",\"year_of_birth\",\"month_of_birth\",\"day_of_birth\","
            + "\"birth_datetime\",\"person_source_value\"\r\n"
            + "\"100001\",\"1950\",\"6\",\"15\",\"\",\"x\"\r\n");
    f.file(
        "visit.csv",
        "\"visit_id\",\"person_id\",\"start_date\",\"start_datetime\",\"note\"\r\n"
            + "\"1\",\"100001\",\"2017-05-06\",\"\",x\"y\r\n"
            + "\"2\",\"100001\",\"2017-05-06\",\"\",x\"\"y\r\n"
            + "\"3\",\"100001\",\"2017-05-06\",\"\",\"\"x\r\n");
    f.run(AS_OF);
    long id = f.crosswalk().get(100001L);
    String row = "\",\"" + id + "\",\"2017-01-01\",\"\",";
    assertEquals(
        "\"visit_id\",\"person_id\",\"start_date\",\"start_datetime\",\"note\"\r\n"
            + "\"1"
            + row
            + "\"x\"\"y\"\r\n"
            + "\"2"
            + row
            + "\"x\"\"y\"\r\n"
            + "\"3"
            + row
            + "\"\"\r\n",
        f.out("visit.csv"));
  }

  @Test
  void repeatedPersonsAndDatesGetTheirOwnValuesAfterAnyOther() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n", "100003,1930,1,2,,\n");
    f.visits(
        "1,100001,2016-05-06,2016-05-06T10:00:00Z,a\n",
        "2,100001,2016-05-06,2016-05-06T10:00:00Z,b\n",
        "3,100002,2015-05-06,2015-05-06T10:00:00Z,c\n",
        "4,100001,2015-05-06,2016-05-06T10:00:00Z,d\n",
        "5,100003,2014-05-06,,e\n", // removed for age
        "6,100003,2014-05-06,,f\n",
        "7,100002,2016-05-06,2015-05-06T10:00:00Z,g\n",
        "8,100002,2016-05-06,2015-05-06 10:00:00,h\n");
    DeidResult result = f.run(AS_OF);
    long a = f.crosswalk().get(100001L);
    long b = f.crosswalk().get(100002L);
    assertEquals(
        List.of(
            DeidFixture.VISIT_HEADER.strip(),
            "1," + a + ",2016-01-01,2016-01-01T00:00:00Z,a",
            "2," + a + ",2016-01-01,2016-01-01T00:00:00Z,b",
            "3," + b + ",2015-01-01,2015-01-01T00:00:00Z,c",
            "4," + a + ",2015-01-01,2016-01-01T00:00:00Z,d",
            "7," + b + ",2016-01-01,2015-01-01T00:00:00Z,g",
            "8," + b + ",2016-01-01,2015-01-01 00:00:00,h",
            ""),
        f.outLines("visit.csv"));
    DeidResult.FileStats visits = result.files().get(1);
    assertEquals(2, visits.removedWithPersons());
    assertEquals(6, visits.idsReplaced());
    assertEquals(12, visits.datesTruncated());
  }

  @Test
  void aHeaderWithoutALineBreakIsCopiedAsItIs() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.file("visit.csv", DeidFixture.VISIT_HEADER.strip());
    f.run(AS_OF);
    assertEquals(DeidFixture.VISIT_HEADER.strip(), f.out("visit.csv"));
  }

  /**
   * Rewrites {@code visits} as the fixture's visit table, with person 1 as 424242, on one thread.
   */
  private String rewriteVisits(DeidFixture f, String contract, String visits) throws Exception {
    if (contract != null) {
      f.contract(contract);
    }
    Roles roles = Roles.of(f.loadContract());
    PersonMap persons = new PersonMap();
    persons.addPerson(1, false);
    persons.issue((min, max) -> 424242, 6);
    Path in = dir.resolve("visit-in.csv");
    Files.writeString(in, visits);
    Path outFile = dir.resolve("visit-out.csv");
    try (OutputFile out = new OutputFile(outFile)) {
      TableRewriter rewriter =
          new TableRewriter(
              roles.contract.table("visit").orElseThrow(),
              roles,
              persons,
              out,
              Map.of(),
              Map.of(),
              new PersonMap.Budget(
                  new org.ehrcontracts.engine.verify.Memory(
                      Long.MAX_VALUE, "unlimited", java.util.Optional.empty())),
              "export/visit.csv");
      new RewritePipeline().run(roles.contract.dialect(), in, out, rewriter, 1, "test");
    }
    return Files.readString(outFile);
  }

  @Test
  void aHeaderLongerThanTheOutputBufferIsCopiedAsItIs() throws Exception {
    // Names are matched trimmed: a header padded past the 1 MiB the output holds at once.
    String header =
        "visit_id" + " ".repeat(1_100_000) + ",person_id,start_date,start_datetime,note\r\n";
    assertEquals(
        header + "7,424242,2017-01-01,,a\r\n",
        rewriteVisits(new DeidFixture(dir), null, header + "7,1,2017-05-06,,a\r\n"));
  }

  @Test
  void rowsEachLongerThanHalfTheOutputBufferAreWrittenWhole() throws Exception {
    // Each row fills a batch of its own, so each is the last of its batch.
    String note = "n".repeat(600_000);
    StringBuilder in = new StringBuilder(DeidFixture.VISIT_HEADER);
    StringBuilder expected = new StringBuilder(DeidFixture.VISIT_HEADER);
    for (int v = 1; v <= 3; v++) {
      in.append(v).append(",1,2016-05-06,,").append(note).append(v).append('\n');
      expected.append(v).append(",424242,2016-01-01,,").append(note).append(v).append('\n');
    }
    assertEquals(expected.toString(), rewriteVisits(new DeidFixture(dir), null, in.toString()));
  }

  @Test
  void aByteOrderMarkIsKeptAtTheStartOfTheRewrittenFile() throws Exception {
    String header = DeidFixture.VISIT_HEADER;
    assertEquals(
        "\uFEFF" + header + "7,424242,2017-01-01,,a\n",
        rewriteVisits(new DeidFixture(dir), null, "\uFEFF" + header + "7,1,2017-05-06,,a\n"));
  }
}
