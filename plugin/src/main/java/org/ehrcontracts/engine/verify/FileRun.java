package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongLongHashMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.Threshold;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.csv.CsvSplitter;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/** The verification of one table file: its header, its parts, and what they found. */
final class FileRun {
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

  /**
   * The keys that may be the samples of repeated keys (see {@link MergedParts#candidates}), paid
   * from the budget until the duplicates are checked; null when they are found on disk.
   */
  private PaidSet candidates;

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
  private Optional<TableScores> scores = Optional.empty();
  private FileSpill spill;
  private Budget budget;

  /** The rules a row checks after its foreign keys: a spilled orphan's rule goes before them. */
  private static final Set<String> LATER_IN_ROW =
      Set.of(
          Rule.PLAUSIBILITY_AFTER_DEATH.id(),
          Rule.PLAUSIBILITY_BEFORE_BIRTH.id(),
          Rule.PLAUSIBILITY_BIRTH_YEAR.id(),
          Rule.DEID_AGE_LIMIT.id());

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
    budget = state.budget;
    spill = newSpill(state);
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
                new PartChecker(
                    plan, state, fieldOf, headerNames, request.samples(), spill, parts.size()),
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
    String packed = packed(b, n);
    if (packed != null) {
      // Compressed or binary bytes read as CSV give a problem in every field of one endless
      // line: one problem for the file instead, saying what it is.
      report(Rule.FILE_ENCODING, Location.of(display, 1, 1), null, null, packed);
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

  /**
   * What to say of a file whose first bytes are the magic number of a compressed or binary format a
   * table is sent as by mistake, or null.
   */
  private static String packed(byte[] b, int n) {
    if (n >= 2 && (b[0] & 0xff) == 0x1F && (b[1] & 0xff) == 0x8B) {
      return "the file is gzip-compressed, not text; decompress it (a table's file is plain UTF-8"
          + " CSV)";
    }
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
      return "the file is a ZIP archive (or an Excel .xlsx workbook), not text; export the table"
          + " as a plain UTF-8 CSV file";
    }
    if (n >= 4
        && (b[0] & 0xff) == 0xD0
        && (b[1] & 0xff) == 0xCF
        && (b[2] & 0xff) == 0x11
        && (b[3] & 0xff) == 0xE0) {
      return "the file is an Excel .xls workbook (or another OLE2 document), not text; export the"
          + " table as a plain UTF-8 CSV file";
    }
    return null;
  }

  private CsvScanner.Result scanPart(Part part) throws IOException {
    try (FileChannel channel = FileChannel.open(path)) {
      CsvScanner.Result result =
          scanner.scan(channel, part.from, part.to, part.firstLine, part.checker);
      part.checker.scanned();
      bytesDone.addAndGet(part.to - part.from);
      rowsDone.addAndGet(part.checker.rows);
      return result;
    }
  }

  /**
   * Takes part {@code i}'s problems and concept tallies, its lines moved down by where it starts in
   * the file, and lets its own go; returns the line offset of the part after it.
   */
  private long take(
      int i,
      long offset,
      CsvScanner.Result result,
      ProblemCollector scanned,
      ConceptTally concepts) {
    Part part = parts.get(i);
    part.lineOffset = i == 0 ? 0 : offset;
    scanned.append(part.checker.problems, part.lineOffset);
    concepts.absorb(part.checker.concepts, part.lineOffset);
    part.checker.problems.release();
    return (i == 0 ? part.firstLine : offset + 1) + result.lines() - 1;
  }

