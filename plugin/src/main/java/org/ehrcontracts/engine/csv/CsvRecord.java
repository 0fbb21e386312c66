package org.ehrcontracts.engine.csv;

import java.nio.charset.StandardCharsets;
import org.ehrcontracts.engine.util.AsciiChars;

/**
 * One record as the scanner sees it: where it starts and the byte span of each field.
 *
 * <p>The scanner reuses one instance; it is valid only inside {@link RecordHandler#record}. Field
 * bytes are the content between the quotes, with doubled quotes still doubled ({@link
 * #escaped(int)} tells); {@link #text(int)} gives the value as a reusable character view.
 *
 * @since 0.1.0
 */
public final class CsvRecord {

  private static final int INITIAL_FIELDS = 32;

  byte[] buffer;
  int count;
  int[] starts = new int[INITIAL_FIELDS];
  int[] ends = new int[INITIAL_FIELDS];
  boolean[] quoted = new boolean[INITIAL_FIELDS];
  boolean[] escaped = new boolean[INITIAL_FIELDS];
  boolean[] ascii = new boolean[INITIAL_FIELDS];
  long line;
  int lines;
  long offset;
  int lineBreak;
  private final AsciiChars view = new AsciiChars();

  CsvRecord() {}

  void reset(byte[] buffer, long line, long offset) {
    this.buffer = buffer;
    this.count = 0;
    this.line = line;
    this.lines = 1;
    this.offset = offset;
    this.lineBreak = 0;
  }

  void add(int start, int end, boolean isQuoted, boolean isEscaped, boolean isAscii) {
    if (count == starts.length) {
      int size = count * 2;
      starts = java.util.Arrays.copyOf(starts, size);
      ends = java.util.Arrays.copyOf(ends, size);
      quoted = java.util.Arrays.copyOf(quoted, size);
      escaped = java.util.Arrays.copyOf(escaped, size);
      ascii = java.util.Arrays.copyOf(ascii, size);
    }
    starts[count] = start;
    ends[count] = end;
    quoted[count] = isQuoted;
    escaped[count] = isEscaped;
    ascii[count] = isAscii;
    count++;
  }

  /** The physical line (1-based) on which the record starts. */
  public long line() {
    return line;
  }

  /** How many physical lines the record spans (more than one with embedded line breaks). */
  public int lines() {
    return lines;
  }

  /**
   * How the record's line ends: 2 for CRLF, 1 for LF, 0 when it ends the data without a line break.
   * A rewriter that keeps each record's own line ending needs it.
   */
  public int lineBreak() {
    return lineBreak;
  }

  /** The byte offset of the record's start in the file. */
  public long offset() {
    return offset;
  }

  /** How many fields the record has. */
  public int size() {
    return count;
  }

  /** Whether field {@code i} is empty. */
  public boolean isEmpty(int i) {
    return starts[i] == ends[i];
  }

  /** Whether field {@code i} was enclosed in quotes. */
  public boolean quoted(int i) {
    return quoted[i];
  }

  /** Whether field {@code i} contains doubled quotes. */
  public boolean escaped(int i) {
    return escaped[i];
  }

  /** Whether field {@code i} is plain ASCII. */
  public boolean ascii(int i) {
    return ascii[i];
  }

  /** The buffer that holds the field bytes. */
  public byte[] buffer() {
    return buffer;
  }

  /** Where field {@code i} starts in {@link #buffer()}. */
  public int start(int i) {
    return starts[i];
  }

  /** Where field {@code i} ends (exclusive) in {@link #buffer()}. */
  public int end(int i) {
    return ends[i];
  }

  /** How many characters (Unicode code points) field {@code i} has once unescaped. */
  public int codePoints(int i) {
    int length = 0;
    for (int p = starts[i]; p < ends[i]; p++) {
      if ((buffer[p] & 0xC0) != 0x80) {
        length++;
      }
    }
    return escaped[i] ? length - quotes(i) : length;
  }

  private int quotes(int i) {
    int pairs = 0;
    for (int p = starts[i]; p < ends[i]; p++) {
      if (buffer[p] == '"') {
        pairs++;
        p++;
      }
    }
    return pairs;
  }

  /**
   * The value of field {@code i}: a reusable view for plain ASCII fields (valid until the next
   * call), a new string otherwise.
   */
  public CharSequence text(int i) {
    if (ascii[i] && !escaped[i]) {
      view.set(buffer, starts[i], ends[i]);
      return view;
    }
    String raw = new String(buffer, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    return escaped[i] ? raw.replace("\"\"", "\"") : raw;
  }
}
