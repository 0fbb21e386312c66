package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two structures that grew with the rows outside the memory budget: a primary key's repeats (a
 * file where most keys repeat) and the foreign keys kept for a parent read later (a table that
 * refers to itself, and two tables that refer to each other). Whatever the budget, the report is
 * the in-memory one, counts, lines and samples, and what is kept in memory is a count, at most the
 * samples' keys, or paid from the budget and sent to disk when it refuses.
 */
class SpillBoundsTest {

  /** Parts of about this many bytes: every file of the export comes in several. */
  private static final long PART_BYTES = 300;

  private static final long[] BUDGETS = {1, 600, 6_000, 60_000};

  @TempDir Path dir;
  private Path export;
  private Path spill;
  private Contract contract;
  private final Map<String, List<String>> rows = new HashMap<>();

  @BeforeEach
  void export() throws Exception {
    Files.writeString(
        dir.resolve("contract.yaml"),
        """
        contract: spill-bounds-test
        version: 1.0.0
        tables:
          reading:
            primaryKey: [ reading_id ]
            columns:
              - { name: reading_id, type: integer, required: true }
              - { name: value, type: integer }
          tag:
            primaryKey: [ code, reading_id ]
            columns:
              - { name: code, type: string, required: true }
              - { name: reading_id, type: integer, required: true, references: reading.reading_id }
          unit:
            primaryKey: [ unit_id ]
            columns:
              - { name: unit_id, type: integer, required: true }
              - { name: lead_id, type: integer, references: staff.staff_id }
          staff:
            primaryKey: [ staff_id ]
            columns:
              - { name: staff_id, type: integer, required: true }
              - { name: unit_id, type: integer, references: unit.unit_id }
              - { name: mentor_id, type: integer, references: staff.staff_id }
        """);
    contract =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
            .load("contract.yaml");
    export = dir.resolve("export");
    spill = dir.resolve("spill");
    Files.createDirectories(export);
    Random random = new Random(15);
    List<String> reading = new ArrayList<>();
    for (int r = 1; r <= 1500; r++) {
      // Most keys repeat, many times, within parts and across them; a few are new late on.
      long key = r <= 150 ? r : r % 17 == 0 ? 10_000 + r : 1 + random.nextInt(60);
      if (r == 700) {
        reading.add(key + ",1,9"); // a row of the wrong width: neither counted nor a sample
      } else if (r == 900) {
        reading.add(",3"); // no key
      } else {
        reading.add(key + "," + random.nextInt(100));
      }
    }
    write("reading", "reading_id,value", reading);
    List<String> tag = new ArrayList<>();
    for (int t = 1; t <= 1200; t++) {
      // Text and integer together: hashed keys, about one in six repeated.
      tag.add("T" + random.nextInt(25) + "," + (1 + random.nextInt(40)));
    }
    write("tag", "code,reading_id", tag);
    List<String> unit = new ArrayList<>();
    for (int u = 1; u <= 60; u++) {
      String lead =
          u % 7 == 0 ? "" : String.valueOf(u % 13 == 0 ? 90_000 + u : 1 + random.nextInt(1500));
      unit.add(u + "," + lead);
    }
    write("unit", "unit_id,lead_id", unit);
    List<String> staff = new ArrayList<>();
    for (int s = 1; s <= 1500; s++) {
      String at = String.valueOf(s % 101 == 0 ? 500 + s : 1 + random.nextInt(60));
      String mentor =
          s % 3 == 0 ? "" : String.valueOf(s % 97 == 0 ? 70_000 + s : 1 + random.nextInt(1500));
      staff.add(s + "," + at + "," + mentor);
    }
    write("staff", "staff_id,unit_id,mentor_id", staff);
  }

  private void write(String table, String header, List<String> lines) throws IOException {
    rows.put(table, lines);
    Files.writeString(
        export.resolve(table + ".csv"), header + "\n" + String.join("\n", lines) + "\n");
  }

  private VerifyResult verify(Memory memory, int samples, DiagnosticsListener diagnostics)
      throws IOException {
    return new Verifier(diagnostics, PART_BYTES).verify(request(samples).withMemory(memory));
  }

