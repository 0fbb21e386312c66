package org.ehrcontracts.engine.vocab;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Redaction;
import org.ehrcontracts.engine.problem.Rule;

/**
 * Reads an Athena file line by line at the byte level: tab-separated, no quoting (concept names
 * hold {@code "}), a header line, LF or CRLF line ends.
 *
 * <p>Nothing is decoded or allocated per line; a line's fields are offsets into the read buffer,
 * valid until the next {@link #next()}. Every line must have as many fields as the header, and no
 * line may be empty, so that a line's number is its row's index plus 2 (the header is line 1).
 *
 * <p>Why not {@code CsvScanner}: it is built around quotes and the DRC's dialect rules, which an
 * Athena file does not have; this is the short loop that the fast path needs.
 */
final class AthenaReader implements Closeable {

  private static final int BUFFER = 1 << 20;

  private final FileChannel channel;
  private final String display;
  private final List<String> header;
  private final int width;
  private final int[] starts;
  private final int[] ends;
  private byte[] buf = new byte[BUFFER];
  private int len;
  private int pos;
  private boolean eof;
  private long line = 1;

  private AthenaReader(FileChannel channel, String display)
      throws IOException, AthenaFormatException {
    this.channel = channel;
    this.display = display;
    fill();
    if (len >= 3 && (buf[0] & 0xff) == 0xef && (buf[1] & 0xff) == 0xbb && (buf[2] & 0xff) == 0xbf) {
      pos = 3;
    }
    int end = lineEnd();
    if (end == pos && (eof && pos >= len)) {
      throw malformed(0, 0, "the file is empty; it must start with Athena's header line");
    }
    int stop = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
    List<String> names = new ArrayList<>();
    int start = pos;
    for (int p = pos; p <= stop; p++) {
      if (p == stop || buf[p] == '\t') {
        names.add(
            new String(buf, start, p - start, StandardCharsets.UTF_8)
                .trim()
                .toLowerCase(Locale.ROOT));
        start = p + 1;
      }
    }
    if (names.size() == 1 && names.get(0).indexOf(',') >= 0) {
      throw malformed(
          1,
          0,
          "the header is not separated by tabs: this looks like a comma-separated file, and Athena's"
              + " files are tab-separated without quotes; use the files of the Athena download as"
              + " they are");
    }
    this.header = List.copyOf(names);
    this.width = names.size();
    this.starts = new int[width];
    this.ends = new int[width];
    pos = end < len ? end + 1 : end;
  }

