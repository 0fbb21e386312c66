package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.TableOrder;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.export.ExportInventory;
import org.ehrcontracts.engine.util.Threads;
import org.ehrcontracts.engine.verify.NotEnoughMemoryException;

/**
 * Pass two of a de-identification: every table file present is rewritten into the staged output,
 * tables that refer to each other in dependency levels, each file in parts on the scanning threads.
 */
final class TableRewrites {

  private static final long PROGRESS_SECONDS = 10;

  private final DiagnosticsListener diagnostics;

  TableRewrites(DiagnosticsListener diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The outcome of pass two. */
  record Rewrite(
      List<DeidResult.FileStats> files,
      List<DeidResult.NotWritten> notWritten,
      long unknownPersons) {}

  /**
   * Rewrites every table present.
   *
   * @param budget what the person map holds of the run's memory budget, which the sets that grow
   *     with the rows here (unknown persons, dropped rows' keys) share
   * @throws NotEnoughMemoryException when those sets need more than the budget, or the heap runs
   *     out
   */
  Rewrite rewriteAll(
      DeidRequest request,
      Roles roles,
      PersonMap persons,
      PersonMap.Budget budget,
      ExportInventory inventory,
      Path staged)
      throws IOException {
    Contract contract = request.contract();
    Map<String, Path> present = new LinkedHashMap<>();
    List<DeidResult.NotWritten> notWritten = new ArrayList<>();
    for (ExportInventory.TableFile entry : inventory.tables()) {
      if (entry.file().isEmpty()) {
        continue;
      }
      Table table = entry.table();
      if (roles.withholds(table)) {
        // Never read, never written: what identifies people by its nature does not leave.
        notWritten.add(
            new DeidResult.NotWritten(
                table.file(),
                table.name(),
                table.identifying()
                    ? "identifying table: never written"
                    : "dropped by the policy (deidentification.drop)",
                0));
        continue;
      }
      present.put(table.name(), entry.file().get());
    }
    List<List<Table>> levels = levels(contract, roles, present.keySet());
    Map<String, Integer> levelOf = new HashMap<>();
    for (int i = 0; i < levels.size(); i++) {
      for (Table table : levels.get(i)) {
        levelOf.put(table.name(), i);
      }
    }
    // Single-column foreign keys into tables rewritten at an earlier level: their dropped rows
    // take the referring rows with them. Person ids are handled by the person map instead.
    Map<String, Map<String, DroppedKeys>> tracked = new HashMap<>();
    Map<String, Map<String, DroppedKeys>> cascades = new HashMap<>();
    for (String name : present.keySet()) {
      Table table = contract.tables().get(name);
      for (ForeignKey key : table.foreignKeys()) {
        if (key.columns().size() != 1
            || !present.containsKey(key.table())
            || levelOf.get(key.table()) >= levelOf.get(name)
            || isPersonKey(roles, key)) {
          continue;
        }
        DroppedKeys keys =
            tracked
                .computeIfAbsent(key.table(), t -> new HashMap<>())
                .computeIfAbsent(
                    key.referencedColumns().get(0),
                    c -> new DroppedKeys(budget, key.table() + "." + c));
        cascades.computeIfAbsent(name, t -> new HashMap<>()).put(key.columns().get(0), keys);
      }
    }

    Map<String, DeidResult.FileStats> stats = new HashMap<>();
    PaidKeys unknown = new PaidKeys(budget);
    String export = String.valueOf(request.export().getFileName());
    List<Job> running = new ArrayList<>();
    ExecutorService pool = Threads.fixedPool(request.threads(), Threads.daemon("ehr-deid"));
    ScheduledExecutorService ticker = Threads.ticker("ehr-deid-progress");
    try {
      ticker.scheduleAtFixedRate(
          () -> progress(running), PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS);
      for (List<Table> level : levels) {
        List<Job> jobs = new ArrayList<>();
        for (Table table : level) {
          Job job =
              new Job(
                  table,
                  present.get(table.name()),
                  staged.resolve(table.file()),
                  new TableRewriterFactory(
                      table,
                      roles,
                      persons,
                      cascades.getOrDefault(table.name(), Map.of()),
                      tracked.getOrDefault(table.name(), Map.of()),
                      budget,
                      export + "/" + table.file()));
          job.future = pool.submit(() -> job.run(contract, request.threads()));
          jobs.add(job);
          synchronized (running) {
            running.add(job);
          }
        }
        for (Job job : jobs) {
          TableRewriter done;
          try {
            done = Threads.await(job.future, "interrupted");
          } catch (OutOfMemoryError | com.carrotsearch.hppc.BufferAllocationException e) {
            // Stop the other tables first, so that they stop allocating; the caller deletes the
            // staged output.
            pool.shutdownNow();
            throw new NotEnoughMemoryException(
                export + "/" + job.table.file(),
                job.rowsRead(),
                Runtime.getRuntime().maxMemory(),
                request.memory(),
                false,
                null,
                e);
          }
          if (done.rejected().isPresent()) {
            done.unknownPersons.close();
            Files.delete(job.out);
            notWritten.add(
                new DeidResult.NotWritten(
                    job.table.file(),
                    job.table.name(),
                    done.rejected().get()
                        + ", so no value can be trusted to be the column it seems",
                    done.rowsIn));
            continue;
          }
          stats.put(job.table.name(), job.stats(done));
          // Room for both first: the table's own set is let go only once they are merged.
          long ids = (long) unknown.size() + done.unknownPersons.size();
          long bytes = unknown.bytes() + done.unknownPersons.bytes();
          if (!unknown.absorb(done.unknownPersons)) {
            throw budget.overBudget(
                export + "/" + job.table.file(),
                done.rowsIn,
                TableRewriter.unknownPersonsWhat(ids, bytes));
          }
        }
      }
    } finally {
      ticker.shutdownNow();
      pool.shutdownNow();
      try {
        // A failed run deletes its temporary files next; let the other tables stop writing first.
        pool.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<DeidResult.FileStats> files = new ArrayList<>();
    for (String name : present.keySet()) {
      if (stats.containsKey(name)) {
        files.add(stats.get(name));
      }
    }
    long unknownPersons = unknown.size();
    unknown.close();
    for (Map<String, DroppedKeys> byColumn : tracked.values()) {
      byColumn.values().forEach(DroppedKeys::close);
    }
    return new Rewrite(files, notWritten, unknownPersons);
  }

  private static boolean isPersonKey(Roles roles, ForeignKey key) {
    return key.table().equals(roles.person.table())
        && key.referencedColumns().get(0).equals(roles.person.id());
  }

  /** Makes the rewriter of a table once its output file exists. */
  private record TableRewriterFactory(
      Table table,
      Roles roles,
      PersonMap persons,
      Map<String, DroppedKeys> cascadeFrom,
      Map<String, DroppedKeys> tracked,
      PersonMap.Budget budget,
      String display) {
    TableRewriter make(OutputFile out) {
      return new TableRewriter(table, roles, persons, out, cascadeFrom, tracked, budget, display);
    }
  }

  /** The rewrite of one table file. */
  static final class Job {
    final Table table;
    final Path in;
    final Path out;
    final TableRewriterFactory factory;
    final RewritePipeline pipeline = new RewritePipeline();
    Future<TableRewriter> future;
    volatile boolean done;
    volatile TableRewriter rewriter;
    OutputFile.Written written;
    final long size;
    final long startNanos = System.nanoTime();

    Job(Table table, Path in, Path out, TableRewriterFactory factory) throws IOException {
      this.table = table;
      this.in = in;
      this.out = out;
      this.factory = factory;
      this.size = Files.size(in);
    }

    TableRewriter run(Contract contract, int scanners) throws IOException {
      try (OutputFile file = new OutputFile(out)) {
        TableRewriter rewriter = factory.make(file);
        this.rewriter = rewriter;
        written =
            pipeline.run(
                contract.dialect(), in, file, rewriter, scanners, "ehr-deid-" + table.name());
        done = true;
        return rewriter;
      }
    }

    /** The rows read so far (read racily: for a message only). */
    long rowsRead() {
      TableRewriter current = rewriter;
      return current == null ? 0 : current.rowsIn;
    }

    DeidResult.FileStats stats(TableRewriter rw) {
      return new DeidResult.FileStats(
          table.file(),
          table.name(),
          rw.rowsIn,
          rw.rowsOut,
          rw.removedWithPersons,
          rw.removedUnlinked,
          rw.removedCascade,
          rw.removedMalformed,
          rw.idsReplaced,
          rw.datesTruncated,
          rw.timesTruncated,
          rw.datesUnparseable,
          rw.valuesBlanked,
          written.bytes(),
          written.crc32c());
    }
  }

  /** Says how far each large file (64 MiB or more) still being rewritten has got. */
  void progress(List<Job> jobs) {
    List<Job> snapshot;
    synchronized (jobs) {
      snapshot = List.copyOf(jobs);
    }
    for (Job job : snapshot) {
      if (job.done || job.size < 64L << 20) {
        continue;
      }
      double seconds = (System.nanoTime() - job.startNanos) / 1e9;
      diagnostics.progress(
          String.format(
              Locale.ROOT,
              "  de-identifying %s: %.0f%% in %.0f s",
              job.table.file(),
              100.0 * job.pipeline.done / job.size,
              seconds));
    }
  }

  /**
   * The tables present, in levels: a table comes after the tables its foreign keys point at (the
   * person table aside, whose ids the person map resolves). Tables in a cycle share a level.
   */
  static List<List<Table>> levels(Contract contract, Roles roles, Set<String> present) {
    Map<String, Set<String>> needs = new LinkedHashMap<>();
    for (Table table : contract.tables().values()) {
      if (!present.contains(table.name())) {
        continue;
      }
      Set<String> parents = new HashSet<>();
      for (ForeignKey key : table.foreignKeys()) {
        if (present.contains(key.table())
            && !key.table().equals(table.name())
            && !isPersonKey(roles, key)) {
          parents.add(key.table());
        }
      }
      needs.put(table.name(), parents);
    }
    return TableOrder.levels(contract, needs);
  }
}
