package org.ehrcontracts.engine.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ehrcontracts.engine.contract.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvScannerTest {

  private static final Dialect SPEC =
      new Dialect(',', '"', true, true, true, Dialect.LineEnding.CRLF, false, false, false, false);
  private static final Dialect LOOSE =
      new Dialect(',', '"', false, true, true, Dialect.LineEnding.ANY, false, false, true, true);

  @TempDir Path dir;

  @Test
  void readsQuotedRecordsWithPhysicalLines() throws IOException {
    Scan scan = scan(SPEC, "\"a\",\"b\"\r\n\"1\",\"x\"\"y\"\r\n\"2\",\"\"\r\n");
    assertEquals(List.of("1:[a, b]", "2:[1, x\"y]", "3:[2, ]"), scan.records);
    assertEquals(List.of(), scan.issues);
    assertEquals(3, scan.result.lines());
  }

  @Test
  void reportsEveryByteLevelIssueWithItsLine() throws IOException {
    Scan scan =
        scan(
            SPEC,
            "\"a\",b\r\n\"1\",\"x\"y\r\n\r\n\"2\",\"z\"\n\"3\",\"multi\r\nline\"\r\n\"4\",\"open");
    assertEquals(
        List.of(
            "UNQUOTED_FIELD@1:2",
            "STRAY_QUOTE@2:2",
            "BLANK_LINE@3:0",
            "LINE_ENDING@4:0",
            "EMBEDDED_NEWLINE@5:2",
            "UNCLOSED_QUOTE@7:2"),
        scan.issues);
    assertEquals(
        List.of("1:[a, b]", "2:[1, x]", "4:[2, z]", "5:[3, multi\r\nline]", "7:[4, open]"),
        scan.records);
  }

  @Test
  void looseDialectAcceptsWhatTheLoaderAccepts() throws IOException {
    Scan scan = scan(LOOSE, "a,b\nplain,\"quoted, with comma\"\r\n3,\"two\nlines\"\n\n4,last");
    assertEquals(List.of(), scan.issues);
    assertEquals(
        List.of("1:[a, b]", "2:[plain, quoted, with comma]", "3:[3, two\nlines]", "6:[4, last]"),
        scan.records);
  }

  @Test
  void eachRecordTellsHowItsLineEnded() throws IOException {
    Path file = dir.resolve("endings.csv");
    Files.writeString(file, "a,b\r\n\"1\",\"x\"\r\n2,y\n\"3\",\"z\"\n4,last");
    List<Integer> breaks = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file)) {
      new CsvScanner(LOOSE)
          .scan(
              channel,
              0,
              channel.size(),
              1,
              new RecordHandler() {
                @Override
                public void record(CsvRecord record) {
                  breaks.add(record.lineBreak());
                }

                @Override
                public void issue(CsvIssue issue, long line, int field) {}
              });
    }
    assertEquals(List.of(2, 2, 1, 1, 0), breaks);
  }

  @Test
  void strayQuoteInsideAnUnquotedField() throws IOException {
    assertEquals(List.of("STRAY_QUOTE@2:2"), scan(LOOSE, "a,b\n1,x\"y\n").issues);
  }

  @Test
  void invalidUtf8IsReportedAndValidUtf8IsNot() throws IOException {
    byte[] bytes = "a\nok é ✓ 😀\nbad \u0000\n".getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 2] = (byte) 0xC3; // a lead byte without its continuation
    Scan scan = scan(LOOSE, bytes);
    assertEquals(List.of("INVALID_UTF8@3:1"), scan.issues);
    assertEquals("2:[ok é ✓ 😀]", scan.records.get(1));
  }

  @Test
  void recordsLongerThanTheBufferAreRead() throws IOException {
    String big = "x".repeat(CsvScanner.BUFFER * 2 + 17);
    Scan scan = scan(LOOSE, "a,b\n1,\"" + big + "\"\n2,y\n");
    assertEquals(3, scan.records.size());
    assertEquals("3:[2, y]", scan.records.get(2));
  }

  @Test
  void splitPartsScanToTheSameRecordsAsOneScan() throws IOException {
    StringBuilder csv = new StringBuilder("\"id\",\"v\"\r\n");
    for (int i = 0; i < 5000; i++) {
      csv.append('"').append(i).append("\",\"value ").append(i).append("\"\r\n");
    }
    Path file = dir.resolve("big.csv");
    Files.writeString(file, csv);
    CsvScanner scanner = new CsvScanner(SPEC);
    try (FileChannel channel = FileChannel.open(file)) {
      List<Long> bounds = CsvSplitter.split(channel, 0, channel.size(), 7);
      assertEquals(8, bounds.size());
      long line = 1;
      List<String> records = new ArrayList<>();
      for (int i = 0; i + 1 < bounds.size(); i++) {
        Collector collector = new Collector();
        CsvScanner.Result result =
            scanner.scan(channel, bounds.get(i), bounds.get(i + 1), line, collector);
        assertFalse(result.crossedLimit());
        assertEquals(bounds.get(i + 1), result.end());
        line += result.lines();
        records.addAll(collector.records);
      }
      assertEquals(scan(SPEC, csv.toString()).records, records);
    }
  }

  @Test
  void aSplitInsideAQuotedFieldIsDetected() throws IOException {
    Path file = dir.resolve("multi.csv");
    Files.writeString(file, "a,b\n1,\"x\ny\"\n2,z\n");
    CsvScanner scanner = new CsvScanner(LOOSE);
    try (FileChannel channel = FileChannel.open(file)) {
      long inside = "a,b\n1,\"x\n".length();
      CsvScanner.Result first = scanner.scan(channel, 0, inside, 1, new Collector());
      assertTrue(first.crossedLimit());
    }
  }

  private Scan scan(Dialect dialect, String text) throws IOException {
    return scan(dialect, text.getBytes(StandardCharsets.UTF_8));
  }

  private Scan scan(Dialect dialect, byte[] bytes) throws IOException {
    Path file = Files.createTempFile(dir, "scan", ".csv");
    Files.write(file, bytes);
    try (FileChannel channel = FileChannel.open(file)) {
      Collector collector = new Collector();
      CsvScanner.Result result =
          new CsvScanner(dialect).scan(channel, 0, channel.size(), 1, collector);
      return new Scan(collector.records, collector.issues, result);
    }
  }

  private record Scan(List<String> records, List<String> issues, CsvScanner.Result result) {}

  private static final class Collector implements RecordHandler {
    final List<String> records = new ArrayList<>();
    final List<String> issues = new ArrayList<>();

    @Override
    public void record(CsvRecord record) {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < record.size(); i++) {
        fields.add(record.text(i).toString());
      }
      records.add(record.line() + ":" + fields);
    }

    @Override
    public void issue(CsvIssue issue, long line, int field) {
      issues.add(issue + "@" + line + ":" + field);
    }
  }
}
