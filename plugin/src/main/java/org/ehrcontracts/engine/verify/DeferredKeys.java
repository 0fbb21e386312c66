package org.ehrcontracts.engine.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of one part's rows for one foreign key whose parent is read later (a table that refers
 * to itself, or a cycle of tables), each with its line, kept until the parent is done.
 *
 * <p>They are paid from the {@link Budget} a block at a time: blocks double from {@value
 * #FIRST_BLOCK} entries up to {@value #MAX_BLOCK} (1 MB), each reserved before it is made, so that
 * a row costs no more than an array store and the reservations are a few per million rows. When a
 * block is refused, {@link #add} says so and the caller sends the part's keys to runs on disk
 * instead ({@link #moveTo}).
 */
final class DeferredKeys {

  /** Entries of the first block: a part that defers a few rows pays a few hundred bytes. */
  static final int FIRST_BLOCK = 64;

  /** Entries of the largest block (a key and a line each: 1 MB). */
  static final int MAX_BLOCK = 1 << 16;

  /** Receives the entries in row order. */
  interface Sink {
    void entry(long key, long line);
  }

  private final Budget budget;
  private final List<long[]> blocks = new ArrayList<>();
  private long[] block;
  private int at;
  private long size;
  private long paid;

  DeferredKeys(Budget budget) {
    this.budget = budget;
  }

  /** Keeps a key and its line; false, keeping nothing, when the budget refuses the next block. */
  boolean add(long key, long line) {
    if (block == null || at == block.length) {
      if (!grow()) {
        return false;
      }
    }
    block[at++] = key;
    block[at++] = line;
    size++;
    return true;
  }

  private boolean grow() {
    int entries = block == null ? FIRST_BLOCK : Math.min(MAX_BLOCK, block.length);
    long bytes = bytes(entries);
    if (!budget.reserve(bytes)) {
      return false;
    }
    paid += bytes;
    block = new long[2 * entries];
    blocks.add(block);
    at = 0;
    return true;
  }

  /** The bytes of a block of {@code entries} entries: two longs each, and the array's header. */
  static long bytes(int entries) {
    return 16L * entries + 16;
  }

  /** How many entries are kept. */
  long size() {
    return size;
  }

  /** The bytes reserved from the budget. */
  long paid() {
    return paid;
  }

  /** Passes the entries to the sink in row order. */
  void forEach(Sink sink) {
    long left = size;
    for (long[] b : blocks) {
      int n = (int) Math.min(left, b.length / 2);
      for (int i = 0; i < n; i++) {
        sink.entry(b[2 * i], b[2 * i + 1]);
      }
      left -= n;
    }
  }

  /** Writes the entries to runs and lets go of them. */
  void moveTo(KeyRuns runs) {
    long left = size;
    for (long[] b : blocks) {
      int n = (int) Math.min(left, b.length / 2);
      for (int i = 0; i < n; i++) {
        runs.add(b[2 * i], b[2 * i + 1]);
      }
      left -= n;
    }
    release();
  }

  /** Lets go of the entries and gives their bytes back; more may be added after. */
  void release() {
    blocks.clear();
    block = null;
    at = 0;
    size = 0;
    budget.release(paid);
    paid = 0;
  }
}
