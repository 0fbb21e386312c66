package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.csv.RecordHandler;

/**
 * One table file through two threads: the calling thread scans and copies records into batches, a
 * second thread rewrites each batch and writes it out. So parsing runs on one core while rewriting,
 * checksumming and the system calls run on another, and at most {@link #BATCHES} batches (about 2
 * MB each) exist per file whatever its size.
 */
final class RewritePipeline {

  static final int BATCHES = 3;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final BlockingQueue<RecordBatch> full = new ArrayBlockingQueue<>(BATCHES);
  private final BlockingQueue<RecordBatch> free = new ArrayBlockingQueue<>(BATCHES);
  private volatile Throwable failure;
  private Thread writer;

  /** Bytes of the input scanned so far, for progress lines. */
  volatile long scanned;

  /**
   * Rewrites {@code in} into {@code out} (which must not exist).
   *
   * @return the output's size and checksum
   */
  OutputFile.Written run(
      Dialect dialect, Path in, OutputFile out, TableRewriter rewriter, String threadName)
      throws IOException {
    for (int i = 0; i < BATCHES; i++) {
      free.add(new RecordBatch());
    }
    writer = new Thread(() -> drain(rewriter), threadName);
    writer.setDaemon(true);
    writer.start();
    boolean finished = false;
    try (FileChannel channel = FileChannel.open(in)) {
      long size = channel.size();
      if (size > 0) {
        long start = Deidentifier.bomLength(channel);
        if (start > 0) {
          // Written before the first batch is handed over, which orders it before the rewriting
          // thread's writes (as the queue orders every batch, and join() the finish below).
          out.write(BOM, 0, BOM.length);
        }
        Batcher batcher = new Batcher();
        new CsvScanner(dialect).scan(channel, start, size, 1, batcher);
        batcher.current.last = true;
        hand(batcher.current);
      } else {
        RecordBatch end = take();
        end.last = true;
        hand(end);
      }
      join();
      finished = true;
    } catch (BatchFailure e) {
      throw e.getCause();
    } finally {
      if (!finished) {
        writer.interrupt();
        try {
          writer.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    rethrow();
    return out.finish();
  }

  private void join() throws IOException {
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while de-identifying");
    }
  }

  private void rethrow() throws IOException {
    Throwable t = failure;
    if (t == null) {
      return;
    }
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(t);
  }

  private void drain(TableRewriter rewriter) {
    try {
      while (true) {
        RecordBatch batch = full.take();
        rewriter.rewrite(batch);
        boolean last = batch.last;
        batch.clear();
        free.put(batch);
        if (last) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // The scan failed; its error is the one to report.
    } catch (Throwable t) {
      failure = t;
    }
  }

  private void hand(RecordBatch batch) throws IOException {
    try {
      while (!full.offer(batch, 50, TimeUnit.MILLISECONDS)) {
        checkWriter();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while de-identifying");
    }
  }

  private RecordBatch take() throws IOException {
    try {
      RecordBatch batch;
      while ((batch = free.poll(50, TimeUnit.MILLISECONDS)) == null) {
        checkWriter();
      }
      return batch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while de-identifying");
    }
  }

  /** Stops the scan when the writing thread died, with its error. */
  private void checkWriter() throws IOException {
    if (failure != null || !writer.isAlive()) {
      rethrow();
      throw new IOException("the de-identifying thread stopped");
    }
  }

  /** An I/O error inside the scanner's callback, carried out of it. */
  private static final class BatchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BatchFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  /** Copies each record into the current batch and hands full batches over. */
  private final class Batcher implements RecordHandler {
    RecordBatch current;
    private boolean unclosed;

    Batcher() throws IOException {
      current = take();
    }

    @Override
    public void issue(CsvIssue issue, long line, int field) {
      // The input was verified before; only a quote left open changes how bytes are copied.
      if (issue == CsvIssue.UNCLOSED_QUOTE) {
        unclosed = true;
      }
    }

    @Override
    public void record(CsvRecord record) {
      try {
        if (!current.add(record, unclosed)) {
          scanned = record.offset();
          hand(current);
          current = take();
          current.add(record, unclosed);
        }
      } catch (IOException e) {
        throw new BatchFailure(e);
      } finally {
        unclosed = false;
      }
    }
  }
}
