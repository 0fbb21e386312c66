package org.ehrcontracts.engine.csv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.ehrcontracts.engine.contract.Dialect;

/**
 * A streaming, byte-level CSV scanner that reports what every strict check needs: each record's
 * physical start line, each field's bytes, whether it was quoted, and every issue with the bytes
 * (stray or unclosed quotes, line endings, blank lines, embedded line breaks, invalid UTF-8).
 *
 * <p>It works on raw bytes: values are never decoded unless a check asks for them, and nothing is
 * allocated per record. A scan covers a byte range of a file, so that one large file can be split
 * at line breaks and scanned on several cores ({@link CsvSplitter}).
 *
 * <p>Why not a library: FastCSV and commons-csv decode to characters and normalise line endings and
 * quoting away, so the facts the DRC's rules are about (CRLF, quote-all, physical lines) are gone
 * before a check could see them.
 *
 * @since 0.1.0
 */
public final class CsvScanner {

  /** The size of the read buffer; a record longer than this grows it. */
  static final int BUFFER = 1 << 20;

  private static final int INCOMPLETE = -1;

  private final byte delimiter;
  private final byte quote;
  private final boolean quoteAll;
  private final boolean embeddedNewlines;
  private final boolean blankLines;
  private final Dialect.LineEnding lineEnding;

  /** A scanner for a dialect. Delimiter and quote must be ASCII characters. */
  public CsvScanner(Dialect dialect) {
    if (dialect.delimiter() > 0x7f || dialect.quote() > 0x7f) {
      throw new IllegalArgumentException("the delimiter and the quote must be ASCII characters");
    }
    this.delimiter = (byte) dialect.delimiter();
    this.quote = (byte) dialect.quote();
    this.quoteAll = dialect.quoteAll();
    this.embeddedNewlines = dialect.embeddedNewlines();
    this.blankLines = dialect.blankLines();
    this.lineEnding = dialect.lineEnding();
  }

  /**
   * What a scan covered.
   *
   * @param records how many records it passed to the handler
   * @param lines how many physical lines it consumed (blank lines included)
   * @param end the offset just after the last byte it consumed
   * @param crossedLimit whether the last record went on past the range's end, which means the range
   *     did not start or end at a record boundary
   */
  public record Result(long records, long lines, long end, boolean crossedLimit) {}

  /**
   * Scans the records that start in {@code [from, to)} of a file.
   *
   * @param channel the file
   * @param from where to start: the start of a record
   * @param to where no new record may start; a record that starts before it is read to its end
   * @param firstLine the physical line number at {@code from}
   * @param handler receives records and issues
   */
  public Result scan(FileChannel channel, long from, long to, long firstLine, RecordHandler handler)
      throws IOException {
    return new Run(channel::read, from, to, firstLine, handler).run();
  }

  /**
   * Scans every record of bytes in memory, as {@link #scan(FileChannel, long, long, long,
   * RecordHandler)} scans a file.
   *
   * @since 0.2.0
   */
  public Result scan(byte[] data, RecordHandler handler) throws IOException {
    Source source =
        (dst, position) -> {
          if (position >= data.length) {
            return -1;
          }
          int n = (int) Math.min(dst.remaining(), data.length - position);
          dst.put(data, (int) position, n);
          return n;
        };
    return new Run(source, 0, data.length, 1, handler).run();
  }

  /** Reads bytes at a position, as {@link FileChannel#read(ByteBuffer, long)} does. */
  @FunctionalInterface
  private interface Source {
    int read(ByteBuffer dst, long position) throws IOException;
  }

  /** The state of one scan. */
  private final class Run {
    private final Source channel;
    private final long to;
    private final RecordHandler handler;
    private final CsvRecord record = new CsvRecord();
    private byte[] buf = new byte[BUFFER];
    private int len;
    private long bufOffset;
    private long filePos;
    private boolean eof;
    private long line;
    private long records;
    private boolean crossed;
    private final long firstLine;

    // Issues of the record being parsed, emitted once the record is complete.
    private long[] issueLines = new long[8];
    private int[] issueFields = new int[8];
    private CsvIssue[] issueKinds = new CsvIssue[8];
    private int issues;

    Run(Source channel, long from, long to, long firstLine, RecordHandler handler) {
      this.channel = channel;
      this.to = to;
      this.handler = handler;
      this.bufOffset = from;
      this.filePos = from;
      this.line = firstLine;
      this.firstLine = firstLine;
    }

