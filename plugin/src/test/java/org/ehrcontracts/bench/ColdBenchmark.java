package org.ehrcontracts.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.deid.DeidRequest;
import org.ehrcontracts.engine.deid.Deidentifier;
import org.ehrcontracts.engine.deid.RandomIds;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;

/**
 * Measures what a user meets: {@code ehr:verify} on {@code aou-ehr-current}, or {@code
 * ehr:deidentify} on {@code aou-ehr-current-deid}, run once in a fresh JVM through Maven, against a
 * one-thread FastCSV parse of the same files and the same engine call warm in this JVM.
 *
 * <p>Each round starts two Maven processes with the same flags, in the same working folder (no
 * {@code pom.xml}, as {@code requiresProject = false} allows): {@code ehr:help} of the same plugin,
 * which is Maven's own start (the JVM, the plugin's realm and its jars) and does no work, then the
 * goal by its full coordinates. The goal's figure is the difference, taken per round; the median
 * and the range of the rounds are printed. Maven runs under {@code MAVEN_OPTS=-Xmx<heap>} with a GC
 * log, whose largest heap-in-use before a collection (or at exit) is the cold run's peak heap,
 * garbage included. Then the same files are parsed with FastCSV on one thread touching every field
 * and checked by the engine in this JVM after one warm-up run, each the median of the same number
 * of rounds. For {@code deidentify} the crosswalk and output are deleted before every run, so that
 * each is a site's first (every person draws a new number), and verification before and after is
 * on, as in the goal.
 *
 * <p>Needs the plugin in the local repository ({@code ./mvnw install -DskipTests} first); the
 * README gives the command. The last line reads {@code cold R1 warm R2 parse S s cold C s warm W s
 * rows N heap H MB}: ratios to the parse.
 */
public final class ColdBenchmark {

  private ColdBenchmark() {}

