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
 * A verification that runs out of heap says so in words (the file, the rows, the heap), never as a
 * hash set's internals: a child JVM with a heap too small for measurement.csv's key set.
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
    try {
      new Verifier(DiagnosticsListener.silent())
          .verify(VerifyRequest.of(contract, Path.of(args[0])));
      System.out.println("verified");
    } catch (NotEnoughMemoryException e) {
      System.out.println("told: " + e.getMessage() + " | " + e.file());
      System.exit(3);
    }
  }

  @Test
  void aHeapTooSmallForTheKeySetIsTold() throws Exception {
    Path export = folder.resolve("2017-12-01-v1");
    SyntheticAlphaExport.builder()
        .persons(2_000)
        .seed(7)
        .measurementRows(1_000_000)
        .build()
        .writeTo(export);
    List<String> command =
        new ArrayList<>(ChildJvm.command(NotEnoughMemoryTest.class, export.toString()));
    command.add(1, "-Xmx40m");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS));
    assertEquals(3, child.exitValue(), String.join(" ", command) + "\n" + output);
    assertTrue(
        output.matches(
            "(?s).*told: the heap \\([0-9,]+ MB\\) ran out while 2017-12-01-v1/measurement\\.csv was"
                + " worked on.*\\| 2017-12-01-v1/measurement\\.csv.*"),
        output);
    assertTrue(
        !output.contains("at com.carrotsearch") && !output.contains("Exception in thread"), output);
    assertTrue(Files.isDirectory(export));
  }
}