  /** Opens a file and reads its header line. */
  static AthenaReader open(Path file, String display) throws IOException, AthenaFormatException {
    FileChannel channel = FileChannel.open(file);
    try {
      return new AthenaReader(channel, display);
    } catch (IOException | AthenaFormatException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The header's column names, trimmed and in lower case. */
  List<String> header() {
    return header;
  }

  /**
   * The field positions of these columns, found by name.
   *
   * @throws AthenaFormatException naming every column the header lacks
   */
  int[] columns(String fileName, List<String> names) throws AthenaFormatException {
    int[] positions = new int[names.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      positions[i] = header.indexOf(names.get(i));
      if (positions[i] < 0) {
        missing.add("'" + names.get(i) + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw malformed(
          1,
          0,
          (missing.size() == 1 ? "the header has no column " : "the header has no columns ")
              + String.join(", ", missing)
              + "; the columns read from Athena's "
              + fileName
              + " are "
              + String.join(", ", names)
              + ", found by name in a tab-separated header");
    }
    return positions;
  }

  /** The physical line of the current row (1 for the header). */
  long line() {
    return line;
  }

  /** The file as problems name it. */
  String display() {
    return display;
  }

  /**
   * Moves to the next row.
   *
   * @return false at the end of the file
   * @throws AthenaFormatException on an empty line or a line with another number of fields than the
   *     header
   */
  boolean next() throws IOException, AthenaFormatException {
    while (true) {
      int p = pos;
      int n = len;
      byte[] b = buf;
      int f = 0;
      starts[0] = p;
      while (p < n) {
        byte c = b[p];
        if (c == '\t') {
          if (f < width) {
            ends[f] = p;
            if (f + 1 < width) {
              starts[f + 1] = p + 1;
            }
          }
          f++;
        } else if (c == '\n') {
          break;
        }
        p++;
      }
      if (p == n && !eof) {
        more();
        continue;
      }
      if (p == pos && p == n) {
        return false;
      }
      line++;
      int end = p > pos && b[p - 1] == '\r' ? p - 1 : p;
      if (end == pos) {
        throw malformed(line, 0, "the line is empty; Athena's files have no empty lines");
      }
      if (f < width) {
        ends[f] = end;
      }
      pos = p < n ? p + 1 : p;
      if (f + 1 != width) {
        throw malformed(
            line,
            0,
            "the line has "
                + (f + 1)
                + (f == 0 ? " field" : " fields")
                + " separated by tabs, the header "
                + width);
      }
      return true;
    }
  }

  /** The length of a field of the current row. */
  int length(int field) {
    return ends[field] - starts[field];
  }

  /** The first byte of a field of the current row, which must not be empty. */
  byte firstByte(int field) {
    return buf[starts[field]];
  }

  /** Whether a field of the current row is exactly these ASCII bytes. */
  boolean is(int field, byte[] ascii) {
    int start = starts[field];
    return ends[field] - start == ascii.length
        && Arrays.equals(buf, start, start + ascii.length, ascii, 0, ascii.length);
  }

  /** The bytes of a field as a string, for the few values that are kept (domains, the release). */
  String text(int field) {
    return new String(buf, starts[field], length(field), StandardCharsets.UTF_8);
  }

  /** The read buffer and a field's offsets in it, for interning without a copy. */
  byte[] buffer() {
    return buf;
  }

  int start(int field) {
    return starts[field];
  }

  /**
   * A field as a concept id: digits only, from 0 to 2147483647.
   *
   * @throws AthenaFormatException otherwise, naming the column
   */
  int conceptId(int field) throws AthenaFormatException {
    int start = starts[field];
    int end = ends[field];
    if (end == start) {
      throw malformed(
          line,
          field + 1,
          "column '" + header.get(field) + "' is empty; it must hold a concept id");
    }
    long value = 0;
    for (int p = start; p < end; p++) {
      int digit = buf[p] - '0';
      if (digit < 0 || digit > 9 || p - start >= 10) {
        throw badId(field);
      }
      value = value * 10 + digit;
    }
    if (value > Integer.MAX_VALUE) {
      throw badId(field);
    }
    return (int) value;
  }

  private AthenaFormatException badId(int field) {
    return malformed(
        line,
        field + 1,
        "column '"
            + header.get(field)
            + "' must hold a concept id (a whole number from 0 to 2147483647), found a value shaped '"
            + Redaction.shape(text(field))
            + "'");
  }

  /** A problem at a place of this file. */
  AthenaFormatException malformed(long atLine, int column, String message) {
    return new AthenaFormatException(
        Problem.of(
            Rule.VOCABULARY_MALFORMED,
            Rule.VOCABULARY_MALFORMED.defaultSeverity(),
            Location.of(display, atLine, column),
            message));
  }

  /** A problem at a field of the current row, showing the value's shape only. */
  AthenaFormatException malformedValue(int field, String expected) {
    return malformed(
        line,
        field + 1,
        "column '"
            + header.get(field)
            + "' must be "
            + expected
            + ", found a value shaped '"
            + Redaction.shape(text(field))
            + "'");
  }

  /** Keeps the line being read, and reads more after it. */
  private void more() throws IOException {
    if (pos == 0) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    } else {
      System.arraycopy(buf, pos, buf, 0, len - pos);
      len -= pos;
      pos = 0;
    }
    fill();
  }

  private void fill() throws IOException {
    while (len < buf.length && !eof) {
      int read = channel.read(ByteBuffer.wrap(buf, len, buf.length - len));
      if (read < 0) {
        eof = true;
      } else {
        len += read;
      }
    }
  }

  /**
   * The end of the line at {@code pos} (its LF, or the end of the data), reading more as needed.
   */
  private int lineEnd() throws IOException {
    while (true) {
      for (int p = pos; p < len; p++) {
        if (buf[p] == '\n') {
          return p;
        }
      }
      if (eof) {
        return len;
      }
      more();
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