  private static final Pattern GC_BEFORE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Pattern EXIT_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  /**
   * Arguments: {@code [measurementRows] [persons] [directory]}; system properties {@code
   * bench.goal} ({@code verify} or {@code deidentify}), {@code bench.maven.home}, {@code
   * bench.plugin.version}, {@code bench.repo}, {@code bench.offline}, {@code bench.cold.heap} and
   * {@code bench.rounds}.
   */
  public static void main(String[] args) throws Exception {
    long measurements = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
    int persons = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Path root = Path.of(args.length > 2 ? args[2] : "target/benchmark").toAbsolutePath();
    String goal = System.getProperty("bench.goal", "verify");
    if (!goal.equals("verify") && !goal.equals("deidentify")) {
      throw new IllegalArgumentException("bench.goal is verify or deidentify, not " + goal);
    }
    String contract = goal.equals("verify") ? "aou-ehr-current" : "aou-ehr-current-deid";
    int rounds = Integer.getInteger("bench.rounds", 5);
    String heap = System.getProperty("bench.cold.heap", "500m");
    Path mavenHome = Path.of(required("bench.maven.home"));
    String version = required("bench.plugin.version");
    String repo = System.getProperty("bench.repo", "");
    boolean offline = Boolean.parseBoolean(System.getProperty("bench.offline", "false"));

    Path export = CurrentExport.prepare(root, persons, measurements);
    List<Path> files = List.of(export.resolve("person.csv"), export.resolve("measurement.csv"));
    long bytes = 0;
    for (Path file : files) {
      bytes += Files.size(file);
    }
    Path work = root.resolve("cold-" + goal);
    Path output = work.resolve("deid");
    Path privateFiles = work.resolve("private");
    Path reports = work.resolve("reports");
    Files.createDirectories(work);

    List<String> maven = new ArrayList<>();
    maven.add(mavenHome.resolve("bin/mvn").toString());
    maven.addAll(List.of("-B", "-ntp"));
    if (offline) {
      maven.add("-o");
    }
    if (!repo.isEmpty()) {
      maven.add("-Dmaven.repo.local=" + repo);
    }
    String coordinates = "org.ehrcontracts:ehr-maven-plugin:" + version + ":";
    List<String> start = new ArrayList<>(maven);
    start.add(coordinates + "help");
    List<String> run = new ArrayList<>(maven);
    run.add(coordinates + goal);
    run.add("-Dehr.contract=" + contract);
    run.add("-Dehr.exports=" + export);
    run.add("-Dehr.reportDirectory=" + reports);
    if (goal.equals("verify")) {
      run.add("-Dehr.verify.asOf=" + LocalDate.now());
    } else {
      run.add("-Dehr.deid.output=" + output);
      run.add("-Dehr.deid.crosswalk=" + privateFiles);
    }

    System.out.printf(
        Locale.ROOT,
        "cold ehr:%s on %s: %s%n  Maven's start: %s%n",
        goal,
        contract,
        String.join(" ", run),
        String.join(" ", start));
    double[] starts = new double[rounds];
    double[] goals = new double[rounds];
    double[] nets = new double[rounds];
    double[] netCpu = new double[rounds];
    long coldHeap = 0;
    for (int round = 0; round < rounds; round++) {
      clean(output, privateFiles);
      Path startLog = work.resolve("start-" + round + ".gc.log");
      double c0 = childCpu();
      starts[round] = maven(start, work, heap, startLog, work.resolve("start.log"));
      double startCpu = childCpu() - c0;
      clean(output, privateFiles);
      Path goalLog = work.resolve("goal-" + round + ".gc.log");
      double c1 = childCpu();
      goals[round] = maven(run, work, heap, goalLog, work.resolve("goal.log"));
      netCpu[round] = childCpu() - c1 - startCpu;
      nets[round] = goals[round] - starts[round];
      long peak = peakHeap(goalLog);
      coldHeap = Math.max(coldHeap, peak);
      System.out.printf(
          Locale.ROOT,
          "  round %d: start %.2f s, goal %.2f s, goal minus start %.2f s (cpu %.2f s), heap %d MB%n",
          round + 1,
          starts[round],
          goals[round],
          nets[round],
          netCpu[round],
          peak);
    }

    Contract loaded =
        new ContractLoader(
                new StandardContractSource(Path.of("."), ColdBenchmark.class.getClassLoader()))
            .load(contract);
    Engine engine =
        goal.equals("verify")
            ? () -> verify(loaded, export)
            : () -> deidentify(loaded, export, output, privateFiles);
    long parsed = rawParse(files);
    engine.run();
    double[] parses = new double[rounds];
    double[] warms = new double[rounds];
    double[] parseCpu = new double[rounds];
    double[] warmCpu = new double[rounds];
    HeapSampler sampler = HeapSampler.idle();
    for (int round = 0; round < rounds; round++) {
      long c0 = cpu();
      long t0 = System.nanoTime();
      rawParse(files);
      parses[round] = secs(t0);
      parseCpu[round] = (cpu() - c0) / 1e9;
      clean(output, privateFiles);
      System.gc();
      sampler.sampling = true;
      long c1 = cpu();
      long t1 = System.nanoTime();
      engine.run();
      warms[round] = secs(t1);
      warmCpu[round] = (cpu() - c1) / 1e9;
      sampler.sampling = false;
    }
    sampler.interrupt();
    sampler.join();

    double parse = median(parses);
    double cold = median(nets);
    double warm = median(warms);
    System.out.printf(
        Locale.ROOT,
        "files %d, %,d MB, rows %,d; cores %d; %d rounds, medians [min..max]%n",
        files.size(),
        bytes >> 20,
        parsed,
        Runtime.getRuntime().availableProcessors(),
        rounds);
    System.out.printf(
        Locale.ROOT, "  Maven's start (ehr:help)        %s%n", spread(starts, bytes, false));
    System.out.printf(
        Locale.ROOT, "  ehr:%-10s through Maven     %s%n", goal, spread(goals, 0, false));
    System.out.printf(
        Locale.ROOT, "  cold: goal minus start          %s%n", spread(nets, bytes, true));
    System.out.printf(
        Locale.ROOT, "  warm: engine in this JVM        %s%n", spread(warms, bytes, true));
    System.out.printf(
        Locale.ROOT, "  raw parse, FastCSV, one thread  %s%n", spread(parses, bytes, true));
    System.out.printf(
        Locale.ROOT,
        "  cpu time, every thread: cold %.2f s, warm %.2f s, parse %.2f s (medians)%n",
        median(netCpu),
        median(warmCpu),
        median(parseCpu));
    System.out.printf(
        Locale.ROOT,
        "  heap: cold %d MB (GC log, -Xmx%s), warm %d MB (sampled, -Xmx%d MB)%n",
        coldHeap,
        heap,
        sampler.peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        Locale.ROOT,
        "cold %.2f warm %.2f parse %.2f s cold %.2f s warm %.2f s rows %d heap %d MB%n",
        cold / parse,
        warm / parse,
        parse,
        cold,
        warm,
        parsed,
        coldHeap);
  }

