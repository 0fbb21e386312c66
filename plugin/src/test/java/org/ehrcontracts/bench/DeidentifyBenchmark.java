package org.ehrcontracts.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.deid.DeidRequest;
import org.ehrcontracts.engine.deid.DeidResult;
import org.ehrcontracts.engine.deid.Deidentifier;
import org.ehrcontracts.engine.deid.RandomIds;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;

/**
 * Measures {@code ehr:deidentify}'s engine against a raw FastCSV parse of the same files, in one
 * run.
 *
 * <p>Uses (and generates once, like {@link VerifyBenchmark}, in the same place) the synthetic alpha
 * export of {@code person.csv} (200 000 persons) and {@code measurement.csv} (5 000 000 rows by
 * default), all fields quoted, CRLF. Parses both with FastCSV on one thread touching every field,
 * then de-identifies them with the aou-ehr-alpha policy on the reference date 2017-12-01: both
 * passes, new ids for every person (the crosswalk is deleted before each run), every file written,
 * checksummed and moved into place. Verification before and after is off, so that the figure is the
 * transform's own; {@code ehr:deidentify} adds one {@code ehr:verify} of the input and one of the
 * output. The last line reads {@code ratio R parse S s deidentify T s rows N heap H MB}. Run it
 * with {@code -Xmx500m}; see docs/deidentify.md for the command.
 */
public final class DeidentifyBenchmark {

  private DeidentifyBenchmark() {}

  /** Alternating measured rounds of parse and de-identification; the medians are reported. */
  private static final int ROUNDS = 3;

  /** Prints the engine's debug lines: the person map's size and each step's time. */
  private static final DiagnosticsListener DEBUG =
      new DiagnosticsListener() {
        @Override
        public void problem(org.ehrcontracts.engine.problem.Problem problem) {}

        @Override
        public void progress(String message) {}

        @Override
        public void debug(java.util.function.Supplier<String> message) {
          System.out.println(message.get());
        }
      };

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
                new StandardContractSource(
                    Path.of("."), DeidentifyBenchmark.class.getClassLoader()))
            .load("aou-ehr-alpha");
    Path output = root.resolve("deid/" + export.getFileName());
    Path crosswalk = root.resolve("deid-private/" + export.getFileName() + ".crosswalk.csv");
    DeidRequest request =
        DeidRequest.of(contract, export, output, crosswalk)
            .withAsOf(LocalDate.of(2017, 12, 1))
            .withVerify(false);

    // Warm the page cache and the JIT on both paths once, then measure in alternating rounds and
    // take the median of each, so that other load on the machine falls on both alike.
    rawParse(files);
    deidentify(request, crosswalk);

    double[] parses = new double[ROUNDS];
    double[] deids = new double[ROUNDS];
    double[] parseCpu = new double[ROUNDS];
    double[] deidCpu = new double[ROUNDS];
    long parsedRows = 0;
    DeidResult result = null;
    HeapSampler sampler = HeapSampler.idle();
    for (int round = 0; round < ROUNDS; round++) {
      System.gc();
      long c0 = cpu();
      long t0 = System.nanoTime();
      parsedRows = rawParse(files);
      parses[round] = secs(t0);
      parseCpu[round] = (cpu() - c0) / 1e9;
      // The heap is sampled during the de-identification runs only, after a collection, so that
      // the parse's garbage does not count.
      System.gc();
      sampler.sampling = true;
      long c1 = cpu();
      long t1 = System.nanoTime();
      result = deidentify(request, crosswalk);
      deids[round] = secs(t1);
      deidCpu[round] = (cpu() - c1) / 1e9;
      sampler.sampling = false;
      System.out.printf(
          Locale.ROOT,
          "round %d: parse %.2f s (cpu %.2f s), deidentify %.2f s (cpu %.2f s)%n",
          round + 1,
          parses[round],
          parseCpu[round],
          deids[round],
          deidCpu[round]);
    }
    sampler.interrupt();
    sampler.join();
    double parse = median(parses);
    double deid = median(deids);

    long heap = sampler.peak >> 20;
    System.out.printf(
        Locale.ROOT,
        "files %d, %,d MB, rows %,d; kept %,d of %,d persons, wrote %,d rows, %,d MB;"
            + " cores %d, max heap %d MB%n",
        files.size(),
        bytes >> 20,
        parsedRows,
        result.persons().kept(),
        result.persons().rows(),
        result.rowsOut(),
        result.bytesOut() >> 20,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        Locale.ROOT,
        "medians of %d rounds: raw parse %.0f MB/s (one thread); deidentify %.0f MB/s, %,.0f rows/s%n",
        ROUNDS,
        (bytes >> 20) / parse,
        (bytes >> 20) / deid,
        result.rowsIn() / deid);
    System.out.printf(
        Locale.ROOT,
        "ratio %.2f parse %.2f s deidentify %.2f s rows %d heap %d MB%n",
        deid / parse,
        parse,
        deid,
        result.rowsIn(),
        heap);
  }

  private static DeidResult deidentify(DeidRequest request, Path crosswalk) throws Exception {
    // A first run: every person draws a new number.
    Files.deleteIfExists(crosswalk);
    return new Deidentifier(DEBUG).deidentify(request.withIds(RandomIds.secure()));
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

  /** CPU time of the whole process, every thread (and the collector) included. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double secs(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
