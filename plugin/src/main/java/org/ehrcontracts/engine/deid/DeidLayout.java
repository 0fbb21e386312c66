package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.ehrcontracts.engine.export.Crosswalk;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.RemedyWords;

/**
 * Where a de-identification reads and writes, refused when it would mix raw, de-identified and
 * private files: the one set of layout rules, checked for a whole run before anything is read
 * ({@link #check(Run, RemedyWords)}, by the goal) and for each export again by the {@link
 * Deidentifier} itself ({@link #checkExport}), which may be called without the goal.
 *
 * <p>The rules: an output lies outside its export and does not contain it; a crosswalk (the map
 * back to every person) lies neither in an export, which may be shared, nor among outputs, which
 * are what gets uploaded; reports do not go into an output, which holds only the de-identified
 * files; two exports of a run do not share a name, since their outputs would be one folder; and a
 * crosswalk given as one file serves one export.
 *
 * @since 0.2.0
 */
public final class DeidLayout {

  /**
   * The folders of one run of the de-identify goal.
   *
   * @param exports the export directories, each de-identified into {@code outputs/<its name>}
   * @param outputs the directory the outputs go into
   * @param privateFiles the private directory of crosswalks, or one crosswalk file
   * @param reports the directory the reports go into
   * @param reportFolders the sub-folders of {@code reports} that get a folder per export
   */
  public record Run(
      List<Path> exports,
      Path outputs,
      Path privateFiles,
      Path reports,
      List<String> reportFolders) {
    /** Makes the paths absolute and normal. */
    public Run {
      exports = exports.stream().map(DeidLayout::normal).toList();
      outputs = normal(outputs);
      privateFiles = normal(privateFiles);
      reports = normal(reports);
      reportFolders = List.copyOf(reportFolders);
    }
  }

  private DeidLayout() {}

  /**
   * Checks the folders of a whole run.
   *
   * @param words how the goal's settings are called
   * @throws DeidException with {@link DeidException.Reason#LOCATION} for the first rule broken
   */
  public static void check(Run run, RemedyWords words) throws DeidException {
    Objects.requireNonNull(words, "words");
    String outputSetting = words.of(new Remedy.Parameter(Remedy.Setting.DEID_OUTPUT));
    String crosswalkSetting = words.of(new Remedy.Parameter(Remedy.Setting.DEID_CROSSWALK));
    Set<String> names = new HashSet<>();
    for (Path export : run.exports()) {
      String name =
          export.getFileName() == null ? export.toString() : export.getFileName().toString();
      Path output = run.outputs().resolve(name);
      for (Path reports : reportFolders(run, name)) {
        if (reports.startsWith(output)) {
          throw refused(
              words.of(new Remedy.Parameter(Remedy.Setting.REPORT_DIRECTORY))
                  + " "
                  + run.reports()
                  + " would put reports into the output "
                  + output
                  + ", which holds only the de-identified files. Choose folders apart.");
        }
      }
      if (!names.add(name)) {
        throw refused(
            "Two exports are named "
                + name
                + "; their outputs would be the same folder of "
                + outputSetting
                + ". Rename one.");
      }
      if (run.outputs().startsWith(export)) {
        throw outputInExport(outputSetting + " " + run.outputs(), export);
      }
      if (run.privateFiles().startsWith(export)) {
        throw crosswalkInExport(crosswalkSetting + " " + run.privateFiles(), export);
      }
    }
    if (run.privateFiles().startsWith(run.outputs())) {
      throw crosswalkInOutput(
          crosswalkSetting + " " + run.privateFiles(), outputSetting + " " + run.outputs());
    }
    if (Crosswalk.namesOneFile(run.privateFiles()) && run.exports().size() > 1) {
      throw refused(
          crosswalkSetting
              + " names one file, "
              + run.privateFiles().getFileName()
              + ", but "
              + run.exports().size()
              + " exports are given; each export needs its own crosswalk. Give a folder.");
    }
  }

  /**
   * Checks the folders of one export: its output and its crosswalk, canonical (symbolic links
   * resolved), and an existing output only if an earlier run wrote it.
   *
   * @throws DeidException with {@link DeidException.Reason#LOCATION} for the first rule broken
   * @throws IOException if an existing output cannot be listed
   */
  static void checkExport(Path input, Path output, Path crosswalk, RemedyWords words)
      throws DeidException, IOException {
    String outputSetting = words.of(new Remedy.Parameter(Remedy.Setting.DEID_OUTPUT));
    String crosswalkSetting = words.of(new Remedy.Parameter(Remedy.Setting.DEID_CROSSWALK));
    if (output.startsWith(input)) {
      throw outputInExport("the output " + output + " (" + outputSetting + ")", input);
    }
    if (input.startsWith(output)) {
      throw refused(
          "The export "
              + input
              + " lies inside the output "
              + output
              + " ("
              + outputSetting
              + "), which a run replaces as a whole. Choose folders apart.");
    }
    if (crosswalk.startsWith(output)) {
      throw crosswalkInOutput(
          "The crosswalk " + crosswalk + " (" + crosswalkSetting + ")", "the output " + output);
    }
    if (crosswalk.startsWith(input)) {
      throw crosswalkInExport("The crosswalk " + crosswalk + " (" + crosswalkSetting + ")", input);
    }
    if (Files.isDirectory(crosswalk)) {
      throw refused("The crosswalk " + crosswalk + " (" + crosswalkSetting + ") is a directory.");
    }
    if (Files.exists(output)) {
      if (!Files.isDirectory(output)) {
        throw refused("The output " + output + " exists and is not a directory.");
      }
      boolean empty;
      try (var entries = Files.list(output)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.isRegularFile(output.resolve(Deidentifier.MANIFEST))) {
        throw refused(
            "The output directory "
                + output
                + " holds files that ehr-contracts did not write (it has no "
                + Deidentifier.MANIFEST
                + "), and would be replaced; empty it or choose another "
                + outputSetting
                + ".");
      }
    }
  }

  private static List<Path> reportFolders(Run run, String name) {
    List<Path> folders = new java.util.ArrayList<>();
    folders.add(run.reports().resolve(name));
    for (String folder : run.reportFolders()) {
      folders.add(run.reports().resolve(folder).resolve(name));
    }
    return folders;
  }

  private static DeidException outputInExport(String output, Path export) {
    return refused(
        capitalized(output)
            + " lies inside the export "
            + export
            + ", which de-identification only reads. Choose a folder outside it.");
  }

  private static DeidException crosswalkInExport(String crosswalk, Path export) {
    return refused(
        capitalized(crosswalk)
            + " lies inside the export "
            + export
            + ", which is only read (and may be shared). Keep the crosswalk in a private folder"
            + " of its own.");
  }

  private static DeidException crosswalkInOutput(String crosswalk, String output) {
    return refused(
        capitalized(crosswalk)
            + " lies inside "
            + output
            + ": the crosswalk re-identifies every person and must never sit beside the"
            + " de-identified files, which are what gets uploaded. Keep it in a private folder of"
            + " its own.");
  }

  private static String capitalized(String text) {
    return text.isEmpty() || !Character.isLowerCase(text.charAt(0))
        ? text
        : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static DeidException refused(String message) {
    return new DeidException(DeidException.Reason.LOCATION, message);
  }

  private static Path normal(Path path) {
    return path.toAbsolutePath().normalize();
  }
}
