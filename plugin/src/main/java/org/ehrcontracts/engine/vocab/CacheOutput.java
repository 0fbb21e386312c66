package org.ehrcontracts.engine.vocab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** The payload, written in chunks and checksummed as it is written. */
final class CacheOutput {
  private final FileChannel channel;
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(VocabularyCache.CHUNK).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private final long start;
  private long position;

  CacheOutput(FileChannel channel, long start) {
    this.channel = channel;
    this.start = start;
    this.position = start;
  }

  private void room(int n) throws IOException {
    if (buffer.remaining() < n) {
      flush();
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    crc.update(buffer.duplicate());
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    buffer.clear();
  }

  /** Flushes, and returns the payload's length. */
  long finish() throws IOException {
    flush();
    return position - start;
  }

  void putInt(int value) throws IOException {
    room(4);
    buffer.putInt(value);
  }

  void string(String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    putInt(bytes.length);
    bytes(bytes);
  }

  void strings(String[] values) throws IOException {
    putInt(values.length);
    for (String value : values) {
      string(value);
    }
  }

  void ints(int[] values) throws IOException {
    int done = 0;
    while (done < values.length) {
      room(4);
      int k = Math.min(buffer.remaining() / 4, values.length - done);
      buffer.asIntBuffer().put(values, done, k);
      buffer.position(buffer.position() + 4 * k);
      done += k;
    }
  }

  void shorts(short[] values) throws IOException {
    int done = 0;
    while (done < values.length) {
      room(2);
      int k = Math.min(buffer.remaining() / 2, values.length - done);
      buffer.asShortBuffer().put(values, done, k);
      buffer.position(buffer.position() + 2 * k);
      done += k;
    }
  }

  void bytes(byte[] values) throws IOException {
    int done = 0;
    while (done < values.length) {
      room(1);
      int k = Math.min(buffer.remaining(), values.length - done);
      buffer.put(values, done, k);
      done += k;
    }
  }

  /** The CRC32C of the payload bytes written so far. */
  int checksum() {
    return (int) crc.getValue();
  }
}
