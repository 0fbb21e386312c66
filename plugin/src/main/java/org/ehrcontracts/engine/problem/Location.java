package org.ehrcontracts.engine.problem;

import java.util.Objects;

/**
 * A place in a file: 1-based line and column, where 0 means "not known" or "the whole file".
 *
 * <p>For CSV data the line is the physical line on which a record starts, not the record's index,
 * and the column is the 1-based position of the field. For YAML contracts both come from the
 * parser.
 *
 * @param file the file as the user should see it (a path relative to the project where possible)
 * @param line the 1-based line, or 0 for the whole file
 * @param column the 1-based column, or 0 for the whole line
 * @since 0.1.0
 */
public record Location(String file, long line, int column) {

  /** Checks the parts. */
  public Location {
    Objects.requireNonNull(file, "file");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative");
    }
  }

  /** The whole of a file. */
  public static Location of(String file) {
    return new Location(file, 0, 0);
  }

  /** A line of a file. */
  public static Location of(String file, long line) {
    return new Location(file, line, 0);
  }

  /** A line and column of a file. */
  public static Location of(String file, long line, int column) {
    return new Location(file, line, column);
  }

  /** The compiler-style form {@code file:line:column}, leaving out the parts that are not known. */
  @Override
  public String toString() {
    if (line == 0) {
      return file;
    }
    return column == 0 ? file + ":" + line : file + ":" + line + ":" + column;
  }
}