  void finish(ExportState state) throws IOException {
    if (!checked) {
      finished = true;
      return;
    }
    // Each part's keys are merged as soon as it and the parts before it are done, while the later
    // parts are still being scanned: only the last part's merge is left when the scan ends.
    MergedParts merged = new MergedParts(plan, parts.size(), spill);
    List<CsvScanner.Result> results = new ArrayList<>();
    // Each part's problems are taken as soon as it is merged, and its own let go: a file of
    // thousands of parts would otherwise hold each part's samples (up to that many per rule) until
    // the last is done.
    ProblemCollector scanned = new ProblemCollector(request.samples());
    ConceptTally concepts = new ConceptTally(plan, fieldOf);
    long offset = 0;
    for (int i = 0; i < parts.size(); i++) {
      CsvScanner.Result result;
      try {
        result = Verifier.await(parts.get(i).future);
      } catch (NotEnoughMemoryException e) {
        // A part counts its own rows; the file's rows before it are the merged parts'.
        throw e.overBudget() ? e.afterRows(merged.rows) : e;
      }
      results.add(result);
      if (i + 1 < parts.size() && result.crossedLimit()) {
        // A split fell inside a quoted field: check the file again in one piece.
        for (int k = i + 1; k < parts.size(); k++) {
          Verifier.await(parts.get(k).future);
        }
        for (Part done : parts) {
          done.checker.keys.release();
          done.checker.releaseMaps();
        }
        merged.release();
        spill.discard();
        spill = newSpill(state);
        PartChecker whole =
            new PartChecker(plan, state, fieldOf, headerNames, request.samples(), spill, 0);
        try (FileChannel channel = FileChannel.open(path)) {
          scanner.scan(channel, dataStart, size, dataLine, whole);
        }
        whole.scanned();
        parts.clear();
        parts.add(new Part(whole, dataStart, size, dataLine));
        results.clear();
        results.add(new CsvScanner.Result(whole.rows, 0, size, false));
        merged = new MergedParts(plan, 1, spill);
        merged.absorb(whole);
        // The parts taken so far are checked again in the whole: start their problems afresh.
        scanned = new ProblemCollector(request.samples());
        concepts = new ConceptTally(plan, fieldOf);
        offset = take(0, 0, results.get(0), scanned, concepts);
        break;
      }
      merged.absorb(parts.get(i).checker);
      offset = take(i, offset, result, scanned, concepts);
    }
    fileProblems.append(scanned, 0);
    rows = merged.rows;
    joinSpilledForeignKeys(state, merged);
    concepts.report(fileProblems, request.samples());
    PaidIntMap births = merged.births;
    PaidIntMap deaths = merged.deaths;
    // A key set whose columns the header lacks is unknown, not empty: the foreign keys into it
    // are then not applicable (the header problem is reported), rather than all orphans.
    boolean keepPrimary = plan.primaryKeyReferenced && mapped(plan.primaryKey);
    if (merged.spilled()) {
      FileSpill.Primary primary = spill.mergePrimary(merged.counting, keepPrimary);
      // The repeats counted before the file spilled, and those of its runs.
      duplicates = merged.duplicates + primary.duplicates();
      if (keepPrimary) {
        state.spilled.put(plan.primaryKeyName, primary.distinct());
      }
      for (int k = 0; k < plan.keySets.size(); k++) {
        FileSpill.SortedKeys set = spill.mergeSet(k);
        if (mapped(plan.keySets.get(k).columns())) {
          state.spilled.put(plan.keySets.get(k).name(), set);
        }
      }
    } else {
      duplicates = merged.duplicates;
      candidates = merged.candidates;
      if (keepPrimary) {
        state.keys.put(plan.primaryKeyName, merged.keys.keys());
      } else {
        merged.keys.close();
      }
      for (int k = 0; k < merged.keySets.length; k++) {
        if (mapped(plan.keySets.get(k).columns())) {
          state.keys.put(plan.keySets.get(k).name(), merged.keySets[k].keys());
        } else {
          merged.keySets[k].close();
        }
      }
    }
    // The persons' facts are looked up by every row of the tables that refer to them: they stay
    // in memory, paid from the budget as they grew (or the run stopped saying so).
    if (births != null) {
      state.birthYears = births.entries();
    }
    for (int k = 0; k < plan.kept.length; k++) {
      // A key or column the header lacks leaves the reference unknown: not applicable, as a
      // missing table's is.
      if (plan.keptKey >= 0
          && fieldOf[plan.keptKey] >= 0
          && plan.keptColumns[k] >= 0
          && fieldOf[plan.keptColumns[k]] >= 0) {
        state.referenced.put(plan.kept[k].id(), merged.kept[k].entries());
      } else {
        merged.kept[k].close();
      }
    }
    if (deaths != null) {
      state.deathDays = deaths.entries();
    }
    scores = merged.metrics.score(state, merged.counting ? duplicates : 0, fileProblems, display);
    finished = true;
  }

  private FileSpill newSpill(ExportState state) {
    return new FileSpill(
        state.budget, state.spillFolder, plan.keySets.size(), plan.foreignKeys.size());
  }

  /**
   * Joins the foreign keys whose parent spilled against the parent's sorted keys: the orphans are
   * counted and sampled as the scan counts and samples them when the parent's keys are in memory.
   */
  private void joinSpilledForeignKeys(ExportState state, MergedParts merged) throws IOException {
    long[] offsets = new long[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      offsets[i] = parts.get(i).lineOffset;
    }
    for (int i = 0; i < plan.foreignKeys.size(); i++) {
      TablePlan.Fk fk = plan.foreignKeys.get(i);
      // A deferred key's runs (the budget refused it memory) wait for its parent: checkDeferred.
      if (fk.deferred() || !spill.hasForeignRuns(i)) {
        continue;
      }
      FileSpill.Orphans orphans =
          spill.join(i, state.spilled.get(fk.keySet()), offsets, request.samples());
      if (orphans.count() == 0) {
        continue;
      }
      merged.metrics.orphans(i, orphans.count());
      // Placed first, then counted: counting would make the rule's tally, last.
      fileProblems.mergeInScanOrder(Rule.KEY_FOREIGN, orphanProblems(fk, orphans), LATER_IN_ROW);
      fileProblems.count(Rule.KEY_FOREIGN, orphans.count());
    }
  }

