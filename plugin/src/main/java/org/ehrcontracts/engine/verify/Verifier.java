package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.LongLongHashMap;
import com.carrotsearch.hppc.cursors.LongCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.TableOrder;
import org.ehrcontracts.engine.contract.Threshold;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.csv.CsvSplitter;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.export.ExportInventory;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
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
    RuleSettings global = new RuleSettings(contract, null, request);
    Optional<FileResult> unproven = Optional.empty();
    if (UnreadFiles.provesPersonIds(request, global)) {
      PersonIds.Loaded loaded = PersonIds.load(request.crosswalk());
      loaded.ids().ifPresent(ids -> state.personIds = ids);
      if (loaded.ids().isEmpty()) {
        unproven = Optional.of(UnreadFiles.unproven(export, loaded.whyNot(), global));
      }
    }
    Map<String, FileRun> runs = new LinkedHashMap<>();
    ExecutorService pool = Threads.fixedPool(request.threads(), Threads.daemon("ehr-verify"));
    ScheduledExecutorService ticker = Threads.ticker("ehr-progress");
    boolean completed = false;
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
          run.finish(state);
        }
        for (Table table : level) {
          done.add(table.name());
        }
      }
      for (FileRun run : runs.values()) {
        run.checkDeferred(state);
        run.checkDuplicates();
        // Before the pool shuts down: shutdownNow would interrupt a running checksum, or drop a
        // queued one whose future would then never complete.
        run.awaitChecksum();
      }
      completed = true;
    } finally {
      ticker.shutdownNow();
      // The files' CRC32C tasks may still be queued or running; the results below wait for them,
      // so only a failed run may interrupt them (an interrupt closes their channel mid-read).
      if (completed) {
        pool.shutdown();
      } else {
        pool.shutdownNow();
      }
    }

    List<FileResult> files = new ArrayList<>();
    for (ExportInventory.TableFile entry : inventory.tables()) {
      Table table = entry.table();
      RuleSettings settings = new RuleSettings(contract, table, request);
      if (!entry.found()) {
        files.add(UnreadFiles.missing(table, export, settings, withheld.contains(table.name())));
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
    unproven.ifPresent(files::add);
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
        files);
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

  /** The verification of one table file: its header, its parts, and what they found. */
  private static final class FileRun {
    private final Table table;
    private final String display;
    private final Path path;
    private TablePlan plan;
    private ProblemCollector fileProblems;
    private final List<Part> parts = new ArrayList<>();
    private Future<String> crc;
    private String checksum;
    private int[] fieldOf;
    private String[] headerNames;
    private long rows;
    private LongHashSet keys;
    private final LongHashSet duplicateKeys = new LongHashSet();
    private long duplicates;
    private boolean checked;
    private final long size;
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong rowsDone = new AtomicLong();
    private volatile boolean finished;
    private final long startNanos = System.nanoTime();
    private CsvScanner scanner;
    private long dataStart;

    /** The physical line the data starts on: after the header, and blank lines before it. */
    private long dataLine;

    private VerifyRequest request;
    private final long partBytes;

    FileRun(Table table, String display, Path path, long partBytes) {
      this.table = table;
      this.partBytes = partBytes;
      this.display = display;
      this.path = path;
      long s;
      try {
        s = java.nio.file.Files.size(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      this.size = s;
    }

    void start(
        Contract contract,
        VerifyRequest request,
        Set<String> present,
        Set<String> done,
        ExportState state,
        ExecutorService pool)
        throws IOException {
      this.request = request;
      plan = new TablePlan(contract, table, display, request, present, done);
      fileProblems = new ProblemCollector(request.samples());
      crc = pool.submit(() -> crc32c(path));
      scanner = new CsvScanner(contract.dialect());
      try (FileChannel channel = FileChannel.open(path)) {
        long start = encodingStart(channel, contract);
        if (start < 0) {
          return;
        }
        if (contract.dialect().header()) {
          HeaderReader header = new HeaderReader(plan, fileProblems);
          // One record at a time: blank lines before the header are reported and skipped, and a
          // header with a quoted line break moves the data's first line down.
          long at = start;
          long line = 1;
          while (header.names == null && at < size) {
            CsvScanner.Result result = scanner.scan(channel, at, at + 1, line, header);
            at = result.end();
            line += result.lines();
          }
          if (header.names == null) {
            report(
                Rule.FILE_EMPTY,
                Location.of(display),
                null,
                table.at(),
                "the file has no header line");
            return;
          }
          headerNames = header.names;
          fieldOf = header.mapping();
          dataStart = at;
          dataLine = line;
        } else {
          headerNames = table.columns().stream().map(c -> c.name()).toArray(String[]::new);
          fieldOf = new int[table.columns().size()];
          for (int i = 0; i < fieldOf.length; i++) {
            fieldOf[i] = i;
          }
          dataStart = start;
          dataLine = 1;
        }
        checked = true;
        List<Long> bounds =
            size - dataStart > partBytes
                ? CsvSplitter.split(
                    channel,
                    dataStart,
                    size,
                    (int) Math.min(Integer.MAX_VALUE, (size - dataStart) / partBytes + 1))
                : List.of(dataStart, size);
        for (int i = 0; i + 1 < bounds.size(); i++) {
          Part part =
              new Part(
                  new PartChecker(plan, state, fieldOf, headerNames, request.samples()),
                  bounds.get(i),
                  bounds.get(i + 1),
                  i == 0 ? dataLine : 1);
          parts.add(part);
          part.future = pool.submit(() -> scanPart(part));
        }
      }
    }

    /** Reports a whole-file problem at the rule's setting for the table, unless it is off. */
    private void report(Rule rule, Location at, String field, Location contractAt, String message) {
      Severity severity = plan.severity(rule);
      if (severity != null) {
        fileProblems.report(rule, severity, at, field, contractAt, message);
      }
    }

    /** Checks the byte-order mark; returns where the data starts, or -1 when it cannot be read. */
    private long encodingStart(FileChannel channel, Contract contract) throws IOException {
      ByteBuffer head = ByteBuffer.allocate(4);
      channel.read(head, 0);
      int n = head.position();
      if (n == 0) {
        report(
            Rule.FILE_EMPTY,
            Location.of(display),
            null,
            table.at(),
            "the file is empty; a table without data is a header line alone");
        return -1;
      }
      byte[] b = head.array();
      if (n >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
        if (!contract.dialect().bomAllowed() && plan.severity(Rule.FILE_ENCODING) != null) {
          fileProblems.report(
              Rule.FILE_ENCODING,
              plan.severity(Rule.FILE_ENCODING),
              Location.of(display, 1, 1),
              null,
              null,
              "the file starts with a UTF-8 byte-order mark; save it without one");
        }
        return 3;
      }
      if (n >= 2
          && (((b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF)
              || ((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE))) {
        report(
            Rule.FILE_ENCODING,
            Location.of(display, 1, 1),
            null,
            null,
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
        return -1;
      }
      if (n == 4
          && ((b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0)
              || (b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0))) {
        // Text whose every other byte is NUL: UTF-16 without a byte-order mark. One problem for the
        // file, rather than a NUL byte in every field.
        report(
            Rule.FILE_ENCODING,
            Location.of(display, 1, 1),
            null,
            null,
            "the file is UTF-16 (every other byte is NUL, without a byte-order mark); save it as"
                + " UTF-8");
        return -1;
      }
      return 0;
    }

    private CsvScanner.Result scanPart(Part part) throws IOException {
      try (FileChannel channel = FileChannel.open(path)) {
        CsvScanner.Result result =
            scanner.scan(channel, part.from, part.to, part.firstLine, part.checker);
        bytesDone.addAndGet(part.to - part.from);
        rowsDone.addAndGet(part.checker.rows);
        return result;
      }
    }

    void finish(ExportState state) throws IOException {
      if (!checked) {
        finished = true;
        return;
      }
      List<CsvScanner.Result> results = new ArrayList<>();
      for (Part part : parts) {
        results.add(await(part.future));
      }
      boolean crossed = false;
      for (int i = 0; i + 1 < results.size(); i++) {
        crossed |= results.get(i).crossedLimit();
      }
      if (crossed) {
        // A split fell inside a quoted field: check the file again in one piece.
        PartChecker whole = new PartChecker(plan, state, fieldOf, headerNames, request.samples());
        try (FileChannel channel = FileChannel.open(path)) {
          scanner.scan(channel, dataStart, size, dataLine, whole);
        }
        Part single = new Part(whole, dataStart, size, dataLine);
        parts.clear();
        parts.add(single);
        results.clear();
        results.add(new CsvScanner.Result(whole.rows, 0, size, false));
      }
      long offset = 0;
      keys = new LongHashSet(Math.max(16, (int) Math.min(Integer.MAX_VALUE - 8, rowsEstimate())));
      LongHashSet[] keySets = new LongHashSet[plan.keySets.size()];
      for (int k = 0; k < keySets.length; k++) {
        keySets[k] = new LongHashSet();
      }
      LongIntHashMap births = plan.personTable ? new LongIntHashMap() : null;
      LongIntHashMap deaths = plan.deathTable ? new LongIntHashMap() : null;
      for (int i = 0; i < parts.size(); i++) {
        Part part = parts.get(i);
        PartChecker checker = part.checker;
        fileProblems.append(checker.problems, i == 0 ? 0 : offset);
        part.lineOffset = i == 0 ? 0 : offset;
        offset = (i == 0 ? part.firstLine : offset + 1) + results.get(i).lines() - 1;
        rows += checker.rows;
        boolean counting = plan.severity(Rule.KEY_DUPLICATE) != null;
        for (LongCursor key : checker.keys) {
          if (!keys.add(key.value) && counting) {
            duplicates++;
            duplicateKeys.add(key.value);
          }
        }
        duplicates += checker.duplicateKeys.size();
        duplicateKeys.addAll(checker.duplicateKeys);
        for (int k = 0; k < keySets.length; k++) {
          keySets[k].addAll(checker.keySets[k]);
        }
        if (births != null) {
          births.putAll(checker.birthYears);
        }
        if (deaths != null) {
          deaths.putAll(checker.deathDays);
        }
      }
      // A key set whose columns the header lacks is unknown, not empty: the foreign keys into it
      // are then not applicable (the header problem is reported), rather than all orphans.
      if (plan.primaryKeyReferenced && mapped(plan.primaryKey)) {
        state.keys.put(plan.primaryKeyName, keys);
      }
      for (int k = 0; k < keySets.length; k++) {
        if (mapped(plan.keySets.get(k).columns())) {
          state.keys.put(plan.keySets.get(k).name(), keySets[k]);
        }
      }
      if (births != null) {
        state.birthYears = births;
      }
      if (deaths != null) {
        state.deathDays = deaths;
      }
      finished = true;
    }

    private boolean mapped(int[] columns) {
      for (int column : columns) {
        if (fieldOf[column] < 0) {
          return false;
        }
      }
      return true;
    }

    private long rowsEstimate() {
      long total = 0;
      for (Part part : parts) {
        total += part.checker.keys.size();
      }
      return total;
    }

    void checkDeferred(ExportState state) {
      if (!checked) {
        return;
      }
      Severity severity = plan.severity(Rule.KEY_FOREIGN);
      long count = 0;
      List<Problem> late = new ArrayList<>();
      for (int i = 0; i < plan.foreignKeys.size(); i++) {
        TablePlan.Fk fk = plan.foreignKeys.get(i);
        if (!fk.deferred()) {
          continue;
        }
        LongHashSet parent = state.keys.get(fk.keySet());
        if (parent == null) {
          continue;
        }
        int kept = 0;
        for (Part part : parts) {
          LongArrayList values = part.checker.deferredValues[i];
          LongArrayList lines = part.checker.deferredLines[i];
          for (int k = 0; k < values.size(); k++) {
            if (parent.contains(values.get(k))) {
              continue;
            }
            count++;
            if (kept++ < request.samples()) {
              int column = fk.columns()[0];
              late.add(
                  new Problem(
                      Rule.KEY_FOREIGN,
                      severity,
                      Location.of(display, lines.get(k) + part.lineOffset, fieldOf[column] + 1),
                      Optional.of(plan.columns[column].name()),
                      Optional.of(plan.columns[column].at()),
                      PartChecker.foreignMessage(fk)));
            }
          }
        }
      }
      if (count > 0) {
        // Checked after the file, these go among the others in file order.
        fileProblems.count(Rule.KEY_FOREIGN, count);
        fileProblems.merge(Rule.KEY_FOREIGN, late);
      }
    }

    /** Counts duplicate keys and finds, for the samples, the line each key first appeared on. */
    void checkDuplicates() throws IOException {
      if (duplicates == 0) {
        return;
      }
      Severity severity = plan.severity(Rule.KEY_DUPLICATE);
      fileProblems.count(Rule.KEY_DUPLICATE, duplicates);
      LongLongHashMap firstLines = new LongLongHashMap();
      PartChecker keyer = new PartChecker(plan, new ExportState(), fieldOf, headerNames, 1);
      String keyColumns = String.join(", ", table.primaryKey());
      int column = plan.primaryKey[0];
      RecordHandler finder =
          new RecordHandler() {
            @Override
            public void record(CsvRecord record) {
              if (!fileProblems.room(Rule.KEY_DUPLICATE)) {
                return;
              }
              if (!keyer.fits(record)) {
                return; // not counted either: the row is a csv.row-width problem
              }
              long key = keyer.key(record, plan.primaryKey);
              if (!duplicateKeys.contains(key)) {
                return;
              }
              long first = firstLines.getOrDefault(key, -1);
              if (first < 0) {
                firstLines.put(key, record.line());
                return;
              }
              fileProblems.add(
                  Rule.KEY_DUPLICATE,
                  severity,
                  Location.of(display, record.line(), fieldOf[column] + 1),
                  plan.columns[column].name(),
                  null,
                  "the primary key (" + keyColumns + ") repeats the row on line " + first);
            }

            @Override
            public void issue(CsvIssue issue, long line, int field) {}
          };
      try (FileChannel channel = FileChannel.open(path)) {
        scanner.scan(channel, dataStart, size, dataLine, finder);
      }
    }

    FileResult result(RuleSettings settings, long bytes) {
      List<RuleResult> rules = new ArrayList<>();
      Severity worst = null;
      for (ProblemCollector.Tally tally : fileProblems.tallies()) {
        if (tally.count == 0) {
          continue;
        }
        Severity severity =
            tally.samples.isEmpty() ? Severity.ERROR : tally.samples.get(0).severity();
        boolean held = false;
        Optional<Threshold> threshold = settings.threshold(tally.rule, tally.check);
        List<Problem> samples = tally.samples;
        if (threshold.isPresent() && !threshold.get().exceeded(tally.count, rows)) {
          held = true;
          severity = Severity.INFO;
          samples = samples.stream().map(p -> p.withSeverity(Severity.INFO)).toList();
        }
        rules.add(
            new RuleResult(
                tally.rule,
                Optional.ofNullable(tally.check),
                severity,
                tally.count,
                samples,
                settings.note(tally.rule, tally.check),
                held));
        if (worst == null || severity.atLeast(worst)) {
          worst = severity;
        }
      }
      FileStatus status =
          worst == Severity.ERROR
              ? FileStatus.FAILED
              : worst == Severity.WARNING ? FileStatus.WARNINGS : FileStatus.PASSED;
      return new FileResult(
          table.file(),
          Optional.of(table.name()),
          status,
          rows,
          bytes,
          Optional.ofNullable(checksum),
          rules);
    }

    void awaitChecksum() {
      if (crc != null) {
        checksum = await(crc);
      }
    }

    void reportProgress(DiagnosticsListener diagnostics) {
      if (finished || !checked || size < PART_BYTES) {
        return;
      }
      long done = bytesDone.get();
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      double rate = done / Math.max(seconds, 1e-3);
      long left = rate > 0 ? (long) ((size - done) / rate) : 0;
      diagnostics.progress(
          String.format(
              Locale.ROOT,
              "  %s: %,d rows, %,d of %,d MB (%.0f MB/s), about %d s left",
              table.file(),
              rowsDone.get(),
              done >> 20,
              size >> 20,
              rate / (1 << 20),
              left));
    }

    private static String crc32c(Path path) throws IOException {
      CRC32C crc = new CRC32C();
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
      try (FileChannel channel = FileChannel.open(path)) {
        while (channel.read(buffer) >= 0) {
          buffer.flip();
          crc.update(buffer);
          buffer.clear();
        }
      }
      return HexFormat.of()
          .formatHex(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static <T> T await(Future<T> future) {
      return Threads.awaitUnchecked(future, "verification was interrupted");
    }
  }

  /** One part of a file and the checker that scans it. */
  private static final class Part {
    final PartChecker checker;
    final long from;
    final long to;
    final long firstLine;
    long lineOffset;
    Future<CsvScanner.Result> future;

    Part(PartChecker checker, long from, long to, long firstLine) {
      this.checker = checker;
      this.from = from;
      this.to = to;
      this.firstLine = firstLine;
    }
  }

  /** Reads the header line and maps the contract's columns to its fields. */
  private static final class HeaderReader implements RecordHandler {
    private final TablePlan plan;
    private final ProblemCollector problems;

    /** The header's scanner issues, reported once the names are known: kind, line, field. */
    private final List<long[]> pending = new ArrayList<>();

    String[] names;

    HeaderReader(TablePlan plan, ProblemCollector problems) {
      this.plan = plan;
      this.problems = problems;
    }

    @Override
    public void record(CsvRecord record) {
      names = new String[record.size()];
      for (int i = 0; i < record.size(); i++) {
        names[i] = printable(record.text(i).toString().trim());
      }
      int unquotedField = 0;
      int unquotedMore = 0;
      long unquotedLine = 0;
      for (long[] issue : pending) {
        CsvIssue kind = CsvIssue.values()[(int) issue[0]];
        int field = (int) issue[2];
        if (kind == CsvIssue.UNQUOTED_FIELD) {
          if (unquotedField == 0) {
            unquotedField = field;
            unquotedLine = issue[1];
          } else {
            unquotedMore++;
          }
          continue;
        }
        report(kind, issue[1], field, 0);
      }
      if (unquotedField > 0) {
        report(CsvIssue.UNQUOTED_FIELD, unquotedLine, unquotedField, unquotedMore);
      }
    }

    /** The name with control characters escaped, so that every problem stays on one line. */
    private static String printable(String name) {
      StringBuilder text = new StringBuilder(name.length());
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c == '\n') {
          text.append("\\n");
        } else if (c == '\r') {
          text.append("\\r");
        } else if (c < 0x20 || c == 0x7f) {
          text.append('?');
        } else {
          text.append(c);
        }
      }
      return text.toString();
    }

    @Override
    public void issue(CsvIssue issue, long line, int field) {
      if (issue == CsvIssue.BLANK_LINE) {
        report(issue, line, 0, 0);
      } else {
        pending.add(new long[] {issue.ordinal(), line, field});
      }
    }

    private void report(CsvIssue issue, long line, int field, int more) {
      Rule rule = PartChecker.ruleOf(issue);
      Severity severity = plan.severity(rule);
      if (severity == null || !problems.wants(rule)) {
        return;
      }
      // A header name is shown only when it is a contract column: a file without its header
      // line has data on line 1.
      String name = names != null && field > 0 && field <= names.length ? names[field - 1] : null;
      boolean known = name != null && plan.table.indexOf(name) >= 0;
      String where = known ? "header column '" + name + "'" : "header field " + field;
      problems.add(
          rule,
          severity,
          Location.of(plan.file, line, field),
          known ? name : null,
          null,
          PartChecker.message(issue, where, more, plan.contract.dialect()));
    }

    /** Maps columns to fields by name, reporting header problems. */
    int[] mapping() {
      List<String> expected = plan.table.columns().stream().map(c -> c.name()).toList();
      List<String> absent = new ArrayList<>(expected);
      absent.removeAll(List.of(names));
      if (absent.size() == expected.size() && !expected.isEmpty()) {
        // Not one contract column: most likely the header line is missing and line 1 is data,
        // so its fields are not shown.
        header(
            Rule.HEADER_MISSING_COLUMN,
            0,
            null,
            "line 1 names none of the "
                + expected.size()
                + " columns of table '"
                + plan.table.name()
                + "'; is the header line missing?");
        int[] none = new int[expected.size()];
        java.util.Arrays.fill(none, -1);
        return none;
      }
      Map<String, Integer> position = new HashMap<>();
      for (int i = 0; i < names.length; i++) {
        if (position.containsKey(names[i])) {
          String shown = shown(names[i], absent);
          header(
              Rule.HEADER_DUPLICATE_COLUMN,
              i + 1,
              shown,
              (shown != null
                      ? "column '" + shown + "'"
                      : "header field " + (i + 1) + redacted(names[i]))
                  + " appears twice in the header (also at position "
                  + (position.get(names[i]) + 1)
                  + ")");
          continue;
        }
        position.put(names[i], i);
        if (!expected.contains(names[i])) {
          String shown = shown(names[i], absent);
          header(
              Rule.HEADER_UNKNOWN_COLUMN,
              i + 1,
              shown,
              (shown != null
                      ? "header column '" + shown + "'"
                      : "header field " + (i + 1) + redacted(names[i]))
                  + " is not a column of table '"
                  + plan.table.name()
                  + "'"
                  + (shown != null
                      ? org.ehrcontracts.engine.util.Suggestions.hint(names[i], absent)
                      : ""));
        }
      }
      int[] fieldOf = new int[expected.size()];
      boolean jagged = plan.table.jaggedRows();
      int lastPresent = -1;
      for (int c = 0; c < expected.size(); c++) {
        fieldOf[c] = position.getOrDefault(expected.get(c), -1);
        if (fieldOf[c] >= 0) {
          lastPresent = c;
        }
      }
      for (int c = 0; c < expected.size(); c++) {
        if (fieldOf[c] >= 0) {
          continue;
        }
        boolean trailingOptional = jagged && c > lastPresent && !plan.columns[c].required();
        if (!trailingOptional) {
          header(
              Rule.HEADER_MISSING_COLUMN,
              0,
              expected.get(c),
              "column '"
                  + expected.get(c)
                  + "' of table '"
                  + plan.table.name()
                  + "' is missing from the header");
        }
      }
      if (plan.contract.dialect().strictColumnOrder()) {
        // The DRC loads by position: the first position whose header name is a contract column
        // other than the one the contract puts there is out of order (the file check's rule).
        for (int i = 0; i < Math.min(names.length, expected.size()); i++) {
          if (!names[i].equals(expected.get(i)) && expected.contains(names[i])) {
            header(
                Rule.HEADER_ORDER,
                i + 1,
                names[i],
                "header column '"
                    + names[i]
                    + "' is out of order: the contract puts '"
                    + expected.get(i)
                    + "' at position "
                    + (i + 1)
                    + " (columns are loaded by position)");
            break;
          }
        }
      }
      return fieldOf;
    }

    /**
     * A header name as a message may show it, or null. A header cell is data when the header line
     * is missing (a street address, an id, a birth date on line 1), so only names that read as
     * column names are shown: a column of the contract, a near miss of one of this table's absent
     * columns, or a lower-case snake_case word; anything else is shown as its redacted shape.
     */
    private String shown(String name, List<String> absent) {
      if (name.length() > 64 || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
        return null;
      }
      boolean column = plan.contract.tables().values().stream().anyMatch(t -> t.indexOf(name) >= 0);
      boolean nearMiss = !org.ehrcontracts.engine.util.Suggestions.hint(name, absent).isEmpty();
      boolean snake = name.matches("[a-z][a-z0-9]*(_[a-z0-9]+)+");
      return column || nearMiss || snake ? name : null;
    }

    private static String redacted(String name) {
      return " (shaped '" + org.ehrcontracts.engine.problem.Redaction.shape(name) + "')";
    }

    private void header(Rule rule, int field, String column, String message) {
      Severity severity = plan.severity(rule);
      if (severity != null && problems.wants(rule)) {
        problems.add(
            rule, severity, Location.of(plan.file, 1, field), column, plan.table.at(), message);
      }
    }
  }
}
