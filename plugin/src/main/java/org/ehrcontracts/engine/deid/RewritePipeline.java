package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.csv.CsvSplitter;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.util.Threads;

/**
 * One table file through several threads: scanning threads parse parts of the file and copy their
 * records into batches, while the calling thread rewrites the batches in file order and writes them
 * out. So parsing runs on every core while rewriting, checksumming and the system calls run beside
 * it, and the output is written in one sequential stream.
 *
 * <p>The file is cut after line breaks into parts of {@link #PART_BYTES}; scanning thread {@code j}
 * takes parts {@code j}, {@code j + S}, ... and owns {@link #BATCHES_PER_SCANNER} batches (about 2
 * MB each), enough to hold a whole part, so it can finish a part while the rewriter is still on an
 * earlier one, and memory stays bounded whatever the file's size. A line break inside a quoted
 * field can make a cut fall inside a record; the scan of the part before it then says so, the later
 * parts are thrown away, and the rest of the file is read again in one piece.
 */
final class RewritePipeline {

  static final long PART_BYTES = 4L << 20;
  static final int BATCHES_PER_SCANNER = 6;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** Bytes of the input rewritten so far, for progress lines. */
  volatile long done;

  /** Whether a cut fell inside a record and the rest was read again in one piece. */
  boolean restarted;

  /**
   * Rewrites {@code in} into {@code out}.
   *
   * @param scanners how many threads parse parts of the file
   * @return the output's size and checksum
   */
  OutputFile.Written run(
      Dialect dialect,
      Path in,
      OutputFile out,
      TableRewriter rewriter,
      int scanners,
      String threadName)
      throws IOException {
    try (FileChannel channel = FileChannel.open(in)) {
      long size = channel.size();
      if (size == 0) {
        return out.finish();
      }
      long start = Deidentifier.bomLength(channel);
      if (start > 0) {
        out.write(BOM, 0, BOM.length);
      }
      CsvScanner scanner = new CsvScanner(dialect);
      if (dialect.header()) {
        // The header alone first: it says which column is where.
        Direct header = new Direct(rewriter, null);
        start = header.scan(scanner, channel, start, start + 1).end();
      }
      List<Long> bounds =
          size - start > PART_BYTES && scanners > 1
              ? CsvSplitter.split(channel, start, size, (int) ((size - start) / PART_BYTES) + 1)
              : List.of(start, size);
      if (bounds.size() <= 2) {
        new Direct(rewriter, rewriter.dates()).scan(scanner, channel, start, size);
      } else {
        inParts(dialect, in, bounds, rewriter, scanners, threadName);
      }
      done = size;
    }
    return out.finish();
  }

  /** Scans parts on {@code scanners} threads and rewrites them here, in file order. */
  private void inParts(
      Dialect dialect,
      Path in,
      List<Long> bounds,
      TableRewriter rewriter,
      int scanners,
      String threadName)
      throws IOException {
    int parts = bounds.size() - 1;
    List<BlockingQueue<Object>> queues = new ArrayList<>(parts);
    for (int k = 0; k < parts; k++) {
      queues.add(new LinkedBlockingQueue<>());
    }
    List<Scanner> threads = new ArrayList<>();
    for (int j = 0; j < Math.min(scanners, parts); j++) {
      Scanner scanner = new Scanner(dialect, in, bounds, queues, j, scanners, rewriter.dates());
      scanner.thread = Threads.daemon(scanner, threadName + "-scan-" + j);
      threads.add(scanner);
    }
    threads.forEach(s -> s.thread.start());
    long restart = -1;
    try {
      for (int k = 0; k < parts && restart < 0; k++) {
        Scanner owner = threads.get(k % threads.size());
        while (true) {
          Object item = take(queues.get(k));
          if (item instanceof RecordBatch batch) {
            try {
              rewriter.rewrite(batch);
            } finally {
              batch.clear();
              owner.free.add(batch);
            }
          } else if (item instanceof CsvScanner.Result result) {
            if (result.crossedLimit() && k + 1 < parts) {
              // The next part began inside a quoted field: read on from where this one ended.
              restart = result.end();
            }
            done = bounds.get(k + 1);
            break;
          } else {
            throw (item instanceof IOException io) ? io : new IOException((Throwable) item);
          }
        }
      }
    } finally {
      for (Scanner s : threads) {
        s.thread.interrupt();
      }
      for (Scanner s : threads) {
        join(s.thread);
      }
    }
    if (restart >= 0) {
      restarted = true;
      try (FileChannel channel = FileChannel.open(in)) {
        new Direct(rewriter, rewriter.dates())
            .scan(new CsvScanner(dialect), channel, restart, channel.size());
      }
    }
  }

