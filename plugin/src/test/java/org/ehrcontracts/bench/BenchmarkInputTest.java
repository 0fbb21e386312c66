package org.ehrcontracts.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold benchmark measures what it says: its input is a clean {@code aou-ehr-current} export,
 * and its heap figure is read from the GC log as written.
 */
class BenchmarkInputTest {

  @TempDir Path dir;

  @Test
  void theCurrentExportHasNoProblemInItsTwoFiles() throws Exception {
    Path export = CurrentExport.prepare(dir, 60, 3_000);
    assertEquals(CurrentExport.FOLDER, export.getFileName().toString());
    String header =
        Files.readAllLines(export.resolve("measurement.csv"), StandardCharsets.UTF_8).get(0);
    assertEquals(20, header.split(",").length);

    Contract current =
        new ContractLoader(
                new StandardContractSource(Path.of("."), BenchmarkInputTest.class.getClassLoader()))
            .load("aou-ehr-current");
    VerifyResult result =
        new Verifier(DiagnosticsListener.silent())
            .verify(
                new VerifyRequest(
                    current,
                    export,
                    LocalDate.of(2026, 12, 7),
                    false,
                    2,
                    100,
                    Set.of(),
                    Set.of(),
                    "test"));
    assertEquals(0, result.count(Severity.ERROR));
    for (FileResult file : result.files()) {
      if (List.of("person.csv", "measurement.csv").contains(file.file())) {
        assertEquals(0, file.count(Severity.WARNING), file.file());
        assertEquals(0, file.count(Severity.INFO), file.file());
      }
    }
    assertEquals(3_060, result.rows());
  }

  @Test
  void theAddedChecksOfTheChecksBenchmarkHoldOnItsExport() throws Exception {
    Path export = BenchmarkExport.prepare(dir, 60, 3_000);
    StandardContractSource source =
        new StandardContractSource(Path.of("."), BenchmarkInputTest.class.getClassLoader());
    Contract plain = new ContractLoader(source).load("aou-ehr-alpha");
    Contract checked =
        new ContractLoader(source).load("src/test/resources/bench/aou-ehr-alpha-checks.yaml");
    assertEquals(
        plain.tables().get("measurement").checks().size() + 7,
        checked.tables().get("measurement").checks().size());
    VerifyResult without = alpha(plain, export);
    VerifyResult with = alpha(checked, export);
    // So the benchmark measures checks that are evaluated and hold, not problems being reported.
    assertEquals(without.count(Severity.ERROR), with.count(Severity.ERROR));
    assertEquals(without.count(Severity.WARNING), with.count(Severity.WARNING));
    assertEquals(without.rows(), with.rows());
    // And every measurement's concept and unit is listed: with unlisted keys failing, no more.
    Path strict = Files.createDirectories(dir.resolve("strict"));
    Files.copy(
        Path.of("src/test/resources/bench/measurement_ranges.csv"),
        strict.resolve("measurement_ranges.csv"));
    Files.writeString(
        strict.resolve("checks.yaml"),
        Files.readString(Path.of("src/test/resources/bench/aou-ehr-alpha-checks.yaml"))
            .replace("    values:", "    unlisted: fail\n    values:"));
    VerifyResult listed = alpha(new ContractLoader(source).load(strict + "/checks.yaml"), export);
    assertEquals(without.count(Severity.ERROR), listed.count(Severity.ERROR));
  }

  private static VerifyResult alpha(Contract contract, Path export) throws Exception {
    return new Verifier(DiagnosticsListener.silent())
        .verify(
            new VerifyRequest(
                contract,
                export,
                LocalDate.of(2017, 12, 1),
                false,
                2,
                100,
                Set.of(),
                Set.of(),
                "test"));
  }

  @Test
  void thePeakHeapIsTheLargestInUseBeforeACollectionOrAtExit() throws Exception {
    Path log = dir.resolve("gc.log");
    Files.writeString(
        log,
        String.join(
            "\n",
            "[0.012s][info][gc] Using G1",
            "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 25M->4M(500M) 3.1ms",
            "[2.345s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 312M->40M(500M) 9.0ms",
            "[3.414s][info][gc,heap,exit]  garbage-first heap   total 389120K, used 225443K [0x0, 0x1)",
            "[3.414s][info][gc,heap,exit]  Metaspace       used 920247K, committed 20544K"),
        StandardCharsets.UTF_8);
    assertEquals(312, ColdBenchmark.peakHeap(log));
  }
}