  private VerifyRequest request(int samples) {
    return new VerifyRequest(
        contract, export, LocalDate.of(2024, 1, 1), false, 2, samples, Set.of(), Set.of(), "test");
  }

  @Test
  void manyRepeatedKeysGiveTheSameCountsAndSamplesSpilledOrNot() throws IOException {
    for (int samples : new int[] {5, 1000}) {
      VerifyResult inMemory = verify(Memory.defaults(), samples, DiagnosticsListener.silent());
      // The in-memory report is the first rows that repeat a key, each naming the key's first row.
      for (String table : List.of("reading", "tag")) {
        List<String> expected = repeats(table, rows.get(table));
        assertTrue(
            expected.size() > 1000 || table.equals("tag") && expected.size() > 100,
            table + " " + expected.size());
        RuleResult found = rule(inMemory, table + ".csv", "key.duplicate");
        assertEquals(expected.size(), found.count(), table);
        assertEquals(
            expected.subList(0, Math.min(samples, expected.size())),
            found.samples().stream()
                .map(p -> p.at().line() + ":" + p.at().column() + " " + p.message())
                .toList(),
            table);
      }
      for (long budget : BUDGETS) {
        List<String> said = new ArrayList<>();
        VerifyResult spilled =
            verify(
                new Memory(budget, String.valueOf(budget), Optional.of(spill)),
                samples,
                listener(said));
        assertEquals(
            inMemory.files(), spilled.files(), "budget " + budget + ", samples " + samples);
        assertEquals(inMemory.scorecard(), spilled.scorecard(), "budget " + budget);
        if (budget == 1) {
          assertTrue(
              said.stream().anyMatch(s -> s.contains("reading.csv: its keys went over")),
              said::toString);
        }
        assertSpillFolderEmpty();
      }
    }
  }

  @Test
  void cyclicAndSelfReferencingKeysGiveTheSameOrphansSpilledOrNot() throws IOException {
    VerifyResult inMemory = verify(Memory.defaults(), 1000, DiagnosticsListener.silent());
    Set<String> staffIds = ids(rows.get("staff"));
    Set<String> unitIds = ids(rows.get("unit"));
    List<String> staffOrphans = new ArrayList<>();
    List<String> unitOrphans = new ArrayList<>();
    for (int i = 0; i < rows.get("staff").size(); i++) {
      String[] cells = rows.get("staff").get(i).split(",", -1);
      if (!unitIds.contains(cells[1])) {
        staffOrphans.add((i + 2) + ":2");
      }
      if (!cells[2].isEmpty() && !staffIds.contains(cells[2])) {
        staffOrphans.add((i + 2) + ":3");
      }
    }
    for (int i = 0; i < rows.get("unit").size(); i++) {
      String[] cells = rows.get("unit").get(i).split(",", -1);
      if (!cells[1].isEmpty() && !staffIds.contains(cells[1])) {
        unitOrphans.add((i + 2) + ":2");
      }
    }
    assertEquals(List.of("14:2", "27:2", "40:2", "53:2"), unitOrphans);
    assertTrue(staffOrphans.size() > 14, staffOrphans::toString);
    assertEquals(staffOrphans, places(rule(inMemory, "staff.csv", "key.foreign")));
    assertEquals(staffOrphans.size(), rule(inMemory, "staff.csv", "key.foreign").count());
    assertEquals(unitOrphans, places(rule(inMemory, "unit.csv", "key.foreign")));
    assertEquals(unitOrphans.size(), rule(inMemory, "unit.csv", "key.foreign").count());
    for (long budget : BUDGETS) {
      VerifyResult spilled =
          verify(
              new Memory(budget, String.valueOf(budget), Optional.of(spill)),
              1000,
              DiagnosticsListener.silent());
      assertEquals(inMemory.files(), spilled.files(), "budget " + budget);
      assertEquals(inMemory.scorecard(), spilled.scorecard(), "budget " + budget);
      assertSpillFolderEmpty();
    }
  }

