package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.verify.Memory;
import org.ehrcontracts.engine.verify.NotEnoughMemoryException;
import org.ehrcontracts.testing.SyntheticAlphaExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * De-identification that runs out of heap, or out of its budget, says so in words (the table, the
 * rows read, the heap or the budget) and leaves nothing behind: no output, no temporary folder, no
 * crosswalk. Child JVMs with a small heap.
 */
class DeidNotEnoughMemoryTest {

  @TempDir Path folder;

  /**
   * The child: de-identifies {@code args[0]} into {@code args[1]} with the crosswalk {@code
   * args[2]} under the budget {@code args[3]}, without verification (the export has orphans on
   * purpose); prints what it was told and exits 3 when told.
   */
  public static void main(String[] args) throws Exception {
    Contract contract =
        new ContractLoader(
                new StandardContractSource(
                    Path.of("."), DeidNotEnoughMemoryTest.class.getClassLoader()))
            .load("aou-ehr-alpha");
    // One thread: one table at a time, whose buffers (about 14 MB) leave the rest of the heap to
    // what grows with the rows.
    DeidRequest request =
        new DeidRequest(
            contract,
            Path.of(args[0]),
            Path.of(args[1]),
            Path.of(args[2]),
            LocalDate.of(2024, 1, 1),
            false,
            false,
            1,
            RandomIds.secure(),
            "test",
            Memory.of(args[3], java.util.Optional.empty()));
    try {
      new Deidentifier(DiagnosticsListener.silent()).deidentify(request);
      System.out.println("written");
    } catch (NotEnoughMemoryException e) {
      System.out.println("told: " + e.getMessage());
      System.exit(3);
    }
  }

  private String child(int exit, String heap, String... args) throws Exception {
    List<String> command = new ArrayList<>(ChildJvm.command(DeidNotEnoughMemoryTest.class, args));
    command.add(1, heap);
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(180, TimeUnit.SECONDS));
    assertEquals(exit, child.exitValue(), String.join(" ", command) + "\n" + output);
    assertFalse(output.contains("at com.carrotsearch") || output.contains("Exception in thread"));
    return output;
  }

  private void assertNothingWritten(Path out, Path crosswalk) throws Exception {
    assertFalse(Files.exists(out.resolve("export")), "the output was written");
    assertFalse(Files.exists(crosswalk), "the crosswalk was written");
    if (Files.exists(out)) {
      try (Stream<Path> left = Files.list(out)) {
        List<String> names =
            left.map(p -> p.getFileName().toString())
                .filter(n -> !n.endsWith(".deid.lock"))
                .toList();
        assertEquals(List.of(), names, "left in the output's folder");
      }
    }
  }

  @Test
  void runningOutOfHeapDuringTheRewriteIsToldAndLeavesNothing() throws Exception {
    Path export = folder.resolve("export");
    SyntheticAlphaExport.builder()
        .persons(500)
        .seed(7)
        .measurementRows(1_500_000)
        .build()
        .writeTo(export);
    // Every measurement names a person of its own that the person table lacks: the rewrite drops
    // the rows and keeps their distinct ids to count them, a set that outgrows the small heap. The
    // budget is larger than the heap, so that the heap, not the budget, is what runs out.
    Path measurement = export.resolve("measurement.csv");
    Path unknown = export.resolve("measurement.csv.tmp");
    try (BufferedReader in = Files.newBufferedReader(measurement);
        BufferedWriter out = Files.newBufferedWriter(unknown)) {
      out.write(in.readLine());
      out.write("\r\n");
      long n = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int second = line.indexOf("\",\"") + 3;
        int end = line.indexOf('"', second);
        out.write(line.substring(0, second) + (900_000_000L + n++) + line.substring(end));
        out.write("\r\n");
      }
    }
    Files.move(unknown, measurement, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path out = folder.resolve("out");
    Path crosswalk = folder.resolve("private").resolve("export.crosswalk.csv");
    String told =
        child(
            3,
            "-Xmx40m",
            export.toString(),
            out.resolve("export").toString(),
            crosswalk.toString(),
            "1g");
    assertTrue(
        told.matches(
            "(?s).*told: the heap \\([0-9,]+ MB\\) ran out while export/measurement\\.csv was worked"
                + " on, after [0-9,]+ rows \\(memory budget 1,024 MB\\).*"),
        told);
    assertNothingWritten(out, crosswalk);
  }

  @Test
  void aPersonMapOverTheBudgetIsRefusedNamingTheBudget() throws Exception {
    Path export = folder.resolve("export");
    SyntheticAlphaExport.builder().persons(20_000).seed(7).build().writeTo(export);
    Path out = folder.resolve("out");
    Path crosswalk = folder.resolve("private").resolve("export.crosswalk.csv");
    String told =
        child(
            3,
            "-Xmx256m",
            export.toString(),
            out.resolve("export").toString(),
            crosswalk.toString(),
            "64k");
    assertTrue(
        told.matches(
            "(?s).*told: the person map \\(original to new ids: [0-9,]+ persons, [0-9,]+ MB\\) of"
                + " export/person\\.csv need more than the memory budget \\(65,536 bytes\\), after"
                + " [0-9,]+ rows, and cannot spill to disk.*"),
        told);
    assertNothingWritten(out, crosswalk);
  }
}
