package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large files are parsed in parts on several threads and rewritten in order: the output is the same
 * byte for byte as with one thread, also when a line break inside a quoted field makes a cut fall
 * inside a record.
 */
class PartsTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  @Test
  void partsGiveTheSameBytesAsOneThread() throws Exception {
    assertSameBytes(false);
  }

  @Test
  void aCutInsideAQuotedLineBreakIsReadAgainInOnePiece() throws Exception {
    assertSameBytes(true);
  }

  private void assertSameBytes(boolean newlines) throws Exception {
    long size = 0;
    byte[] one = null;
    for (int threads : new int[] {1, 3}) {
      DeidFixture f = new DeidFixture(dir.resolve("t" + threads));
      if (newlines) {
        f.contract(
            DeidFixture.CONTRACT
                .formatted("persistent")
                .replace(
                    "dialect: { quoting: optional, lineEnding: any }",
                    "dialect: { quoting: optional, lineEnding: any, embeddedNewlines: true }"));
      }
      StringBuilder persons = new StringBuilder(DeidFixture.PERSON_HEADER);
      for (int p = 0; p < 1000; p++) {
        persons.append(100_000 + p).append(',').append(1920 + p % 90).append(",6,15,,\n");
      }
      f.file("person.csv", persons.toString());
      StringBuilder visits = new StringBuilder(DeidFixture.VISIT_HEADER);
      for (int v = 0; visits.length() < 9 << 20; v++) {
        int month = 1 + v % 12;
        int day = 1 + v % 28;
        visits
            .append(v)
            .append(',')
            .append(100_000 + v % 1000)
            .append(",2016-")
            .append(month < 10 ? "0" : "")
            .append(month)
            .append(day < 10 ? "-0" : "-")
            .append(day)
            .append(",2016-03-12T14:")
            .append(v % 50 + 10)
            .append(":00-05:00,\"")
            .append(
                newlines
                    ? "first line\nsecond, \"\"quoted\"\" line"
                    : "a note, with \"\"quotes\"\"")
            .append("\"\r\n");
      }
      f.file("visit.csv", visits.toString());
      size = Files.size(f.export.resolve("visit.csv"));
      long[] counter = {0};
      DeidRequest request = f.request(AS_OF, (min, max) -> min + counter[0]++);
      DeidResult result =
          f.run(
              new DeidRequest(
                  request.contract(),
                  request.export(),
                  request.output(),
                  request.crosswalk(),
                  AS_OF,
                  false,
                  false,
                  threads,
                  request.ids(),
                  "test"));
      byte[] out = Files.readAllBytes(f.output.resolve("visit.csv"));
      if (one == null) {
        one = out;
      } else {
        assertArrayEquals(one, out);
      }
      assertTrue(result.files().get(1).rowsOut() > 0);
      String text = new String(out, 0, 2000, StandardCharsets.UTF_8);
      assertTrue(text.contains(",2016-01-01,2016-01-01T00:00:00-05:00,"), text);
    }
    assertTrue(size > 2 * RewritePipeline.PART_BYTES, "the file has several parts");
  }

  @Test
  void batchesReusedWithinAPartHoldOnlyTheirNewRows() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    Roles roles = Roles.of(f.loadContract());
    PersonMap persons = new PersonMap();
    persons.addPerson(1, false);
    persons.issue((min, max) -> 424242, 6);
    // Short rows: a part holds many more rows than a scanner's batches together, so each batch is
    // emptied and filled again several times.
    StringBuilder visits = new StringBuilder(DeidFixture.VISIT_HEADER);
    for (int v = 0; visits.length() < 9 << 20; v++) {
      visits.append(v).append(",1,2016-05-06,,\n");
    }
    Path in = dir.resolve("visit.csv");
    Files.writeString(in, visits);
    RewritePipeline pipeline = new RewritePipeline();
    try (OutputFile out = new OutputFile(dir.resolve("out.csv"))) {
      TableRewriter rewriter =
          new TableRewriter(
              roles.contract.table("visit").orElseThrow(),
              roles,
              persons,
              out,
              java.util.Map.of(),
              java.util.Map.of(),
              new PersonMap.Budget(
                  new org.ehrcontracts.engine.verify.Memory(
                      Long.MAX_VALUE, "unlimited", java.util.Optional.empty())),
              "export/visit.csv");
      pipeline.run(roles.contract.dialect(), in, out, rewriter, 2, "test");
    }
    assertEquals(false, pipeline.restarted, "no cut fell inside a record");
    assertEquals(Files.size(in), pipeline.done, "all of the input is counted as done");
    assertEquals(
        visits.toString().replace(",1,2016-05-06,", ",424242,2016-01-01,"),
        Files.readString(dir.resolve("out.csv")));
  }

  @Test
  void theRestartHappensWhenACutFallsInsideAQuotedField() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace(
                "dialect: { quoting: optional, lineEnding: any }",
                "dialect: { quoting: optional, lineEnding: any, embeddedNewlines: true }"));
    Roles roles = Roles.of(f.loadContract());
    PersonMap persons = new PersonMap();
    persons.addPerson(1, false);
    persons.issue((min, max) -> 424242, 6);
    // Each record is mostly one quoted field of line breaks: every cut falls inside one.
    StringBuilder visits = new StringBuilder(DeidFixture.VISIT_HEADER);
    String lines = "x\n".repeat(2000);
    for (int v = 0; visits.length() < 9 << 20; v++) {
      visits.append(v).append(",1,2016-05-06,,\"").append(lines).append("\"\n");
    }
    Path in = dir.resolve("visit.csv");
    Files.writeString(in, visits);
    RewritePipeline pipeline = new RewritePipeline();
    try (OutputFile out = new OutputFile(dir.resolve("out.csv"))) {
      TableRewriter rewriter =
          new TableRewriter(
              roles.contract.table("visit").orElseThrow(),
              roles,
              persons,
              out,
              java.util.Map.of(),
              java.util.Map.of(),
              new PersonMap.Budget(
                  new org.ehrcontracts.engine.verify.Memory(
                      Long.MAX_VALUE, "unlimited", java.util.Optional.empty())),
              "export/visit.csv");
      pipeline.run(roles.contract.dialect(), in, out, rewriter, 2, "test");
    }
    assertTrue(pipeline.restarted);
    assertEquals(
        visits.toString().replace(",1,2016-05-06,", ",424242,2016-01-01,"),
        Files.readString(dir.resolve("out.csv")));
  }
}
