package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongHashSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The keys of one table file once they outgrow the {@link Budget}: its primary keys and key sets as
 * sorted runs, merged when the file is done into one sorted file of distinct keys each (for the
 * tables that refer to it), and the foreign keys of its rows into a parent that spilled, with their
 * lines, joined against the parent's sorted file to find the orphans.
 *
 * <p>The switch is made once per file: when a set of any part cannot grow within the budget, {@link
 * #spilling} is set, and every part moves its keys to runs at its next row (or when it is merged,
 * if it is done already).
 */
final class FileSpill {

  /**
   * A sorted file of distinct keys: what a spilled table leaves for the tables that refer to it.
   */
  record SortedKeys(Path file, long count) {}

  /**
   * The primary keys merged: how many rows of the runs repeat a key (the repeats counted in memory
   * before the file spilled come on top), and the distinct keys when kept.
   */
  record Primary(long duplicates, SortedKeys distinct) {}

  /**
   * A row that repeats an earlier row's primary key: its line and the line of the key's first row.
   */
  record Repeat(long line, long firstLine) {}

  /** A foreign key's rows without a parent: how many, and the first lines (in file order). */
  record Orphans(long count, long[] lines) {}

  final Budget budget;
  private final SpillFolder folder;
  private final int chunk;
  private final List<KeyRuns.Run> primary = Collections.synchronizedList(new ArrayList<>());
  private final List<List<KeyRuns.Run>> sets = new ArrayList<>();
  private final List<List<KeyRuns.Run>> foreign = new ArrayList<>();
  private final List<KeyRuns.Run> fingerprints = Collections.synchronizedList(new ArrayList<>());
  private final List<KeyRuns.Run> repeats = Collections.synchronizedList(new ArrayList<>());

  private final java.util.concurrent.atomic.AtomicLong diskBytes =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger runCount =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Whether the file's primary keys and key sets go to runs now. */
  volatile boolean spilling;

  FileSpill(Budget budget, SpillFolder folder, int keySets, int foreignKeys) {
    this.budget = budget;
    this.folder = folder;
    // A run's buffer is a sixteenth of the budget at most (8 MB at most), paid from it as it grows
    // (KeyRuns): a tiny budget gives tiny runs, which the tests use.
    this.chunk = (int) Math.max(4, Math.min(1 << 20, budget.memory.budgetBytes() / 16 / 8));
    for (int i = 0; i < keySets; i++) {
      sets.add(Collections.synchronizedList(new ArrayList<>()));
    }
    for (int i = 0; i < foreignKeys; i++) {
      foreign.add(Collections.synchronizedList(new ArrayList<>()));
    }
  }

  /** Whether keys can go to disk (not for {@link #none}). */
  boolean canSpill() {
    return folder != null;
  }

  /** A file whose keys never spill (the checkers that only compute keys). */
  static FileSpill none() {
    return new FileSpill(Budget.UNLIMITED, null, 0, 0);
  }

  KeyRuns primaryRuns(int part) {
    return new KeyRuns(folder, budget, "pk-", part, false, chunk, primary, this::wrote);
  }

  KeyRuns setRuns(int set, int part) {
    return new KeyRuns(folder, budget, "set-", part, false, chunk, sets.get(set), this::wrote);
  }

  KeyRuns foreignRuns(int fk, int part) {
    return new KeyRuns(folder, budget, "fk-", part, true, chunk, foreign.get(fk), this::wrote);
  }

  /**
   * The runs of the primary keys of a file's rows, each with its line in the file, read again to
   * find the samples of repeated keys ({@link #firstRepeats}).
   */
  KeyRuns repeatRuns() {
    return new KeyRuns(folder, budget, "dup-", 0, true, chunk, repeats, this::wrote);
  }

  /**
   * The runs of the scorecard's row fingerprints (duplicate rows), once they outgrow the budget.
   */
  KeyRuns fingerprintRuns() {
    return new KeyRuns(folder, budget, "rows-", -1, false, chunk, fingerprints, this::wrote);
  }

  /** The fingerprints seen more than once, each counted once; their runs are deleted. */
  long repeatedFingerprints() throws IOException {
    long[] groups = {0};
    distinct(
        fingerprints,
        false,
        (key, seen) -> {
          if (seen == 2) {
            groups[0]++;
          }
        });
    return groups[0];
  }

