package org.ehrcontracts.engine.generate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a generation wrote.
 *
 * @param output the output folder
 * @param export the export folder inside it, the folder to verify or upload
 * @param manifest {@code generate.json}
 * @param crosswalk the crosswalk of de-identified data, to verify its person ids with
 * @param files the rows of every written table file, in contract order
 * @param planted every planted defect
 * @param notes what the generator decided that a user should know (fallback concepts, columns left
 *     empty), without values
 * @param duration how long it took
 * @since 0.2.0
 */
public record GenerateResult(
    Path output,
    Path export,
    Path manifest,
    Optional<Path> crosswalk,
    List<TableFile> files,
    List<Planted> planted,
    List<String> notes,
    Duration duration) {

  /** Copies the lists. */
  public GenerateResult {
    files = List.copyOf(files);
    planted = List.copyOf(planted);
    notes = List.copyOf(notes);
  }

  /** The number of data rows of all files. */
  public long rows() {
    return files.stream().mapToLong(TableFile::rows).sum();
  }

  /**
   * One written file.
   *
   * @param table the contract table
   * @param file the file name in the export folder
   * @param rows its data rows, the header not counted
   */
  public record TableFile(String table, String file, long rows) {}
}
