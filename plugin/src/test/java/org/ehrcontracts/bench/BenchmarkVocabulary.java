package org.ehrcontracts.bench;

import com.carrotsearch.hppc.LongObjectHashMap;
import com.carrotsearch.hppc.cursors.LongObjectCursor;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ConceptColumn;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.Table;

/**
 * The verify benchmark's vocabulary: {@link VocabularyBenchmark}'s synthetic CONCEPT.csv of the
 * given size, with every concept id the export uses replaced or added as a standard concept of its
 * column's domain, so that the concept rules look every row up and find it.
 */
final class BenchmarkVocabulary {

  private BenchmarkVocabulary() {}

  static Path prepare(Path root, int concepts, Contract contract, Path export) throws IOException {
    Path folder = root.resolve("vocabulary-export-" + concepts);
    if (Files.exists(folder.resolve(".complete"))) {
      return folder;
    }
    long t = System.nanoTime();
    Path base = VocabularyBenchmark.prepare(root.resolve("vocabulary-" + concepts), concepts, 0);
    LongObjectHashMap<String> used = new LongObjectHashMap<>();
    for (Table table : contract.tables().values()) {
      Path file = export.resolve(table.file());
      if (Files.isRegularFile(file)) {
        collect(table, file, used);
      }
    }
    Files.createDirectories(folder);
    try (BufferedReader in = Files.newBufferedReader(base.resolve("CONCEPT.csv"));
        BufferedWriter out = Files.newBufferedWriter(folder.resolve("CONCEPT.csv"))) {
      out.write(in.readLine());
      out.write('\n');
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        long id = Long.parseLong(line.substring(0, line.indexOf('\t')));
        if (!used.containsKey(id)) {
          out.write(line);
          out.write('\n');
        }
      }
      for (LongObjectCursor<String> concept : used) {
        out.write(
            concept.key
                + "\tBenchmark concept "
                + concept.key
                + "\t"
                + concept.value
                + "\tBenchmark\tBenchmark\tS\tB"
                + concept.key
                + "\t19700101\t20991231\t\n");
      }
    }
    Files.copy(
        base.resolve("VOCABULARY.csv"),
        folder.resolve("VOCABULARY.csv"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(folder.resolve(".complete"), "", StandardCharsets.UTF_8);
    System.out.printf(
        Locale.ROOT,
        "prepared %s (%,d of the export's concepts) in %.1f s%n",
        folder,
        used.size(),
        (System.nanoTime() - t) / 1e9);
    return folder;
  }

  /** The concept ids of a table's concept columns in its first 20 000 rows, with their domains. */
  private static void collect(Table table, Path file, LongObjectHashMap<String> used)
      throws IOException {
    List<Column> columns = table.columns();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String header = in.readLine();
      if (header == null) {
        return;
      }
      int n = 0;
      for (String line = in.readLine(); line != null && n < 20_000; line = in.readLine(), n++) {
        String[] cells = line.replace("\"", "").split(",", -1);
        for (int c = 0; c < columns.size() && c < cells.length; c++) {
          ConceptColumn facts = columns.get(c).vocabulary().orElse(null);
          if (facts == null || cells[c].isEmpty() || cells[c].equals("0")) {
            continue;
          }
          try {
            used.put(Long.parseLong(cells[c]), facts.domain().orElse("Observation"));
          } catch (NumberFormatException e) {
            // not a concept id: a type problem, not the vocabulary's
          }
        }
      }
    }
  }
}
