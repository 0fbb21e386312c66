package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.deid.ChildJvm;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.testing.SyntheticAlphaExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap too small for measurement.csv's key set (a child JVM with 40 MB): with the default budget
 * the keys spill to disk and the export is verified; with a budget larger than the heap the run
 * runs out and says so in words (the file, the rows, the heap, the budget), never as a hash set's
 * internals.
 */
class NotEnoughMemoryTest {

  @TempDir Path folder;

  /** The child: verifies an export on a small heap, prints what it was told, exits 3 if told. */
  public static void main(String[] args) throws Exception {
    Contract contract =
        new ContractLoader(
                new StandardContractSource(
                    Path.of("."), NotEnoughMemoryTest.class.getClassLoader()))
            .load("aou-ehr-alpha");
    VerifyRequest request = VerifyRequest.of(contract, Path.of(args[0]));
    if (args.length > 1) {
      request = request.withMemory(Memory.of(args[1], java.util.Optional.of(Path.of(args[2]))));
    }
    try {
      VerifyResult result = new Verifier(DiagnosticsListener.silent()).verify(request);
      System.out.println("verified " + result.files().get(0).rows() + " " + rows(result));
    } catch (NotEnoughMemoryException e) {
      System.out.println("told: " + e.getMessage() + " | " + e.file());
      System.exit(3);
    }
  }

  private static String rows(VerifyResult result) {
    StringBuilder text = new StringBuilder();
    for (FileResult file : result.files()) {
      text.append(file.file()).append('=').append(file.rows()).append(' ');
    }
    return text.toString();
  }

  private Path export() throws Exception {
    Path export = folder.resolve("2017-12-01-v1");
    SyntheticAlphaExport.builder()
        .persons(2_000)
        .seed(7)
        .measurementRows(1_000_000)
        .build()
        .writeTo(export);
    return export;
  }

  private String child(int exit, String... args) throws Exception {
    List<String> command = new ArrayList<>(ChildJvm.command(NotEnoughMemoryTest.class, args));
    command.add(1, "-Xmx40m");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(180, TimeUnit.SECONDS));
    assertEquals(exit, child.exitValue(), String.join(" ", command) + "\n" + output);
    return output;
  }

  @Test
  void theDefaultBudgetSpillsWhatTheHeapCannotHold() throws Exception {
    Path export = export();
    Path spill = folder.resolve("spill");
    String output = child(0, export.toString(), "40%", spill.toString());
    assertTrue(output.contains("measurement.csv=1000000 "), output);
    try (java.util.stream.Stream<Path> left = Files.walk(spill)) {
      assertEquals(List.of(spill), left.toList());
    }
  }

  @Test
  void aBudgetLargerThanTheHeapRunsOutAndIsTold() throws Exception {
    Path export = export();
    String output = child(3, export.toString(), "1g", folder.resolve("spill").toString());
    assertTrue(
        output.matches(
            "(?s).*told: the heap \\([0-9,]+ MB\\) ran out while 2017-12-01-v1/[a-z_]+\\.csv was"
                + " worked on, after [0-9,]+ rows \\(memory budget 1,024 MB\\).*"),
        output);
    assertTrue(
        !output.contains("at com.carrotsearch") && !output.contains("Exception in thread"), output);
    assertTrue(Files.isDirectory(export));
  }
}