  private List<Problem> orphanProblems(TablePlan.Fk fk, FileSpill.Orphans orphans) {
    List<Problem> found = new ArrayList<>();
    for (long line : orphans.lines()) {
      found.add(orphanProblem(fk, line));
    }
    return found;
  }

  /**
   * The problem of the row on {@code line} whose foreign key has no parent row, as the scan words
   * it ({@link RowProblems#sample}: the contract's place is the column's {@code references}).
   */
  private Problem orphanProblem(TablePlan.Fk fk, long line) {
    int column = fk.columns()[0];
    return new Problem(
        Rule.KEY_FOREIGN,
        plan.severity(Rule.KEY_FOREIGN),
        Location.of(display, line, fieldOf[column] + 1),
        Optional.of(plan.columns[column].name()),
        Optional.of(plan.columns[column].at(Rule.KEY_FOREIGN)),
        RowKeys.foreignMessage(fk));
  }

  /**
   * What to say when the file's keys spilled: how many runs and how much disk, else empty. Said
   * once the file is done.
   */
  Optional<String> spillSummary() {
    if (spill == null || spill.runs() == 0) {
      return Optional.empty();
    }
    long bytes = spill.diskBytes();
    String disk =
        bytes < 1 << 20
            ? String.format(Locale.ROOT, "%,d KB", (bytes + 1023) >> 10)
            : String.format(Locale.ROOT, "%,.1f MB", bytes / (double) (1 << 20));
    return Optional.of(
        String.format(
            Locale.ROOT,
            "  %s: its keys went over the memory budget (%s) and spilled to disk: %,d runs, %s"
                + " written",
            table.file(),
            budget.memory.words(),
            spill.runs(),
            disk));
  }

  /** The table's scorecard, once the file is finished; empty when it shows no metric. */
  Optional<TableScores> scores() {
    return scores;
  }