    Result run() throws IOException {
      int p = 0;
      fill();
      while (true) {
        if (bufOffset + p >= to || (eof && p >= len)) {
          break;
        }
        int next = parseRecord(p);
        if (next == INCOMPLETE) {
          if (eof) {
            throw new IllegalStateException("incomplete record at end of data");
          }
          // Keep the record's bytes, read more, and parse it again from its start.
          compactAndFill(p);
          p = 0;
          continue;
        }
        p = next;
      }
      return new Result(records, line - firstLine, bufOffset + p, crossed);
    }

    private void fill() throws IOException {
      while (len < buf.length && !eof) {
        int read = channel.read(ByteBuffer.wrap(buf, len, buf.length - len), filePos);
        if (read < 0) {
          eof = true;
        } else {
          len += read;
          filePos += read;
        }
      }
    }

    private void compactAndFill(int keepFrom) throws IOException {
      if (keepFrom == 0) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
      } else {
        System.arraycopy(buf, keepFrom, buf, 0, len - keepFrom);
        len -= keepFrom;
        bufOffset += keepFrom;
      }
      fill();
    }

    /** Parses one record from {@code p}; returns where the next starts, or INCOMPLETE. */
    private int parseRecord(int p) {
      issues = 0;
      long startLine = line;
      int embedded = 0;
      boolean terminated = false;
      record.reset(buf, startLine, bufOffset + p);

      // A blank line: a line break right away.
      if (p < len && (buf[p] == '\n' || (buf[p] == '\r' && p + 1 < len && buf[p + 1] == '\n'))) {
        int next = buf[p] == '\n' ? p + 1 : p + 2;
        line++;
        if (!blankLines) {
          handler.issue(CsvIssue.BLANK_LINE, startLine, 0);
        }
        return next;
      }
      if (p + 1 >= len && !eof && p < len && buf[p] == '\r') {
        return INCOMPLETE;
      }

      boolean embeddedReported = false;
      while (true) {
        int field = record.count + 1;
        boolean isQuoted = p < len && buf[p] == quote;
        boolean isEscaped = false;
        boolean isAscii = true;
        int start;
        int end;
        int tail;
        if (isQuoted) {
          p++;
          start = p;
          while (true) {
            if (p >= len) {
              if (!eof) {
                return INCOMPLETE;
              }
              addIssue(CsvIssue.UNCLOSED_QUOTE, startLine, field);
              end = p;
              break;
            }
            byte c = buf[p];
            if (c == quote) {
              if (p + 1 >= len && !eof) {
                return INCOMPLETE;
              }
              if (p + 1 < len && buf[p + 1] == quote) {
                isEscaped = true;
                p += 2;
                continue;
              }
              end = p;
              p++;
              break;
            }
            if (c == '\n') {
              if (!embeddedNewlines) {
                int opens = opensField(p + 1);
                if (opens == INCOMPLETE) {
                  return INCOMPLETE;
                }
                if (opens == 1) {
                  // A forgotten closing quote: end the field with its line instead of reading
                  // the next records into it.
                  addIssue(CsvIssue.UNCLOSED_AT_LINE_END, startLine + embedded, field);
                  end = p > start && buf[p - 1] == '\r' ? p - 1 : p;
                  p = end;
                  break;
                }
              }
              embedded++;
              if (!embeddedNewlines && !embeddedReported) {
                addIssue(CsvIssue.EMBEDDED_NEWLINE, startLine, field);
                embeddedReported = true;
              }
            } else if (c <= 0) {
              if (c == 0) {
                addIssue(CsvIssue.NUL_BYTE, startLine + embedded, field);
                p++;
                continue;
              }
              isAscii = false;
              int next = utf8(p);
              if (next == INCOMPLETE) {
                return INCOMPLETE;
              }
              if (next < 0) {
                addIssue(CsvIssue.INVALID_UTF8, startLine + embedded, field);
                p++;
                continue;
              }
              p = next;
              continue;
            }
            p++;
          }
          tail = p;
          // After the closing quote only a delimiter or the end of the line may follow.
          if (p < len && buf[p] != delimiter && buf[p] != '\n' && buf[p] != '\r') {
            addIssue(CsvIssue.STRAY_QUOTE, startLine + embedded, field);
            while (p < len && buf[p] != delimiter && buf[p] != '\n') {
              p++;
            }
            if (p >= len && !eof) {
              return INCOMPLETE;
            }
          }
        } else {
          start = p;
          tail = p;
          boolean strayReported = false;
          while (p < len) {
            byte c = buf[p];
            if (c == delimiter || c == '\n') {
              break;
            }
            if (c == quote && !strayReported) {
              addIssue(CsvIssue.STRAY_QUOTE, startLine, field);
              strayReported = true;
            } else if (c <= '\r') {
              // One comparison for the rare bytes: non-ASCII (negative), NUL, and CR, which ends
              // the field like a line break does (TAB and other control characters are data).
              if (c == '\r') {
                break;
              }
              if (c >= 0) {
                if (c == 0) {
                  addIssue(CsvIssue.NUL_BYTE, startLine, field);
                }
                p++;
                continue;
              }
              isAscii = false;
              int next = utf8(p);
              if (next == INCOMPLETE) {
                return INCOMPLETE;
              }
              if (next < 0) {
                addIssue(CsvIssue.INVALID_UTF8, startLine, field);
                p++;
                continue;
              }
              p = next;
              continue;
            }
            p++;
          }
          if (p >= len && !eof) {
            return INCOMPLETE;
          }
          end = p;
          if (quoteAll) {
            addIssue(CsvIssue.UNQUOTED_FIELD, startLine, field);
          }
        }
        record.add(start, end, isQuoted, isEscaped, isAscii);

        // What ends the field: a delimiter, a line break, or the end of the data.
        if (p >= len) {
          break;
        }
        byte c = buf[p];
        if (c == delimiter) {
          p++;
          continue;
        }
        boolean crlf;
        boolean lone = false;
        if (c == '\r') {
          // CR LF; or CRs without a line feed (old Mac files), or several before one (CR CR LF):
          // one line break all the same, reported for what it is.
          int q = p + 1;
          while (q < len && buf[q] == '\r') {
            q++;
          }
          if (q >= len && !eof) {
            return INCOMPLETE;
          }
          if (q < len && buf[q] == '\n') {
            crlf = true;
            lone = q > p + 1;
            p = q + 1;
          } else {
            crlf = false;
            lone = true;
            p = q;
          }
        } else {
          crlf = p - 1 >= tail && buf[p - 1] == '\r';
          p++;
        }
        if (lone) {
          addIssue(CsvIssue.LONE_CR, startLine + embedded, 0);
        } else if ((crlf && lineEnding == Dialect.LineEnding.LF)
            || (!crlf && lineEnding == Dialect.LineEnding.CRLF)) {
          addIssue(CsvIssue.LINE_ENDING, startLine + embedded, 0);
        }
        record.lineBreak = crlf ? 2 : 1;
        terminated = true;
        break;
      }
      if (bufOffset + p > to) {
        crossed = true;
      }
      record.lines = embedded + 1;
      line = startLine + embedded + (terminated ? 1 : 0);
      for (int i = 0; i < issues; i++) {
        handler.issue(issueKinds[i], issueLines[i], issueFields[i]);
      }
      records++;
      handler.record(record);
      return p;
    }

