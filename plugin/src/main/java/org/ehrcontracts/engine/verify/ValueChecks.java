package org.ehrcontracts.engine.verify;

import java.util.List;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.format.ParsedDateTime;
import org.ehrcontracts.engine.format.TimeOfDay;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * The checks of one non-empty cell against its column: type, range, length, concept set, pattern, a
 * date's plausibility against the reference date, and through {@link DeidChecks} the cell's
 * de-identification.
 *
 * <p>The dates it parses stay in {@link #days} and {@link #years} for the row's other checks (birth
 * and death, in {@link PersonFacts}); {@link PartChecker#NONE} marks a column without one.
 */
final class ValueChecks {

  private final RowProblems problems;
  private final TablePlan plan;
  private final DeidChecks deid;
  private final ConceptChecks concepts;

  private final Severity integer;
  private final Severity decimal;
  private final Severity date;
  private final Severity datetime;
  private final Severity length;
  private final Severity concept;
  private final Severity pattern;
  private final Severity range;
  private final Severity future;
  private final Severity time;

  /** Per date or datetime column, its holder of the row's parsed value; null for others. */
  private final ParsedDateTime[] parsed;

  /** Per column, the index of the form its last value matched: tried first for the next. */
  private final int[] forms;

  /** Per column, the epoch day of the row's date or datetime, or {@link PartChecker#NONE}. */
  final long[] days;

  /** Per column, the year of the row's date or datetime where {@link #days} has one. */
  final int[] years;

  /**
   * Per integer column, the row's whole number as {@link #check} parsed it, or {@link
   * Values#NOT_A_LONG} when the cell is empty or no whole number; the concept checks read it
   * instead of parsing the cell again.
   */
  final long[] integers;

  ValueChecks(RowProblems problems, DeidChecks deid, ConceptChecks concepts) {
    this.problems = problems;
    this.plan = problems.plan;
    this.deid = deid;
    this.concepts = concepts;
    integer = plan.severity(Rule.TYPE_INTEGER);
    decimal = plan.severity(Rule.TYPE_FLOAT);
    date = plan.severity(Rule.TYPE_DATE);
    datetime = plan.severity(Rule.TYPE_DATETIME);
    length = plan.severity(Rule.VALUE_LENGTH);
    concept = plan.severity(Rule.VALUE_CONCEPT);
    pattern = plan.severity(Rule.VALUE_PATTERN);
    range = plan.severity(Rule.VALUE_RANGE);
    future = plan.severity(Rule.PLAUSIBILITY_FUTURE_DATE);
    time = plan.severity(Rule.TYPE_TIME);
    days = new long[plan.columns.length];
    years = new int[plan.columns.length];
    integers = new long[plan.columns.length];
    parsed = new ParsedDateTime[plan.columns.length];
    forms = new int[plan.columns.length];
    for (int c = 0; c < parsed.length; c++) {
      if (plan.columns[c].type().isTemporal()) {
        parsed[c] = new ParsedDateTime();
      }
    }
  }

  /**
   * The row's value of a date or datetime column as {@link #check} parsed it, or null when the cell
   * is empty, not a value of its column or not checked (the holder is reused for the next row). The
   * contract's checks read it instead of parsing the cell again.
   */
  ParsedDateTime parsed(int c) {
    return days[c] != PartChecker.NONE ? parsed[c] : null;
  }

  /** Checks the non-empty cell of column {@code c}, in field {@code f}. */
  void check(CsvRecord record, int c, int f) {
    Column column = plan.columns[c];
    byte[] bytes = record.buffer();
    int from = record.start(f);
    int to = record.end(f);
    switch (column.type()) {
      case INTEGER -> {
        if (!integer(record, c, f, bytes, from, to)) {
          return;
        }
      }
      case FLOAT -> {
        if (!decimal(record, c, f, bytes, from, to)) {
          return;
        }
      }
      case DATE, DATETIME -> temporal(record, c, f);
      case TIME -> time(record, c, f, bytes, from, to);
      default -> length(record, c, f, from, to);
    }
    if (pattern != null
        && column.pattern().isPresent()
        && !column.pattern().get().matcher(record.text(f)).matches()
        && problems.wants(Rule.VALUE_PATTERN)) {
      problems.sample(
          Rule.VALUE_PATTERN,
          pattern,
          record,
          c,
          f,
          "column '"
              + column.name()
              + "' does not match the pattern "
              + column.pattern().get().pattern());
    }
  }

  /** A whole number in range and in its concept set; false when it is no whole number. */
  private boolean integer(CsvRecord record, int c, int f, byte[] bytes, int from, int to) {
    Column column = plan.columns[c];
    long value = Values.parseLong(bytes, from, to);
    integers[c] = value;
    if (value == Values.NOT_A_LONG) {
      if (integer != null && problems.wants(Rule.TYPE_INTEGER)) {
        String why =
            Values.isScientific(bytes, from, to)
                ? " (scientific notation is not allowed for integers)"
                : Values.isDigits(bytes, from, to) ? " (too large for a 64-bit integer)" : "";
        problems.sample(
            Rule.TYPE_INTEGER,
            integer,
            record,
            c,
            f,
            "column '"
                + column.name()
                + "' must be a whole number, found "
                + problems.found(record, f, c)
                + why);
      }
      return false;
    }
    if (range != null && (value < plan.min[c] || value > plan.max[c])) {
      outOfRange(record, c, f, value < plan.min[c]);
    }
    if (concept != null
        && column.concepts().isPresent()
        && !column.concepts().get().contains(value)) {
      concepts.outsideSet(record, c, value);
    }
    return true;
  }

  /** A number a 64-bit float holds, in range; false when it is none. */
  private boolean decimal(CsvRecord record, int c, int f, byte[] bytes, int from, int to) {
    if (!Values.isFloat(bytes, from, to)) {
      if (decimal != null && problems.wants(Rule.TYPE_FLOAT)) {
        problems.sample(
            Rule.TYPE_FLOAT,
            decimal,
            record,
            c,
            f,
            "column '"
                + plan.columns[c].name()
                + (Values.isOutOfRangeFloat(bytes, from, to)
                    ? "' must be a number a 64-bit float can hold (it overflows or"
                        + " underflows to 0), found "
                    : "' must be a number, found ")
                + problems.found(record, f, c));
      }
      return false;
    }
    if (range != null
        && (plan.min[c] != Double.NEGATIVE_INFINITY || plan.max[c] != Double.POSITIVE_INFINITY)) {
      double value = Values.parseDouble(bytes, from, to);
      if (value < plan.min[c] || value > plan.max[c]) {
        outOfRange(record, c, f, value < plan.min[c]);
      }
    }
    return true;
  }

  /** Text of at most the column's length in characters. */
  private void length(CsvRecord record, int c, int f, int from, int to) {
    Column column = plan.columns[c];
    if (length == null || column.maxLength().isEmpty()) {
      return;
    }
    int max = column.maxLength().getAsInt();
    if (to - from <= max) {
      return; // fewer bytes than the limit: fewer characters too
    }
    int chars = record.codePoints(f);
    if (chars > max && problems.wants(Rule.VALUE_LENGTH)) {
      problems.sample(
          Rule.VALUE_LENGTH,
          length,
          record,
          c,
          f,
          "column '"
              + column.name()
              + "' has "
              + chars
              + " characters; at most "
              + max
              + " are allowed");
    }
  }

  private void temporal(CsvRecord record, int c, int f) {
    Column column = plan.columns[c];
    ParsedDateTime parsed = this.parsed[c];
    int form = plan.formats[c].parse(record.text(f), parsed, forms[c]);
    if (form < 0) {
      boolean isDate = column.type() == ColumnType.DATE;
      Severity severity = isDate ? date : datetime;
      Rule rule = isDate ? Rule.TYPE_DATE : Rule.TYPE_DATETIME;
      if (severity != null && problems.wants(rule)) {
        problems.sample(
            rule,
            severity,
            record,
            c,
            f,
            "column '"
                + column.name()
                + "' must be a real "
                + (isDate ? "date" : "datetime")
                + " written "
                + forms(column.formats())
                + ", found "
                + problems.found(record, f, c));
      }
      return;
    }
    forms[c] = form;
    long day = parsed.epochDay();
    days[c] = day;
    years[c] = parsed.year();
    if (range != null && (day < plan.minDay[c] || day > plan.maxDay[c])) {
      outOfRange(record, c, f, day < plan.minDay[c]);
    }
    if (future != null && day > plan.asOfDay && problems.wants(Rule.PLAUSIBILITY_FUTURE_DATE)) {
      problems.sample(
          Rule.PLAUSIBILITY_FUTURE_DATE,
          future,
          record,
          c,
          f,
          "column '" + column.name() + "' is after the reference date " + plan.request.asOf());
    }
    deid.temporal(record, c, f, parsed);
  }

  /** A time of day: {@code hh:mm}, {@code hh:mm:ss} or {@code hh:mm:ss.f}, 24 hours. */
  private void time(CsvRecord record, int c, int f, byte[] bytes, int from, int to) {
    if (TimeOfDay.isValid(bytes, from, to)) {
      deid.time(record, c, f, bytes, from, to);
    } else if (time != null && problems.wants(Rule.TYPE_TIME)) {
      problems.sample(
          Rule.TYPE_TIME,
          time,
          record,
          c,
          f,
          "column '"
              + plan.columns[c].name()
              + "' must be a time of day written hh:mm, hh:mm:ss or hh:mm:ss.f (00 to 23 hours),"
              + " found "
              + problems.found(record, f, c));
    }
  }

  private void outOfRange(CsvRecord record, int c, int f, boolean below) {
    Column column = plan.columns[c];
    if (problems.wants(Rule.VALUE_RANGE)) {
      problems.sample(
          Rule.VALUE_RANGE,
          range,
          record,
          c,
          f,
          "column '"
              + column.name()
              + "' is "
              + (below
                  ? "below its minimum " + column.min().orElse("")
                  : "above its maximum " + column.max().orElse("")));
    }
  }

  private static String forms(List<String> formats) {
    return formats.size() <= 2
        ? String.join(" or ", formats)
        : "in one of " + formats.size() + " accepted forms such as " + formats.get(0);
  }
}
