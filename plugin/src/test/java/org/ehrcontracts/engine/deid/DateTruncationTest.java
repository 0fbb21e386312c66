package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dates and times truncated in place in a batch (issue 14): what each value becomes, by value, with
 * the bytes around it untouched, for rows cut short before a date or time column, repeated values,
 * and values with quotes or non-ASCII characters, which are flagged to be emptied.
 */
class DateTruncationTest {

  private static final Dialect ANY =
      new Dialect(',', '"', false, false, true, Dialect.LineEnding.ANY, false, true, true, true);

  @TempDir Path dir;

  /**
   * Column 1 a date, column 2 a time of day: the batch's bytes after truncation (a batch keeps no
   * line breaks) and, per field, U where it was flagged as unreadable.
   */
  private List<String> truncate(String csv) throws Exception {
    Table visit = new DeidFixture(dir).loadContract().table("visit").orElseThrow();
    return truncate(csv, visit.column("start_date").orElseThrow().dateTimeFormats());
  }

  /** As {@link #truncate(String)}, with the date in one of {@code date}'s forms. */
  private static List<String> truncate(String csv, DateTimeFormats date) throws Exception {
    RecordBatch batch = new RecordBatch();
    new CsvScanner(ANY)
        .scan(
            csv.getBytes(StandardCharsets.UTF_8),
            new RecordHandler() {
              @Override
              public void record(CsvRecord record) {
                batch.add(record, false);
              }

              @Override
              public void issue(CsvIssue issue, long line, int field) {}
            });
    DateTruncation dates =
        new DateTruncation(
            new int[] {1}, new DateTimeFormats[] {date}, new int[] {2}, ZoneOffset.UTC);
    for (int r = 0; r < batch.records; r++) {
      dates.apply(batch, r);
    }
    StringBuilder unparseable = new StringBuilder();
    for (int f = 0; f < batch.fields; f++) {
      unparseable.append((batch.flags[f] & RecordBatch.UNPARSEABLE) != 0 ? 'U' : '.');
    }
    return List.of(
        new String(batch.data, 0, batch.length, StandardCharsets.UTF_8), unparseable.toString());
  }

  @Test
  void aDateBecomesJanuaryFirstAndATimeMidnightInTheirOwnBytes() throws Exception {
    assertEquals(List.of("a,2017-01-01,00:00:00,b", "...."), truncate("a,2017-05-06,12:34:56,b\n"));
    assertEquals(List.of("a,2017-01-01,00:00", "..."), truncate("a,2017-12-31,23:59\n"));
    assertEquals(
        List.of("a,2017-01-01,00:00:00.000", "..."), truncate("a,2017-05-06,01:02:03.456\n"));
  }

  @Test
  void aRowCutBeforeItsDateOrTimeLeavesTheNextRowAlone() throws Exception {
    // The first row ends before its time, the second before its date: the first values of the
    // rows after them (a time, a date) are not theirs to truncate.
    assertEquals(
        List.of("a,2017-01-0112:34:562019-07-08,2018-01-01,00:00:00", "......"),
        truncate("a,2017-05-06\n12:34:56\n2019-07-08,2018-03-04,01:02:03\n"));
  }

  @Test
  void aRepeatedDateIsTruncatedEveryTime() throws Exception {
    assertEquals(
        List.of("1,2017-01-012,2017-01-013,2018-01-014,2017-01-015,2017-01-01", ".........."),
        truncate("1,2017-05-06\n2,2017-05-06\n3,2018-07-08\n4,2017-05-06\n5,2017-01-01\n"));
  }

  @Test
  void aDateWithQuotesOrNonAsciiCharactersIsFlaggedAndLeftForTheRewriteToEmpty() throws Exception {
    assertEquals(List.of("a,\"2017-01-01\"", ".."), truncate("a,\"2017-05-06\"\n"));
    assertEquals(List.of("a,\"2017-05-06\"\"\"", ".U"), truncate("a,\"2017-05-06\"\"\"\n"));
    assertEquals(List.of("a,2017-05-0\uFF16", ".U"), truncate("a,2017-05-0\uFF16\n"));
    assertEquals(List.of("a,2017-13-06", ".U"), truncate("a,2017-13-06\n"));
    // A time with quotes in it, or not a time at all.
    assertEquals(List.of("a,,\"1\"\"2:00\"", "..U"), truncate("a,,\"1\"\"2:00\"\n"));
    assertEquals(List.of("a,,25:00", "..U"), truncate("a,,25:00\n"));
  }

  @Test
  void aDateInAFormWithNonAsciiLettersIsTruncatedInItsOwnBytes() throws Exception {
    // The slow path: the value is not ASCII, but it parses, and truncation changes digits only.
    DateTimeFormats kanji = DateTimeFormats.of("YYYY\u5E74MM\u6708DD\u65E5");
    assertEquals(
        List.of("a,2017\u5E7401\u670801\u65E5,00:00,b", "...."),
        truncate("a,2017\u5E7405\u670806\u65E5,12:34,b\n", kanji));
    // A second value right after it, and one that is no date.
    assertEquals(
        List.of("a,2018\u5E7401\u670801\u65E5b,2017\u5E7413\u670806\u65E5", "...U"),
        truncate("a,2018\u5E7412\u670831\u65E5\nb,2017\u5E7413\u670806\u65E5\n", kanji));
  }
}
