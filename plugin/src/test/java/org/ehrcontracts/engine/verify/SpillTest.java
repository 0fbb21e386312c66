package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.testing.SyntheticAlphaExport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory budget too small for any key set: every table's keys spill to sorted runs on disk, and
 * the run must report what the in-memory run reports, problem for problem and line for line, then
 * leave no spill file behind.
 */
class SpillTest {

  /** Parts of about this many bytes: every file of the export comes in several. */
  private static final long PART_BYTES = 300;

  @TempDir Path dir;
  private Path export;
  private Path spill;
  private Contract contract;

  @BeforeEach
  void export() throws Exception {
    Files.writeString(
        dir.resolve("contract.yaml"),
        """
        contract: spill-test
        version: 1.0.0
        tables:
          subject:
            primaryKey: [ subject_id ]
            columns:
              - { name: subject_id, type: integer, required: true }
              - { name: site_id, type: integer, references: site.site_id }
          encounter:
            primaryKey: [ encounter_id ]
            columns:
              - { name: encounter_id, type: integer, required: true }
              - { name: subject_id, type: integer, required: true, references: subject.subject_id }
              - { name: previous_id, type: integer, references: encounter.encounter_id }
          lab:
            primaryKey: [ lab_id ]
            foreignKeys:
              - { columns: [ site_id, site_code ], references: { table: site, columns: [ site_id, site_code ] } }
            columns:
              - { name: lab_id, type: integer, required: true }
              - { name: subject_id, type: integer, required: true, references: subject.subject_id }
              - { name: encounter_id, type: integer, references: encounter.encounter_id }
              - { name: site_id, type: integer }
              - { name: site_code, type: string }
          diagnosis:
            primaryKey: [ code, subject_id ]
            columns:
              - { name: code, type: string, required: true }
              - { name: subject_id, type: integer, required: true, references: subject.subject_id }
          site:
            primaryKey: [ site_id ]
            columns:
              - { name: site_id, type: integer, required: true }
              - { name: site_code, type: string }
          empty:
            primaryKey: [ empty_id ]
            columns:
              - { name: empty_id, type: integer, required: true }
              - { name: subject_id, type: integer, references: subject.subject_id }
        """);
    contract =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
            .load("contract.yaml");
    export = dir.resolve("export");
    spill = dir.resolve("spill");
    Files.createDirectories(export);
    Random random = new Random(15);
    StringBuilder site = new StringBuilder("site_id,site_code\n");
    for (int s = 1; s <= 40; s++) {
      site.append(s).append(",S").append(s).append('\n');
    }
    site.append("7,S7\n"); // a duplicate at the end of the file: across parts and runs
    write("site.csv", site);
    StringBuilder subject = new StringBuilder("subject_id,site_id\n");
    // Keys at the ends of the 64-bit range; Long.MIN_VALUE itself is the engine's "no key".
    subject.append(Long.MAX_VALUE).append(",1\n");
    subject.append(Long.MIN_VALUE + 1).append(",2\n");
    for (int p = 1; p <= 300; p++) {
      subject.append(p).append(',').append(random.nextInt(45) + 1).append('\n');
      if (p == 20 || p == 150) {
        subject.append(p).append(",3\n"); // the same key three times, far apart
      }
      if (p == 299) {
        subject.append("20,4\n");
      }
    }
    write("subject.csv", subject);
    StringBuilder encounter = new StringBuilder("encounter_id,subject_id,previous_id\n");
    for (int v = 1; v <= 400; v++) {
      long person = v % 97 == 0 ? 1000 + v : random.nextInt(300) + 1;
      String previous = v % 5 == 0 ? String.valueOf(v % 61 == 0 ? 9000 + v : v - 1) : "";
      encounter
          .append(v)
          .append(',')
          // A required cell left empty after the first orphan.
          .append(v == 300 ? "" : String.valueOf(person))
          .append(',')
          .append(previous)
          .append('\n');
      if (v % 133 == 0) {
        encounter.append(v).append(',').append(person).append(",\n");
      }
    }
    encounter.append("401,").append(Long.MAX_VALUE).append(",400\n");
    encounter.append("402,").append(Long.MIN_VALUE + 1).append(",\n");
    write("encounter.csv", encounter);
    StringBuilder lab = new StringBuilder("lab_id,subject_id,encounter_id,site_id,site_code\n");
    for (int m = 1; m <= 900; m++) {
      long person = m % 89 == 0 ? 5000 + m : random.nextInt(300) + 1;
      String visit = m % 3 == 0 ? "" : String.valueOf(m % 71 == 0 ? 7000 + m : m % 400 + 1);
      int s = random.nextInt(40) + 1;
      String code = m % 53 == 0 ? "X" + s : "S" + s;
      lab.append(m % 211 == 0 ? m - 1 : m)
          .append(',')
          // A type problem before the first orphan: the rules keep their order of first firing.
          .append(m == 10 ? "x1" : String.valueOf(person))
          .append(',')
          .append(visit)
          .append(',')
          .append(s)
          .append(',')
          .append(code)
          .append('\n');
    }
    write("lab.csv", lab);
    StringBuilder diagnosis = new StringBuilder("code,subject_id\n");
    for (int c = 1; c <= 500; c++) {
      long person = c % 101 == 0 ? 6000 + c : random.nextInt(300) + 1;
      diagnosis.append('C').append(c % 250).append(',').append(person).append('\n');
    }
    write("diagnosis.csv", diagnosis);
    write("empty.csv", new StringBuilder("empty_id,subject_id\n"));
  }