  /** Whether the foreign key's rows went to runs (its parent spilled). */
  boolean hasForeignRuns(int fk) {
    return fk < foreign.size() && !foreign.get(fk).isEmpty();
  }

  private void wrote(long bytes) {
    diskBytes.addAndGet(bytes);
    runCount.incrementAndGet();
  }

  /** The bytes the file's runs and sorted files took on disk, all together. */
  long diskBytes() {
    return diskBytes.get();
  }

  /** How many runs the file wrote. */
  int runs() {
    return runCount.get();
  }

  private List<KeyRuns.Run> all() {
    List<KeyRuns.Run> runs = new ArrayList<>(primary);
    runs.addAll(fingerprints);
    runs.addAll(repeats);
    sets.forEach(runs::addAll);
    foreign.forEach(runs::addAll);
    return runs;
  }

  /**
   * Merges the primary keys' runs: a key seen n times is n - 1 duplicates (when {@code counting});
   * the distinct keys are kept in a sorted file when {@code keep} (a foreign key refers to them).
   * Only counts are kept in memory, whatever the number of keys repeated.
   */
  Primary mergePrimary(boolean counting, boolean keep) throws IOException {
    long[] duplicates = {0};
    SortedKeys distinct =
        distinct(
            primary,
            keep,
            (key, seen) -> {
              if (counting && seen > 1) {
                duplicates[0]++;
              }
            });
    return new Primary(duplicates[0], distinct);
  }

  /**
   * Merges the {@link #repeatRuns}: the first {@code samples} rows, in file order, whose key an
   * earlier row has, each with the line of its key's first row, in file order; the runs are
   * deleted. Memory holds at most {@code samples} rows of one key and {@code samples} of all.
   */
  List<Repeat> firstRepeats(int samples) throws IOException {
    List<KeyRuns.Run> taken = new ArrayList<>(repeats);
    repeats.clear();
    RepeatFinder finder = new RepeatFinder(samples);
    try {
      KeyRuns.merge(taken, folder, budget, (key, line, part) -> finder.entry(key, line));
      finder.endOfKey();
    } finally {
      for (KeyRuns.Run run : taken) {
        folder.delete(run.file(), run.bytes());
      }
    }
    List<Repeat> found = new ArrayList<>(finder.first);
    found.sort(Comparator.comparingLong(Repeat::line));
    return found;
  }

  /** Reads the entries of a key after another, in key order, keeping the first repeats. */
  private static final class RepeatFinder {
    private final int samples;

    /** The latest of the repeats kept on top, so that an earlier one replaces it. */
    final PriorityQueue<Repeat> first =
        new PriorityQueue<>(Comparator.comparingLong(Repeat::line).reversed());

    /** The current key's lines that may be samples: all but its first, at most samples. */
    private final PriorityQueue<Long> lines = new PriorityQueue<>(Collections.reverseOrder());

    private long key;
    private long firstLine = -1;

    RepeatFinder(int samples) {
      this.samples = samples;
    }

    /** An entry; a key's entries come together, but in no order of line. */
    void entry(long key, long line) {
      if (firstLine < 0 || key != this.key) {
        endOfKey();
        this.key = key;
        firstLine = line;
        return;
      }
      long repeat = line;
      if (line < firstLine) {
        repeat = firstLine;
        firstLine = line;
      }
      // A line after every sample kept of all keys cannot be one.
      if (first.size() == samples && repeat > first.peek().line()) {
        return;
      }
      if (lines.size() < samples) {
        lines.add(repeat);
      } else if (repeat < lines.peek()) {
        lines.poll();
        lines.add(repeat);
      }
    }

    /** The current key's lines are all read: its first line is known. */
    void endOfKey() {
      for (long repeat : lines) {
        Repeat found = new Repeat(repeat, firstLine);
        if (first.size() < samples) {
          first.add(found);
        } else if (repeat < first.peek().line()) {
          first.poll();
          first.add(found);
        }
      }
      lines.clear();
    }
  }

  /** Merges a key set's runs into a sorted file of its distinct keys. */
  SortedKeys mergeSet(int set) throws IOException {
    return distinct(sets.get(set), true, (key, seen) -> {});
  }

