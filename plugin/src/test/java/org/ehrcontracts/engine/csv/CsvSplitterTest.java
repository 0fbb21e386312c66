package org.ehrcontracts.engine.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the parallel scan cuts a file (issue 14): the boundaries by value, each just after a line
 * break, none twice and none at the end, for ranges that are the whole file, a part of it, or run
 * past its end, and for lines longer than the splitter's read window.
 */
class CsvSplitterTest {

  /** Lines start at 0, 2, 5 and 9; the file is 14 bytes long. */
  private static final String FOUR_LINES = "a\nbb\nccc\ndddd\n";

  @TempDir Path dir;

  private List<Long> split(String content, long from, long to, int parts) throws IOException {
    Path file = dir.resolve("part.csv");
    Files.write(file, content.getBytes(StandardCharsets.US_ASCII));
    try (FileChannel channel = FileChannel.open(file)) {
      return CsvSplitter.split(channel, from, to, parts);
    }
  }

  @Test
  void eachBoundaryIsTheFirstLineStartAtOrAfterItsShareOfTheRange() throws IOException {
    // Two parts: the middle (byte 7) lies in "ccc\n", so the cut is at 9.
    assertEquals(List.of(0L, 9L, 14L), split(FOUR_LINES, 0, 14, 2));
    // Four parts: bytes 3, 7 and 10 give 5 and 9; the last line runs to the end: no cut there.
    assertEquals(List.of(0L, 5L, 9L, 14L), split(FOUR_LINES, 0, 14, 4));
    // Three parts: bytes 4 (a line feed: cut after it) and 9 (in the last line).
    assertEquals(List.of(0L, 5L, 14L), split(FOUR_LINES, 0, 14, 3));
  }

  @Test
  void moreWantedPartsThanLinesGiveEachLineStartOnce() throws IOException {
    assertEquals(List.of(0L, 2L, 5L, 9L, 14L), split(FOUR_LINES, 0, 14, 14));
    assertEquals(List.of(0L, 2L, 5L, 9L, 14L), split(FOUR_LINES, 0, 14, 100));
  }

  @Test
  void oneWantedPartIsTheWholeRange() throws IOException {
    assertEquals(List.of(0L, 14L), split(FOUR_LINES, 0, 14, 1));
    assertEquals(List.of(3L, 11L), split(FOUR_LINES, 3, 11, 1));
  }

  @Test
  void aRangeInsideTheFileIsCutInsideItsOwnBounds() throws IOException {
    // [2, 14): the middle is byte 8, a line feed: the cut is at 9.
    assertEquals(List.of(2L, 9L, 14L), split(FOUR_LINES, 2, 14, 2));
    // [0, 12) ends inside "dddd": the line feed after 12 is past the range, so no cut at 14.
    assertEquals(List.of(0L, 5L, 9L, 12L), split(FOUR_LINES, 0, 12, 4));
    // [9, 12): no line feed inside it at all.
    assertEquals(List.of(9L, 12L), split(FOUR_LINES, 9, 12, 3));
  }

  @Test
  void aRangePastTheEndOfTheFileIsNotCutPastTheEnd() throws IOException {
    // The file shrank after its size was taken: nothing beyond byte 14 is read, no cut is made
    // from what is not there.
    assertEquals(List.of(0L, 100L), split(FOUR_LINES, 0, 100, 2));
  }

  @Test
  void aLineLongerThanTheReadWindowIsSearchedToItsEnd() throws IOException {
    // 140,000 bytes without a line break: the search from byte 35,000 reads past two windows.
    String content = "x".repeat(140_000) + "\ny\n";
    assertEquals(List.of(0L, 140_001L, 140_003L), split(content, 0, 140_003, 4));
    assertEquals(List.of(0L, 140_001L, 140_003L), split(content, 0, 140_003, 2));
  }
}
