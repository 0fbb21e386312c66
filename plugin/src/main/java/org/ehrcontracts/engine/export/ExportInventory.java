package org.ehrcontracts.engine.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.Table;

/**
 * What an export directory holds, set against a contract: each table's file found or missing, files
 * tolerated, and files the contract does not know.
 *
 * @param directory the export directory
 * @param tables one entry per contract table, in contract order
 * @param tolerated files the contract tolerates, relative to the directory
 * @param unknown files the contract does not know, relative to the directory
 * @since 0.1.0
 */
public record ExportInventory(
    Path directory, List<TableFile> tables, List<String> tolerated, List<String> unknown) {

  /**
   * Files the plugin itself writes into an export it produced (the de-identification manifest):
   * tolerated everywhere, never reported as unknown, and never uploaded as data.
   */
  public static final java.util.Set<String> OWN_FILES = java.util.Set.of(".ehr-deid.json");

  /** Copies the lists. */
  public ExportInventory {
    tables = List.copyOf(tables);
    tolerated = List.copyOf(tolerated);
    unknown = List.copyOf(unknown);
  }

  /**
   * A table of the contract and its file in the export.
   *
   * @param table the contract's table
   * @param file the file, if the export has it
   * @param bytes its size (0 when missing)
   */
  public record TableFile(Table table, Optional<Path> file, long bytes) {
    /** Whether the export has the file. */
    public boolean found() {
      return file.isPresent();
    }
  }

  /**
   * Lists an export directory against a contract.
   *
   * @throws IOException if the directory cannot be listed
   */
  public static ExportInventory scan(Contract contract, Path directory) throws IOException {
    List<String> names;
    try (Stream<Path> walk = Files.walk(directory)) {
      names =
          walk.filter(Files::isRegularFile)
              .map(p -> directory.relativize(p).toString().replace('\\', '/'))
              .sorted()
              .toList();
    } catch (UncheckedIOException e) {
      // A folder inside the export that cannot be listed: the walk's stream wraps the cause.
      throw e.getCause();
    }
    List<TableFile> tables = new ArrayList<>();
    List<String> claimed = new ArrayList<>();
    for (Table table : contract.tables().values()) {
      Path file = directory.resolve(table.file());
      if (names.contains(table.file())) {
        tables.add(new TableFile(table, Optional.of(file), Files.size(file)));
        claimed.add(table.file());
      } else {
        tables.add(new TableFile(table, Optional.empty(), 0));
      }
    }
    List<PathMatcher> matchers =
        contract.files().tolerated().stream()
            .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
            .toList();
    List<String> tolerated = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      if (claimed.contains(name)) {
        continue;
      }
      Path relative = Path.of(name);
      if (OWN_FILES.contains(name) || matchers.stream().anyMatch(m -> m.matches(relative))) {
        tolerated.add(name);
      } else {
        unknown.add(name);
      }
    }
    return new ExportInventory(directory, tables, tolerated, unknown);
  }

  /**
   * What to say of an unknown file: that the contract does not know it, and, when its name differs
   * only in case from a table's file, which one it most likely is, or when it is a table's file in
   * a folder of the export, that the export is perhaps that folder.
   */
  public String describeUnknown(String name) {
    int slash = name.lastIndexOf('/');
    String base = name.substring(slash + 1);
    String hint =
        tables.stream()
            .filter(t -> t.table().file().equalsIgnoreCase(name))
            .findFirst()
            .map(t -> "; file names are case-sensitive: did you mean " + t.table().file() + "?")
            .or(
                () ->
                    tables.stream()
                        .filter(t -> slash > 0 && t.table().file().equals(base))
                        .findFirst()
                        .map(
                            t ->
                                "; "
                                    + base
                                    + " is the file of table '"
                                    + t.table().name()
                                    + "': is the export the folder "
                                    + name.substring(0, slash)
                                    + "?"))
            .orElse("");
    return "the contract does not know the file " + name + hint;
  }

  /**
   * Why a table's file was not found although something has its name, in words to add to the
   * missing-file problem: a folder, or a symbolic link to nothing. Empty when nothing has the name.
   *
   * @param table the table whose file is missing
   * @since 0.2.0
   */
  public String whyMissing(Table table) {
    Path path = directory.resolve(table.file());
    if (Files.isDirectory(path)) {
      return " (" + table.file() + " is a folder, not a file)";
    }
    if (Files.isSymbolicLink(path)) {
      return " (" + table.file() + " is a symbolic link to a file that does not exist)";
    }
    if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return " (" + table.file() + " is not a regular file)";
    }
    return "";
  }
}
