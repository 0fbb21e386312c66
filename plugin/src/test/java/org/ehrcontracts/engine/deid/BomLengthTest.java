package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the rows of a file start (issue 14): after a UTF-8 byte order mark, which the output keeps
 * and the scan skips, and at the first byte when any of its three bytes is missing or different.
 */
class BomLengthTest {

  @TempDir Path dir;

  private long bomLength(int... bytes) throws Exception {
    byte[] content = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      content[i] = (byte) bytes[i];
    }
    Path file = dir.resolve("f" + bytes.length + "-" + java.util.Arrays.hashCode(content));
    Files.write(file, content);
    try (FileChannel channel = FileChannel.open(file)) {
      return Deidentifier.bomLength(channel);
    }
  }

  @Test
  void aByteOrderMarkIsThreeBytesSkipped() throws Exception {
    assertEquals(3, bomLength(0xEF, 0xBB, 0xBF));
    assertEquals(3, bomLength(0xEF, 0xBB, 0xBF, 'a', ',', 'b', '\n'));
  }

  @Test
  void anythingElseStartsAtTheFirstByte() throws Exception {
    assertEquals(0, bomLength());
    assertEquals(0, bomLength(0xEF));
    assertEquals(0, bomLength(0xEF, 0xBB));
    assertEquals(0, bomLength('a', 0xBB, 0xBF, 'b'));
    assertEquals(0, bomLength(0xEF, 'a', 0xBF, 'b'));
    assertEquals(0, bomLength(0xEF, 0xBB, 'a', 'b'));
    assertEquals(0, bomLength('i', 'd', '\n'));
    // The mark of UTF-16, big- and little-endian.
    assertEquals(0, bomLength(0xFE, 0xFF, 0, 'a'));
    assertEquals(0, bomLength(0xFF, 0xFE, 'a', 0));
  }
}
