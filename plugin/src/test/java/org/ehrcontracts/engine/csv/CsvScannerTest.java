package org.ehrcontracts.engine.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  // ---- pinned edges (issue 14): each test states by value what a check downstream sees ----

  /** Optional quoting, LF only; embedded line breaks and blank lines allowed. */
  private static final Dialect LF_ONLY =
      new Dialect(',', '"', false, true, true, Dialect.LineEnding.LF, false, false, true, true);

  /** Optional quoting, CRLF only; embedded line breaks and blank lines allowed. */
  private static final Dialect CRLF_ONLY =
      new Dialect(',', '"', false, true, true, Dialect.LineEnding.CRLF, false, false, true, true);

  /** Any line ending; neither embedded line breaks nor blank lines allowed. */
  private static final Dialect NO_BLANKS =
      new Dialect(',', '"', false, true, true, Dialect.LineEnding.ANY, false, false, false, false);

  @Test
  void eachDialectReportsTheLineEndingsItDoesNotAllow() throws IOException {
    Map<String, List<String>> shapes =
        Map.of(
            "a\nb\r\nc", List.of("1/1/1@0", "2/1/2@2", "3/1/0@5"),
            "\"a\"\n\"b\"\r\n\"c\"", List.of("1/1/1@0", "2/1/2@4", "3/1/0@9"));
    for (Map.Entry<String, List<String>> e : shapes.entrySet()) {
      String text = e.getKey();
      Scan any = scan(LOOSE, text);
      assertEquals(List.of(), any.issues, text);
      assertEquals(List.of("1:[a]", "2:[b]", "3:[c]"), any.records, text);
      assertEquals(e.getValue(), any.shapes, text);
      assertEquals(2, any.result.lines(), "the last line has no line break");
      assertEquals(text.length(), any.result.end());
      assertEquals(List.of("LINE_ENDING@1:0"), scan(CRLF_ONLY, text).issues, text);
      assertEquals(List.of("LINE_ENDING@2:0"), scan(LF_ONLY, text).issues, text);
    }
  }

  @Test
  void aCarriageReturnWithoutALineFeedEndsTheLineAndIsReportedInEveryDialect() throws IOException {
    String text = "a\rb\r\r\nc\r";
    for (Dialect dialect : List.of(LOOSE, LF_ONLY, CRLF_ONLY)) {
      Scan scan = scan(dialect, text);
      assertEquals(List.of("LONE_CR@1:0", "LONE_CR@2:0", "LONE_CR@3:0"), scan.issues);
      assertEquals(List.of("1:[a]", "2:[b]", "3:[c]"), scan.records);
      assertEquals(List.of("1/1/1@0", "2/1/2@2", "3/1/1@6"), scan.shapes);
      assertEquals(3, scan.result.lines());
    }
    // Inside quotes a CR is data; at the start of a line it is an empty record, not a blank line.
    assertEquals(List.of("1:[a\rb]"), scan(NO_BLANKS, "\"a\rb\"\n").records);
    Scan cr = scan(NO_BLANKS, "a\n\rb\n");
    assertEquals(List.of("LONE_CR@2:0"), cr.issues);
    assertEquals(List.of("1:[a]", "2:[]", "3:[b]"), cr.records);
  }

  @Test
  void blankLinesAreSkippedCountedAndReportedWhereTheDialectForbidsThem() throws IOException {
    String text = "\na\n\nb\r\n\r\nc\n\n";
    Scan strict = scan(NO_BLANKS, text);
    assertEquals(
        List.of("BLANK_LINE@1:0", "BLANK_LINE@3:0", "BLANK_LINE@5:0", "BLANK_LINE@7:0"),
        strict.issues);
    assertEquals(List.of("2:[a]", "4:[b]", "6:[c]"), strict.records);
    assertEquals(7, strict.result.lines());
    assertEquals(3, strict.result.records());
    Scan loose = scan(LOOSE, text);
    assertEquals(List.of(), loose.issues);
    assertEquals(strict.records, loose.records);
  }

  @Test
  void quotedFieldsUnescapeAndSayHowTheyWereWritten() throws IOException {
    Scan scan = scan(LOOSE, "\"a\"\"b\",\"\",\"c,d\",\"\"\"\",e\n");
    assertEquals(List.of(), scan.issues);
    assertEquals(List.of("1:[a\"b, , c,d, \", e]"), scan.records);
    assertEquals(List.of("QEA3 Q-A0 Q-A3 QEA1 --A1"), scan.flags);
    assertEquals(List.of("--A0 --A0"), scan(LOOSE, ",\n").flags);
  }

  @Test
  void aStrayQuoteIsReportedOnceAndTheRestOfTheFieldSkipped() throws IOException {
    Scan after = scan(LOOSE, "\"a\"b,c\n\"d\" ,e\n");
    assertEquals(List.of("STRAY_QUOTE@1:1", "STRAY_QUOTE@2:1"), after.issues);
    assertEquals(List.of("1:[a, c]", "2:[d, e]"), after.records);

    // The skip runs to the line feed: the CR before it still makes the line end CRLF.
    Scan crlf = scan(LF_ONLY, "\"a\"b\r\nz\n");
    assertEquals(List.of("STRAY_QUOTE@1:1", "LINE_ENDING@1:0"), crlf.issues);
    assertEquals(List.of("1:[a]", "2:[z]"), crlf.records);
    assertEquals(List.of("1/1/2@0", "2/1/1@6"), crlf.shapes);

    Scan inside = scan(LOOSE, "a\"b\"c,d\n");
    assertEquals(List.of("STRAY_QUOTE@1:1"), inside.issues);
    assertEquals(List.of("1:[a\"b\"c, d]"), inside.records);
    assertEquals(List.of("--A5 --A1"), inside.flags);
  }

  @Test
  void anUnclosedQuoteRunsToTheEndOfTheData() throws IOException {
    Scan scan = scan(LOOSE, "x,\"abc\ndef");
    assertEquals(List.of("UNCLOSED_QUOTE@1:2"), scan.issues);
    assertEquals(List.of("1:[x, abc\ndef]"), scan.records);
    assertEquals(List.of("1/2/0@0"), scan.shapes);
    assertEquals(1, scan.result.lines());
  }

  @Test
  void aQuoteLeftOpenBeforeALineThatStartsAFieldEndsWithItsLine() throws IOException {
    Scan scan = scan(NO_BLANKS, "1,\"abc\n\"2\",\"x\"\n\"3\",\"y\"\n");
    assertEquals(List.of("UNCLOSED_AT_LINE_END@1:2"), scan.issues);
    assertEquals(List.of("1:[1, abc]", "2:[2, x]", "3:[3, y]"), scan.records);

    // The carriage return of CRLF ends the line; it is not part of the value.
    Scan crlf = scan(SPEC, "\"1\",\"abc\r\n\"2\",\"x\"\r\n");
    assertEquals(List.of("UNCLOSED_AT_LINE_END@1:2"), crlf.issues);
    assertEquals(List.of("1:[1, abc]", "2:[2, x]"), crlf.records);

    // The next line's first quote opens its second field.
    Scan second = scan(NO_BLANKS, "1,\"abc\n2,\"x\"\n");
    assertEquals(List.of("UNCLOSED_AT_LINE_END@1:2"), second.issues);
    assertEquals(List.of("1:[1, abc]", "2:[2, x]"), second.records);

    // An opening quote of an empty field, "", followed by more.
    assertEquals(
        List.of("1:[1, abc]", "2:[, x]"), scan(NO_BLANKS, "1,\"abc\n\"\",\"x\"\n").records);
  }

  @Test
  void aValueBrokenOverLinesIsStillOneValue() throws IOException {
    // Its closing quote on the next line is followed by a delimiter: one embedded line break.
    Scan closes = scan(NO_BLANKS, "1,\"abc\ndef\",\"x\"\n2,y\n");
    assertEquals(List.of("EMBEDDED_NEWLINE@1:2"), closes.issues);
    assertEquals(List.of("1:[1, abc\ndef, x]", "3:[2, y]"), closes.records);

    // The next line has no quote: it is taken as more of the value, as before.
    Scan noQuote = scan(NO_BLANKS, "1,\"abc\ndef\nghi\"\n");
    assertEquals(List.of("EMBEDDED_NEWLINE@1:2"), noQuote.issues);
    assertEquals(List.of("1:[1, abc\ndef\nghi]"), noQuote.records);

    // A quote inside the next line's text, not at a field's start, decides nothing.
    assertEquals(List.of("EMBEDDED_NEWLINE@1:2"), scan(NO_BLANKS, "1,\"abc\nd\"\"ef\"\n").issues);

    // Where the dialect allows line breaks in values, nothing is guessed.
    Scan allowed = scan(LOOSE, "1,\"abc\n\"\"2\"\n");
    assertEquals(List.of(), allowed.issues);
    assertEquals(List.of("1:[1, abc\n\"2]"), allowed.records);
  }

  @Test
  void withQuotingAllEveryUnquotedFieldIsReportedEvenEmptyOnes() throws IOException {
    assertEquals(
        List.of("UNQUOTED_FIELD@1:2", "UNQUOTED_FIELD@1:4", "UNQUOTED_FIELD@2:2"),
        scan(SPEC, "\"a\",b,\"c\",d\r\n\"e\",\r\n").issues);
    StringBuilder row = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      row.append(i == 1 ? "" : ",").append(i);
      expected.add("UNQUOTED_FIELD@1:" + i);
    }
    Scan wide = scan(SPEC, row + "\r\n");
    assertEquals(expected, wide.issues, "more issues and fields than the first arrays hold");
    assertEquals(1, wide.records.size());
    assertTrue(wide.records.get(0).endsWith(", 19, 20]"), wide.records.get(0));
  }

  @Test
  void anEmbeddedLineBreakIsReportedOncePerRecordAndLaterIssuesSitOnTheirOwnLine()
      throws IOException {
    Scan scan = scan(NO_BLANKS, "1,\"a\nb\nc\",\"d\ne\"\n2,x\n");
    assertEquals(List.of("EMBEDDED_NEWLINE@1:2"), scan.issues);
    assertEquals(List.of("1:[1, a\nb\nc, d\ne]", "5:[2, x]"), scan.records);
    assertEquals(List.of("1/4/1@0", "5/1/1@16"), scan.shapes);
    assertEquals(List.of(), scan(LOOSE, "1,\"a\nb\nc\",\"d\ne\"\n2,x\n").issues);

    Scan later = scan(LF_ONLY, bytes("\"a\nb", 0, "\"x\r\n\"c\n", 0xff, "\"\rz\n"));
    assertEquals(
        List.of(
            "NUL_BYTE@2:1",
            "STRAY_QUOTE@2:1",
            "LINE_ENDING@2:0",
            "INVALID_UTF8@4:1",
            "LONE_CR@4:0"),
        later.issues);
    assertEquals(List.of("1/2/2@0", "3/2/1@9", "5/1/1@15"), later.shapes);

    Scan blank = scan(NO_BLANKS, "\"a\nb\"\n\nz\n");
    assertEquals(List.of("EMBEDDED_NEWLINE@1:1", "BLANK_LINE@3:0"), blank.issues);
    assertEquals(List.of("1:[a\nb]", "4:[z]"), blank.records);
  }

  @Test
  void everyNulIsReportedAndOtherControlCharactersAreData() throws IOException {
    Scan nul = scan(LOOSE, "a\u0000b\u0000,c\n\"\u0000\"\n");
    assertEquals(List.of("NUL_BYTE@1:1", "NUL_BYTE@1:1", "NUL_BYTE@2:1"), nul.issues);
    assertEquals(List.of("1:[a\u0000b\u0000, c]", "2:[\u0000]"), nul.records);
    assertEquals(List.of("--A4 --A1", "Q-A1"), nul.flags);
    Scan control = scan(LOOSE, "a\tb,\u0001\u001f\u000b\n");
    assertEquals(List.of(), control.issues);
    assertEquals(List.of("1:[a\tb, \u0001\u001f\u000b]"), control.records);
  }

  @Test
  void utf8IsCheckedAtEveryEdgeOfItsRanges() throws IOException {
    // One field a line: the bytes, and how many of them the scanner reports as invalid (each
    // byte that cannot start or continue a valid sequence is one report).
    Object[][] cases = {
      {new int[] {0xC2, 0x80}, 0}, // U+0080, the smallest two-byte character
      {new int[] {0xDF, 0xBF}, 0}, // U+07FF, the largest
      {new int[] {0xC1, 0xBF}, 2}, // overlong: no lead byte below C2
      {new int[] {0xC0, 0x80}, 2}, // overlong NUL
      {new int[] {0xE0, 0xA0, 0x80}, 0}, // U+0800
      {new int[] {0xE0, 0x9F, 0xBF}, 3}, // U+07FF in three bytes: overlong
      {new int[] {0xED, 0x9F, 0xBF}, 0}, // U+D7FF, just below the surrogates
      {new int[] {0xED, 0xA0, 0x80}, 3}, // U+D800, the first surrogate
      {new int[] {0xED, 0xBF, 0xBF}, 3}, // U+DFFF, the last
      {new int[] {0xEE, 0x80, 0x80}, 0}, // U+E000, just above
      {new int[] {0xEF, 0xBF, 0xBF}, 0}, // U+FFFF
      {new int[] {0xF0, 0x90, 0x80, 0x80}, 0}, // U+10000
      {new int[] {0xF0, 0x8F, 0xBF, 0xBF}, 4}, // U+FFFF in four bytes: overlong
      {new int[] {0xF4, 0x8F, 0xBF, 0xBF}, 0}, // U+10FFFF, the largest code point
      {new int[] {0xF4, 0x90, 0x80, 0x80}, 4}, // U+110000: too large
      {new int[] {0xF5, 0x80, 0x80, 0x80}, 4}, // no lead byte above F4
      {new int[] {0x80}, 1}, // a continuation byte alone
      {new int[] {0xFF}, 1},
      {new int[] {0xC3, 0x41}, 1}, // a lead byte followed by ASCII, which stays
      {new int[] {0xE2, 0x9C}, 2}, // cut short by the line feed
    };
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    List<String> expectedIssues = new ArrayList<>();
    List<String> expectedFlags = new ArrayList<>();
    for (int line = 1; line <= cases.length; line++) {
      int[] b = (int[]) cases[line - 1][0];
      int invalid = (Integer) cases[line - 1][1];
      for (int x : b) {
        data.write(x);
      }
      data.write('\n');
      for (int i = 0; i < invalid; i++) {
        expectedIssues.add("INVALID_UTF8@" + line + ":1");
      }
      if (invalid == 0) {
        expectedFlags.add("---1");
      }
    }
    data.write(0xC3); // a lead byte at the very end of the data
    expectedIssues.add("INVALID_UTF8@" + (cases.length + 1) + ":1");
    Scan scan = scan(LOOSE, data.toByteArray());
    assertEquals(expectedIssues, scan.issues);
    assertEquals(cases.length + 1, scan.records.size());
    List<String> validFlags = new ArrayList<>();
    for (int line = 1; line <= cases.length; line++) {
      if ((Integer) cases[line - 1][1] == 0) {
        validFlags.add(scan.flags.get(line - 1));
      }
    }
    assertEquals(expectedFlags, validFlags, "one character each, none of them ASCII");
    assertEquals("1:[\u0080]", scan.records.get(0));
    assertEquals("14:[\uDBFF\uDFFF]", scan.records.get(13));
    // The same checks apply between quotes.
    Scan quoted = scan(LOOSE, bytes("\"", 0xC1, "\",\"", 0xF4, 0x8F, 0xBF, 0xBF, "\"\n"));
    assertEquals(List.of("INVALID_UTF8@1:1"), quoted.issues);
    assertEquals(List.of("Q--1 Q--1"), quoted.flags);
  }

  @Test
  void aByteOrderMarkIsLeftInTheFirstFieldForTheHeaderCheckToJudge() throws IOException {
    Scan scan = scan(LOOSE, "\uFEFFa,b\n1,2\n");
    assertEquals(List.of(), scan.issues);
    assertEquals(List.of("1:[\uFEFFa, b]", "2:[1, 2]"), scan.records);
    assertEquals(List.of("---2 --A1", "--A1 --A1"), scan.flags);
  }

  @Test
  void theLastLineNeedsNoLineBreakAndATrailingDelimiterMeansAnEmptyField() throws IOException {
    Scan last = scan(LOOSE, "a,b\n1,x");
    assertEquals(List.of("1:[a, b]", "2:[1, x]"), last.records);
    assertEquals(List.of("1/1/1@0", "2/1/0@4"), last.shapes);
    assertEquals(1, last.result.lines());
    assertEquals(7, last.result.end());
    assertEquals(List.of("--A1 --A0"), scan(LOOSE, "a,").flags);
    assertEquals(List.of("Q-A1"), scan(LOOSE, "\"a\"").flags);
    Scan empty = scan(NO_BLANKS, "");
    assertEquals(List.of(), empty.records);
    assertEquals(new CsvScanner.Result(0, 0, 0, false), empty.result);
    Scan blank = scan(NO_BLANKS, "\n");
    assertEquals(List.of("BLANK_LINE@1:0"), blank.issues);
    assertEquals(new CsvScanner.Result(0, 1, 1, false), blank.result);
    Scan cr = scan(NO_BLANKS, "a\r");
    assertEquals(List.of("LONE_CR@1:0"), cr.issues);
    assertEquals(List.of("1/1/1@0"), cr.shapes);
  }

  @Test
  void aPartHoldsTheRecordsThatStartInItAndSaysWhenOneRunsPastItsEnd() throws IOException {
    Path file = dir.resolve("parts.csv");
    Files.writeString(file, "a,b\n1,x\n2,y\n");
    CsvScanner scanner = new CsvScanner(LOOSE);
    try (FileChannel channel = FileChannel.open(file)) {
      Collector inside = new Collector();
      assertEquals(new CsvScanner.Result(1, 1, 8, true), scanner.scan(channel, 4, 6, 2, inside));
      assertEquals(List.of("2:[1, x]"), inside.records);
      assertEquals(List.of("2/1/1@4"), inside.shapes);
      assertEquals(
          new CsvScanner.Result(1, 1, 8, false), scanner.scan(channel, 4, 8, 2, new Collector()));
      Collector two = new Collector();
      assertEquals(new CsvScanner.Result(2, 2, 12, true), scanner.scan(channel, 4, 9, 2, two));
      assertEquals(List.of("2:[1, x]", "3:[2, y]"), two.records);
      assertEquals(
          new CsvScanner.Result(0, 0, 8, false), scanner.scan(channel, 8, 8, 3, new Collector()));
      Collector all = new Collector();
      assertEquals(new CsvScanner.Result(3, 3, 12, false), scanner.scan(channel, 0, 12, 1, all));
      assertEquals(List.of("1/1/1@0", "2/1/1@4", "3/1/1@8"), all.shapes);
    }
  }

  @Test
  void aRecordThatCrossesTheEndOfTheReadBufferAtAnyByteIsReadWhole() throws IOException {
    // Each case: the dialect, the bytes, and what they give on line 2 after a line that leaves the
    // buffer's end at each byte of the case in turn.
    record Case(
        Dialect dialect, byte[] data, int first, List<String> records, List<String> issues) {}
    List<Case> cases =
        List.of(
            new Case(NO_BLANKS, bytes("\r\nz\n"), 2, List.of("3:[z]"), List.of("BLANK_LINE@2:0")),
            new Case(LOOSE, bytes("\"a\"\"b\"\n"), 0, List.of("2:[a\"b]"), List.of()),
            new Case(LOOSE, bytes("é,\"é\"\n"), 0, List.of("2:[é, é]"), List.of()),
            new Case(
                LOOSE,
                bytes(0xF0, 0x9F, 0x98, 0x80, ",", 0xE2, 0x9C, 0x93, "\n"),
                0,
                List.of("2:[😀, ✓]"),
                List.of()),
            new Case(
                LF_ONLY,
                bytes("\"a\"x\r\n"),
                0,
                List.of("2:[a]"),
                List.of("STRAY_QUOTE@2:1", "LINE_ENDING@2:0")),
            new Case(
                LOOSE, bytes("a\r\r\nb\n"), 0, List.of("2:[a]", "3:[b]"), List.of("LONE_CR@2:0")),
            new Case(LOOSE, bytes("a\rb\n"), 0, List.of("2:[a]", "3:[b]"), List.of("LONE_CR@2:0")),
            new Case(LOOSE, bytes("\"a\nb\"\r\n"), 0, List.of("2:[a\nb]"), List.of()),
            new Case(LOOSE, bytes("x,\"\"\r\n"), 0, List.of("2:[x, ]"), List.of()),
            new Case(
                NO_BLANKS,
                bytes("\"a\r\n\"b\"\n"),
                0,
                List.of("2:[a]", "3:[b]"),
                List.of("UNCLOSED_AT_LINE_END@2:1")),
            new Case(
                NO_BLANKS,
                bytes("\"a\nb\",c\n"),
                0,
                List.of("2:[a\nb, c]"),
                List.of("EMBEDDED_NEWLINE@2:1")));
    for (Case c : cases) {
      for (int j = 1; j <= c.data.length; j++) {
        int start = CsvScanner.BUFFER - j;
        byte[] data = new byte[start + c.data.length];
        java.util.Arrays.fill(data, 0, start - 1, (byte) 'p');
        data[start - 1] = '\n';
        System.arraycopy(c.data, 0, data, start, c.data.length);
        Collector scan = scanMemory(c.dialect, data);
        String where =
            new String(c.data, StandardCharsets.UTF_8) + " from " + j + " before the end";
        assertEquals(c.records, scan.records.subList(1, scan.records.size()), where);
        assertEquals(c.issues, scan.issues, where);
        assertTrue(scan.shapes.get(1).endsWith("@" + (start + c.first)), where);
      }
    }
  }

  @Test
  void theDelimiterAndTheQuoteMustBeAscii() {
    new CsvScanner(
        new Dialect(
            '\u007f',
            '\u007f',
            false,
            true,
            true,
            Dialect.LineEnding.ANY,
            false,
            false,
            false,
            false));
    for (char bad : new char[] {'\u0080', '\u00e9'}) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              new CsvScanner(
                  new Dialect(
                      bad,
                      '"',
                      false,
                      true,
                      true,
                      Dialect.LineEnding.ANY,
                      false,
                      false,
                      false,
                      false)));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              new CsvScanner(
                  new Dialect(
                      ',',
                      bad,
                      false,
                      true,
                      true,
                      Dialect.LineEnding.ANY,
                      false,
                      false,
                      false,
                      false)));
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
      return new Scan(
          collector.records, collector.issues, result, collector.shapes, collector.flags);
    }
  }

  /** Scans bytes in memory, as the deidentifier's tests and the fuzz test do. */
  private static Collector scanMemory(Dialect dialect, byte[] bytes) throws IOException {
    Collector collector = new Collector();
    CsvScanner.Result result = new CsvScanner(dialect).scan(bytes, collector);
    assertEquals(collector.records.size(), result.records());
    return collector;
  }

  /** Text as UTF-8, with each Integer part as one raw byte. */
  private static byte[] bytes(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof Integer b) {
        out.write(b);
      } else {
        out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  private record Scan(
      List<String> records,
      List<String> issues,
      CsvScanner.Result result,
      List<String> shapes,
      List<String> flags) {}

  private static final class Collector implements RecordHandler {
    final List<String> records = new ArrayList<>();
    final List<String> issues = new ArrayList<>();

    /** Per record: first line, lines, line break (2 CRLF, 1 LF, 0 none) and offset. */
    final List<String> shapes = new ArrayList<>();

    /** Per record, per field: Q quoted, E escaped, A plain ASCII, then the code points. */
    final List<String> flags = new ArrayList<>();

    @Override
    public void record(CsvRecord record) {
      List<String> fields = new ArrayList<>();
      List<String> marks = new ArrayList<>();
      for (int i = 0; i < record.size(); i++) {
        fields.add(record.text(i).toString());
        marks.add(
            (record.quoted(i) ? "Q" : "-")
                + (record.escaped(i) ? "E" : "-")
                + (record.ascii(i) ? "A" : "-")
                + record.codePoints(i));
      }
      records.add(record.line() + ":" + fields);
      shapes.add(
          record.line() + "/" + record.lines() + "/" + record.lineBreak() + "@" + record.offset());
      flags.add(String.join(" ", marks));
    }

    @Override
    public void issue(CsvIssue issue, long line, int field) {
      issues.add(issue + "@" + line + ":" + field);
    }
  }
}