  @Test
  void deferredKeysOverTheBudgetAreCheckedAgainstAParentInMemory() throws IOException {
    // Few staff (each on many rows) and units, so that their keys fit a small budget that the
    // rows' deferred keys do not: these go to runs, checked against the sets in memory.
    Path cyclic = dir.resolve("cyclic");
    Files.createDirectories(cyclic);
    StringBuilder unit = new StringBuilder("unit_id,lead_id\n");
    for (int u = 1; u <= 30; u++) {
      unit.append(u).append(',').append(u % 11 == 0 ? 900 + u : u).append('\n');
    }
    Files.writeString(cyclic.resolve("unit.csv"), unit);
    StringBuilder staff = new StringBuilder("staff_id,unit_id,mentor_id\n");
    for (int s = 1; s <= 3000; s++) {
      staff
          .append(1 + s % 50)
          .append(',')
          .append(s % 401 == 0 ? 800 + s : 1 + s % 30)
          .append(',')
          .append(s % 7 == 0 ? "" : String.valueOf(s % 499 == 0 ? 600 + s : 1 + (s * 13) % 50))
          .append('\n');
    }
    Files.writeString(cyclic.resolve("staff.csv"), staff);
    VerifyRequest request =
        new VerifyRequest(
            contract, cyclic, LocalDate.of(2024, 1, 1), false, 2, 1000, Set.of(), Set.of(), "test");
    // One part a file: the order of what the budget holds is the same each run.
    VerifyResult inMemory = new Verifier(DiagnosticsListener.silent(), 1 << 20).verify(request);
    List<String> said = new ArrayList<>();
    VerifyResult spilled =
        new Verifier(listener(said), 1 << 20)
            .verify(request.withMemory(new Memory(8_192, "8192", Optional.of(spill))));
    assertEquals(inMemory.files(), spilled.files());
    assertEquals(
        List.of(
            "staff.csv key.duplicate 2950", "staff.csv key.foreign 13", "unit.csv key.foreign 2"),
        keyProblems(spilled));
    assertTrue(
        said.stream().anyMatch(s -> s.contains("staff.csv: its keys went over")), said::toString);
    assertSpillFolderEmpty();
  }

  @Test
  void aPartKeepsACountOfItsRepeatsAndAtMostSamplesOfTheirKeys() throws IOException {
    Budget budget = new Budget(new Memory(1 << 20, "1m", Optional.of(spill)));
    StringBuilder data = new StringBuilder();
    for (int r = 0; r < 20_000; r++) {
      data.append(1 + r % 10).append(",1\n");
    }
    try (SpillFolder folder = new SpillFolder(Optional.of(spill))) {
      PartChecker part = checker("reading", Set.of(), budget, folder, 5, 0);
      new CsvScanner(contract.dialect()).scan(bytes(data), part);
      part.scanned();
      assertEquals(19_990, part.keys.repeats);
      assertEquals(5, part.keys.repeatedKeys.size());
      // Ten keys' set and nothing per row: the 19 990 repeats were 160 KB of a list.
      assertTrue(budget.used() < 4_096, "used " + budget.used());
      assertTrue(budget.peak() < 4_096, "peak " + budget.peak());

      // Merged with a second part of the same keys: the count is exact, the candidates bounded.
      PartChecker second = checker("reading", Set.of(), budget, folder, 5, 1);
      new CsvScanner(contract.dialect()).scan(bytes(data), second);
      second.scanned();
      TablePlan plan = part.plan;
      MergedParts merged =
          new MergedParts(
              plan, 2, new FileSpill(budget, folder, plan.keySets.size(), plan.foreignKeys.size()));
      merged.absorb(part);
      merged.absorb(second);
      assertFalse(merged.spilled());
      assertEquals(2 * 19_990 + 10, merged.duplicates);
      assertEquals(5, merged.candidates.size());
      merged.release();
    }
  }

