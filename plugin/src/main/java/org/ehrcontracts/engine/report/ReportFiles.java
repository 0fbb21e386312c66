package org.ehrcontracts.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * Writes the file reports of a verification: {@code verify.json}, {@code verify.html}, {@code
 * junit.xml} and, where chosen, the other {@link ReportFormats}; and {@code metrics.csv} when it
 * has a scorecard.
 *
 * @since 0.1.0
 */
public final class ReportFiles {

  private ReportFiles() {}

  /**
   * Writes the reports of one export into {@code <reportDirectory>/<export name>/}, creating the
   * directories.
   *
   * <p>Each file is written in UTF-8 to a temporary file in the same directory and then moved over
   * the old report atomically (or, where the file system cannot, by a plain replacing move), so
   * that a reader never sees half a report and an interrupted run leaves the previous one intact.
   *
   * @param result what verification found
   * @param reportDirectory the directory that holds a folder per export
   *     <p>{@code metrics.csv} is written only for a result with a scorecard; an older one is
   *     removed otherwise, so that the folder never shows figures of another run.
   * @return the files written, in the order above
   * @throws IOException if a directory or file cannot be written
   * @throws IllegalArgumentException if the export name is not a plain directory name
   * @since 0.1.0
   */
  public static List<Path> write(VerifyResult result, Path reportDirectory) throws IOException {
    return write(
        result,
        reportDirectory,
        List.of(ReportFormats.JSON, ReportFormats.HTML, ReportFormats.JUNIT),
        ReportContext.plain());
  }

  /**
   * Writes the reports of one export in these formats, those that are files into {@code
   * <reportDirectory>/<export name>/}, each as {@link #write(VerifyResult, Path)} does.
   *
   * @param result what verification found
   * @param reportDirectory the directory that holds a folder per export
   * @param formats the formats, in writing order (see {@link ReportFormats#selected})
   * @param context what the formats need besides the result
   * @return the files written, in order
   * @throws IOException if a directory or file cannot be written
   * @throws IllegalArgumentException if the export name is not a plain directory name
   * @since 0.2.0
   */
  public static List<Path> write(
      VerifyResult result, Path reportDirectory, List<ReportFormat> formats, ReportContext context)
      throws IOException {
    Path directory = exportDirectory(reportDirectory, result.export());
    Files.createDirectories(directory);
    List<Path> written = new ArrayList<>();
    for (ReportFormat format : formats) {
      written.addAll(format.write(result, directory, context));
    }
    // The scorecard's figures for a site to plot its quarters; never a file of another run.
    Path metrics = directory.resolve(MetricsCsvWriter.FILE_NAME);
    if (result.scorecard().isEmpty()) {
      Files.deleteIfExists(metrics);
    } else {
      writeAtomically(metrics, MetricsCsvWriter.render(result));
      written.add(metrics);
    }
    return List.copyOf(written);
  }

  /** The export's folder, refusing names that would lead out of the report directory. */
  private static Path exportDirectory(Path reportDirectory, String export) {
    Path name = Path.of(export);
    if (export.isBlank()
        || name.getNameCount() != 1
        || name.isAbsolute()
        || export.equals(".")
        || export.equals("..")) {
      throw new IllegalArgumentException("not a plain export name: '" + export + "'");
    }
    return reportDirectory.resolve(name);
  }

  /**
   * Writes a text file in UTF-8 through a temporary sibling and an atomic move, so that a reader
   * never sees half of it and an interrupted write leaves the previous file intact.
   *
   * @param target the file to write; its directory must exist
   * @param content the text
   * @throws IOException if the file cannot be written
   * @since 0.1.0
   */
  public static void writeAtomically(Path target, String content) throws IOException {
    // Not Files.createTempFile: its owner-only permissions would stay on the report after the move.
    Path temp =
        target.resolveSibling(
            "."
                + target.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
