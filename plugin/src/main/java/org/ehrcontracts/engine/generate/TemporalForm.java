package org.ehrcontracts.engine.generate;

import java.time.LocalDate;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.format.DateTimeFormats;

/**
 * How the generator writes the values of one date or datetime column: in the first form the column
 * accepts, with the optional parts that hold seconds and without fractions or zones where they are
 * optional. A numeric offset is written as the offset the generator's zone has (UTC for raw data,
 * the policy's January offset for de-identified data), a zone name as {@code UTC}.
 *
 * <p>The form is proven when it is made: a sample value must match the column's formats, or the
 * next way of writing the pattern (every optional part) is tried, then the next pattern.
 */
final class TemporalForm {

  private final String pattern;
  private final boolean allGroups;

  private TemporalForm(String pattern, boolean allGroups) {
    this.pattern = pattern;
    this.allGroups = allGroups;
  }

  /**
   * The form of a column's values.
   *
   * @throws GenerateException if no pattern of the column yields a value it accepts
   */
  static TemporalForm of(String table, Column column) throws GenerateException {
    DateTimeFormats formats = column.dateTimeFormats();
    for (var compiled : formats.patterns()) {
      for (boolean all : new boolean[] {false, true}) {
        TemporalForm form = new TemporalForm(compiled.pattern(), all);
        if (formats.matches(form.format(LocalDate.of(2020, 2, 29), 13, 5, 9, 0))
            && formats.matches(form.format(LocalDate.of(2021, 1, 1), 0, 0, 0, -5 * 3600))) {
          return form;
        }
      }
    }
    throw new GenerateException(
        "cannot write a value that column '"
            + table
            + "."
            + column.name()
            + "' accepts: none of its formats "
            + formats
            + " could be written");
  }

  /** The pattern the values follow. */
  String pattern() {
    return pattern;
  }

  /**
   * A value.
   *
   * @param offsetSeconds the offset a numeric offset token is written with
   */
  String format(LocalDate date, int hour, int minute, int second, int offsetSeconds) {
    StringBuilder out = new StringBuilder(32);
    append(out, 0, pattern.length(), date, hour, minute, second, offsetSeconds);
    return out.toString();
  }

  /** Writes {@code pattern[from, to)}; returns nothing, optional groups decided on the way. */
  private void append(
      StringBuilder out,
      int from,
      int to,
      LocalDate date,
      int hour,
      int minute,
      int second,
      int offset) {
    int i = from;
    while (i < to) {
      if (pattern.startsWith("YYYY", i)) {
        pad(out, date.getYear(), 4);
        i += 4;
      } else if (pattern.startsWith("MM", i)) {
        pad(out, date.getMonthValue(), 2);
        i += 2;
      } else if (pattern.startsWith("DD", i)) {
        pad(out, date.getDayOfMonth(), 2);
        i += 2;
      } else if (pattern.startsWith("hh", i)) {
        pad(out, hour, 2);
        i += 2;
      } else if (pattern.startsWith("mm", i)) {
        pad(out, minute, 2);
        i += 2;
      } else if (pattern.startsWith("ss", i)) {
        pad(out, second, 2);
        i += 2;
      } else if (pattern.startsWith(".f", i)) {
        out.append(".0");
        i += 2;
      } else if (pattern.startsWith("±hh:mm", i)) {
        offset(out, offset, true);
        i += 6;
      } else if (pattern.startsWith("±hhmm", i)) {
        offset(out, offset, false);
        i += 5;
      } else if (pattern.startsWith("ZONE", i)) {
        out.append("UTC");
        i += 4;
      } else if (pattern.charAt(i) == 'Z') {
        out.append('Z');
        i++;
      } else if (pattern.charAt(i) == '[') {
        int end = groupEnd(i);
        String group = pattern.substring(i + 1, end);
        boolean simple =
            !group.contains(".f")
                && !group.contains("ZONE")
                && !group.contains("Z")
                && !group.contains("±");
        if (allGroups || simple || startsSimple(group)) {
          append(out, i + 1, end, date, hour, minute, second, offset);
        }
        i = end + 1;
      } else {
        out.append(pattern.charAt(i));
        i++;
      }
    }
  }

  /** A group such as {@code :ss[.f]}: its own part is simple, its nested groups decide alone. */
  private static boolean startsSimple(String group) {
    int nested = group.indexOf('[');
    if (nested <= 0) {
      return false;
    }
    String own = group.substring(0, nested);
    return !own.contains(".f") && !own.contains("ZONE") && !own.contains("Z") && !own.contains("±");
  }

  private int groupEnd(int open) {
    int depth = 0;
    for (int i = open; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
    }
    return pattern.length() - 1;
  }

  private static void pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int k = digits.length(); k < width; k++) {
      out.append('0');
    }
    out.append(digits);
  }

  private static void offset(StringBuilder out, int seconds, boolean colon) {
    int minutes = Math.abs(seconds) / 60;
    out.append(seconds < 0 ? '-' : '+');
    pad(out, minutes / 60, 2);
    if (colon) {
      out.append(':');
    }
    pad(out, minutes % 60, 2);
  }
}