  @Test
  void deferredKeysArePaidFromTheBudgetAndGoToDiskWhenItRefuses() throws IOException {
    StringBuilder data = new StringBuilder();
    for (int s = 1; s <= 20_000; s++) {
      data.append(s).append(",,").append(1 + (s * 7) % 20_000).append('\n');
    }
    try (SpillFolder folder = new SpillFolder(Optional.of(spill))) {
      // Within a budget that holds them, they are paid for: 16 bytes a row, in a few blocks.
      Budget large = new Budget(new Memory(64L << 20, "64m", Optional.of(spill)));
      PartChecker held = checker("staff", Set.of(), large, folder, 5, 0);
      int mentor = mentorKey(held.plan);
      assertTrue(held.plan.foreignKeys.get(mentor).deferred());
      new CsvScanner(contract.dialect()).scan(bytes(data), held);
      held.scanned();
      DeferredKeys kept = held.keys.deferred[mentor];
      assertEquals(20_000, kept.size());
      assertFalse(held.keys.deferredOnDisk(mentor));
      assertTrue(kept.paid() >= 16L * 20_000, "paid " + kept.paid());
      assertTrue(large.used() >= kept.paid(), "used " + large.used());
      long before = large.used();
      long paid = kept.paid();
      held.keys.releaseDeferred();
      assertEquals(before - paid, large.used());
      assertEquals(0, kept.size());

      // Over a small one, they go to runs of key and line; memory stays within the budget.
      Budget small = new Budget(new Memory(8_192, "8k", Optional.of(spill)));
      PartChecker spilled = checker("staff", Set.of(), small, folder, 5, 0);
      new CsvScanner(contract.dialect()).scan(bytes(data), spilled);
      spilled.scanned();
      assertTrue(spilled.keys.deferredOnDisk(mentor));
      assertEquals(0, spilled.keys.deferred[mentor].size());
      assertEquals(0, spilled.keys.deferred[mentor].paid());
      assertTrue(small.peak() <= 8_192, "peak " + small.peak());
      try (Stream<Path> files = Files.walk(folder.folder().orElseThrow())) {
        assertTrue(
            files.anyMatch(f -> f.getFileName().toString().startsWith("fk-")),
            "no runs of foreign keys");
      }
    }
  }

  @Test
  void aBlockTheBudgetRefusesIsNotKept() {
    Budget budget =
        new Budget(
            new Memory(DeferredKeys.bytes(DeferredKeys.FIRST_BLOCK) + 100, "b", Optional.empty()));
    DeferredKeys keys = new DeferredKeys(budget);
    for (int i = 0; i < DeferredKeys.FIRST_BLOCK; i++) {
      assertTrue(keys.add(i, 100 + i));
    }
    assertFalse(keys.add(-1, -1));
    assertEquals(DeferredKeys.FIRST_BLOCK, keys.size());
    assertEquals(DeferredKeys.bytes(DeferredKeys.FIRST_BLOCK), budget.used());
    List<String> seen = new ArrayList<>();
    keys.forEach((key, line) -> seen.add(key + "@" + line));
    assertEquals("0@100", seen.get(0));
    assertEquals(
        (DeferredKeys.FIRST_BLOCK - 1) + "@" + (99 + DeferredKeys.FIRST_BLOCK),
        seen.get(seen.size() - 1));
    keys.release();
    assertEquals(0, budget.used());
    assertTrue(keys.add(7, 8));
  }

  @Test
  void firstRepeatsAreTheFirstRowsThatRepeatAKeyInFileOrder() throws IOException {
    Random random = new Random(3);
    List<long[]> entries = new ArrayList<>();
    for (long line = 1; line <= 1200; line++) {
      entries.add(new long[] {random.nextInt(160) - 80L, line});
    }
    Map<Long, Long> first = new HashMap<>();
    List<String> expected = new ArrayList<>();
    for (long[] e : entries) {
      Long seen = first.putIfAbsent(e[0], e[1]);
      if (seen != null) {
        expected.add(e[1] + "<" + seen);
      }
    }
    Collections.shuffle(entries, random);
    try (SpillFolder folder = new SpillFolder(Optional.of(spill))) {
      // A tiny budget: runs of sixteen entries, a key's lines in many runs and in no order.
      FileSpill files =
          new FileSpill(new Budget(new Memory(64, "64", Optional.empty())), folder, 0, 0);
      for (int samples : new int[] {1, 7, 5000}) {
        KeyRuns runs = files.repeatRuns();
        for (long[] e : entries) {
          runs.add(e[0], e[1]);
        }
        runs.close();
        assertTrue(files.runs() > 50, "runs " + files.runs());
        List<String> found =
            files.firstRepeats(samples).stream().map(r -> r.line() + "<" + r.firstLine()).toList();
        assertEquals(expected.subList(0, Math.min(samples, expected.size())), found);
      }
      try (Stream<Path> left = Files.list(folder.folder().orElseThrow())) {
        assertEquals(List.of(), left.toList());
      }
    }
  }

