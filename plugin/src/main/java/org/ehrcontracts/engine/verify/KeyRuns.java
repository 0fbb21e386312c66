package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.cursors.LongCursor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The keys of one part of one set, written to disk as sorted runs: each run is a chunk of keys
 * (with the line of each, for foreign keys) sorted by key and written as big-endian longs. {@link
 * #merge} reads any number of runs back in key order.
 */
final class KeyRuns {

  /** A run on disk: its file, the part whose lines it holds, and how many entries. */
  record Run(Path file, int part, long entries, boolean lines) {
    long bytes() {
      return entries * (lines ? 16 : 8);
    }
  }

  /** Receives merged entries in key order. */
  interface Sink {
    void entry(long key, long line, int part) throws IOException;
  }

  private final SpillFolder folder;
  private final String prefix;
  private final int part;
  private final boolean lines;
  private final int chunk;
  private final List<Run> done;
  private final java.util.function.LongConsumer written;
  private long[] keys = new long[16];
  private long[] lineOf;
  private int n;

  /**
   * Runs written to {@code folder}, at most {@code chunk} entries each, added to {@code done} (a
   * synchronized list shared by the parts) as each is written.
   */
  KeyRuns(
      SpillFolder folder,
      String prefix,
      int part,
      boolean lines,
      int chunk,
      List<Run> done,
      java.util.function.LongConsumer written) {
    this.folder = folder;
    this.prefix = prefix;
    this.part = part;
    this.lines = lines;
    this.chunk = chunk;
    this.done = done;
    this.written = written;
    lineOf = lines ? new long[16] : null;
  }

  void add(long key) {
    if (n == keys.length) {
      room();
    }
    keys[n++] = key;
  }

  void add(long key, long line) {
    if (n == keys.length) {
      room();
    }
    lineOf[n] = line;
    keys[n++] = key;
  }

  void addAll(LongHashSet set) {
    for (LongCursor c : set) {
      add(c.value);
    }
  }

  void addAll(LongArrayList list) {
    for (int i = 0; i < list.size(); i++) {
      add(list.get(i));
    }
  }

  private void room() {
    if (n >= chunk) {
      flush();
      return;
    }
    int size = (int) Math.min(chunk, 2L * keys.length);
    keys = Arrays.copyOf(keys, size);
    if (lines) {
      lineOf = Arrays.copyOf(lineOf, size);
    }
  }

  /** Sorts and writes what is buffered as one run; the buffer is kept for the next. */
  void flush() {
    if (n == 0) {
      return;
    }
    if (lines) {
      sort(keys, lineOf, 0, n - 1);
    } else {
      Arrays.sort(keys, 0, n);
    }
    Path file = folder.newFile(prefix);
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      for (int i = 0; i < n; i++) {
        out.writeLong(keys[i]);
        if (lines) {
          out.writeLong(lineOf[i]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write spilled keys to " + file, e);
    }
    Run run = new Run(file, part, n, lines);
    folder.written(run.bytes());
    written.accept(run.bytes());
    done.add(run);
    n = 0;
  }

  /** Writes what is buffered and lets go of the buffer. */
  void close() {
    flush();
    keys = new long[0];
    lineOf = lines ? new long[0] : null;
  }

  /** Sorts by key, the lines moving with their keys (three-way, so equal keys cost nothing). */
  static void sort(long[] a, long[] b, int lo, int hi) {
    while (hi - lo > 16) {
      long pivot = median(a[lo], a[lo + (hi - lo) / 2], a[hi]);
      int lt = lo;
      int gt = hi;
      int i = lo;
      while (i <= gt) {
        if (a[i] < pivot) {
          swap(a, b, lt++, i++);
        } else if (a[i] > pivot) {
          swap(a, b, i, gt--);
        } else {
          i++;
        }
      }
      // The smaller side first, so that the stack stays logarithmic.
      if (lt - lo < hi - gt) {
        sort(a, b, lo, lt - 1);
        lo = gt + 1;
      } else {
        sort(a, b, gt + 1, hi);
        hi = lt - 1;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      for (int j = i; j > lo && a[j - 1] > a[j]; j--) {
        swap(a, b, j, j - 1);
      }
    }
  }

  private static long median(long x, long y, long z) {
    return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
  }

  private static void swap(long[] a, long[] b, int i, int j) {
    long t = a[i];
    a[i] = a[j];
    a[j] = t;
    t = b[i];
    b[i] = b[j];
    b[j] = t;
  }

  /** Reads runs back in key order (ties in no particular order), passing each entry to the sink. */
  static void merge(List<Run> runs, Sink sink) throws IOException {
    PriorityQueue<Cursor> queue =
        new PriorityQueue<>(Math.max(1, runs.size()), (x, y) -> Long.compare(x.key, y.key));
    try {
      for (Run run : runs) {
        Cursor cursor = new Cursor(run);
        if (cursor.next()) {
          queue.add(cursor);
        } else {
          cursor.in.close();
        }
      }
      while (!queue.isEmpty()) {
        Cursor top = queue.poll();
        sink.entry(top.key, top.line, top.run.part());
        if (top.next()) {
          queue.add(top);
        } else {
          top.in.close();
        }
      }
    } finally {
      for (Cursor cursor : queue) {
        cursor.in.close();
      }
    }
  }

  /** A reader of one run. */
  private static final class Cursor {
    final Run run;
    final DataInputStream in;
    long key;
    long line;
    long left;

    Cursor(Run run) throws IOException {
      this.run = run;
      this.in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(run.file()), 1 << 16));
      this.left = run.entries();
    }

    boolean next() throws IOException {
      if (left == 0) {
        return false;
      }
      try {
        key = in.readLong();
        line = run.lines() ? in.readLong() : 0;
      } catch (EOFException e) {
        throw new IOException("a spilled run ended early: " + run.file(), e);
      }
      left--;
      return true;
    }
  }
}
