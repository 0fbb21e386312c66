package org.ehrcontracts.engine.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.TableOrder;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.export.ExportInventory;
import org.ehrcontracts.engine.expr.Expression;
import org.ehrcontracts.engine.metrics.ConceptFacts;
import org.ehrcontracts.engine.metrics.Scorecard;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.util.Threads;

/**
 * Verifies one export directory against a contract in one streaming pass per file.
 *
 * <p>Tables are checked in dependency order (a referenced table's keys are complete before its
 * referrers are checked); within an order level every file, and every part of a large file, is a
 * task for the thread pool. Memory grows only with key sets (about 16 bytes a key), birth and death
 * maps (about 16 bytes a person) and the bounded problem samples.
 *
 * @since 0.1.0
 */
public final class Verifier {

  /** Files larger than this are split into parts of about this size. */
  static final long PART_BYTES = 16L * 1024 * 1024;

  private static final long PROGRESS_SECONDS = 5;

  private final DiagnosticsListener diagnostics;
  private final long partBytes;

  /** A verifier that reports progress to {@code diagnostics}. */
  public Verifier(DiagnosticsListener diagnostics) {
    this(diagnostics, PART_BYTES);
  }

  /**
   * A verifier that splits files into parts of about {@code partBytes}; tests use a few bytes so
   * that small fixtures run in many parts, and must find exactly what one part finds.
   */
  Verifier(DiagnosticsListener diagnostics, long partBytes) {
    if (partBytes < 1) {
      throw new IllegalArgumentException("partBytes must be at least 1");
    }
    this.diagnostics = diagnostics;
    this.partBytes = partBytes;
  }

  /**
   * Verifies an export.
   *
   * @throws IOException if a file cannot be read
   */
  public VerifyResult verify(VerifyRequest request) throws IOException {
    Instant started = Instant.now();
    Contract contract = request.contract();
    Path dir = request.export();
    String export = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    ExportInventory inventory = ExportInventory.scan(contract, dir);
    Set<String> withheld = UnreadFiles.withheld(request);
    Set<String> present = new HashSet<>();
    for (ExportInventory.TableFile entry : inventory.tables()) {
      // A withheld table's file is reported, not read: nothing in it may be relied on.
      if (entry.found() && !withheld.contains(entry.table().name())) {
        present.add(entry.table().name());
      }
    }
    List<List<Table>> levels = levels(contract, present);
    ExportState state = new ExportState();
    Memory memory = request.memory();
    state.budget = new Budget(memory);
    state.spillFolder = new SpillFolder(memory.spillDirectory());
    RuleSettings global = new RuleSettings(contract, null, request);
    Optional<FileResult> unproven = Optional.empty();
    if (UnreadFiles.provesPersonIds(request, global)) {
      PersonIds.Loaded loaded = PersonIds.load(request.crosswalk(), state.budget);
      loaded.ids().ifPresent(ids -> state.personIds = ids);
      if (loaded.ids().isEmpty()) {
        unproven = Optional.of(UnreadFiles.unproven(export, loaded.whyNot(), global));
      }
    }
    Map<String, FileRun> runs = new LinkedHashMap<>();
    ExecutorService pool = Threads.fixedPool(request.threads(), Threads.daemon("ehr-verify"));
    ScheduledExecutorService ticker = Threads.ticker("ehr-progress");
    boolean completed = false;
    FileRun current = null;
    try {
      ticker.scheduleAtFixedRate(
          () -> progress(runs.values()), PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS);
      Set<String> done = new HashSet<>();
      for (List<Table> level : levels) {
        List<FileRun> started0 = new ArrayList<>();
        for (Table table : level) {
          FileRun run =
              new FileRun(table, export + "/" + table.file(), dir.resolve(table.file()), partBytes);
          runs.put(table.name(), run);
          run.start(contract, request, present, done, state, pool);
          started0.add(run);
        }
        for (FileRun run : started0) {
          current = run;
          run.finish(state);
          run.spillSummary().ifPresent(diagnostics::progress);
        }
        for (Table table : level) {
          done.add(table.name());
        }
      }
      for (FileRun run : runs.values()) {
        current = run;
        run.checkDeferred(state);
        run.checkDuplicates();
        // Before the pool shuts down: shutdownNow would interrupt a running checksum, or drop a
        // queued one whose future would then never complete.
        run.awaitChecksum();
      }
      completed = true;
    } catch (OutOfMemoryError | com.carrotsearch.hppc.BufferAllocationException e) {
      // Stop the other parts first, so that they stop allocating, and let go of every part's
      // sets before the words are made: what they need is little, but the heap is full.
      pool.shutdownNow();
      FileRun failed = current != null ? current : runs.values().stream().findFirst().orElse(null);
      String file = failed == null ? export : failed.display();
      long rows = failed == null ? 0 : failed.rowsRead();
      runs.clear();
      throw new NotEnoughMemoryException(
          file, rows, Runtime.getRuntime().maxMemory(), memory, false, null, e);
    } finally {
      ticker.shutdownNow();
      // The files' CRC32C tasks may still be queued or running; the results below wait for them,
      // so only a failed run may interrupt them (an interrupt closes their channel mid-read).
      if (completed) {
        pool.shutdown();
      } else {
        pool.shutdownNow();
        awaitQuietly(pool);
      }
      // Spilled keys are deleted whatever happened; the folder is made only if a table spilled.
      state.spillFolder.close();
    }

    List<FileResult> files = new ArrayList<>();
    for (ExportInventory.TableFile entry : inventory.tables()) {
      Table table = entry.table();
      RuleSettings settings = new RuleSettings(contract, table, request);
      if (!entry.found()) {
        files.add(
            UnreadFiles.missing(
                table,
                export,
                settings,
                withheld.contains(table.name()),
                inventory.whyMissing(table)));
        continue;
      }
      if (withheld.contains(table.name())) {
        files.add(UnreadFiles.withheldFile(table, export, settings, entry.bytes()));
        continue;
      }
      files.add(runs.get(table.name()).result(settings, entry.bytes()));
    }
    for (String name : inventory.unknown()) {
      files.add(UnreadFiles.unknown(export, name, inventory.describeUnknown(name), global));
    }
    for (String name : inventory.tolerated()) {
      files.add(
          new FileResult(
              name, Optional.empty(), FileStatus.NOT_CHECKED, 0, 0, Optional.empty(), List.of()));
    }
    Optional<RowComparison> previousUpload = Optional.empty();
    if (request.previousUpload().isPresent()) {
      RowChanges.Applied applied =
          RowChanges.apply(request, request.previousUpload().get(), export, files);
      files = new ArrayList<>(applied.files());
      previousUpload = Optional.of(applied.comparison());
    }
    unproven.ifPresent(files::add);
    List<TableScores> scored = new ArrayList<>();
    for (ExportInventory.TableFile entry : inventory.tables()) {
      FileRun run = runs.get(entry.table().name());
      if (run != null) {
        run.scores().ifPresent(scored::add);
      }
    }
    return new VerifyResult(
        contract.name(),
        contract.version(),
        contract.digest(),
        contract.lineage(),
        export,
        dir,
        request.toolVersion(),
        started,
        Duration.between(started, Instant.now()),
        request.deidentified(),
        request.onlyRules(),
        request.skipRules(),
        files,
        request
            .vocabulary()
            .map(v -> new org.ehrcontracts.engine.json.VocabularyRef(v.release(), v.size())),
        scored.isEmpty()
            ? Scorecard.NONE
            : new Scorecard(
                request.concepts().isPresent(),
                request.concepts().flatMap(ConceptFacts::release),
                scored),
        previousUpload);
  }