  /**
   * The rows that repeat an earlier row's key, as the report words them, in file order: the key is
   * the first cell ({@code reading}) or both ({@code tag}).
   */
  private static List<String> repeats(String table, List<String> lines) {
    boolean both = table.equals("tag");
    String columns = both ? "code, reading_id" : "reading_id";
    Map<String, Integer> first = new HashMap<>();
    List<String> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",", -1);
      if (cells.length != 2 || cells[0].isEmpty()) {
        continue; // a row of the wrong width, or no key
      }
      Integer seen = first.putIfAbsent(both ? lines.get(i) : cells[0], i + 2);
      if (seen != null) {
        found.add((i + 2) + ":1 the primary key (" + columns + ") repeats the row on line " + seen);
      }
    }
    return found;
  }

  private static Set<String> ids(List<String> lines) {
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      ids.add(line.split(",", -1)[0]);
    }
    return ids;
  }

  private TablePlan plan(String table, Set<String> done, int samples) {
    Set<String> present = contract.tables().keySet();
    return new TablePlan(
        contract,
        contract.tables().get(table),
        "export/" + table + ".csv",
        request(samples),
        present,
        done);
  }

  private PartChecker checker(
      String name, Set<String> done, Budget budget, SpillFolder folder, int samples, int part) {
    TablePlan plan = plan(name, done, samples);
    Table table = plan.table;
    int[] fieldOf = new int[table.columns().size()];
    for (int i = 0; i < fieldOf.length; i++) {
      fieldOf[i] = i;
    }
    ExportState state = new ExportState();
    state.budget = budget;
    state.spillFolder = folder;
    FileSpill files = new FileSpill(budget, folder, plan.keySets.size(), plan.foreignKeys.size());
    String[] header = table.columns().stream().map(c -> c.name()).toArray(String[]::new);
    return new PartChecker(plan, state, fieldOf, header, samples, files, part);
  }

  private static int mentorKey(TablePlan plan) {
    for (int i = 0; i < plan.foreignKeys.size(); i++) {
      if (plan.foreignKeys.get(i).key().columns().equals(List.of("mentor_id"))) {
        return i;
      }
    }
    throw new AssertionError("no foreign key on mentor_id");
  }

  private static byte[] bytes(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static RuleResult rule(VerifyResult result, String file, String rule) {
    return result.files().stream()
        .filter(f -> f.file().equals(file))
        .flatMap(f -> f.rules().stream())
        .filter(r -> r.rule().equals(rule))
        .findFirst()
        .orElseThrow(() -> new AssertionError(file + " has no " + rule));
  }

  private static List<String> places(RuleResult rule) {
    return rule.samples().stream()
        .map(Problem::at)
        .map(at -> at.line() + ":" + at.column())
        .toList();
  }

  private static List<String> keyProblems(VerifyResult result) {
    List<String> found = new ArrayList<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        if (rule.rule().startsWith("key.")) {
          found.add(file.file() + " " + rule.rule() + " " + rule.count());
        }
      }
    }
    return found.stream().sorted().toList();
  }

  private void assertSpillFolderEmpty() throws IOException {
    if (!Files.exists(spill)) {
      return;
    }
    try (Stream<Path> left = Files.walk(spill)) {
      assertEquals(List.of(spill), left.toList());
    }
  }

  private static DiagnosticsListener listener(List<String> said) {
    return new DiagnosticsListener() {
      @Override
      public void problem(Problem problem) {}

      @Override
      public synchronized void progress(String message) {
        said.add(message);
      }

      @Override
      public void debug(Supplier<String> message) {}
    };
  }
}
