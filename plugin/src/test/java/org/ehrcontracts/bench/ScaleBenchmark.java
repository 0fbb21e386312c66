package org.ehrcontracts.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether the cost per row stays flat as the export grows (issue 15): {@code ehr:verify} on {@code
 * aou-ehr-current} and {@code ehr:deidentify} on {@code aou-ehr-current-deid}, each run once cold
 * through Maven under a fixed heap ({@code -Xmx512m} by default), at each of several sizes of
 * {@code measurement.csv}.
 *
 * <p>For each size the export is generated in the build's target folder, the two goals run (each
 * minus Maven's own start, {@code ehr:help} of the same plugin, measured just before), and the
 * export, the de-identified output and the spill folder are deleted before the next size, so that a
 * 50 000 000-row run (about 9.5 GB) needs the disk of one size at a time. Printed per size and
 * goal: the seconds, the microseconds and the heap per row (the largest heap in use in the GC log),
 * the disk the spilled keys took (the largest size of the spill folder, sampled every 100 ms, and
 * what the console said was written), and at the end each size's cost per row against the
 * smallest's.
 *
 * <p>Arguments: {@code rows[,rows...] [ignored] [directory]}. System properties as for {@link
 * ColdBenchmark} ({@code bench.maven.home}, {@code bench.plugin.version}, {@code bench.repo},
 * {@code bench.offline}, {@code bench.cold.heap}), and {@code bench.goals} ({@code
 * verify,deidentify}), {@code bench.rowsPerPerson} (one person per 25 measurement rows by default:
 * 80 000 persons for 2 000 000 rows), {@code bench.keep} (keep the generated exports).
 */
public final class ScaleBenchmark {

  private ScaleBenchmark() {}

  private static final Pattern SPILLED =
      Pattern.compile("spilled to disk: ([0-9,]+) runs, ([0-9,.]+) (MB|KB) written");

  /** One goal's figures at one size. */
  private record Figure(
      String goal, long rows, double seconds, long heapMb, long spillPeakMb, double spillWritten) {
    double microsPerRow() {
      return seconds * 1e6 / rows;
    }
  }

