package org.ehrcontracts.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.ehrcontracts.engine.vocab.Vocabulary;
import org.ehrcontracts.engine.vocab.VocabularyLoader;
import org.ehrcontracts.engine.vocab.VocabularyRequest;

/**
 * Measures {@code ehr:verify}'s engine against a raw FastCSV parse of the same files, in one run.
 *
 * <p>Generates (once, then reuses) a synthetic alpha export of {@code person.csv} (200 000 persons)
 * and {@code measurement.csv} (5 000 000 rows by default), all fields quoted, CRLF; parses both
 * with FastCSV touching every field; verifies them with the engine on all cores; prints the
 * figures. The last line reads {@code ratio R parse S s verify T s rows N heap H MB}. Run it with
 * the heap limit the goal is about ({@code -Xmx500m}); see the README for the command. {@code
 * -Dbench.contract} names another contract (a shipped name or a path relative to {@code plugin/}),
 * such as {@code src/test/resources/bench/aou-ehr-alpha-checks.yaml}; {@code -Dbench.checks=true}
 * also verifies with that contract, rounds alternating with the plain one, and prints the checks'
 * cost as a ratio (line {@code checks ratio R with W s without O s ...}).
 */
public final class VerifyBenchmark {

  private VerifyBenchmark() {}

  /** Arguments: {@code [measurementRows] [persons] [directory]}. */
  public static void main(String[] args) throws Exception {
    long measurements = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
    int persons = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Path root = Path.of(args.length > 2 ? args[2] : "target/benchmark");
    Path export = BenchmarkExport.prepare(root, persons, measurements);
    List<Path> files = BenchmarkExport.files(export);
    long bytes = 0;
    for (Path file : files) {
      bytes += Files.size(file);
    }
    Contract contract =
        new ContractLoader(
                new StandardContractSource(Path.of("."), VerifyBenchmark.class.getClassLoader()))
            .load(System.getProperty("bench.contract", "aou-ehr-alpha"));

    // Warm the page cache and the JIT on both paths once, then measure.
    rawParse(files);
    verify(contract, export);

    long t0 = System.nanoTime();
    long parsedRows = rawParse(files);
    double parse = secs(t0);
    HeapSampler sampler = new HeapSampler(true);
    sampler.start();
    long t1 = System.nanoTime();
    VerifyResult result = verify(contract, export);
    double verify = secs(t1);
    sampler.interrupt();
    sampler.join();

    long heap = sampler.peak >> 20;
    if (Boolean.getBoolean("bench.vocabulary")) {
      vocabularyCost(contract, export, root, result, verify);
    }
    if (Boolean.getBoolean("bench.checks")) {
      checksCost(contract, export);
    }
    System.out.printf(
        Locale.ROOT,
        "files %d, %,d MB, rows %,d; verify found %,d errors, %,d warnings; cores %d, max heap %d MB%n",
        files.size(),
        bytes >> 20,
        parsedRows,
        result.count(Severity.ERROR),
        result.count(Severity.WARNING),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        Locale.ROOT,
        "raw parse %.0f MB/s (one thread), verify %.0f MB/s (all cores)%n",
        (bytes >> 20) / parse,
        (bytes >> 20) / verify);
    System.out.printf(
        Locale.ROOT,
        "ratio %.2f parse %.2f s verify %.2f s rows %d heap %d MB%n",
        verify / parse,
        parse,
        verify,
        result.rows(),
        heap);
  }

