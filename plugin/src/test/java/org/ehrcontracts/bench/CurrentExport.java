package org.ehrcontracts.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The cold benchmark's input: {@link BenchmarkExport}'s alpha export laid out for {@code
 * aou-ehr-current}, in a folder named by the contract's {@code YYYY-MM-DD-vN} rule.
 *
 * <p>{@code person.csv} is the same (omop-base's 18 columns in both eras). {@code measurement.csv}
 * gets the current era's 20 columns: {@code measurement_time} (a {@code time}, here the time of day
 * of {@code measurement_datetime}) at 6 and an empty {@code visit_detail_id} at 16. Every field
 * stays quoted and every line ends in CRLF, which the current dialect ({@code quoting: optional},
 * {@code lineEnding: any}) accepts, so the bytes per row are those of the warm benchmark plus the
 * two new fields.
 */
final class CurrentExport {

  /** The folder name: a date and a version, as {@code files.folder} of aou-ehr-current asks. */
  static final String FOLDER = "2017-12-01-v1";

  private CurrentExport() {}

  /** The export for these sizes under {@code root}, generated if it is not there yet. */
  static Path prepare(Path root, int persons, long measurements) throws IOException {
    Path export = root.resolve("current-" + persons + "-" + measurements).resolve(FOLDER);
    if (Files.exists(export.resolve("measurement.csv"))) {
      return export;
    }
    Path alpha = BenchmarkExport.prepare(root, persons, measurements);
    long t = System.nanoTime();
    Files.createDirectories(export);
    Files.copy(
        alpha.resolve("person.csv"),
        export.resolve("person.csv"),
        StandardCopyOption.REPLACE_EXISTING);
    Path partial = export.resolve("measurement.csv.partial");
    try (BufferedReader in =
            Files.newBufferedReader(alpha.resolve("measurement.csv"), StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      out.write(current(header, true));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(current(line, false));
      }
    }
    Files.move(partial, export.resolve("measurement.csv"), StandardCopyOption.ATOMIC_MOVE);
    System.out.printf(
        Locale.ROOT, "laid out %s in %.1f s%n", export, (System.nanoTime() - t) / 1e9);
    return export;
  }

  /** One alpha measurement line (18 quoted fields) as a current one (20), with its CRLF. */
  private static String current(String line, boolean header) {
    String[] f = line.substring(1, line.length() - 1).split("\",\"", -1);
    if (f.length != 18) {
      throw new IllegalStateException("an alpha measurement line has 18 fields, not " + f.length);
    }
    String time = header ? "measurement_time" : f[4].isEmpty() ? "" : f[4].substring(11, 19);
    String visitDetail = header ? "visit_detail_id" : "";
    StringBuilder b = new StringBuilder(line.length() + 24);
    for (int i = 0; i < f.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"').append(f[i]).append('"');
      if (i == 4) {
        b.append(",\"").append(time).append('"');
      } else if (i == 13) {
        b.append(",\"").append(visitDetail).append('"');
      }
    }
    return b.append("\r\n").toString();
  }
}
