package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ehrcontracts.engine.contract.ColumnRef;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.DeidentificationPolicy.Action;
import org.ehrcontracts.engine.contract.DeidentificationPolicy.ColumnDecision;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.json.ToolRef;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the audit reports say about a run: every count, reason, column and decision, by value. */
class DeidReportTest {

  @TempDir Path dir;

  private static final ColumnRef PERSON_ID = new ColumnRef("person", "person_id");
  private static final ColumnRef VISIT_PERSON = new ColumnRef("visit_occurrence", "person_id");
  private static final ColumnRef VISIT_DATE = new ColumnRef("visit_occurrence", "visit_start_date");
  private static final ColumnRef MONTH = new ColumnRef("person", "month_of_birth");
  private static final ColumnRef DAY = new ColumnRef("person", "day_of_birth");
  private static final ColumnRef SOURCE = new ColumnRef("person", "person_source_value");

  /** A run with something to say on every line: removals of each kind, renumbered ids. */
  private static DeidResult busy() {
    Map<ColumnRef, ColumnDecision> decisions = new LinkedHashMap<>();
    decisions.put(PERSON_ID, new ColumnDecision(Action.REPLACE_PERSON, "the person id"));
    decisions.put(SOURCE, new ColumnDecision(Action.BLANK, "free text <may> name \"them\" & 'us'"));
    decisions.put(VISIT_DATE, new ColumnDecision(Action.TRUNCATE_DATE, "a date"));
    VerifyResult input =
        new VerifyResult(
            "deid-test",
            "1.0.0",
            "abc",
            List.of(),
            "export",
            Path.of("in"),
            "0.9.0",
            Instant.EPOCH,
            Duration.ZERO,
            false,
            List.of());
    return new DeidResult(
        "deid-test",
        "1.0.0",
        "abc",
        "export<1>",
        Path.of("out", "export-deid"),
        LocalDate.of(2017, 12, 1),
        OptionalInt.of(80),
        "0.9.0",
        Instant.parse("2026-12-07T10:15:30.123456Z"),
        Duration.ofMillis(1234),
        new DeidResult.Persons(12_345, 10_000, 2_000, 300, 40, 5),
        new DeidResult.Ids(DeidentificationPolicy.Crosswalk.PER_SUBMISSION, 7, 9_990, 3, 10_000, 6),
        List.of(
            new DeidResult.FileStats(
                "person.csv",
                "person",
                12_345,
                10_000,
                2_300,
                0,
                0,
                45,
                10_000,
                0,
                0,
                0,
                10_000,
                456_789,
                "AAAAAA=="),
            new DeidResult.FileStats(
                "visit_occurrence.csv",
                "visit_occurrence",
                1_234_567,
                1_234_567,
                0,
                0,
                0,
                0,
                1_234_567,
                2_469_134,
                0,
                0,
                0,
                98_765_432,
                "BBBBBB=="),
            new DeidResult.FileStats(
                "o.csv", "observation", 10, 4, 1, 2, 3, 0, 4, 5, 6, 7, 8, 100, "CCCCCC==")),
        List.of("notes.txt", "extra.csv"),
        List.of(PERSON_ID, VISIT_PERSON),
        List.of(VISIT_DATE),
        List.of(MONTH, DAY),
        List.of(SOURCE),
        decisions,
        List.of(
            new DeidResult.NotWritten(
                "drug.csv", "drug_exposure", "its header lacks column person_id", 12)),
        Optional.of(input),
        Optional.empty());
  }