  private boolean mapped(int[] columns) {
    for (int column : columns) {
      if (fieldOf[column] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks the foreign keys whose parent was read after this file (a table that refers to itself,
   * or a cycle of tables), now that every table is done, and gives their memory back.
   */
  void checkDeferred(ExportState state) throws IOException {
    if (!checked) {
      return;
    }
    long count = 0;
    List<Problem> late = new ArrayList<>();
    for (int i = 0; i < plan.foreignKeys.size(); i++) {
      TablePlan.Fk fk = plan.foreignKeys.get(i);
      if (!fk.deferred()) {
        continue;
      }
      FileSpill.SortedKeys spilled = state.spilled.get(fk.keySet());
      LongHashSet parent = state.keys.get(fk.keySet());
      if (spilled != null || (parent != null && deferredOnDisk(i))) {
        count += deferredToDisk(i, fk, spilled, parent, late);
      } else if (parent != null) {
        count += deferredInMemory(i, fk, parent, late);
      } else {
        spill.dropForeign(i); // the parent's key is not known: not applicable
      }
      for (Part part : parts) {
        part.checker.keys.deferred[i].release();
      }
    }
    if (count > 0) {
      // Checked after the file, these go among the others in file order.
      fileProblems.count(Rule.KEY_FOREIGN, count);
      fileProblems.merge(Rule.KEY_FOREIGN, late);
    }
  }

  /** Whether a part's deferred keys of foreign key {@code i} went to runs. */
  private boolean deferredOnDisk(int i) {
    for (Part part : parts) {
      if (part.checker.keys.deferredOnDisk(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The deferred keys of a foreign key, all in memory, against its parent's; returns the orphans.
   */
  private long deferredInMemory(int i, TablePlan.Fk fk, LongHashSet parent, List<Problem> late) {
    long[] count = {0};
    for (Part part : parts) {
      long offset = part.lineOffset;
      part.checker.keys.deferred[i].forEach(
          (key, line) -> {
            if (!parent.contains(key) && count[0]++ < request.samples()) {
              late.add(orphanProblem(fk, line + offset));
            }
          });
    }
    return count[0];
  }

  /**
   * The deferred keys of a foreign key whose parent spilled, or whose own keys the budget sent to
   * disk, joined on disk (against the parent's sorted keys, or its set in memory); returns the
   * orphans.
   */
  private long deferredToDisk(
      int i, TablePlan.Fk fk, FileSpill.SortedKeys spilled, LongHashSet parent, List<Problem> late)
      throws IOException {
    long[] offsets = new long[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      Part part = parts.get(p);
      offsets[p] = part.lineOffset;
      DeferredKeys kept = part.checker.keys.deferred[i];
      if (kept.size() > 0) {
        KeyRuns runs = spill.foreignRuns(i, p);
        kept.moveTo(runs);
        runs.close();
      }
    }
    FileSpill.Orphans orphans =
        spilled != null
            ? spill.join(i, spilled, offsets, request.samples())
            : spill.probe(i, parent, offsets, request.samples());
    late.addAll(orphanProblems(fk, orphans));
    return orphans.count();
  }

  /**
   * Counts duplicate keys and finds the samples: the first rows, in file order, that repeat an
   * earlier row's key, each with the line that row is on. The file is read again for them: with the
   * candidates' first lines in memory when the budget has room for them, else through runs of key
   * and line on disk ({@link FileSpill#firstRepeats}), so that memory does not grow with the keys
   * repeated.
   */
  void checkDuplicates() throws IOException {
    try {
      if (duplicates == 0) {
        return;
      }
      Severity severity = plan.severity(Rule.KEY_DUPLICATE);
      fileProblems.count(Rule.KEY_DUPLICATE, duplicates);
      long mapBytes = candidates == null ? 0 : 2 * PaidSet.arrayBytes(candidates.size());
      List<FileSpill.Repeat> repeats;
      if (candidates != null && budget.reserve(mapBytes)) {
        try {
          repeats = repeatsInMemory(candidates.keys());
        } finally {
          budget.release(mapBytes);
        }
      } else {
        repeats = repeatsOnDisk(candidates == null ? null : candidates.keys());
      }
      String keyColumns = String.join(", ", table.primaryKey());
      int column = plan.primaryKey[0];
      for (FileSpill.Repeat repeat : repeats) {
        if (!fileProblems.room(Rule.KEY_DUPLICATE)) {
          break;
        }
        fileProblems.add(
            Rule.KEY_DUPLICATE,
            severity,
            Location.of(display, repeat.line(), fieldOf[column] + 1),
            plan.columns[column].name(),
            null,
            "the primary key (" + keyColumns + ") repeats the row on line " + repeat.firstLine());
      }
    } finally {
      if (candidates != null) {
        candidates.close();
        candidates = null;
      }
    }
  }

  /** Reads the file again, keeping the first line of each candidate key (paid by the caller). */
  private List<FileSpill.Repeat> repeatsInMemory(LongHashSet keys) throws IOException {
    LongLongHashMap firstLines = new LongLongHashMap(keys.size());
    List<FileSpill.Repeat> found = new ArrayList<>();
    readPrimaryKeys(
        (key, line) -> {
          if (found.size() == request.samples() || !keys.contains(key)) {
            return;
          }
          long first = firstLines.getOrDefault(key, -1);
          if (first < 0) {
            firstLines.put(key, line);
          } else {
            found.add(new FileSpill.Repeat(line, first));
          }
        });
    return found;
  }

  /**
   * Reads the file again, writing each row's key (of {@code keys} only, unless null) and line to
   * runs, merged into the first repeats.
   */
  private List<FileSpill.Repeat> repeatsOnDisk(LongHashSet keys) throws IOException {
    KeyRuns runs = spill.repeatRuns();
    readPrimaryKeys(
        (key, line) -> {
          if (keys == null || keys.contains(key)) {
            runs.add(key, line);
          }
        });
    runs.close();
    return spill.firstRepeats(request.samples());
  }

  /** Receives a row's key and line. */
  private interface KeyLine {
    void entry(long key, long line);
  }

  /**
   * Passes each row's primary key and line to the sink, rows the checks skip and empty keys aside.
   */
  private void readPrimaryKeys(KeyLine sink) throws IOException {
    PartChecker keyer = new PartChecker(plan, new ExportState(), fieldOf, headerNames, 1);
    RecordHandler finder =
        new RecordHandler() {
          @Override
          public void record(CsvRecord record) {
            if (!keyer.fits(record)) {
              return; // not counted either: the row is a csv.row-width problem
            }
            long key = keyer.keys.key(record, plan.primaryKey);
            if (key == PartChecker.NONE) {
              return;
            }
            sink.entry(key, record.line());
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
      checksum = Verifier.await(crc);
    }
  }

  void reportProgress(DiagnosticsListener diagnostics) {
    if (finished || !checked || size < Verifier.PART_BYTES) {
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

  /** The file as reports name it ({@code export/measurement.csv}). */
  String display() {
    return display;
  }

  /** The rows of the parts scanned so far. */
  long rowsRead() {
    return rowsDone.get();
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
}
