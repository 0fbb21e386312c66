package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The keys of one part of one set, written to disk as sorted runs: each run is a chunk of keys
 * (with the line of each, for foreign keys) sorted by key and written as big-endian longs. {@link
 * #merge} reads any number of runs back in key order, at most {@value #FAN_IN} at once.
 *
 * <p>The buffer a run is sorted in grows from {@value #FIRST} entries to {@code chunk}, paid from
 * the {@link Budget} as it grows: when the budget refuses, the buffer is written as a run and used
 * again at its size. Only its first array ({@value #FIRST} entries) is held whatever the budget, as
 * a {@link PaidSet}'s first array is: a full budget gives small runs, not none. A set being let go
 * of is written as one run from its own array ({@link #moveAll(LongHashSet)}), whatever the budget.
 */
final class KeyRuns {

  /** Entries of a new buffer. */
  static final int FIRST = 16;

  /**
   * The most runs a merge reads at once. Each is an open file and a read buffer (64 KB at most): 64
   * keeps a merge's buffers within 4 MB and its files far below a system's limit of open files
   * (1,024 at the least), and a second pass is rare: with a budget of 128 MB or more (runs of up to
   * 1,048,576 keys) it takes more than 64 million keys in one set.
   */
  static final int FAN_IN = 64;

  /** The fewest runs a merge reads at once, when the budget has no room for more. */
  static final int MIN_FAN_IN = 8;

  /** A merge's largest read buffer, per run. */
  static final int BUFFER = 1 << 16;

  /** A merge's smallest read buffer, per run, when the budget has no room for more. */
  static final int MIN_BUFFER = 1 << 12;

  /**
   * The most runs one merge had open at once, over all merges since it was last reset (tests check
   * the fan-in with it).
   */
  static final AtomicInteger widestMerge = new AtomicInteger();

  /** How many intermediate runs merges wrote, since it was last reset (for tests). */
  static final AtomicLong intermediateRuns = new AtomicLong();

  /**
   * A run on disk: its file, the part whose lines it holds, and how many entries. A run merged from
   * runs of several parts holds each entry's part ({@code parts}) and has part -2.
   */
  record Run(Path file, int part, long entries, boolean lines, boolean parts) {

    Run(Path file, int part, long entries, boolean lines) {
      this(file, part, entries, lines, false);
    }

    long bytes() {
      return entries * entryBytes();
    }

    int entryBytes() {
      return (lines ? 16 : 8) + (parts ? 4 : 0);
    }
  }

  /** Receives merged entries in key order. */
  interface Sink {
    void entry(long key, long line, int part) throws IOException;
  }

  private final SpillFolder folder;
  private final Budget budget;
  private final String prefix;
  private final int part;
  private final boolean lines;
  private final int chunk;
  private final List<Run> done;
  private final java.util.function.LongConsumer written;
  private long[] keys = new long[FIRST];
  private long[] lineOf;
  private int n;
  private long paid;

  /**
   * Runs written to {@code folder}, at most {@code chunk} entries each, added to {@code done} (a
   * synchronized list shared by the parts) as each is written; the buffer is paid from {@code
   * budget}.
   */
  KeyRuns(
      SpillFolder folder,
      Budget budget,
      String prefix,
      int part,
      boolean lines,
      int chunk,
      List<Run> done,
      java.util.function.LongConsumer written) {
    this.folder = folder;
    this.budget = budget;
    this.prefix = prefix;
    this.part = part;
    this.lines = lines;
    this.chunk = chunk;
    this.done = done;
    this.written = written;
    lineOf = lines ? new long[FIRST] : null;
    paid = bufferBytes(FIRST);
    budget.hold(paid);
  }

  /** The bytes of a buffer of {@code entries} entries (one array, or two with lines). */
  private long bufferBytes(int entries) {
    return (lines ? 2 : 1) * (8L * entries + 16);
  }

  /** The bytes of the budget the buffer holds now. */
  long paid() {
    return paid;
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

  /**
   * Writes the keys of a set that is being let go of as one run, sorting the set's own array in
   * place (no memory beyond it): the set is unusable after, and its owner closes it.
   */
  void moveAll(LongHashSet set) {
    // The array's zeros are empty slots; the key 0 is kept apart.
    write(set.keys, set.keys.length, true, set.contains(0L), set.size());
  }

  /** Like {@link #moveAll(LongHashSet)}, for a list of keys (zeros included) being let go of. */
  void moveAll(LongArrayList list) {
    write(list.buffer, list.size(), false, false, list.size());
  }

  /**
   * Sorts {@code a[0, length)} in place and writes its {@code count} keys as one run; when {@code
   * emptySlots} its zeros are not keys, and the key 0 is there once if {@code zero}.
   */
  private void write(long[] a, int length, boolean emptySlots, boolean zero, int count) {
    if (lines) {
      throw new IllegalStateException("a set's keys have no lines");
    }
    if (count == 0) {
      return;
    }
    Arrays.sort(a, 0, length);
    Path file = folder.newFile(prefix);
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      boolean zeroLeft = zero;
      for (int i = 0; i < length; i++) {
        long key = a[i];
        if (key == 0 && emptySlots) {
          if (zeroLeft) {
            out.writeLong(0);
            zeroLeft = false;
          }
          continue;
        }
        out.writeLong(key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write spilled keys to " + file, e);
    }
    finish(new Run(file, part, count, false));
  }

  private void finish(Run run) {
    folder.written(run.bytes());
    written.accept(run.bytes());
    done.add(run);
  }

  /**
   * The buffer is full: it grows if it may (up to {@code chunk}, paid from the budget), else it is
   * written as a run.
   */
  private void room() {
    if (n >= chunk) {
      flush();
      return;
    }
    int size = (int) Math.min(chunk, 2L * keys.length);
    long more = bufferBytes(size) - bufferBytes(keys.length);
    if (!budget.reserve(more)) {
      flush();
      return;
    }
    paid += more;
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
    finish(new Run(file, part, n, lines));
    n = 0;
  }

  /** Writes what is buffered, lets go of the buffer and gives its bytes back. */
  void close() {
    flush();
    keys = new long[0];
    lineOf = lines ? new long[0] : null;
    budget.release(paid);
    paid = 0;
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

  /**
   * Reads runs back in key order (ties in no particular order), passing each entry to the sink,
   * with at most {@value #FAN_IN} runs open at once (fewer, down to {@value #MIN_FAN_IN}, when the
   * budget has no room for their buffers): when there are more, the smallest are first merged into
   * intermediate runs in {@code folder}, which are deleted once read. A run merged into an
   * intermediate one is deleted at once (the callers delete what is left). The read buffers are
   * paid from the budget while the merge lasts.
   */
  static void merge(List<Run> runs, SpillFolder folder, Budget budget, Sink sink)
      throws IOException {
    merge(runs, folder, budget, FAN_IN, sink);
  }

  /** Like {@link #merge(List, SpillFolder, Budget, Sink)}, with at most {@code fanIn} at once. */
  static void merge(List<Run> runs, SpillFolder folder, Budget budget, int fanIn, Sink sink)
      throws IOException {
    List<Run> left = new ArrayList<>();
    for (Run run : runs) {
      if (run.entries() > 0) {
        left.add(run);
      }
    }
    Width width = Width.of(budget, fanIn, left.size());
    List<Run> made = new ArrayList<>();
    try {
      // The fewest entries written again (as Huffman's code with fanIn branches): the first group
      // is as small as makes every later one full, each the smallest runs there are.
      PriorityQueue<Run> bySize = new PriorityQueue<>(Comparator.comparingLong(Run::entries));
      bySize.addAll(left);
      while (bySize.size() > width.fanIn) {
        int take = (bySize.size() - 2) % (width.fanIn - 1) + 2;
        List<Run> group = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
          group.add(bySize.poll());
        }
        Run merged = mergeToRun(group, folder, width.buffer);
        for (Run run : group) {
          made.remove(run);
          folder.delete(run.file(), run.bytes());
        }
        made.add(merged);
        bySize.add(merged);
      }
      mergeInto(new ArrayList<>(bySize), width.buffer, sink);
    } finally {
      for (Run run : made) {
        folder.delete(run.file(), run.bytes());
      }
      budget.release(width.paid);
    }
  }

  /**
   * How many runs a merge reads at once and the buffer of each, and what the budget was paid for
   * them (the buffers of the runs and of an intermediate run written).
   */
  record Width(int fanIn, int buffer, long paid) {

    /**
     * The widest the budget allows, for {@code runs} runs: {@code fanIn} runs with buffers halved
     * from {@value #BUFFER} to {@value #MIN_BUFFER} bytes, then fewer runs down to {@value
     * #MIN_FAN_IN}; held whatever the budget at the least.
     */
    static Width of(Budget budget, int fanIn, int runs) {
      if (fanIn < 2) {
        throw new IllegalArgumentException("a merge reads two runs at least, not " + fanIn);
      }
      int most = fanIn;
      int buffer = BUFFER;
      while (true) {
        // One buffer more for the intermediate run written, when there is a pass before the last.
        long bytes = (long) (Math.min(most, runs) + (runs > most ? 1 : 0)) * buffer;
        if (budget.reserve(bytes)) {
          return new Width(most, buffer, bytes);
        }
        if (buffer > MIN_BUFFER) {
          buffer /= 2;
        } else if (most > Math.min(fanIn, MIN_FAN_IN)) {
          most = Math.max(Math.min(fanIn, MIN_FAN_IN), most / 2);
        } else {
          budget.hold(bytes);
          return new Width(most, buffer, bytes);
        }
      }
    }
  }

  /** Merges a group of runs into one intermediate run, which keeps each entry's part if need be. */
  private static Run mergeToRun(List<Run> group, SpillFolder folder, int buffer)
      throws IOException {
    boolean lines = group.get(0).lines();
    int part = group.get(0).part();
    boolean parts = false;
    long entries = 0;
    for (Run run : group) {
      parts |= run.parts() || run.part() != part;
      entries += run.entries();
    }
    boolean withParts = parts;
    Path file = folder.newFile("merged-");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), buffer))) {
      mergeInto(
          group,
          buffer,
          (key, line, p) -> {
            out.writeLong(key);
            if (lines) {
              out.writeLong(line);
            }
            if (withParts) {
              out.writeInt(p);
            }
          });
    } catch (IOException | RuntimeException e) {
      folder.delete(file, 0);
      throw e;
    }
    Run run = new Run(file, withParts ? -2 : part, entries, lines, withParts);
    folder.written(run.bytes());
    intermediateRuns.incrementAndGet();
    return run;
  }

  /** Reads runs, all open at once, in key order into the sink. */
  private static void mergeInto(List<Run> runs, int buffer, Sink sink) throws IOException {
    PriorityQueue<Cursor> queue =
        new PriorityQueue<>(Math.max(1, runs.size()), (x, y) -> Long.compare(x.key, y.key));
    int open = 0;
    try {
      for (Run run : runs) {
        Cursor cursor = new Cursor(run, buffer);
        widestMerge.accumulateAndGet(++open, Math::max);
        if (cursor.next()) {
          queue.add(cursor);
        } else {
          cursor.in.close();
          open--;
        }
      }
      while (!queue.isEmpty()) {
        Cursor top = queue.poll();
        sink.entry(top.key, top.line, top.part);
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
    int part;
    long left;

    Cursor(Run run, int buffer) throws IOException {
      this.run = run;
      this.in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(run.file()), buffer));
      this.left = run.entries();
      this.part = run.part();
    }

    boolean next() throws IOException {
      if (left == 0) {
        return false;
      }
      try {
        key = in.readLong();
        line = run.lines() ? in.readLong() : 0;
        if (run.parts()) {
          part = in.readInt();
        }
      } catch (EOFException e) {
        throw new IOException("a spilled run ended early: " + run.file(), e);
      }
      left--;
      return true;
    }
  }
}