  /** One engine run, as the goal makes it. */
  private interface Engine {
    void run() throws Exception;
  }

  private static void verify(Contract contract, Path export) throws Exception {
    new Verifier(DiagnosticsListener.silent())
        .verify(
            new VerifyRequest(
                contract,
                export,
                LocalDate.now(),
                false,
                Runtime.getRuntime().availableProcessors(),
                100,
                Set.of(),
                Set.of(),
                "benchmark"));
  }

  private static void deidentify(Contract contract, Path export, Path output, Path privateFiles)
      throws Exception {
    clean(output, privateFiles);
    new Deidentifier(DiagnosticsListener.silent())
        .deidentify(
            DeidRequest.of(
                    contract,
                    export,
                    output.resolve(export.getFileName()),
                    privateFiles.resolve(export.getFileName() + ".crosswalk.csv"))
                .withIds(RandomIds.secure()));
  }

  /** CPU time of this JVM, every thread (the collector and the compilers) included. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU time of the child processes that have ended, in seconds, from {@code /proc/self/stat}
   * ({@code cutime + cstime}, at 100 ticks a second): the Maven runs' own CPU, which other load on
   * the machine does not stretch as it stretches their wall time. NaN where there is no {@code
   * /proc}.
   */
  private static double childCpu() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Runs Maven once and returns its wall time; fails with its log when it fails. */
  static double maven(List<String> command, Path dir, String heap, Path gcLog, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .put(
            "MAVEN_OPTS",
            "-Xmx" + heap + " -Xlog:gc,gc+heap+exit:file=" + gcLog + ":uptime,level,tags");
    long t = System.nanoTime();
    int exit = builder.start().waitFor();
    double secs = secs(t);
    if (exit != 0) {
      throw new IllegalStateException(
          "Maven exited with "
              + exit
              + ": "
              + String.join(" ", command)
              + "\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    return secs;
  }

  /** The largest heap in use the GC log shows, before a collection or at exit, in MB. */
  static long peakHeap(Path gcLog) throws IOException {
    long peak = 0;
    for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
      Matcher m = GC_BEFORE.matcher(line);
      if (m.find()) {
        peak = Math.max(peak, Long.parseLong(m.group(1)));
      }
      Matcher exit = EXIT_USED.matcher(line);
      if (exit.find()) {
        peak = Math.max(peak, Long.parseLong(exit.group(1)) >> 10);
      }
    }
    return peak;
  }

  /** Deletes the de-identified output and the crosswalk, so that the next run is a first one. */
  static void clean(Path... dirs) throws IOException {
    for (Path dir : dirs) {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
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

  private static String spread(double[] values, long bytes, boolean rate) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    String s =
        String.format(
            Locale.ROOT,
            "%6.2f s  [%.2f..%.2f]",
            median(values),
            sorted[0],
            sorted[sorted.length - 1]);
    return rate
        ? s + String.format(Locale.ROOT, "  %4.0f MB/s", (bytes >> 20) / median(values))
        : s;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String required(String property) {
    return Optional.ofNullable(System.getProperty(property))
        .filter(s -> !s.isBlank())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "set -D" + property + " (the benchmark profile does)"));
  }

  private static double secs(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