  private static Object take(BlockingQueue<Object> queue) throws IOException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while de-identifying");
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Scans its share of the parts into its own batches. After each part it queues the scan's result;
   * a failure is queued in its place, for the rewriter to throw when it gets there (or to ignore,
   * when an earlier part showed that this one began inside a record).
   */
  private static final class Scanner implements Runnable {
    final BlockingQueue<RecordBatch> free = new ArrayBlockingQueue<>(BATCHES_PER_SCANNER);
    private final Dialect dialect;
    private final Path in;
    private final List<Long> bounds;
    private final List<BlockingQueue<Object>> queues;
    private final int first;
    private final int step;
    private final DateTruncation dates;
    Thread thread;

    Scanner(
        Dialect dialect,
        Path in,
        List<Long> bounds,
        List<BlockingQueue<Object>> queues,
        int first,
        int step,
        DateTruncation dates) {
      this.dates = dates;
      this.dialect = dialect;
      this.in = in;
      this.bounds = bounds;
      this.queues = queues;
      this.first = first;
      this.step = step;
      for (int i = 0; i < BATCHES_PER_SCANNER; i++) {
        free.add(new RecordBatch());
      }
    }

    @Override
    public void run() {
      CsvScanner scanner = new CsvScanner(dialect);
      try (FileChannel channel = FileChannel.open(in)) {
        for (int k = first; k + 1 < bounds.size(); k += step) {
          BlockingQueue<Object> queue = queues.get(k);
          try {
            // Inside the try: taking a free batch can be interrupted too, when the writer failed.
            Batcher batcher = new Batcher(free, queue, dates);
            CsvScanner.Result result =
                scanner.scan(channel, bounds.get(k), bounds.get(k + 1), 1, batcher);
            batcher.flush();
            queue.add(result);
          } catch (Interrupted e) {
            return;
          } catch (RuntimeException | IOException e) {
            queue.add(e);
          }
        }
      } catch (java.nio.channels.ClosedByInterruptException e) {
        // The run is over (the writer failed or finished early): nothing to tell.
      } catch (IOException e) {
        queues.get(first).add(e);
      } catch (Interrupted e) {
        // Likewise.
      }
    }
  }

  /** The scanner's thread was interrupted: the run is over. */
  private static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Interrupted() {
      super(null, null, false, false);
    }
  }

  /** Copies records into batches from a pool and queues each batch when full. */
  private static final class Batcher implements RecordHandler {
    private final BlockingQueue<RecordBatch> free;
    private final BlockingQueue<Object> queue;
    private final DateTruncation dates;
    private RecordBatch current;
    private boolean unclosed;

    Batcher(BlockingQueue<RecordBatch> free, BlockingQueue<Object> queue, DateTruncation dates) {
      this.free = free;
      this.queue = queue;
      this.dates = dates;
      this.current = next();
    }

    private RecordBatch next() {
      try {
        return free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Interrupted();
      }
    }

    @Override
    public void issue(CsvIssue issue, long line, int field) {
      // The input was verified before; only a quote left open changes how bytes are copied.
      if (issue == CsvIssue.UNCLOSED_QUOTE || issue == CsvIssue.UNCLOSED_AT_LINE_END) {
        unclosed = true;
      }
    }

    @Override
    public void record(CsvRecord record) {
      try {
        if (!current.add(record, unclosed)) {
          queue.add(current);
          current = next();
          current.add(record, unclosed);
        }
        dates.apply(current, current.records - 1);
      } finally {
        unclosed = false;
      }
    }

    void flush() {
      if (current.records > 0) {
        queue.add(current);
      } else {
        free.add(current);
      }
      current = null;
    }
  }

  /** Copies records into one batch and rewrites it on this thread whenever it is full. */
  private static final class Direct implements RecordHandler {
    private final TableRewriter rewriter;
    private final DateTruncation dates;
    private final RecordBatch batch = new RecordBatch();
    private boolean unclosed;

    /** With {@code dates} null for the header line, which is never truncated. */
    Direct(TableRewriter rewriter, DateTruncation dates) {
      this.rewriter = rewriter;
      this.dates = dates;
    }

    @Override
    public void issue(CsvIssue issue, long line, int field) {
      if (issue == CsvIssue.UNCLOSED_QUOTE || issue == CsvIssue.UNCLOSED_AT_LINE_END) {
        unclosed = true;
      }
    }

    @Override
    public void record(CsvRecord record) {
      try {
        if (!batch.add(record, unclosed)) {
          flush();
          batch.add(record, unclosed);
        }
        if (dates != null) {
          dates.apply(batch, batch.records - 1);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        unclosed = false;
      }
    }

    /** Scans a range, rewriting as it goes. */
    CsvScanner.Result scan(CsvScanner scanner, FileChannel channel, long from, long to)
        throws IOException {
      try {
        CsvScanner.Result result = scanner.scan(channel, from, to, 1, this);
        flush();
        return result;
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    }

    private void flush() throws IOException {
      rewriter.rewrite(batch);
      batch.clear();
    }
  }
}
