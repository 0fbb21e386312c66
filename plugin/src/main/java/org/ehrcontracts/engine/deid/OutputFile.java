package org.ehrcontracts.engine.deid;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * A new output file written through one buffer, with the CRC32C of everything written.
 *
 * <p>The rewriting code writes straight into {@link #buffer()} after {@link #ensure} made room. Not
 * thread-safe.
 */
final class OutputFile implements Closeable {

  private static final int BUFFER = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final CRC32C crc = new CRC32C();
  private byte[] buffer = new byte[BUFFER];
  private int position;
  private long written;

  /** Creates the file, which must not exist. */
  OutputFile(Path file) throws IOException {
    this.file = file;
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** The buffer; valid until the next {@link #ensure}. */
  byte[] buffer() {
    return buffer;
  }

  /** Where the next byte goes in {@link #buffer()}. */
  int position() {
    return position;
  }

  /** Sets where the next byte goes, after writing up to it. */
  void position(int newPosition) {
    position = newPosition;
  }

  /** Makes room for {@code bytes} more bytes in {@link #buffer()}. */
  void ensure(int bytes) throws IOException {
    if (position + bytes <= buffer.length) {
      return;
    }
    flush();
    if (bytes > buffer.length) {
      buffer = new byte[bytes];
    }
  }

  /** Appends bytes. */
  void write(byte[] bytes, int from, int length) throws IOException {
    ensure(length);
    System.arraycopy(bytes, from, buffer, position, length);
    position += length;
  }

  private void flush() throws IOException {
    crc.update(buffer, 0, position);
    ByteBuffer data = ByteBuffer.wrap(buffer, 0, position);
    try {
      while (data.hasRemaining()) {
        channel.write(data);
      }
    } catch (java.nio.channels.ClosedByInterruptException e) {
      throw e;
    } catch (IOException e) {
      // Say which file could not be written (a full disk names no file of its own).
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    written += position;
    position = 0;
  }

  /**
   * Writes what is left and closes the file.
   *
   * @return the file's size and its CRC32C in hex
   */
  Written finish() throws IOException {
    flush();
    channel.close();
    return new Written(written, String.format(Locale.ROOT, "%08x", (int) crc.getValue()));
  }

  /** A file's size and checksum. */
  record Written(long bytes, String crc32c) {}

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
