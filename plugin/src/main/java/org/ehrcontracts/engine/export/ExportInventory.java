package org.ehrcontracts.engine.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * @param lookalikes for an unknown file whose header line is that of a table whose file is missing,
 *     that table: {@code condition.csv} with the columns of {@code condition_occurrence}
 * @since 0.1.0
 */
public record ExportInventory(
    Path directory,
    List<TableFile> tables,
    List<String> tolerated,
    List<String> unknown,
    Map<String, Table> lookalikes) {

  /** How much of an unknown file is read to find its header line. */
  static final int HEADER_BYTES = 64 * 1024;

  /**
   * Files the plugin itself writes into an export it produced (the de-identification manifest):
   * tolerated everywhere, never reported as unknown, and never uploaded as data.
   */
  public static final Set<String> OWN_FILES = Set.of(".ehr-deid.json");

  /** Copies the lists. */
  public ExportInventory {
    tables = List.copyOf(tables);
    tolerated = List.copyOf(tolerated);
    unknown = List.copyOf(unknown);
    lookalikes = Map.copyOf(lookalikes);
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
    List<Table> missing = tables.stream().filter(t -> !t.found()).map(TableFile::table).toList();
    Map<String, Table> lookalikes = new LinkedHashMap<>();
    if (contract.dialect().header() && !missing.isEmpty()) {
      for (String name : unknown) {
        headerNames(directory.resolve(name), contract.dialect().delimiter())
            .flatMap(header -> lookalike(header, missing))
            .ifPresent(table -> lookalikes.put(name, table));
      }
    }
    return new ExportInventory(directory, tables, tolerated, unknown, lookalikes);
  }

  /**
   * The one table, of those given, whose columns a header names: every column the table requires
   * and no name that is not one of its columns. Empty when none or more than one fits.
   */
  static Optional<Table> lookalike(List<String> header, List<Table> candidates) {
    Set<String> names = new HashSet<>();
    for (String name : header) {
      names.add(name.toLowerCase(Locale.ROOT));
    }
    List<Table> fitting = new ArrayList<>();
    for (Table table : candidates) {
      Set<String> columns = new HashSet<>();
      boolean required = true;
      for (var column : table.columns()) {
        String lower = column.name().toLowerCase(Locale.ROOT);
        columns.add(lower);
        required &= !column.required() || names.contains(lower);
      }
      if (required && !names.isEmpty() && columns.containsAll(names)) {
        fitting.add(table);
      }
    }
    return fitting.size() == 1 ? Optional.of(fitting.get(0)) : Optional.empty();
  }

  /**
   * The names of a file's first line, split at the delimiter, with quotes, blanks and a byte-order
   * mark taken off; empty when the file cannot be read or has no line break in its first {@link
   * #HEADER_BYTES} bytes. Column names only: no data row is read.
   */
  static Optional<List<String>> headerNames(Path file, char delimiter) {
    byte[] start;
    try (InputStream in = Files.newInputStream(file)) {
      start = in.readNBytes(HEADER_BYTES);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    int end = 0;
    while (end < start.length && start[end] != '\n' && start[end] != '\r') {
      end++;
    }
    if (end == start.length || end == 0) {
      return Optional.empty();
    }
    String line = new String(start, 0, end, StandardCharsets.UTF_8);
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    List<String> names = new ArrayList<>();
    for (String field : line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
      String name = field.strip();
      if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
        name = name.substring(1, name.length() - 1).strip();
      }
      names.add(name);
    }
    return Optional.of(names);
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
            .or(
                () ->
                    Optional.ofNullable(lookalikes.get(name))
                        .map(
                            t ->
                                "; its header is that of table '"
                                    + t.name()
                                    + "', whose file is missing: did you mean "
                                    + t.file()
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
    for (Map.Entry<String, Table> lookalike : lookalikes.entrySet()) {
      // A name that differs in case only has its hint on the unknown file's problem.
      if (lookalike.getValue().equals(table)
          && !lookalike.getKey().equalsIgnoreCase(table.file())) {
        return " (" + lookalike.getKey() + " has this table's header: is it the file, misnamed?)";
      }
    }
    return "";
  }
}
