package org.ehrcontracts.engine.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ehrcontracts.engine.contract.Dialect;
import org.junit.jupiter.api.Test;

/**
 * What a record tells a rule about each field (issue 14), by value: records wider than the record's
 * first allocation, the length in characters a length rule counts, and values with doubled quotes
 * or non-ASCII text.
 */
class CsvRecordTest {

  private static final Dialect LOOSE =
      new Dialect(',', '"', false, true, true, Dialect.LineEnding.ANY, false, false, true, true);

  /** Per record, per field: value|quoted|escaped|ascii|code points|span length. */
  private static List<List<String>> fields(String csv) throws IOException {
    List<List<String>> records = new ArrayList<>();
    new CsvScanner(LOOSE)
        .scan(
            csv.getBytes(StandardCharsets.UTF_8),
            new RecordHandler() {
              @Override
              public void record(CsvRecord record) {
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < record.size(); i++) {
                  fields.add(
                      record.text(i)
                          + "|"
                          + (record.quoted(i) ? "Q" : "-")
                          + (record.escaped(i) ? "E" : "-")
                          + (record.ascii(i) ? "A" : "-")
                          + (record.isEmpty(i) ? "0" : "")
                          + "|"
                          + record.codePoints(i)
                          + "|"
                          + (record.end(i) - record.start(i)));
                }
                records.add(fields);
              }

              @Override
              public void issue(CsvIssue issue, long line, int field) {}
            });
    return records;
  }

  @Test
  void aRecordOfManyMoreFieldsThanItFirstHoldsKeepsEachOne() throws IOException {
    StringBuilder row = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String value = "v" + i;
      row.append(i == 0 ? "" : ",").append(i % 2 == 0 ? value : "\"" + value + "\"");
      expected.add(
          value + "|" + (i % 2 == 0 ? "-" : "Q") + "-A|" + value.length() + "|" + value.length());
    }
    List<List<String>> records = fields("a,b\n" + row + "\n1,2\n");
    assertEquals(3, records.size());
    assertEquals(expected, records.get(1));
    assertEquals(List.of("1|--A|1|1", "2|--A|1|1"), records.get(2));
  }

  @Test
  void codePointsCountCharactersOnceTheirQuotesAreUndone() throws IOException {
    List<List<String>> records =
        fields("h\n\"\"\"\"\"\"\n\"é\"\"x\"\n\"\"\"\"\n\"a\"\"\"\"b\"\n日本\n\"\"\n,\n");
    assertEquals(
        List.of(
            List.of("h|--A|1|1"),
            // Two doubled quotes: the value is two quotes, four bytes between the outer ones.
            List.of("\"\"|QEA|2|4"),
            List.of("é\"x|QE-|3|5"),
            List.of("\"|QEA|1|2"),
            List.of("a\"\"b|QEA|4|6"),
            List.of("日本|---|2|6"),
            List.of("|Q-A0|0|0"),
            List.of("|--A0|0|0", "|--A0|0|0")),
        records);
  }
}
