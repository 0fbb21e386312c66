package org.ehrcontracts.engine.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ehrcontracts.engine.contract.Dialect;

/**
 * Writes one CSV file in a contract's dialect, a row at a time: UTF-8 without a byte-order mark,
 * the dialect's delimiter and quote, every field quoted where it says {@code quoting: all} and
 * otherwise only fields that need it, and its line ending ({@code CRLF} where it allows any, as RFC
 * 4180 has it). Counts physical lines, so that planted defects know theirs.
 */
final class CsvOut implements Closeable {

  private static final int BUFFER = 1 << 16;

  private final BufferedWriter out;
  private final Dialect dialect;
  private final String lineEnd;
  private final StringBuilder line = new StringBuilder(256);
  private long lines;
  private long rows;

  CsvOut(Path file, Dialect dialect) throws IOException {
    this.out =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), BUFFER);
    this.dialect = dialect;
    this.lineEnd = dialect.lineEnding() == Dialect.LineEnding.LF ? "\n" : "\r\n";
  }

  /** Writes the header line, if the dialect has one. */
  void header(String[] names) throws IOException {
    if (dialect.header()) {
      write(names);
    }
  }

  /** Writes a data row; returns its physical line. */
  long row(String[] values) throws IOException {
    rows++;
    return write(values);
  }

  private long write(String[] values) throws IOException {
    line.setLength(0);
    char quote = dialect.quote();
    char delimiter = dialect.delimiter();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(delimiter);
      }
      String value = values[i] == null ? "" : values[i];
      if (dialect.quoteAll() || needsQuotes(value, delimiter, quote)) {
        line.append(quote);
        for (int k = 0; k < value.length(); k++) {
          char c = value.charAt(k);
          if (c == quote) {
            line.append(quote);
          }
          line.append(c);
        }
        line.append(quote);
      } else {
        line.append(value);
      }
    }
    line.append(lineEnd);
    out.append(line);
    return ++lines;
  }

  private static boolean needsQuotes(String value, char delimiter, char quote) {
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      if (c == delimiter || c == quote || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  /** The data rows written. */
  long rows() {
    return rows;
  }

  /** The physical line the next row will start on. */
  long nextLine() {
    return lines + 1;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