  private void write(String file, CharSequence text) throws IOException {
    Files.writeString(export.resolve(file), text);
  }

  private VerifyResult verify(Memory memory, DiagnosticsListener diagnostics) throws IOException {
    VerifyRequest request =
        new VerifyRequest(
                contract,
                export,
                LocalDate.of(2024, 1, 1),
                false,
                2,
                1000,
                Set.of(),
                Set.of(),
                "test")
            .withMemory(memory);
    return new Verifier(diagnostics, PART_BYTES).verify(request);
  }

  @Test
  void aTinyBudgetSpillsEveryTableAndReportsWhatMemoryReports() throws IOException {
    VerifyResult inMemory = verify(Memory.defaults(), DiagnosticsListener.silent());
    List<String> said = new ArrayList<>();
    VerifyResult spilled = verify(new Memory(1, "1", Optional.of(spill)), listener(said));

    assertEquals(inMemory.files(), spilled.files());
    assertEquals(inMemory.scorecard(), spilled.scorecard());
    // The export is not a clean one: each kind of key problem is there, in several tables.
    assertEquals(
        List.of(
            "diagnosis.csv key.foreign 4",
            "encounter.csv key.duplicate 3",
            "encounter.csv key.foreign 5",
            "lab.csv key.duplicate 4",
            "lab.csv key.foreign 34",
            "site.csv key.duplicate 1",
            "subject.csv key.duplicate 3",
            "subject.csv key.foreign 28"),
        keyProblems(spilled));
    // The samples name the lines: 20 on lines 23, 24 and 305, 150 on lines 154 and 155.
    assertEquals(
        List.of("subject.csv:24:1", "subject.csv:155:1", "subject.csv:305:1"),
        lines(spilled, "subject.csv", "key.duplicate"));
    for (String table : List.of("subject", "encounter", "lab", "diagnosis", "site")) {
      assertTrue(
          said.stream().anyMatch(s -> s.contains(table + ".csv: its keys went over")),
          said::toString);
    }
    assertTrue(said.stream().noneMatch(s -> s.contains("empty.csv")), said::toString);
    assertSpillFolderEmpty();
  }

  @Test
  void aBudgetForSomeTablesSpillsTheRestAndStillReportsTheSame() throws IOException {
    VerifyResult inMemory = verify(Memory.defaults(), DiagnosticsListener.silent());
    for (long budget : new long[] {600, 2_000, 6_000, 20_000}) {
      List<String> said = new ArrayList<>();
      VerifyResult mixed =
          verify(new Memory(budget, String.valueOf(budget), Optional.of(spill)), listener(said));
      assertEquals(inMemory.files(), mixed.files(), "budget " + budget);
      assertEquals(inMemory.scorecard(), mixed.scorecard(), "budget " + budget);
      assertSpillFolderEmpty();
    }
  }

