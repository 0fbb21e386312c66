package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A budget so small that each key set spills to hundreds of runs, more than a merge reads at once:
 * the merges go through intermediate runs, never with more than {@link KeyRuns#FAN_IN} runs open,
 * and the report is the in-memory run's, line for line.
 */
class SpillManyRunsTest {

  /** Parts of about this many bytes: each file comes in several. */
  private static final long PART_BYTES = 20_000;

  @TempDir Path dir;
  private Path export;
  private Path spill;
  private Contract contract;

  @BeforeEach
  void export() throws Exception {
    Files.writeString(
        dir.resolve("contract.yaml"),
        """
        contract: many-runs
        version: 1.0.0
        tables:
          subject:
            primaryKey: [ subject_id ]
            columns:
              - { name: subject_id, type: integer, required: true }
          visit:
            primaryKey: [ visit_id ]
            columns:
              - { name: visit_id, type: integer, required: true }
              - { name: subject_id, type: integer, required: true, references: subject.subject_id }
              - { name: previous_id, type: integer, references: visit.visit_id }
        """);
    contract =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
            .load("contract.yaml");
    export = dir.resolve("export");
    spill = dir.resolve("spill");
    Files.createDirectories(export);
    StringBuilder subject = new StringBuilder("subject_id\n");
    for (int p = 1; p <= 4_000; p++) {
      // Keys out of order, and a few repeated far apart (across parts and runs).
      subject.append((p * 7919L) % 4_001).append('\n');
      if (p % 977 == 0) {
        subject.append(p).append('\n');
      }
    }
    Files.writeString(export.resolve("subject.csv"), subject);
    StringBuilder visit = new StringBuilder("visit_id,subject_id,previous_id\n");
    for (int v = 1; v <= 8_000; v++) {
      long who = v % 613 == 0 ? 90_000 + v : 1 + (v * 31L) % 4_000;
      String previous = v % 3 == 0 ? String.valueOf(v % 701 == 0 ? 50_000 + v : v / 2) : "";
      visit.append(v % 1_499 == 0 ? v - 1 : v).append(',').append(who).append(',');
      visit.append(previous).append('\n');
    }
    Files.writeString(export.resolve("visit.csv"), visit);
  }

  private VerifyResult verify(Memory memory) throws IOException {
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
    return new Verifier(DiagnosticsListener.silent(), PART_BYTES).verify(request);
  }

  @Test
  void hundredsOfRunsAreMergedInPassesAndGiveTheInMemoryReport() throws IOException {
    VerifyResult inMemory = verify(Memory.defaults());
    List<String> problems = keyProblems(inMemory);
    assertEquals(
        List.of(
            "subject.csv key.duplicate 4", "visit.csv key.duplicate 5", "visit.csv key.foreign 17"),
        problems.stream().map(p -> p.substring(0, p.indexOf(" @"))).distinct().toList());

    for (long budget : new long[] {1, 4_096}) {
      KeyRuns.widestMerge.set(0);
      long before = KeyRuns.intermediateRuns.get();
      VerifyResult spilled = verify(new Memory(budget, String.valueOf(budget), Optional.of(spill)));
      assertEquals(inMemory.files(), spilled.files(), "budget " + budget);
      assertEquals(inMemory.scorecard(), spilled.scorecard(), "budget " + budget);
      assertEquals(problems, keyProblems(spilled), "budget " + budget);
      assertTrue(
          KeyRuns.intermediateRuns.get() > before, "budget " + budget + ": one pass was enough");
      int widest = KeyRuns.widestMerge.get();
      assertTrue(widest > 1 && widest <= KeyRuns.FAN_IN, "budget " + budget + ": " + widest);
      assertSpillFolderEmpty();
    }
  }

  /** Each key problem's rule, count and sample lines. */
  private static List<String> keyProblems(VerifyResult result) {
    return result.files().stream()
        .flatMap(
            f ->
                f.rules().stream()
                    .filter(r -> r.rule().startsWith("key."))
                    .map(
                        r ->
                            f.file().replace("export/", "")
                                + " "
                                + r.rule()
                                + " "
                                + r.count()
                                + " @"
                                + r.samples().stream()
                                    .map(Problem::at)
                                    .map(at -> at.line() + ":" + at.column())
                                    .toList()))
        .sorted()
        .toList();
  }

  private void assertSpillFolderEmpty() throws IOException {
    if (!Files.exists(spill)) {
      return;
    }
    try (Stream<Path> left = Files.walk(spill)) {
      assertEquals(List.of(spill), left.toList());
    }
  }
}
