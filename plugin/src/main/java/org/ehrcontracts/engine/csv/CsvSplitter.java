package org.ehrcontracts.engine.csv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte range of a file into parts that start just after a line break, so that the parts
 * can be scanned in parallel.
 *
 * <p>A line break inside a quoted field looks like any other, so a split may fall inside a record;
 * the scan of the part before it then reports {@link CsvScanner.Result#crossedLimit()}, and the
 * caller scans the range again in one piece.
 *
 * @since 0.1.0
 */
public final class CsvSplitter {

  private static final int WINDOW = 64 * 1024;

  private CsvSplitter() {}

  /**
   * The boundaries of about {@code parts} parts of {@code [from, to)}: a list that starts with
   * {@code from} and ends with {@code to}, every inner one just after a line break.
   */
  public static List<Long> split(FileChannel channel, long from, long to, int parts)
      throws IOException {
    List<Long> bounds = new ArrayList<>();
    bounds.add(from);
    long size = to - from;
    ByteBuffer window = ByteBuffer.allocate(WINDOW);
    for (int k = 1; k < parts; k++) {
      long target = from + size * k / parts;
      long boundary =
          nextLineStart(channel, Math.max(target, bounds.get(bounds.size() - 1)), to, window);
      if (boundary < to && boundary > bounds.get(bounds.size() - 1)) {
        bounds.add(boundary);
      }
    }
    bounds.add(to);
    return bounds;
  }

  private static long nextLineStart(FileChannel channel, long at, long to, ByteBuffer window)
      throws IOException {
    long position = at;
    while (position < to) {
      window.clear();
      int read = channel.read(window, position);
      if (read <= 0) {
        return to;
      }
      for (int i = 0; i < read; i++) {
        if (window.get(i) == '\n') {
          return Math.min(to, position + i + 1);
        }
      }
      position += read;
    }
    return to;
  }
}