  /** Sees each entry with how often its key was seen so far, 1 for the first. */
  private interface Seen {
    void seen(long key, long times);
  }

  private SortedKeys distinct(List<KeyRuns.Run> runs, boolean keep, Seen seen) throws IOException {
    List<KeyRuns.Run> taken = new ArrayList<>(runs);
    runs.clear();
    Path file = keep ? folder.newFile("keys-") : null;
    long[] count = {0};
    try (DataOutputStream out =
        keep
            ? new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))
            : null) {
      long[] last = {0};
      long[] times = {0};
      KeyRuns.merge(
          taken,
          folder,
          budget,
          (key, line, part) -> {
            if (times[0] > 0 && key == last[0]) {
              times[0]++;
            } else {
              last[0] = key;
              times[0] = 1;
              count[0]++;
              if (out != null) {
                out.writeLong(key);
              }
            }
            seen.seen(key, times[0]);
          });
    } finally {
      for (KeyRuns.Run run : taken) {
        folder.delete(run.file(), run.bytes());
      }
    }
    if (!keep) {
      return null;
    }
    folder.written(count[0] * 8);
    diskBytes.addAndGet(count[0] * 8);
    return new SortedKeys(file, count[0]);
  }

  /**
   * Joins a foreign key's runs against its parent's sorted keys: the entries whose key the parent
   * lacks are orphans. Lines are the parts' own; {@code lineOffsets} moves them to the file's.
   */
  Orphans join(int fk, SortedKeys parent, long[] lineOffsets, int samples) throws IOException {
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(Files.newInputStream(parent.file()), 1 << 16))) {
      long[] left = {parent.count()};
      long[] current = {0};
      boolean[] has = {false};
      if (left[0] > 0) {
        current[0] = in.readLong();
        left[0]--;
        has[0] = true;
      }
      return orphans(
          fk,
          lineOffsets,
          samples,
          key -> {
            while (has[0] && current[0] < key) {
              if (left[0] > 0) {
                current[0] = in.readLong();
                left[0]--;
              } else {
                has[0] = false;
              }
            }
            return has[0] && current[0] == key;
          });
    }
  }

  /**
   * Like {@link #join}, for a parent whose keys are in memory (the runs are a foreign key's
   * deferred keys that the budget sent to disk).
   */
  Orphans probe(int fk, LongHashSet parent, long[] lineOffsets, int samples) throws IOException {
    return orphans(fk, lineOffsets, samples, parent::contains);
  }

  /** Whether the parent has a key; asked in key order. */
  private interface Parent {
    boolean has(long key) throws IOException;
  }

  private Orphans orphans(int fk, long[] lineOffsets, int samples, Parent parent)
      throws IOException {
    List<KeyRuns.Run> taken = new ArrayList<>(foreign.get(fk));
    foreign.get(fk).clear();
    long[] count = {0};
    // The latest of the first lines kept on top, so that a line before it replaces it.
    PriorityQueue<Long> first = new PriorityQueue<>(Collections.reverseOrder());
    try {
      KeyRuns.merge(
          taken,
          folder,
          budget,
          (key, line, part) -> {
            if (parent.has(key)) {
              return;
            }
            count[0]++;
            long at = line + lineOffsets[part];
            if (first.size() < samples) {
              first.add(at);
            } else if (at < first.peek()) {
              first.poll();
              first.add(at);
            }
          });
    } finally {
      for (KeyRuns.Run run : taken) {
        folder.delete(run.file(), run.bytes());
      }
    }
    long[] lines = first.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Orphans(count[0], lines);
  }

  /** Deletes a foreign key's runs (its parent's keys are not known: nothing to join). */
  void dropForeign(int fk) {
    List<KeyRuns.Run> taken = new ArrayList<>(foreign.get(fk));
    foreign.get(fk).clear();
    for (KeyRuns.Run run : taken) {
      folder.delete(run.file(), run.bytes());
    }
  }

  /** Deletes the runs written so far (the file is checked again in one piece). */
  void discard() {
    for (KeyRuns.Run run : all()) {
      folder.delete(run.file(), run.bytes());
    }
    primary.clear();
    fingerprints.clear();
    repeats.clear();
    sets.forEach(List::clear);
    foreign.forEach(List::clear);
  }
}
