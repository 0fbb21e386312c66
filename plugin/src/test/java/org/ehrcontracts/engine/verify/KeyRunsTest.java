package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.carrotsearch.hppc.LongHashSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge of sorted runs with a bounded fan-in: whatever the number of runs, it passes every
 * entry (key, line and part) once, in key order, with no more runs open at once than its fan-in,
 * and deletes the intermediate runs it wrote; and the runs' buffers are paid from the budget.
 */
class KeyRunsTest {

  @TempDir Path dir;
  private SpillFolder folder;
  private final Budget budget = new Budget(new Memory(64L << 20, "64m", Optional.empty()));

  /** An entry as the sink sees it. */
  record Entry(long key, long line, int part) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::key)
          .thenComparingLong(Entry::line)
          .thenComparingInt(Entry::part);

  @BeforeEach
  void folder() {
    folder = new SpillFolder(Optional.of(dir));
  }

  @AfterEach
  void close() {
    folder.close();
  }

  /**
   * Writes {@code count} runs of key and line, run r of part r % parts, with keys from a small
   * range (so that keys repeat within and across runs); {@code expected} gets every entry.
   */
  private List<KeyRuns.Run> runs(int count, int parts, int entries, List<Entry> expected) {
    List<KeyRuns.Run> done = Collections.synchronizedList(new ArrayList<>());
    Random random = new Random(count * 31L + entries);
    long line = 1;
    for (int r = 0; r < count; r++) {
      int part = r % parts;
      KeyRuns runs = new KeyRuns(folder, budget, "fk-", part, true, 1 << 20, done, b -> {});
      for (int i = 0; i < entries; i++) {
        long key = random.nextInt(entries * 4) - entries;
        runs.add(key, line);
        expected.add(new Entry(key, line, part));
        line++;
      }
      runs.close();
    }
    return new ArrayList<>(done);
  }

  /** Merges with the fan-in given and checks what the sink saw against {@code expected}. */
  private void assertMerges(List<KeyRuns.Run> runs, int fanIn, List<Entry> expected)
      throws IOException {
    List<Entry> seen = new ArrayList<>();
    KeyRuns.widestMerge.set(0);
    KeyRuns.merge(runs, folder, budget, fanIn, (k, l, p) -> seen.add(new Entry(k, l, p)));
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i - 1).key() <= seen.get(i).key(), "out of key order at " + i);
    }
    List<Entry> sorted = new ArrayList<>(seen);
    sorted.sort(ORDER);
    List<Entry> want = new ArrayList<>(expected);
    want.sort(ORDER);
    assertEquals(want, sorted);
    assertTrue(
        KeyRuns.widestMerge.get() <= fanIn,
        "open at once " + KeyRuns.widestMerge.get() + " over " + fanIn);
    assertEquals(0, budget.used(), "the merge's buffers are given back");
    assertEquals(List.of(), files("merged-"), "intermediate runs left on disk");
  }

  private List<String> files(String prefix) throws IOException {
    Optional<Path> made = folder.folder();
    if (made.isEmpty()) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(made.get())) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith(prefix))
          .sorted()
          .toList();
    }
  }

  @Test
  void duplicatesAcrossRunsAndPartsAreAllPassedInKeyOrderThroughSeveralPasses() throws IOException {
    List<Entry> expected = new ArrayList<>();
    List<KeyRuns.Run> runs = runs(50, 2, 40, expected);
    long before = KeyRuns.intermediateRuns.get();
    assertMerges(runs, 4, expected);
    // 50 runs, 4 at once: 16 intermediate runs (each merge takes 4 and makes 1, down to 4).
    assertTrue(KeyRuns.intermediateRuns.get() - before >= 16);
    assertEquals(4, KeyRuns.widestMerge.get());
  }

  @Test
  void emptyRunsAreSkipped() throws IOException {
    List<Entry> expected = new ArrayList<>();
    List<KeyRuns.Run> runs = new ArrayList<>(runs(5, 1, 10, expected));
    for (int i = 0; i < 6; i++) {
      Path empty = folder.newFile("fk-");
      runs.add(i * 2, new KeyRuns.Run(empty, 0, 0, true));
    }
    assertMerges(runs, 3, expected);
    assertEquals(3, KeyRuns.widestMerge.get());
  }

  @Test
  void noRunAndOneRun() throws IOException {
    assertMerges(List.of(), 4, List.of());
    List<Entry> expected = new ArrayList<>();
    assertMerges(runs(1, 1, 100, expected), 4, expected);
    assertEquals(1, KeyRuns.widestMerge.get());
  }

  @Test
  void exactlyTheFanInIsOnePassAndOneMoreIsTwo() throws IOException {
    for (int fanIn : new int[] {4, KeyRuns.FAN_IN}) {
      List<Entry> expected = new ArrayList<>();
      List<KeyRuns.Run> runs = runs(fanIn, 2, 8, expected);
      long before = KeyRuns.intermediateRuns.get();
      assertMerges(runs, fanIn, expected);
      assertEquals(fanIn, KeyRuns.widestMerge.get());
      assertEquals(before, KeyRuns.intermediateRuns.get(), "fan-in " + fanIn + ": one pass");

      expected.clear();
      runs = runs(fanIn + 1, 2, 8, expected);
      before = KeyRuns.intermediateRuns.get();
      assertMerges(runs, fanIn, expected);
      assertEquals(fanIn, KeyRuns.widestMerge.get());
      // The two smallest runs first, then fanIn runs: one intermediate run.
      assertEquals(before + 1, KeyRuns.intermediateRuns.get(), "fan-in " + fanIn + " + 1");
    }
  }

  @Test
  void aMergedRunKeepsEachEntrysPartAndLine() throws IOException {
    // Three parts, lines that repeat across parts: the part must travel with each entry.
    List<KeyRuns.Run> done = Collections.synchronizedList(new ArrayList<>());
    List<Entry> expected = new ArrayList<>();
    for (int part = 0; part < 3; part++) {
      for (int r = 0; r < 4; r++) {
        KeyRuns runs = new KeyRuns(folder, budget, "fk-", part, true, 1 << 20, done, b -> {});
        for (long line = 1; line <= 5; line++) {
          runs.add(line * 10 + r, line);
          expected.add(new Entry(line * 10 + r, line, part));
        }
        runs.close();
      }
    }
    assertMerges(new ArrayList<>(done), 2, expected);
  }

  @Test
  void aTinyBudgetNarrowsTheMergeAndHoldsOnlyItsLeast() throws IOException {
    Budget tiny = new Budget(new Memory(1, "1", Optional.empty()));
    KeyRuns.Width width = KeyRuns.Width.of(tiny, KeyRuns.FAN_IN, 1_000);
    assertEquals(KeyRuns.MIN_FAN_IN, width.fanIn());
    assertEquals(KeyRuns.MIN_BUFFER, width.buffer());
    assertEquals((KeyRuns.MIN_FAN_IN + 1L) * KeyRuns.MIN_BUFFER, tiny.used());
    tiny.release(width.paid());

    Budget some = new Budget(new Memory(1 << 20, "1m", Optional.empty()));
    width = KeyRuns.Width.of(some, KeyRuns.FAN_IN, 1_000);
    assertEquals(KeyRuns.FAN_IN, width.fanIn());
    // 65 buffers (64 runs and the intermediate run written) of 16 KB are 1,040 KB: 8 KB each.
    assertEquals(1 << 13, width.buffer());
    assertEquals(65L << 13, some.used());
    some.release(width.paid());

    Budget large = new Budget(new Memory(64L << 20, "64m", Optional.empty()));
    width = KeyRuns.Width.of(large, KeyRuns.FAN_IN, 10);
    assertEquals(KeyRuns.BUFFER, width.buffer());
    assertEquals(10L * KeyRuns.BUFFER, large.used(), "ten runs, one pass: ten buffers");
  }

  @Test
  void aRunsBufferIsPaidFromTheBudgetAndWrittenWhenItRefuses() throws IOException {
    Budget small = new Budget(new Memory(2_048, "2k", Optional.empty()));
    List<KeyRuns.Run> done = Collections.synchronizedList(new ArrayList<>());
    KeyRuns runs = new KeyRuns(folder, small, "pk-", 0, false, 1 << 20, done, b -> {});
    for (long k = 0; k < 10_000; k++) {
      runs.add(k * 7 % 10_000);
    }
    assertTrue(runs.paid() <= 2_048, "paid " + runs.paid());
    assertEquals(runs.paid(), small.used());
    runs.close();
    assertEquals(0, small.used());
    assertTrue(small.peak() <= 2_048, "peak " + small.peak());
    // 2 KB holds a buffer of 128 keys (1,040 bytes) but not 256 (2,064).
    assertEquals(10_000 / 128 + 1, done.size());
    long[] next = {0};
    KeyRuns.merge(
        new ArrayList<>(done),
        folder,
        budget,
        (k, l, p) -> {
          assertEquals(next[0]++, k);
        });
    assertEquals(10_000, next[0]);
  }

  @Test
  void aSetLetGoOfIsOneRunOfItsKeysZeroIncluded() throws IOException {
    LongHashSet set = new LongHashSet();
    List<Long> want = new ArrayList<>();
    for (long k = -50; k <= 50; k++) {
      set.add(k * 1_000_003);
      want.add(k * 1_000_003);
    }
    List<KeyRuns.Run> done = Collections.synchronizedList(new ArrayList<>());
    KeyRuns runs = new KeyRuns(folder, budget, "set-", 1, false, 16, done, b -> {});
    runs.moveAll(set);
    runs.close();
    assertEquals(1, done.size());
    assertEquals(101, done.get(0).entries());
    List<Long> seen = new ArrayList<>();
    KeyRuns.merge(done, folder, budget, (k, l, p) -> seen.add(k));
    assertEquals(want, seen);
  }
}