  @Test
  void spillFilesAreGoneAfterAFailedRun() throws IOException {
    // The run fails once the first tables have spilled (their sorted keys are on disk then).
    List<Path> seen = new ArrayList<>();
    DiagnosticsListener failing =
        new DiagnosticsListener() {
          @Override
          public void problem(Problem problem) {}

          @Override
          public void progress(String message) {
            if (message.contains("spilled")) {
              try (Stream<Path> files = Files.walk(spill)) {
                files.filter(Files::isRegularFile).forEach(seen::add);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              throw new IllegalStateException("stopped");
            }
          }

          @Override
          public void debug(Supplier<String> message) {}
        };
    assertThrows(
        IllegalStateException.class, () -> verify(new Memory(1, "1", Optional.of(spill)), failing));
    assertTrue(!seen.isEmpty(), "nothing had spilled when the run stopped");
    assertSpillFolderEmpty();
  }

  @Test
  void theShippedScorecardIsTheSameWhenTheKeysAndRowFingerprintsSpill() throws Exception {
    Path alpha = dir.resolve("alpha");
    SyntheticAlphaExport.builder().persons(300).seed(7).build().writeTo(alpha);
    // Repeated rows: duplicate keys, and the scorecard's groups of identical rows.
    Path measurement = alpha.resolve("measurement.csv");
    List<String> lines = Files.readAllLines(measurement);
    StringBuilder again = new StringBuilder();
    for (int i = 1; i < lines.size(); i += 97) {
      again.append(lines.get(i)).append("\r\n");
    }
    Files.writeString(measurement, again, java.nio.file.StandardOpenOption.APPEND);
    Contract shipped =
        new ContractLoader(new StandardContractSource(Path.of("."), getClass().getClassLoader()))
            .load("aou-ehr-alpha");
    VerifyRequest request =
        new VerifyRequest(
            shipped, alpha, LocalDate.of(2024, 1, 1), false, 2, 1000, Set.of(), Set.of(), "test");
    VerifyResult inMemory = new Verifier(DiagnosticsListener.silent(), 4096).verify(request);
    int spilled = 0;
    for (long budget : new long[] {30_000, 100_000, 300_000, 1_000_000}) {
      List<String> said = new ArrayList<>();
      VerifyResult result;
      try {
        result =
            new Verifier(listener(said), 4096)
                .verify(
                    request.withMemory(
                        new Memory(budget, String.valueOf(budget), Optional.of(spill))));
      } catch (NotEnoughMemoryException e) {
        // The persons' facts and the visits' days cannot spill: too small for them is refused.
        assertTrue(e.overBudget(), e.getMessage());
        assertTrue(
            e.getMessage()
                .contains(
                    String.format(java.util.Locale.ROOT, "memory budget (%,d bytes)", budget)),
            e.getMessage());
        assertSpillFolderEmpty();
        continue;
      }
      assertEquals(inMemory.files(), result.files(), "budget " + budget);
      assertEquals(inMemory.scorecard(), result.scorecard(), "budget " + budget);
      if (said.stream().anyMatch(m -> m.contains("measurement.csv: its keys went over"))) {
        spilled++;
      }
      assertSpillFolderEmpty();
    }
    assertTrue(spilled > 0, "no budget made measurement.csv spill");
    assertTrue(
        inMemory.scorecard().tables().stream()
            .flatMap(t -> t.scores().stream())
            .anyMatch(
                s ->
                    s.metric() == org.ehrcontracts.engine.metrics.Metric.DUPLICATES
                        && s.count() > 0),
        "the export has no repeated rows");
  }

  private void assertSpillFolderEmpty() throws IOException {
    if (!Files.exists(spill)) {
      return;
    }
    try (Stream<Path> left = Files.walk(spill)) {
      assertEquals(List.of(spill), left.toList());
    }
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

  private static List<String> lines(VerifyResult result, String file, String rule) {
    return result.files().stream()
        .filter(f -> f.file().equals(file))
        .flatMap(f -> f.rules().stream())
        .filter(r -> r.rule().equals(rule))
        .flatMap(r -> r.samples().stream())
        .map(Problem::at)
        .map(at -> at.file().replace("export/", "") + ":" + at.line() + ":" + at.column())
        .toList();
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