  /**
   * The tables present in the export, in levels: each table's referenced tables (and the person and
   * death tables, for plausibility) come in earlier levels. Tables in a cycle share a level; their
   * foreign keys among each other are checked at the end.
   */
  static List<List<Table>> levels(Contract contract, Set<String> present) {
    Map<String, Set<String>> needs = new LinkedHashMap<>();
    String personTable = contract.person().table();
    String deathTable = contract.person().deathTable().orElse(null);
    for (Table table : contract.tables().values()) {
      if (!present.contains(table.name())) {
        continue;
      }
      Set<String> parents = new HashSet<>();
      for (ForeignKey key : table.foreignKeys()) {
        if (present.contains(key.table()) && !key.table().equals(table.name())) {
          parents.add(key.table());
        }
      }
      for (Check check : table.checks()) {
        // A check that reads another table's column (person.year_of_birth) needs it read first.
        List<Expression> expressions = new ArrayList<>();
        check.compiledAssertion().ifPresent(expressions::add);
        check.compiledWhen().ifPresent(expressions::add);
        for (Expression expression : expressions) {
          for (int reference : expression.references()) {
            String referenced = contract.references().get(reference).table();
            if (present.contains(referenced) && !referenced.equals(table.name())) {
              parents.add(referenced);
            }
          }
        }
      }
      boolean refersToPerson = parents.contains(personTable);
      if (refersToPerson
          && deathTable != null
          && present.contains(deathTable)
          && !table.name().equals(deathTable)) {
        parents.add(deathTable);
      }
      needs.put(table.name(), parents);
    }
    return TableOrder.levels(contract, needs);
  }

  private void progress(Iterable<FileRun> runs) {
    for (FileRun run : runs) {
      run.reportProgress(diagnostics);
    }
  }

  /** Waits a little for stopped tasks to end, so that none writes a spill file after the end. */
  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static <T> T await(Future<T> future) {
    return Threads.awaitUnchecked(future, "verification was interrupted");
  }
}
