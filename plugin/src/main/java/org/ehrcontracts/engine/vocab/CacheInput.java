package org.ehrcontracts.engine.vocab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** The payload, read in chunks and checksummed as it is read. */
final class CacheInput {
  private final FileChannel channel;
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(VocabularyCache.CHUNK).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private final long end;
  private long position;

  CacheInput(FileChannel channel, long start, long end) {
    this.channel = channel;
    this.position = start;
    this.end = end;
    buffer.limit(0);
  }

  /** The payload bytes not yet taken. */
  long remaining() {
    return end - position + buffer.remaining();
  }

  /** Makes {@code n} bytes available in the buffer. */
  private void need(int n) throws IOException, CacheCorruptException {
    if (buffer.remaining() >= n) {
      return;
    }
    buffer.compact();
    while (buffer.position() < n) {
      int before = buffer.position();
      buffer.limit((int) Math.min(buffer.capacity(), before + (end - position)));
      int read = before < buffer.limit() ? channel.read(buffer, position) : -1;
      if (read <= 0) {
        throw new CacheCorruptException("is truncated");
      }
      position += read;
      ByteBuffer fresh = buffer.duplicate();
      fresh.position(before).limit(before + read);
      crc.update(fresh);
    }
    buffer.flip();
  }

  int getInt() throws IOException, CacheCorruptException {
    need(4);
    return buffer.getInt();
  }

  /** A count of items of {@code itemBytes} each, which the rest of the payload must hold. */
  int count(int itemBytes) throws IOException, CacheCorruptException {
    int n = getInt();
    if (n < 0 || (long) n * itemBytes > remaining()) {
      throw new CacheCorruptException("has an impossible count");
    }
    return n;
  }

  String string() throws IOException, CacheCorruptException {
    byte[] bytes = bytes(count(1));
    return new String(bytes, StandardCharsets.UTF_8);
  }

  String[] strings(int max) throws IOException, CacheCorruptException {
    int n = count(4);
    if (n > max) {
      throw new CacheCorruptException("has an impossible count");
    }
    String[] strings = new String[n];
    for (int i = 0; i < n; i++) {
      strings[i] = string();
    }
    return strings;
  }

  int[] ints(int n) throws IOException, CacheCorruptException {
    if ((long) n * 4 > remaining()) {
      throw new CacheCorruptException("has an impossible count");
    }
    int[] values = new int[n];
    int done = 0;
    while (done < n) {
      need(4);
      int k = Math.min(buffer.remaining() / 4, n - done);
      buffer.asIntBuffer().get(values, done, k);
      buffer.position(buffer.position() + 4 * k);
      done += k;
    }
    return values;
  }

  short[] shorts(int n) throws IOException, CacheCorruptException {
    if ((long) n * 2 > remaining()) {
      throw new CacheCorruptException("has an impossible count");
    }
    short[] values = new short[n];
    int done = 0;
    while (done < n) {
      need(2);
      int k = Math.min(buffer.remaining() / 2, n - done);
      buffer.asShortBuffer().get(values, done, k);
      buffer.position(buffer.position() + 2 * k);
      done += k;
    }
    return values;
  }

  byte[] bytes(int n) throws IOException, CacheCorruptException {
    if (n > remaining()) {
      throw new CacheCorruptException("has an impossible count");
    }
    byte[] values = new byte[n];
    int done = 0;
    while (done < n) {
      need(1);
      int k = Math.min(buffer.remaining(), n - done);
      buffer.get(values, done, k);
      done += k;
    }
    return values;
  }

  /** The CRC32C of the payload bytes read so far. */
  int checksum() {
    return (int) crc.getValue();
  }
}