  /** FastCSV, one thread, every field touched. */
  private static long rawParse(List<Path> files) throws IOException {
    long rows = 0;
    long chars = 0;
    for (Path file : files) {
      try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
        for (CsvRecord record : reader) {
          rows++;
          for (int i = 0; i < record.getFieldCount(); i++) {
            chars += record.getField(i).length();
          }
        }
      }
    }
    if (chars == 0) {
      throw new IllegalStateException("nothing parsed");
    }
    return rows;
  }

  /**
   * The cost of one check of each kind (a comparison, days_between, in, between, matches, a lookup
   * and a person reference): {@code aou-ehr-alpha-checks} against the plain contract, warm, three
   * rounds each, alternating so that the machine's other load falls on both alike; the medians.
   */
  private static void checksCost(Contract plain, Path export) throws Exception {
    Contract checked =
        new ContractLoader(
                new StandardContractSource(Path.of("."), VerifyBenchmark.class.getClassLoader()))
            .load("src/test/resources/bench/aou-ehr-alpha-checks.yaml");
    verify(checked, export); // warm the checks too
    double[] with = new double[3];
    double[] without = new double[3];
    long[] heapWith = new long[3];
    long[] heapWithout = new long[3];
    double[] cpuWith = new double[3];
    double[] cpuWithout = new double[3];
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    VerifyResult result = null;
    for (int i = 0; i < with.length; i++) {
      HeapSampler sampler = new HeapSampler(true);
      sampler.start();
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      verify(plain, export);
      without[i] = secs(t0);
      cpuWithout[i] = (os.getProcessCpuTime() - c0) / 1e9;
      sampler.interrupt();
      sampler.join();
      heapWithout[i] = sampler.peak >> 20;
      sampler = new HeapSampler(true);
      sampler.start();
      long c1 = os.getProcessCpuTime();
      long t1 = System.nanoTime();
      result = verify(checked, export);
      with[i] = secs(t1);
      cpuWith[i] = (os.getProcessCpuTime() - c1) / 1e9;
      sampler.interrupt();
      sampler.join();
      heapWith[i] = sampler.peak >> 20;
    }
    java.util.Arrays.sort(with);
    java.util.Arrays.sort(without);
    java.util.Arrays.sort(heapWith);
    java.util.Arrays.sort(heapWithout);
    java.util.Arrays.sort(cpuWith);
    java.util.Arrays.sort(cpuWithout);
    System.out.printf(
        Locale.ROOT,
        "checks: %d added, found %,d errors, %,d warnings%n",
        checked.tables().get("measurement").checks().size()
            - plain.tables().get("measurement").checks().size(),
        result.count(Severity.ERROR),
        result.count(Severity.WARNING));
    System.out.printf(
        Locale.ROOT,
        "checks ratio %.3f with %.2f s without %.2f s (medians of 3, rounds %s / %s) heap %d MB"
            + " / %d MB%n",
        with[1] / without[1],
        with[1],
        without[1],
        java.util.Arrays.toString(with),
        java.util.Arrays.toString(without),
        heapWith[1],
        heapWithout[1]);
    // CPU time (every thread of the process: the collector and the JIT too) moves less with the
    // machine's other load than wall time does.
    System.out.printf(
        Locale.ROOT,
        "checks cpu ratio %.3f with %.2f s without %.2f s (medians of 3)%n",
        cpuWith[1] / cpuWithout[1],
        cpuWith[1],
        cpuWithout[1]);
    for (int keys : new int[] {200_000, 1_000_000, 5_000_000}) {
      System.out.printf(
          Locale.ROOT,
          "a referenced column kept for %,d rows: %.1f bytes a row%n",
          keys,
          referenceBytes(keys));
    }
  }

  /**
   * What the verifier keeps per row of a referenced table and column (person.year_of_birth), built
   * as it builds it: a part's map merged into the file's; the retained heap after a collection.
   */
  private static double referenceBytes(int keys) throws InterruptedException {
    java.lang.management.MemoryMXBean memory =
        java.lang.management.ManagementFactory.getMemoryMXBean();
    settle();
    long before = memory.getHeapMemoryUsage().getUsed();
    com.carrotsearch.hppc.LongLongHashMap part = new com.carrotsearch.hppc.LongLongHashMap();
    for (int k = 1; k <= keys; k++) {
      part.put(k * 7L, 1930 + k % 80);
    }
    com.carrotsearch.hppc.LongLongHashMap merged = new com.carrotsearch.hppc.LongLongHashMap();
    merged.putAll(part);
    part.release();
    settle();
    long after = memory.getHeapMemoryUsage().getUsed();
    if (merged.size() != keys) {
      throw new IllegalStateException("lost keys");
    }
    return (after - before) / (double) keys;
  }

  private static void settle() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  /**
   * The concept rules' cost: the same verification with a vocabulary of {@code bench.concepts}
   * concepts ({@link VocabularyBenchmark}'s synthetic CONCEPT.csv, with the export's own concept
   * ids in it, standard and of their columns' domains), warm, beside the one without.
   */
  private static void vocabularyCost(
      Contract contract, Path export, Path root, VerifyResult plain, double plainSeconds)
      throws Exception {
    int concepts = Integer.getInteger("bench.concepts", 6_000_000);
    Path folder = BenchmarkVocabulary.prepare(root, concepts, contract, export);
    long t = System.nanoTime();
    Vocabulary vocabulary =
        new VocabularyLoader(DiagnosticsListener.silent())
            .load(new VocabularyRequest(folder, Optional.empty()));
    double load = secs(t);
    verify(contract, export, vocabulary); // warm the concept checks too
    double[] with = new double[3];
    double[] without = new double[3];
    VerifyResult checked = null;
    for (int i = 0; i < with.length; i++) {
      long t0 = System.nanoTime();
      verify(contract, export, null);
      without[i] = secs(t0);
      long t1 = System.nanoTime();
      checked = verify(contract, export, vocabulary);
      with[i] = secs(t1);
    }
    java.util.Arrays.sort(with);
    java.util.Arrays.sort(without);
    System.out.printf(
        Locale.ROOT,
        "vocabulary %,d concepts (%,d MB index) loaded in %.2f s; concept problems %,d (without %,d)%n",
        vocabulary.size(),
        vocabulary.footprintBytes() >> 20,
        load,
        checked.count(Severity.ERROR) + checked.count(Severity.WARNING),
        plain.count(Severity.ERROR) + plain.count(Severity.WARNING));
    System.out.printf(
        Locale.ROOT,
        "concept checks: verify %.2f s with, %.2f s without (medians of 3, alternating): +%.1f %%%n",
        with[1],
        without[1],
        100 * (with[1] / without[1] - 1));
  }

  private static VerifyResult verify(Contract contract, Path export) throws Exception {
    return verify(contract, export, null);
  }

  private static VerifyResult verify(Contract contract, Path export, Vocabulary vocabulary)
      throws Exception {
    VerifyRequest request =
        new VerifyRequest(
            contract,
            export,
            LocalDate.of(2017, 12, 1),
            false,
            Runtime.getRuntime().availableProcessors(),
            100,
            Set.of(),
            Set.of(),
            "benchmark");
    if (vocabulary != null) {
      request = request.withVocabulary(vocabulary);
    }
    return new Verifier(DiagnosticsListener.silent()).verify(request);
  }

  private static double secs(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
