package org.ehrcontracts.engine.format;

import static org.ehrcontracts.engine.format.DateTimePattern.DAY;
import static org.ehrcontracts.engine.format.DateTimePattern.FRACTION;
import static org.ehrcontracts.engine.format.DateTimePattern.GROUP;
import static org.ehrcontracts.engine.format.DateTimePattern.HOUR;
import static org.ehrcontracts.engine.format.DateTimePattern.LITERAL;
import static org.ehrcontracts.engine.format.DateTimePattern.MINUTE;
import static org.ehrcontracts.engine.format.DateTimePattern.MONTH;
import static org.ehrcontracts.engine.format.DateTimePattern.OFFSET_COLON;
import static org.ehrcontracts.engine.format.DateTimePattern.OFFSET_PLAIN;
import static org.ehrcontracts.engine.format.DateTimePattern.SECOND;
import static org.ehrcontracts.engine.format.DateTimePattern.UTC;
import static org.ehrcontracts.engine.format.DateTimePattern.YEAR;
import static org.ehrcontracts.engine.format.DateTimePattern.ZONE;
import static org.ehrcontracts.engine.format.DateTimePattern.twoDigits;

import java.util.Arrays;

/**
 * The fixed-layout prefix of a {@link DateTimePattern}: its tokens before the first optional group,
 * fraction or zone name, each at a known position. {@link #parse} reads them straight off those
 * positions, literals first, without interpreting instructions; for most patterns the prefix is the
 * whole pattern ({@link #complete}).
 *
 * <p>Immutable; the spans are shared by every value the prefix parses.
 */
final class FixedPrefix {

  /** How many instructions the prefix covers. */
  final int ops;

  /** How many characters it covers. */
  final int length;

  /** Whether the prefix is the whole pattern. */
  final boolean complete;

  /** The spans of its fields, as {@link ParsedDateTime} keeps them. */
  final int[] spans;

  /** The fields it has, as a {@link ParsedDateTime} mask. */
  final int present;

  private final int[] literalAt;
  private final char[] literals;
  private final int year;
  private final int month;
  private final int day;
  private final int hour;
  private final int minute;
  private final int second;
  private final int offset;
  private final int offsetOp;

  private FixedPrefix(int[] ops, int[] args, int count) {
    int[] at = new int[OFFSET_PLAIN + 1];
    Arrays.fill(at, -1);
    spans = new int[DateTimeField.ALL.length * 2];
    Arrays.fill(spans, -1);
    int mask = 0;
    int zoneOp = -1;
    int literalCount = 0;
    int pos = 0;
    for (int pc = 0; pc < count; pc++) {
      int op = ops[pc];
      int width = width(op);
      if (op == LITERAL) {
        literalCount++;
      } else {
        int f = op >= OFFSET_COLON ? DateTimeField.OFFSET.ordinal() : op - YEAR;
        at[op >= OFFSET_COLON ? OFFSET_COLON : op] = pos;
        if (op >= OFFSET_COLON) {
          zoneOp = op;
        }
        spans[2 * f] = pos;
        spans[2 * f + 1] = pos + width;
        mask |= 1 << f;
      }
      pos += width;
    }
    literalAt = new int[literalCount];
    literals = new char[literalCount];
    int k = 0;
    int position = 0;
    for (int pc = 0; pc < count; pc++) {
      if (ops[pc] == LITERAL) {
        literalAt[k] = position;
        literals[k++] = (char) args[pc];
      }
      position += width(ops[pc]);
    }
    this.ops = count;
    this.length = pos;
    this.complete = count == ops.length;
    this.present = mask;
    this.year = at[YEAR];
    this.month = at[MONTH];
    this.day = at[DAY];
    this.hour = at[HOUR];
    this.minute = at[MINUTE];
    this.second = at[SECOND];
    this.offset = at[OFFSET_COLON];
    this.offsetOp = zoneOp;
  }

  /** The prefix of a pattern's instructions, or null when the pattern starts with a group. */
  static FixedPrefix of(int[] ops, int[] args) {
    int count = 0;
    while (count < ops.length
        && ops[count] != GROUP
        && ops[count] != FRACTION
        && ops[count] != ZONE) {
      count++;
    }
    return count == 0 ? null : new FixedPrefix(ops, args, count);
  }

  /** The width of a fixed-width token. */
  private static int width(int op) {
    return switch (op) {
      case LITERAL, UTC -> 1;
      case YEAR -> 4;
      case OFFSET_COLON -> 6;
      case OFFSET_PLAIN -> 5;
      default -> 2;
    };
  }

  /**
   * Reads the fields of the prefix, checking their ranges; the day is checked against its month and
   * year by the caller. Does not set spans.
   */
  boolean parse(CharSequence s, int length, ParsedDateTime r) {
    for (int k = 0; k < literalAt.length; k++) {
      if (s.charAt(literalAt[k]) != literals[k]) {
        return false;
      }
    }
    if (year >= 0) {
      int high = twoDigits(s, year);
      int low = twoDigits(s, year + 2);
      if (high < 0 || low < 0) {
        return false;
      }
      r.year = high * 100 + low;
      if (r.year == 0) {
        // There is no year 0 (1 BC is followed by AD 1); BigQuery's dates start at 0001-01-01.
        return false;
      }
    }
    if (month >= 0) {
      int v = twoDigits(s, month);
      if (v < 1 || v > 12) {
        return false;
      }
      r.month = v;
    }
    if (day >= 0) {
      int v = twoDigits(s, day);
      if (v < 1 || v > 31) {
        return false;
      }
      r.day = v;
    }
    if (hour >= 0) {
      int v = twoDigits(s, hour);
      if (v < 0 || v > 23) {
        return false;
      }
      r.hour = v;
    }
    if (minute >= 0) {
      int v = twoDigits(s, minute);
      if (v < 0 || v > 59) {
        return false;
      }
      r.minute = v;
    }
    if (second >= 0) {
      int v = twoDigits(s, second);
      if (v < 0 || v > 59) {
        return false;
      }
      r.second = v;
    }
    if (offset >= 0) {
      int end =
          offsetOp == UTC
              ? DateTimePattern.utc(s, length, offset, r)
              : DateTimePattern.offset(s, length, offset, offsetOp == OFFSET_COLON, r);
      return end >= 0;
    }
    return true;
  }
}