  public static void main(String[] args) throws Exception {
    List<Long> sizes = new ArrayList<>();
    for (String size : (args.length > 0 ? args[0] : "2000000,10000000,50000000").split(",")) {
      sizes.add(Long.parseLong(size.trim().replace("_", "")));
    }
    // The profile's second argument (bench.persons) is for the other benchmarks: persons grow with
    // the rows here, one per bench.rowsPerPerson measurement rows.
    int perPerson = Integer.getInteger("bench.rowsPerPerson", 25);
    Path root = Path.of(args.length > 2 ? args[2] : "target/benchmark").toAbsolutePath();
    String heap = System.getProperty("bench.cold.heap", "512m");
    List<String> goals = List.of(System.getProperty("bench.goals", "verify,deidentify").split(","));
    boolean keep = Boolean.getBoolean("bench.keep");
    Path mavenHome = Path.of(ColdBenchmark.required("bench.maven.home"));
    String version = ColdBenchmark.required("bench.plugin.version");
    String repo = System.getProperty("bench.repo", "");
    boolean offline = Boolean.parseBoolean(System.getProperty("bench.offline", "false"));

    List<String> maven = new ArrayList<>();
    maven.add(mavenHome.resolve("bin/mvn").toString());
    maven.addAll(List.of("-B", "-ntp"));
    if (offline) {
      maven.add("-o");
    }
    if (!repo.isEmpty()) {
      maven.add("-Dmaven.repo.local=" + repo);
      // The IT repository (it/target/local-repo) holds what the ITs fetched from a repository they
      // call local.central; Maven accepts those files only from a repository of that id.
      Files.createDirectories(root);
      Path settings = root.resolve("scale-settings.xml");
      Files.writeString(settings, settings(), StandardCharsets.UTF_8);
      maven.add("-s");
      maven.add(settings.toString());
    }
    String coordinates = "org.ehrcontracts:ehr-maven-plugin:" + version + ":";
    List<Figure> figures = new ArrayList<>();
    for (long rows : sizes) {
      int persons = (int) Math.max(1000, rows / perPerson);
      Path sized = root.resolve("scale-" + rows);
      Path export = CurrentExport.prepare(sized, persons, rows);
      // The alpha export the current one was laid out from is not read: its disk is freed now.
      ColdBenchmark.clean(sized.resolve("export-" + persons + "-" + rows));
      long bytes = Files.size(export.resolve("measurement.csv"));
      System.out.printf(
          Locale.ROOT,
          "%,d measurement rows (%,d MB), %,d persons, -Xmx%s, %d cores%n",
          rows,
          bytes >> 20,
          persons,
          heap,
          Runtime.getRuntime().availableProcessors());
      for (String goal : goals) {
        Path work = sized.resolve("cold-" + goal);
        Path spill = work.resolve("spill");
        Path output = work.resolve("deid");
        Path privateFiles = work.resolve("private");
        ColdBenchmark.clean(work);
        Files.createDirectories(work);
        List<String> start = new ArrayList<>(maven);
        start.add(coordinates + "help");
        List<String> run = new ArrayList<>(maven);
        run.add(coordinates + goal);
        run.add(
            "-Dehr.contract="
                + (goal.equals("verify") ? "aou-ehr-current" : "aou-ehr-current-deid"));
        run.add("-Dehr.exports=" + export);
        run.add("-Dehr.reportDirectory=" + work.resolve("reports"));
        run.add("-Dehr.spillDirectory=" + spill);
        if (goal.equals("verify")) {
          run.add("-Dehr.verify.asOf=" + LocalDate.now());
        } else {
          run.add("-Dehr.deid.output=" + output);
          run.add("-Dehr.deid.crosswalk=" + privateFiles);
        }
        double startSecs =
            ColdBenchmark.maven(
                start, work, heap, work.resolve("start.gc.log"), work.resolve("start.log"));
        AtomicLong spillPeak = new AtomicLong();
        Thread sampler = new Thread(() -> sampleSize(spill, spillPeak), "spill-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Path log = work.resolve("goal.log");
        double goalSecs;
        try {
          goalSecs = ColdBenchmark.maven(run, work, heap, work.resolve("goal.gc.log"), log);
        } catch (IllegalStateException e) {
          // The goal failed, for example refused for want of memory (persons cannot spill): say
          // why, from its own log, and go on, so that this size's files are still deleted.
          System.out.printf(Locale.ROOT, "  ehr:%-10s failed: %s%n", goal, failure(log));
          continue;
        } finally {
          sampler.interrupt();
          sampler.join();
          if (!keep) {
            ColdBenchmark.clean(output, privateFiles, spill);
          }
        }
        double written = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          Matcher m = SPILLED.matcher(line);
          if (m.find()) {
            double amount = Double.parseDouble(m.group(2).replace(",", ""));
            written += m.group(3).equals("KB") ? amount / 1024 : amount;
            System.out.println("  " + line.replaceFirst("^\\[INFO\\]\\s*", ""));
          }
        }
        Figure figure =
            new Figure(
                goal,
                rows,
                goalSecs - startSecs,
                ColdBenchmark.peakHeap(work.resolve("goal.gc.log")),
                spillPeak.get() >> 20,
                written);
        figures.add(figure);
        System.out.printf(
            Locale.ROOT,
            "  ehr:%-10s %8.2f s (Maven's start %.2f s subtracted), %6.3f us a row (s a million"
                + " rows), heap %d MB, spill %d MB at most on disk (%.0f MB written)%n",
            goal,
            figure.seconds(),
            startSecs,
            figure.microsPerRow(),
            figure.heapMb(),
            figure.spillPeakMb(),
            written);
      }
      if (!keep) {
        ColdBenchmark.clean(sized);
      }
    }
    System.out.println("per row against the smallest size:");
    for (String goal : goals) {
      Figure first = figures.stream().filter(f -> f.goal().equals(goal)).findFirst().orElse(null);
      if (first == null) {
        continue; // failed at every size
      }
      for (Figure f : figures) {
        if (f.goal().equals(goal)) {
          System.out.printf(
              Locale.ROOT,
              "scale %s rows %d us/row %.3f x%.2f heap %d MB spill %d MB%n",
              goal,
              f.rows(),
              f.microsPerRow(),
              f.microsPerRow() / first.microsPerRow(),
              f.heapMb(),
              f.spillPeakMb());
        }
      }
    }
  }

  /** The goal's error line from its log (the plugin's own message, with no cell value). */
  private static String failure(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "no log";
    }
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.startsWith("[ERROR] Failed to execute goal")) {
        return line.replaceFirst(
            "^\\[ERROR\\] Failed to execute goal [^:]+:[^:]+:[^:]+:[^ ]+ ", "");
      }
    }
    return "see " + log;
  }

  /** Settings naming the IT repositories' source, the user's own local repository. */
  private static String settings() {
    String url = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
    String repository =
        "<id>local.central</id><url>"
            + url
            + "</url><releases><enabled>true</enabled></releases>"
            + "<snapshots><enabled>true</enabled></snapshots>";
    return "<settings><pluginGroups><pluginGroup>org.ehrcontracts</pluginGroup></pluginGroups>"
        + "<profiles><profile><id>it-repo</id><activation><activeByDefault>true</activeByDefault>"
        + "</activation><repositories><repository>"
        + repository
        + "</repository></repositories><pluginRepositories><pluginRepository>"
        + repository
        + "</pluginRepository></pluginRepositories></profile></profiles></settings>\n";
  }

  /** Samples the folder's total size every 100 ms until interrupted; keeps the largest. */
  private static void sampleSize(Path dir, AtomicLong peak) {
    while (!Thread.currentThread().isInterrupted()) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          long bytes =
              files
                  .filter(Files::isRegularFile)
                  .mapToLong(
                      p -> {
                        try {
                          return Files.size(p);
                        } catch (IOException e) {
                          return 0; // deleted meanwhile
                        }
                      })
                  .sum();
          peak.accumulateAndGet(bytes, Math::max);
        } catch (IOException | java.io.UncheckedIOException e) {
          // a file went while walking: the next sample counts again
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
