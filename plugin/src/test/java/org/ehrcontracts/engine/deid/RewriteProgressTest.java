package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress lines of pass two: every ten seconds, one per file of 64 MiB or more still being
 * rewritten, with the share of its bytes done and the seconds since it began. Files here are
 * sparse, so that their size costs no disk.
 */
class RewriteProgressTest {

  @TempDir Path dir;

  private final List<String> lines = new ArrayList<>();

  private final DiagnosticsListener listener =
      new DiagnosticsListener() {
        @Override
        public void problem(Problem problem) {}

        @Override
        public void progress(String message) {
          lines.add(message);
        }

        @Override
        public void debug(Supplier<String> message) {}
      };

  private TableRewrites.Job job(Table table, long size) throws Exception {
    Path in = dir.resolve(table.name() + size + ".csv");
    try (RandomAccessFile file = new RandomAccessFile(in.toFile(), "rw")) {
      file.setLength(size);
    }
    return new TableRewrites.Job(table, in, dir.resolve("out-" + size), null);
  }

  @Test
  void onlyLargeFilesStillBeingRewrittenAreReportedWithTheShareDone() throws Exception {
    Table visit = new DeidFixture(dir).loadContract().table("visit").orElseThrow();
    TableRewrites.Job small = job(visit, (64L << 20) - 1);
    TableRewrites.Job large = job(visit, 64L << 20);
    large.pipeline.done = 16L << 20;
    TableRewrites.Job finished = job(visit, 100L << 20);
    finished.done = true;
    new TableRewrites(listener).progress(List.of(small, large, finished));
    assertEquals(List.of("  de-identifying visit.csv: 25% in 0 s"), lines);
  }

  @Test
  void theShareIsOfTheFilesOwnSize() throws Exception {
    Table visit = new DeidFixture(dir).loadContract().table("visit").orElseThrow();
    TableRewrites.Job large = job(visit, 200L << 20);
    large.pipeline.done = 150L << 20;
    new TableRewrites(listener).progress(List.of(large));
    assertEquals(List.of("  de-identifying visit.csv: 75% in 0 s"), lines);
    lines.clear();
    large.pipeline.done = 2L << 20;
    new TableRewrites(listener).progress(List.of(large));
    assertEquals(List.of("  de-identifying visit.csv: 1% in 0 s"), lines);
  }
}
