package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.junit.jupiter.api.Test;

/**
 * The batches that carry records from the scanning thread to the rewriting one (issue 14): how many
 * records, fields and bytes one holds, by value at each limit, that a record larger than an empty
 * batch still goes through, and that each field comes out with its quotes and value as it went in.
 */
class RecordBatchTest {

  private static final Dialect ANY =
      new Dialect(',', '"', false, false, true, Dialect.LineEnding.ANY, false, true, true, true);

  /** Adds every record of {@code csv} to {@code batch}; returns, per record, whether it fit. */
  private static List<Boolean> add(RecordBatch batch, String csv, boolean unclosed)
      throws IOException {
    List<Boolean> fits = new ArrayList<>();
    new CsvScanner(ANY)
        .scan(
            csv.getBytes(StandardCharsets.UTF_8),
            new RecordHandler() {
              @Override
              public void record(CsvRecord record) {
                fits.add(batch.add(record, unclosed));
              }

              @Override
              public void issue(CsvIssue issue, long line, int field) {}
            });
    return fits;
  }

  private static String raw(RecordBatch batch, int f) {
    return new String(
        batch.data, batch.rawStart(f), batch.rawEnd(f) - batch.rawStart(f), StandardCharsets.UTF_8);
  }

  @Test
  void aBatchHolds16384RecordsAndRefusesTheNext() throws IOException {
    RecordBatch batch = new RecordBatch();
    List<Boolean> fits = add(batch, "1\n".repeat(16_385), false);
    assertEquals(16_384, fits.stream().filter(b -> b).count());
    assertFalse(fits.get(16_384));
    assertEquals(16_384, batch.records);
    batch.clear();
    assertEquals(List.of(true), add(batch, "2\n", false));
    assertEquals(1, batch.records);
    assertEquals("2", batch.text(0));
  }

  @Test
  void aBatchHolds131072FieldsAndRefusesARecordThatWouldPassThem() throws IOException {
    RecordBatch batch = new RecordBatch();
    // 8,192 records of 16 fields fill the fields exactly; the next record does not fit.
    String row = "1" + ",1".repeat(15) + "\n";
    List<Boolean> fits = add(batch, row.repeat(8_193), false);
    assertEquals(8_192, fits.indexOf(false));
    assertEquals(131_072, batch.fields);
    assertEquals(8_192, batch.records);
    assertEquals(16, batch.size(8_191));
  }

  @Test
  void aBatchHoldsOneMebibyteOfRecordBytesAndRefusesOneMore() throws IOException {
    RecordBatch batch = new RecordBatch();
    // 1,024 records of 1,024 bytes each (line breaks are not kept): exactly 1 MiB.
    String row = "x".repeat(1_024) + "\n";
    assertEquals(List.of(), add(batch, row.repeat(1_024), false).stream().filter(b -> !b).toList());
    assertEquals(1 << 20, batch.length);
    assertEquals(List.of(false), add(batch, "y\n", false));
    RecordBatch almost = new RecordBatch();
    add(almost, row.repeat(1_023) + "x".repeat(1_023) + "\n", false);
    assertEquals(List.of(true), add(almost, "y\n", false));
    assertEquals(List.of(false), add(almost, "z\n", false));
  }

  @Test
  void aRecordLargerThanAnEmptyBatchMakesItGrow() throws IOException {
    RecordBatch batch = new RecordBatch();
    // 200,000 fields and 2 MB in one record.
    String wide = "ab" + ",ab".repeat(199_999) + "\n";
    assertEquals(List.of(true), add(batch, wide, false));
    assertEquals(200_000, batch.size(0));
    assertEquals("ab", batch.text(199_999));
    assertEquals(599_999, batch.length);
    String big = "\"" + "y".repeat(3_000_000) + "\"\n";
    batch.clear();
    assertEquals(List.of(true), add(batch, big, false));
    assertEquals(3_000_002, batch.length);
    assertEquals(3_000_000, batch.text(0).length());
    // Once it holds a record, a batch refuses a record it has no room for.
    assertEquals(List.of(false), add(batch, "z\n", false));
  }

  @Test
  void eachFieldKeepsItsQuotesAndItsValue() throws IOException {
    RecordBatch batch = new RecordBatch();
    add(batch, "\"a\",b,\"say \"\"hi\"\"\",c\"\"d,\"\"\n\"e\",\"f\"\n", false);
    assertEquals(2, batch.records);
    assertEquals(5, batch.size(0));
    assertEquals(2, batch.size(1));
    assertEquals(
        List.of("\"a\"", "b", "\"say \"\"hi\"\"\"", "c\"\"d", "\"\"", "\"e\"", "\"f\""),
        List.of(
            raw(batch, 0),
            raw(batch, 1),
            raw(batch, 2),
            raw(batch, 3),
            raw(batch, 4),
            raw(batch, 5),
            raw(batch, 6)));
    // Doubled quotes are undone only in a quoted field.
    assertEquals(
        List.of("a", "b", "say \"hi\"", "c\"\"d", "", "e", "f"),
        List.of(
            batch.text(0),
            batch.text(1),
            batch.text(2),
            batch.text(3),
            batch.text(4),
            batch.text(5),
            batch.text(6)));
    assertEquals(
        List.of(1, 0, 1 | 2, 0, 1),
        List.of(
            batch.flags[0] & 3,
            batch.flags[1] & 3,
            batch.flags[2] & 3,
            batch.flags[3] & 3,
            batch.flags[4] & 3));
  }

  @Test
  void aQuoteLeftOpenAtTheEndOfTheDataIsNotClosedInTheCopy() throws IOException {
    RecordBatch open = new RecordBatch();
    add(open, "\"a\",\"b", true);
    assertEquals(List.of("\"a\"", "\"b"), List.of(raw(open, 0), raw(open, 1)));
    assertEquals(6, open.length, "the copy ends where the data does");
    RecordBatch closed = new RecordBatch();
    add(closed, "\"a\",\"b\"", false);
    assertEquals(List.of("\"a\"", "\"b\""), List.of(raw(closed, 0), raw(closed, 1)));
    assertEquals(7, closed.length);
    assertTrue((closed.flags[1] & RecordBatch.CLOSED) != 0);
    assertFalse((open.flags[1] & RecordBatch.CLOSED) != 0);
    assertTrue((open.flags[0] & RecordBatch.CLOSED) != 0, "only the last field can be open");
  }
}