  /** A run with nothing to remark on: no limit, nothing removed. */
  private static DeidResult quiet() {
    return new DeidResult(
        "deid-test",
        "1.0.0",
        "abc",
        "export",
        Path.of("out", "export"),
        LocalDate.of(2017, 12, 1),
        OptionalInt.empty(),
        "0.9.0",
        Instant.parse("2026-12-07T10:15:30Z"),
        Duration.ZERO,
        new DeidResult.Persons(1, 1, 0, 0, 0, 0),
        new DeidResult.Ids(DeidentificationPolicy.Crosswalk.PERSISTENT, 0, 1, 0, 1, 9),
        List.of(new DeidResult.FileStats("p", "person", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "x")),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void theConsoleSaysPerFileWhyRowsWentAndThenPersonsAndIds() {
    assertEquals(
        List.of(
            "  person.csv               12,345 rows in     10,000 out   2,345 removed (2,300 of"
                + " removed persons, 45 with more or fewer fields than the header)",
            "  visit_occurrence.csv  1,234,567 rows in  1,234,567 out",
            "  o.csv                        10 rows in          4 out   6 removed (1 of removed"
                + " persons, 2 of unknown persons, 3 referring to removed rows); 7 unreadable dates"
                + " emptied",
            "  drug.csv  not written: its header lacks column person_id",
            "Persons: 10,000 kept, 2,000 removed as older than 80 on 2017-12-01, 300 removed"
                + " without a year of birth, 40 person rows without an id removed; 5 person ids"
                + " referred to but missing from the person table (their rows removed)",
            "New ids (6 digits, per-submission crosswalk): 7 reused, 9,990 new, 3 renumbered"
                + " because their old number is an original id of this export"),
        DeidReport.console(busy()));
  }

  @Test
  void aQuietRunHasNoRemarksAndColumnsAtLeastFourWide() {
    assertEquals(
        List.of(
            "  p     0 rows in  0 out",
            "Persons: 1 kept, 0 removed as older than (no limit) on 2017-12-01",
            "New ids (9 digits, persistent crosswalk): 0 reused, 1 new"),
        DeidReport.console(quiet()));
  }

  @Test
  void aFileNamesOnlyTheReasonsItsRowsWentFor() {
    DeidResult q = quiet();
    DeidResult one =
        new DeidResult(
            q.contract(),
            q.contractVersion(),
            q.contractDigest(),
            q.export(),
            q.output(),
            q.asOf(),
            q.maxAge(),
            q.toolVersion(),
            q.started(),
            q.duration(),
            q.persons(),
            q.ids(),
            List.of(
                new DeidResult.FileStats("v.csv", "visit", 5, 3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, "x"),
                new DeidResult.FileStats(
                    "w.csv", "visit", 5, 4, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, "x")),
            q.notCopied(),
            q.personColumns(),
            q.dateColumns(),
            q.birthParts(),
            q.blanked(),
            q.decisions(),
            q.notWritten(),
            q.input(),
            q.verification());
    assertEquals(
        List.of(
            "  v.csv  5 rows in  3 out   2 removed (2 of unknown persons)",
            "  w.csv  5 rows in  4 out   1 removed (1 referring to removed rows)"),
        DeidReport.console(one).subList(0, 2));
  }

  @Test
  void theDocumentHoldsEveryCountColumnAndDecision() {
    DeidResult r = busy();
    DeidDocument expected =
        new DeidDocument(
            ToolRef.of("0.9.0"),
            ContractRef.of("deid-test", "1.0.0", "abc"),
            "export<1>",
            Path.of("out", "export-deid").toString(),
            "2017-12-01",
            80,
            "2026-12-07T10:15:30.123Z",
            1234,
            r.persons(),
            new DeidDocument.Ids("per-submission", 6, 7, 9_990, 3, 10_000),
            new DeidDocument.Summary(1_246_922, 1_244_571, 98_765_432 + 456_789 + 100),
            List.of(
                new DeidDocument.File(
                    "person.csv",
                    "person",
                    12_345,
                    10_000,
                    new DeidDocument.Removed(2_300, 0, 0, 45),
                    10_000,
                    0,
                    0,
                    0,
                    10_000,
                    456_789,
                    "AAAAAA=="),
                new DeidDocument.File(
                    "visit_occurrence.csv",
                    "visit_occurrence",
                    1_234_567,
                    1_234_567,
                    new DeidDocument.Removed(0, 0, 0, 0),
                    1_234_567,
                    2_469_134,
                    0,
                    0,
                    0,
                    98_765_432,
                    "BBBBBB=="),
                new DeidDocument.File(
                    "o.csv",
                    "observation",
                    10,
                    4,
                    new DeidDocument.Removed(1, 2, 3, 0),
                    4,
                    5,
                    6,
                    7,
                    8,
                    100,
                    "CCCCCC==")),
            new DeidDocument.Columns(
                List.of("person.person_id", "visit_occurrence.person_id"),
                List.of("visit_occurrence.visit_start_date"),
                List.of("person.month_of_birth", "person.day_of_birth"),
                List.of("person.person_source_value")),
            List.of(
                new DeidDocument.Decision("person", "person_id", "replace-person", "the person id"),
                new DeidDocument.Decision(
                    "person",
                    "person_source_value",
                    "blank",
                    "free text <may> name \"them\" & 'us'"),
                new DeidDocument.Decision(
                    "visit_occurrence", "visit_start_date", "truncate-date", "a date")),
            r.notWritten(),
            List.of("notes.txt", "extra.csv"),
            new DeidDocument.Verifications(new DeidDocument.Verification(0, 0, 0, 0), null));
    assertEquals(expected, DeidReport.document(r));
    DeidDocument quiet = DeidReport.document(quiet());
    assertEquals(null, quiet.maxAge());
    assertEquals(new DeidDocument.Verifications(null, null), quiet.verification());
    assertEquals("persistent", quiet.ids().crosswalk());
  }

  @Test
  void thePageShowsEveryCountEscapedAndEveryDecision() {
    String html = DeidReport.html(busy());
    for (String part :
        List.of(
            "<title>De-identification of export&lt;1&gt;</title>",
            "<h1>De-identification of <code>export&lt;1&gt;</code></h1>",
            "<p>Contract <code>deid-test 1.0.0</code>, reference date 2017-12-01, age limit 80,"
                + " tool 0.9.0.</p>",
            "<tr><td>person rows read</td><td>12,345</td></tr>\n"
                + "<tr><td>persons kept</td><td>10,000</td></tr>\n"
                + "<tr><td>removed: older than the limit</td><td>2,000</td></tr>\n"
                + "<tr><td>removed: no year of birth</td><td>300</td></tr>\n"
                + "<tr><td>removed: person rows without an id</td><td>40</td></tr>\n"
                + "<tr><td>ids referred to but missing from the person table</td><td>5</td></tr>\n"
                + "<tr><td>new ids reused from the crosswalk</td><td>7</td></tr>\n"
                + "<tr><td>new ids issued</td><td>9,990</td></tr>\n"
                + "<tr><td>new ids renumbered</td><td>3</td></tr>\n",
            "<tr><td>o.csv</td><td>10</td><td>4</td><td>1</td><td>2</td><td>3</td><td>0</td>"
                + "<td>4</td><td>5</td><td>6</td><td>7</td><td>8</td><td>100</td>"
                + "<td><code>CCCCCC==</code></td></tr>\n",
            "<tr><td>person ids replaced</td><td style=\"text-align:left\"><code>person.person_id"
                + "</code>, <code>visit_occurrence.person_id</code></td></tr>\n"
                + "<tr><td>dates set to January 1</td><td style=\"text-align:left\"><code>"
                + "visit_occurrence.visit_start_date</code></td></tr>\n"
                + "<tr><td>birth month and day set to 1</td><td style=\"text-align:left\"><code>"
                + "person.month_of_birth</code>, <code>person.day_of_birth</code></td></tr>\n"
                + "<tr><td>emptied</td><td style=\"text-align:left\"><code>"
                + "person.person_source_value</code></td></tr>\n",
            "<h2>Tables not written</h2>",
            "<tr><td><code>drug.csv</code></td><td style=\"text-align:left\">its header lacks"
                + " column person_id</td></tr>\n",
            "<tr><td>person</td><td><code>person_source_value</code></td><td>blank</td>"
                + "<td style=\"text-align:left\">free text &lt;may&gt; name &quot;them&quot; &amp;"
                + " &#39;us&#39;</td></tr>\n",
            "<tr><td>visit_occurrence</td><td><code>visit_start_date</code></td>"
                + "<td>truncate-date</td><td style=\"text-align:left\">a date</td></tr>\n",
            "<p>Not copied: <code>notes.txt</code>, <code>extra.csv</code>.</p>\n",
            "</body>\n</html>\n")) {
      assertTrue(html.contains(part), part);
    }
    String quiet = DeidReport.html(quiet());
    assertTrue(quiet.contains(", age limit none, "), quiet);
    assertFalse(quiet.contains("Tables not written"), quiet);
    assertFalse(quiet.contains("Not copied"), quiet);
    assertTrue(
        quiet.contains("<tr><td>emptied</td><td style=\"text-align:left\"></td></tr>"), quiet);
  }

  @Test
  void writeLeavesBothReportsInAFolderNamedAfterTheOutput() throws Exception {
    DeidResult r = busy();
    List<Path> written = DeidReport.write(r, dir.resolve("reports"));
    Path folder = dir.resolve("reports/export-deid");
    assertEquals(List.of(folder.resolve("deid.json"), folder.resolve("deid.html")), written);
    assertEquals(DeidReport.html(r), Files.readString(folder.resolve("deid.html")));
    assertEquals(
        DeidReport.document(r),
        JsonDocuments.read(Files.readString(folder.resolve("deid.json")), DeidDocument.class));
  }
}
