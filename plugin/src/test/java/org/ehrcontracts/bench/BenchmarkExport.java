package org.ehrcontracts.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ehrcontracts.testing.SyntheticAlphaExport;

/**
 * The benchmarks' shared input: a synthetic alpha export of {@code person.csv} and {@code
 * measurement.csv}, generated once per size under a root folder and then reused.
 */
final class BenchmarkExport {

  private BenchmarkExport() {}

  /** The export for these sizes under {@code root}, generated if it is not there yet. */
  static Path prepare(Path root, int persons, long measurements) throws IOException {
    Path export = root.resolve("export-" + persons + "-" + measurements);
    if (!Files.exists(export.resolve("measurement.csv"))) {
      Files.createDirectories(export);
      long t = System.nanoTime();
      SyntheticAlphaExport.builder()
          .persons(persons)
          .seed(42)
          .measurementRows(measurements)
          .build()
          .writeTo(export);
      for (String other :
          List.of(
              "visit_occurrence.csv",
              "condition_occurrence.csv",
              "procedure_occurrence.csv",
              "drug_exposure.csv",
              "location.csv")) {
        Files.deleteIfExists(export.resolve(other));
      }
      System.out.printf(
          Locale.ROOT, "generated %s in %.1f s%n", export, (System.nanoTime() - t) / 1e9);
    }
    return export;
  }

  /** The two files the benchmarks read. */
  static List<Path> files(Path export) {
    return List.of(export.resolve("person.csv"), export.resolve("measurement.csv"));
  }
}
