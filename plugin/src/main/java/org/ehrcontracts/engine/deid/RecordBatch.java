package org.ehrcontracts.engine.deid;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ehrcontracts.engine.csv.CsvRecord;

/**
 * Records copied out of the scanner's buffer, so that one thread can scan the next ones while
 * another rewrites these.
 *
 * <p>Each record's bytes are copied whole, from the first field's opening quote to the last field's
 * closing quote, with the delimiters between; its fields are kept as spans into that copy with
 * their quoting, and its line break as a count. Batches are reused: {@link #clear()} empties one.
 */
final class RecordBatch {

  static final int QUOTED = 1;
  static final int ESCAPED = 2;
  static final int ASCII = 4;

  /** A quoted field whose closing quote is there (not one left open at the end of the data). */
  static final int CLOSED = 8;

  /** A date field whose value is in no accepted form, so it could not be truncated. */
  static final int UNPARSEABLE = 16;

  private static final int BYTES = 1 << 20;
  private static final int FIELDS = 1 << 17;
  private static final int RECORDS = 1 << 14;

  byte[] data = new byte[BYTES];
  int length;

  int[] starts = new int[FIELDS];
  int[] ends = new int[FIELDS];
  byte[] flags = new byte[FIELDS];
  int fields;

  /** Where each record's fields begin in {@link #starts}; one more entry marks the end. */
  int[] firstField = new int[RECORDS + 1];

  byte[] lineBreaks = new byte[RECORDS];
  int records;

  /** Whether the batch is the last of its file. */
  boolean last;

  void clear() {
    length = 0;
    fields = 0;
    records = 0;
    last = false;
  }

  /**
   * Copies a record in; false when the batch is too full to take it (a record larger than an empty
   * batch makes the batch grow).
   *
   * @param unclosed whether the record's last field is a quote that never closes, or closes only
   *     with its line
   */
  boolean add(CsvRecord record, boolean unclosed) {
    int n = record.size();
    int last = n - 1;
    int from = record.start(0) - (record.quoted(0) ? 1 : 0);
    boolean lastClosed = record.quoted(last) && !unclosed;
    int to = record.end(last) + (lastClosed ? 1 : 0);
    int bytes = to - from;
    if (length + bytes > data.length || fields + n > starts.length || records == RECORDS) {
      if (records > 0) {
        return false;
      }
      grow(bytes, n);
    }
    byte[] in = record.buffer();
    System.arraycopy(in, from, data, length, bytes);
    int shift = length - from;
    firstField[records] = fields;
    for (int i = 0; i < n; i++) {
      starts[fields] = record.start(i) + shift;
      ends[fields] = record.end(i) + shift;
      int flag =
          (record.quoted(i) ? QUOTED : 0)
              | (record.escaped(i) ? ESCAPED : 0)
              | (record.ascii(i) ? ASCII : 0);
      if (record.quoted(i) && (i < last || lastClosed)) {
        flag |= CLOSED;
      }
      flags[fields++] = (byte) flag;
    }
    lineBreaks[records++] = (byte) record.lineBreak();
    firstField[records] = fields;
    length += bytes;
    return true;
  }

  private void grow(int bytes, int n) {
    if (bytes > data.length) {
      data = new byte[bytes];
    }
    if (n > starts.length) {
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      flags = Arrays.copyOf(flags, n);
    }
  }

  /** The number of fields of record {@code r}. */
  int size(int r) {
    return firstField[r + 1] - firstField[r];
  }

  /** Where field {@code f} starts, counting its opening quote. */
  int rawStart(int f) {
    return starts[f] - ((flags[f] & QUOTED) != 0 ? 1 : 0);
  }

  /** Where field {@code f} ends, counting its closing quote. */
  int rawEnd(int f) {
    return ends[f] + ((flags[f] & CLOSED) != 0 ? 1 : 0);
  }

  /** The value of field {@code f}, its doubled quotes undone. */
  String text(int f) {
    String raw = new String(data, starts[f], ends[f] - starts[f], StandardCharsets.UTF_8);
    return (flags[f] & ESCAPED) != 0 ? raw.replace("\"\"", "\"") : raw;
  }
}
