package org.ehrcontracts.engine.deid;

import java.nio.charset.StandardCharsets;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.ParsedDateTime;
import org.ehrcontracts.engine.format.TimeOfDay;
import org.ehrcontracts.engine.util.AsciiChars;

/**
 * Truncates date and time fields of batched records in place. A date becomes January 1 of its year,
 * a datetime midnight of that day with the offset January 1 has in the policy's zone (so that no
 * row's offset tells its season), a time of day midnight. Each field remembers its last value and
 * what it became: exports are mostly sorted by person and date, so a value often repeats the one
 * before and needs no parsing.
 */
final class DateTruncation {
  private static final int REMEMBERED = 64;

  private final int[] fields;
  private final DateTimeFormats[] formats;
  private final int[] timeFields;
  private final java.time.ZoneId zone;
  private final ParsedDateTime parsed = new ParsedDateTime();
  private final AsciiChars chars = new AsciiChars();
  private final byte[][] lastIn;
  private final byte[][] lastOut;
  private final int[] lastLength;

  /** Per field, the index of the form its last value matched: tried first for the next. */
  private final int[] lastForm;

  private int offsetYear = Integer.MIN_VALUE;
  private int offsetSeconds;

  DateTruncation(int[] fields, DateTimeFormats[] formats, int[] timeFields, java.time.ZoneId zone) {
    this.fields = fields;
    this.formats = formats;
    this.timeFields = timeFields;
    this.zone = zone;
    this.lastIn = new byte[fields.length][REMEMBERED];
    this.lastOut = new byte[fields.length][REMEMBERED];
    this.lastLength = new int[fields.length];
    this.lastForm = new int[fields.length];
  }

  /** The offset of January 1 of a year in the policy's zone; one year is remembered. */
  private int januaryOffset(int year) {
    if (year != offsetYear) {
      offsetSeconds = DateTimeFormats.januaryOffsetSeconds(zone, year);
      offsetYear = year;
    }
    return offsetSeconds;
  }

  /** Truncates the dates and times of record {@code r}, or flags them when they do not parse. */
  void apply(RecordBatch batch, int r) {
    int first = batch.firstField[r];
    int n = batch.size(r);
    for (int t : timeFields) {
      if (t < n) {
        time(batch, first + t);
      }
    }
    for (int k = 0; k < fields.length; k++) {
      if (fields[k] >= n) {
        continue;
      }
      int f = first + fields[k];
      int start = batch.starts[f];
      int end = batch.ends[f];
      if (start == end) {
        continue;
      }
      if ((batch.flags[f] & (RecordBatch.ASCII | RecordBatch.ESCAPED)) == RecordBatch.ASCII) {
        int length = end - start;
        byte[] data = batch.data;
        if (length == lastLength[k]
            && java.util.Arrays.equals(data, start, end, lastIn[k], 0, length)) {
          System.arraycopy(lastOut[k], 0, data, start, length);
          continue;
        }
        // The value's bytes are its characters: parse through a view, then overwrite the
        // month, day, time, fraction and offset digits in place.
        chars.set(data, start, end);
        int form = formats[k].parse(chars, parsed, lastForm[k]);
        if (form >= 0) {
          lastForm[k] = form;
          boolean remember = length <= REMEMBERED;
          if (remember) {
            System.arraycopy(data, start, lastIn[k], 0, length);
          }
          parsed.truncateToYear(data, start);
          parsed.replaceOffset(data, start, januaryOffset(parsed.year()));
          if (remember) {
            System.arraycopy(data, start, lastOut[k], 0, length);
            lastLength[k] = length;
          }
        } else {
          batch.flags[f] |= RecordBatch.UNPARSEABLE;
        }
        continue;
      }
      // Rare: non-ASCII characters or quotes. Truncation changes digits only, so a value that
      // parses keeps its length in bytes.
      String truncated = formats[k].truncateToYear(batch.text(f), zone);
      byte[] bytes = truncated == null ? null : truncated.getBytes(StandardCharsets.UTF_8);
      if (bytes != null
          && bytes.length == end - start
          && (batch.flags[f] & RecordBatch.ESCAPED) == 0) {
        System.arraycopy(bytes, 0, batch.data, start, bytes.length);
      } else {
        batch.flags[f] |= RecordBatch.UNPARSEABLE;
      }
    }
  }

  /**
   * A time of day, {@code hh:mm}, {@code hh:mm:ss} or {@code hh:mm:ss.f}, becomes midnight in the
   * same form; anything else is flagged to be emptied.
   */
  private static void time(RecordBatch batch, int f) {
    int start = batch.starts[f];
    int end = batch.ends[f];
    if (start == end) {
      return;
    }
    if (!TimeOfDay.isValid(batch.data, start, end) || (batch.flags[f] & RecordBatch.ESCAPED) != 0) {
      batch.flags[f] |= RecordBatch.UNPARSEABLE;
      return;
    }
    for (int i = start; i < end; i++) {
      if (batch.data[i] != ':' && batch.data[i] != '.') {
        batch.data[i] = '0';
      }
    }
  }
}
