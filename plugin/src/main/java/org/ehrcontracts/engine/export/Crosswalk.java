package org.ehrcontracts.engine.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Where the private crosswalk of an export lives and how its lines read: {@code
 * original_id,new_id}, one pair a line after the header, read with commons-csv.
 *
 * <p>Both {@code ehr:deidentify}, which writes it, and {@code ehr:verify}, which proves the written
 * ids against it, go through this class, so that they agree on the file and its form. Messages
 * about it give line numbers, never ids.
 *
 * @since 0.2.0
 */
public final class Crosswalk {

  /** The header line of every crosswalk. */
  public static final String HEADER = "original_id,new_id";

  private static final List<String> HEADER_FIELDS = List.of("original_id", "new_id");

  /**
   * The crosswalk's CSV: RFC 4180 with {@code \n} line ends, spaces around a field ignored, and
   * blank lines kept as records so that every record knows its line.
   */
  static final CSVFormat FORMAT =
      CSVFormat.RFC4180
          .builder()
          .setRecordSeparator('\n')
          .setIgnoreEmptyLines(false)
          .setTrim(true)
          .get();

  /** The file name of an export's crosswalk in a folder of crosswalks. */
  public static final String SUFFIX = ".crosswalk.csv";

  private Crosswalk() {}

  /** Receives the pairs of a crosswalk as they are read. */
  @FunctionalInterface
  public interface Pairs {
    /**
     * Takes one pair.
     *
     * @return false when the pair repeats an original or a new id, or its new id is not allowed
     */
    boolean add(long original, long replacement);
  }

  /** A crosswalk whose text is not a crosswalk; {@link #getMessage} gives the line, never ids. */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long line;

    FormatException(long line, String what) {
      super("line " + line + " " + what);
      this.line = line;
    }

    /** The 1-based line of the file that is wrong. */
    public long line() {
      return line;
    }
  }

  /**
   * Whether the configured private location names one crosswalk file (it ends in {@code .csv})
   * rather than a folder holding one per export.
   */
  public static boolean namesOneFile(Path privateFiles) {
    Path name = privateFiles.getFileName();
    return name != null && name.toString().endsWith(".csv");
  }

  /**
   * The crosswalk file of an export: the location itself when it names one file, else {@code
   * <export name>.crosswalk.csv} in that folder.
   */
  public static Path locate(Path privateFiles, String exportName) {
    return namesOneFile(privateFiles) ? privateFiles : privateFiles.resolve(exportName + SUFFIX);
  }

  /**
   * Reads a crosswalk pair by pair; blank lines are skipped.
   *
   * @return how many pairs were read
   * @throws FormatException when the header is wrong, a line is not two whole numbers, or {@code
   *     pairs} refuses a pair
   */
  public static long read(Path file, Pairs pairs) throws IOException, FormatException {
    long count = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      // Blank lines are records here (not skipped by the parser), so the line a record starts on
      // is one past the line breaks read before it, also when a quoted field spans lines.
      long line = parser.getCurrentLineNumber() + 1;
      if (!next(records, line) || !records.next().toList().equals(HEADER_FIELDS)) {
        throw new FormatException(1, "does not start with the header " + HEADER);
      }
      for (line = parser.getCurrentLineNumber() + 1;
          next(records, line);
          line = parser.getCurrentLineNumber() + 1) {
        CSVRecord row = records.next();
        if (row.size() == 1 && row.get(0).isEmpty()) {
          continue;
        }
        long original = row.size() != 2 ? NOT_A_NUMBER : parseLong(row.get(0));
        long replacement = row.size() != 2 ? NOT_A_NUMBER : parseLong(row.get(1));
        if (original == NOT_A_NUMBER || replacement == NOT_A_NUMBER) {
          throw new FormatException(line, "is not two whole numbers original_id,new_id");
        }
        if (!pairs.add(original, replacement)) {
          throw new FormatException(
              line, "repeats an original or a new id, or has a new id that is not positive");
        }
        count++;
      }
    }
    return count;
  }

  /**
   * Whether there is another record; a quote that is not closed, or text after a closing quote, is
   * a {@link FormatException} at the line the record starts on (commons-csv's message is not passed
   * on: it is not needed, and a message about a crosswalk never shows its text).
   */
  private static boolean next(Iterator<CSVRecord> records, long line)
      throws IOException, FormatException {
    try {
      return records.hasNext();
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CSVException) {
        throw new FormatException(
            line, "is not valid CSV (a quote is not closed, or text follows one)");
      }
      throw e.getCause();
    }
  }

  private static final long NOT_A_NUMBER = Long.MIN_VALUE;

  /** An optional minus and at most 18 digits; anything else is {@link #NOT_A_NUMBER}. */
  private static long parseLong(String text) {
    int from = 0;
    int to = text.length();
    boolean negative = from < to && text.charAt(from) == '-';
    int p = negative ? from + 1 : from;
    if (p == to || to - p > 18) {
      return NOT_A_NUMBER;
    }
    long value = 0;
    for (; p < to; p++) {
      int digit = text.charAt(p) - '0';
      if (digit < 0 || digit > 9) {
        return NOT_A_NUMBER;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }
}