    /**
     * Whether the line starting at {@code q} begins with what can only be a new quoted field: its
     * first quote stands at the start of a field (the line's start or after a delimiter) and is
     * followed by something a closing quote cannot be followed by. 1 if so, 0 if not or if the line
     * has no quote (a value broken over lines, as before), INCOMPLETE if the buffer ends first.
     */
    private int opensField(int q) {
      for (int i = q; ; i++) {
        if (i >= len) {
          return eof ? 0 : INCOMPLETE;
        }
        byte c = buf[i];
        if (c == '\n') {
          return 0;
        }
        if (c == quote) {
          if (i + 1 >= len) {
            return eof ? 0 : INCOMPLETE;
          }
          byte after = buf[i + 1];
          boolean fieldStart = i == q || buf[i - 1] == delimiter;
          boolean closes = after == delimiter || after == '\r' || after == '\n';
          return fieldStart && !closes ? 1 : 0;
        }
      }
    }

    private void addIssue(CsvIssue kind, long issueLine, int field) {
      if (issues == issueKinds.length) {
        issueKinds = java.util.Arrays.copyOf(issueKinds, issues * 2);
        issueLines = java.util.Arrays.copyOf(issueLines, issues * 2);
        issueFields = java.util.Arrays.copyOf(issueFields, issues * 2);
      }
      issueKinds[issues] = kind;
      issueLines[issues] = issueLine;
      issueFields[issues] = field;
      issues++;
    }

    /**
     * Validates the UTF-8 sequence at {@code p}: the position after it, INCOMPLETE when the buffer
     * ends inside it, or -2 when it is invalid.
     */
    private int utf8(int p) {
      int b = buf[p] & 0xff;
      int need;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        min = 0x10000;
      } else {
        return -2;
      }
      if (p + need >= len) {
        return eof ? -2 : INCOMPLETE;
      }
      int cp = b & (0x3F >> need);
      for (int i = 1; i <= need; i++) {
        int c = buf[p + i] & 0xff;
        if ((c & 0xC0) != 0x80) {
          return -2;
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return -2;
      }
      return p + need + 1;
    }
  }
}
