package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * CRC32C checksums in the two spellings in use: 8 lower-case hex digits (our reports) and base64 of
 * the 4 big-endian bytes (the GCS JSON API).
 *
 * @since 0.1.0
 */
public final class Crc32c {

  private Crc32c() {}

  /** The CRC32C of a file, in hex. */
  public static String of(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel channel = FileChannel.open(file)) {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        crc.update(buffer);
        buffer.clear();
      }
    }
    return hex(crc.getValue());
  }

  /** The CRC32C of bytes, in hex. */
  public static String of(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return hex(crc.getValue());
  }

  /** A checksum value in hex. */
  public static String hex(long value) {
    return HexFormat.of().formatHex(ByteBuffer.allocate(4).putInt((int) value).array());
  }

  /** Hex to the base64 of the GCS JSON API. */
  public static String toBase64(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }

  /**
   * The base64 of the GCS JSON API to hex.
   *
   * @throws IllegalArgumentException if it is not the base64 of 4 bytes
   */
  public static String fromBase64(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (bytes.length != 4) {
      throw new IllegalArgumentException("a CRC32C has 4 bytes, not " + bytes.length);
    }
    return HexFormat.of().formatHex(bytes);
  }
}
