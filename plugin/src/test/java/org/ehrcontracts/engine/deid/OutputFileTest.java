package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buffered output file of a rewrite (issue 14): what is appended, however large, lands in the
 * file in order, and the size and CRC32C the manifest records are those of the file's bytes.
 */
class OutputFileTest {

  @TempDir Path dir;

  @Test
  void theSizeAndChecksumAreThoseOfTheBytesWritten() throws Exception {
    Path file = dir.resolve("check.csv");
    OutputFile.Written written;
    try (OutputFile out = new OutputFile(file)) {
      byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);
      out.write(digits, 0, 4);
      out.write(digits, 4, 5);
      written = out.finish();
    }
    assertEquals("123456789", Files.readString(file));
    // The check value of CRC-32C (RFC 3720, appendix B.4).
    assertEquals(new OutputFile.Written(9, "e3069283"), written);
  }

  @Test
  void writesLargerThanTheBufferArriveWholeAndInOrder() throws Exception {
    Path file = dir.resolve("big.csv");
    byte[] a = new byte[700_000];
    Arrays.fill(a, (byte) 'a');
    byte[] b = new byte[3_000_000];
    Arrays.fill(b, (byte) 'b');
    OutputFile.Written written;
    try (OutputFile out = new OutputFile(file)) {
      out.write(a, 0, a.length);
      out.write(b, 0, b.length);
      out.write(a, 0, 10);
      // Appending by hand into the buffer, as the rewriter does, after the writes.
      out.ensure(3);
      out.buffer()[out.position()] = 'x';
      out.buffer()[out.position() + 1] = '\n';
      out.position(out.position() + 2);
      written = out.finish();
    }
    byte[] content = Files.readAllBytes(file);
    assertEquals(3_700_012, content.length);
    assertEquals(3_700_012, written.bytes());
    byte[] expected = new byte[3_700_012];
    Arrays.fill(expected, 0, 700_000, (byte) 'a');
    Arrays.fill(expected, 700_000, 3_700_000, (byte) 'b');
    Arrays.fill(expected, 3_700_000, 3_700_010, (byte) 'a');
    expected[3_700_010] = 'x';
    expected[3_700_011] = '\n';
    assertArrayEquals(expected, content);
  }
}
