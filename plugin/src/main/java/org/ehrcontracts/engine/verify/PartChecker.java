package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongIntHashMap;
import java.util.List;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.expr.Expression;
import org.ehrcontracts.engine.expr.RowValues;
import org.ehrcontracts.engine.expr.Truth;
import org.ehrcontracts.engine.format.DateTimeField;
import org.ehrcontracts.engine.format.ParsedDateTime;
import org.ehrcontracts.engine.format.TimeOfDay;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Redaction;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * Checks the records of one part of one table file: values, keys, checks and plausibility.
 *
 * <p>Everything it learns that other parts or tables need (key sets, births, deaths, deferred
 * foreign keys) it keeps locally; the verifier merges parts in file order when the file is done.
 * Messages name columns and rules, never values: at most a redacted shape.
 */
final class PartChecker implements RecordHandler {

  private static final long NONE = Long.MIN_VALUE;

  final TablePlan plan;
  final ProblemCollector problems;
  private final ExportState state;
  private final int[] fieldOf;
  private final String[] headerNames;
  private final int headerWidth;
  private final boolean jagged;

  /** The primary keys seen, when duplicates are checked or a foreign key refers to them. */
  final LongHashSet keys = new LongHashSet();

  /** Keys seen more than once in this part. */
  final LongArrayList duplicateKeys = new LongArrayList();

  /** The values of {@link TablePlan#keySets} seen, one set each. */
  final LongHashSet[] keySets;

  private final boolean collectKeys;
  final LongArrayList[] deferredValues;
  final LongArrayList[] deferredLines;
  final LongIntHashMap birthYears;
  final LongIntHashMap deathDays;
  long rows;

  private final Severity required;
  private final Severity integer;
  private final Severity decimal;
  private final Severity date;
  private final Severity datetime;
  private final Severity length;
  private final Severity concept;
  private final Severity pattern;
  private final Severity range;
  private final Severity width;
  private final Severity duplicate;
  private final Severity foreign;
  private final Severity future;
  private final Severity beforeBirth;
  private final Severity birthYearRule;
  private final Severity afterDeath;
  private final Severity notTruncated;
  private final Severity ageLimit;
  private final Severity personId;
  private final Severity offset;
  private final Severity timeNotTruncated;
  private final Severity notBlanked;
  private final Severity time;

  /** The crosswalk's ids when person references are proven, else null. */
  private final PersonIds personIds;

  private final Severity syntax;
  private final Severity unquoted;
  private final Severity lineEnding;
  private final Severity blankLine;
  private final Severity embedded;
  private final Severity encoding;

  private final ParsedDateTime parsed = new ParsedDateTime();
  private final long[] days;
  private final int[] years;
  private final long maxBirthYear;
  private final int maxAge;

  /** The policy's reference date for ages: its own date, or the run's reference date. */
  private final java.time.LocalDate ageAsOf;

  private CsvRecord current;
  private boolean unmatchable;
  private long unquotedLine = -1;
  private int unquotedField;
  private int unquotedMore;
  private final RowValues values = this::valueOf;
  private final Expression.Evaluator[] assertions;
  private final Expression.Evaluator[] conditions;

  PartChecker(TablePlan plan, ExportState state, int[] fieldOf, String[] headerNames, int samples) {
    this.plan = plan;
    this.state = state;
    this.fieldOf = fieldOf;
    this.headerNames = headerNames;
    this.headerWidth = headerNames.length;
    this.jagged = plan.table.jaggedRows();
    this.problems = new ProblemCollector(samples);
    int fks = plan.foreignKeys.size();
    deferredValues = new LongArrayList[fks];
    deferredLines = new LongArrayList[fks];
    for (int i = 0; i < fks; i++) {
      if (plan.foreignKeys.get(i).deferred()) {
        deferredValues[i] = new LongArrayList();
        deferredLines[i] = new LongArrayList();
      }
    }
    keySets = new LongHashSet[plan.keySets.size()];
    for (int i = 0; i < keySets.length; i++) {
      keySets[i] = new LongHashSet();
    }
    birthYears = plan.personTable ? new LongIntHashMap() : null;
    deathDays = plan.deathTable ? new LongIntHashMap() : null;
    required = plan.severity(Rule.VALUE_REQUIRED);
    integer = plan.severity(Rule.TYPE_INTEGER);
    decimal = plan.severity(Rule.TYPE_FLOAT);
    date = plan.severity(Rule.TYPE_DATE);
    datetime = plan.severity(Rule.TYPE_DATETIME);
    length = plan.severity(Rule.VALUE_LENGTH);
    concept = plan.severity(Rule.VALUE_CONCEPT);
    pattern = plan.severity(Rule.VALUE_PATTERN);
    range = plan.severity(Rule.VALUE_RANGE);
    width = plan.severity(Rule.CSV_ROW_WIDTH);
    duplicate = plan.severity(Rule.KEY_DUPLICATE);
    collectKeys = plan.primaryKey.length > 0 && (duplicate != null || plan.primaryKeyReferenced);
    foreign = plan.severity(Rule.KEY_FOREIGN);
    future = plan.severity(Rule.PLAUSIBILITY_FUTURE_DATE);
    beforeBirth = plan.severity(Rule.PLAUSIBILITY_BEFORE_BIRTH);
    birthYearRule = plan.severity(Rule.PLAUSIBILITY_BIRTH_YEAR);
    afterDeath = plan.severity(Rule.PLAUSIBILITY_AFTER_DEATH);
    notTruncated = plan.severity(Rule.DEID_DATE_NOT_TRUNCATED);
    ageLimit = plan.severity(Rule.DEID_AGE_LIMIT);
    personId = plan.personRefs.length > 0 ? plan.severity(Rule.DEID_PERSON_ID) : null;
    personIds = personId != null ? state.personIds : null;
    offset = plan.zone != null ? plan.severity(Rule.DEID_OFFSET) : null;
    timeNotTruncated = plan.zone != null ? plan.severity(Rule.DEID_TIME_NOT_TRUNCATED) : null;
    notBlanked = plan.zone != null ? plan.severity(Rule.DEID_NOT_BLANKED) : null;
    time = plan.severity(Rule.TYPE_TIME);
    syntax = plan.severity(Rule.CSV_SYNTAX);
    unquoted = plan.severity(Rule.CSV_UNQUOTED);
    lineEnding = plan.severity(Rule.CSV_LINE_ENDING);
    blankLine = plan.severity(Rule.CSV_BLANK_LINE);
    embedded = plan.severity(Rule.CSV_EMBEDDED_NEWLINE);
    encoding = plan.severity(Rule.FILE_ENCODING);
    assertions = new Expression.Evaluator[plan.checks.size()];
    conditions = new Expression.Evaluator[plan.checks.size()];
    for (int i = 0; i < assertions.length; i++) {
      TablePlan.CheckPlan check = plan.checks.get(i);
      assertions[i] = check.assertion().newEvaluator();
      conditions[i] = check.when() == null ? null : check.when().newEvaluator();
    }
    days = new long[plan.columns.length];
    years = new int[plan.columns.length];
    maxBirthYear =
        (long) plan.request.asOf().getYear() - plan.contract.plausibility().birthYearMinAge();
    maxAge = plan.contract.deidentification().flatMap(p -> p.maxAge()).orElse(Integer.MAX_VALUE);
    ageAsOf = plan.contract.deidentification().flatMap(p -> p.asOf()).orElse(plan.request.asOf());
  }

  @Override
  public void issue(CsvIssue issue, long line, int field) {
    String column = field > 0 && field <= headerWidth ? headerNames[field - 1] : null;
    if (issue == CsvIssue.UNQUOTED_FIELD) {
      // One problem per record, at its first unquoted field: the scanner reports them field by
      // field, but a row is what thresholds count and what the DRC's file check reports.
      if (unquoted != null) {
        if (unquotedLine == line) {
          unquotedMore++;
        } else {
          flushUnquoted();
          unquotedLine = line;
          unquotedField = field;
          unquotedMore = 0;
        }
      }
      return;
    }
    Rule rule = ruleOf(issue);
    Severity severity =
        switch (issue) {
          case UNCLOSED_QUOTE, STRAY_QUOTE -> syntax;
          case EMBEDDED_NEWLINE -> embedded;
          case BLANK_LINE -> blankLine;
          case LINE_ENDING -> lineEnding;
          case UNQUOTED_FIELD -> unquoted;
          case INVALID_UTF8, NUL_BYTE -> encoding;
          case LONE_CR -> lineEnding;
        };
    if (severity != null && problems.wants(rule)) {
      problems.add(
          rule,
          severity,
          Location.of(plan.file, line, Math.max(field, 0)),
          column,
          null,
          message(
              issue,
              column == null ? "field " + field : "column '" + column + "'",
              0,
              plan.contract.dialect()));
    }
  }

  /** Reports the unquoted fields of the record the scanner has just finished, if any. */
  private void flushUnquoted() {
    if (unquotedLine < 0) {
      return;
    }
    long line = unquotedLine;
    unquotedLine = -1;
    if (problems.wants(Rule.CSV_UNQUOTED)) {
      String column =
          unquotedField > 0 && unquotedField <= headerWidth ? headerNames[unquotedField - 1] : null;
      problems.add(
          Rule.CSV_UNQUOTED,
          unquoted,
          Location.of(plan.file, line, unquotedField),
          column,
          null,
          message(
              CsvIssue.UNQUOTED_FIELD,
              column == null ? "field " + unquotedField : "column '" + column + "'",
              unquotedMore,
              plan.contract.dialect()));
    }
  }

  /** The rule id a scanner issue is reported under. */
  static Rule ruleOf(CsvIssue issue) {
    return switch (issue) {
      case UNCLOSED_QUOTE, STRAY_QUOTE -> Rule.CSV_SYNTAX;
      case EMBEDDED_NEWLINE -> Rule.CSV_EMBEDDED_NEWLINE;
      case BLANK_LINE -> Rule.CSV_BLANK_LINE;
      case LINE_ENDING -> Rule.CSV_LINE_ENDING;
      case UNQUOTED_FIELD -> Rule.CSV_UNQUOTED;
      case INVALID_UTF8, NUL_BYTE -> Rule.FILE_ENCODING;
      case LONE_CR -> Rule.CSV_LINE_ENDING;
    };
  }

  /**
   * What to say of a scanner issue.
   *
   * @param where the field it is in, such as {@code column 'person_id'} or {@code header field 2}
   * @param more for unquoted fields, how many more fields of the line are unquoted
   */
  static String message(
      CsvIssue issue, String where, int more, org.ehrcontracts.engine.contract.Dialect dialect) {
    return switch (issue) {
      case UNCLOSED_QUOTE ->
          "a quote opened in " + where + " is never closed; the field runs to the end of the file";
      case STRAY_QUOTE ->
          "stray double quote in " + where + "; a quote inside a field must be doubled";
      case EMBEDDED_NEWLINE ->
          where + " contains a line break; replace line breaks in values with spaces";
      case BLANK_LINE -> "blank line; a table without data is a header line alone";
      case LINE_ENDING ->
          "the line ends in "
              + (dialect.lineEnding() == org.ehrcontracts.engine.contract.Dialect.LineEnding.CRLF
                  ? "LF; the contract wants CRLF"
                  : "CRLF; the contract wants LF");
      case UNQUOTED_FIELD ->
          where
              + (more == 0
                  ? " is"
                  : " and " + more + (more == 1 ? " more field are" : " more fields are"))
              + " not enclosed in double quotes; the contract wants every field quoted";
      case INVALID_UTF8 ->
          where
              + " holds bytes that are not UTF-8 (perhaps Latin-1 or Windows-1252); save the file as UTF-8";
      case NUL_BYTE ->
          where
              + " holds a NUL byte (0x00), which no text holds and BigQuery refuses; remove it"
              + " (a file saved as UTF-16 is full of them)";
      case LONE_CR ->
          "a carriage return (CR) without a line feed ends or splits the line (an old Mac line"
              + " ending, or CR CR LF); end every line with "
              + (dialect.lineEnding() == org.ehrcontracts.engine.contract.Dialect.LineEnding.LF
                  ? "LF"
                  : dialect.lineEnding() == org.ehrcontracts.engine.contract.Dialect.LineEnding.CRLF
                      ? "CRLF"
                      : "LF or CRLF");
    };
  }

  @Override
  public void record(CsvRecord record) {
    flushUnquoted();
    rows++;
    current = record;
    int size = record.size();
    if (size != headerWidth) {
      if (!fits(record)) {
        if (width != null && problems.wants(Rule.CSV_ROW_WIDTH)) {
          problems.add(
              Rule.CSV_ROW_WIDTH,
              width,
              Location.of(plan.file, record.line()),
              null,
              null,
              "the row has "
                  + size
                  + (size == 1 ? " field" : " fields")
                  + (plan.contract.dialect().header()
                      ? "; the header has " + headerWidth
                      : "; the table has " + headerWidth + " columns")
                  + (jagged && size < headerWidth
                      ? " (a short row may leave out only trailing columns that are not required)"
                      : ""));
        }
        return;
      }
    }
    Column[] columns = plan.columns;
    for (int c = 0; c < columns.length; c++) {
      days[c] = NONE;
      int f = fieldOf[c];
      if (f < 0 || f >= size || record.isEmpty(f)) {
        if (f >= 0 && columns[c].required() && required != null) {
          if (problems.wants(Rule.VALUE_REQUIRED))
            sample(
                Rule.VALUE_REQUIRED,
                required,
                record,
                c,
                f,
                "column '" + columns[c].name() + "' is required but empty");
        }
        continue;
      }
      if (plan.actions[c] == DeidentificationPolicy.Action.BLANK) {
        notBlank(record, c, f);
      }
      checkValue(record, c, f);
    }
    if (collectKeys) {
      long key = key(record, plan.primaryKey);
      if (key != NONE && !keys.add(key) && duplicate != null) {
        duplicateKeys.add(key);
      }
    }
    for (int i = 0; i < keySets.length; i++) {
      TablePlan.KeySet set = plan.keySets.get(i);
      long key = key(record, set.columns(), set.integer());
      if (key != NONE) {
        keySets[i].add(key);
      }
    }
    if (personIds != null) {
      checkPersonIds(record);
    }
    if (foreign != null) {
      checkForeignKeys(record);
    }
    if (!plan.checks.isEmpty()) {
      runChecks(record);
    }
    if (plan.personColumn >= 0) {
      personFacts(record);
    }
  }

  private boolean trailingOptional(int size) {
    for (int c = 0; c < plan.columns.length; c++) {
      if (fieldOf[c] >= size && plan.columns[c].required()) {
        return false;
      }
    }
    return true;
  }

  private void checkValue(CsvRecord record, int c, int f) {
    Column column = plan.columns[c];
    byte[] bytes = record.buffer();
    int from = record.start(f);
    int to = record.end(f);
    switch (column.type()) {
      case INTEGER -> {
        long value = Values.parseLong(bytes, from, to);
        if (value == Values.NOT_A_LONG) {
          if (integer != null) {
            String why =
                Values.isScientific(bytes, from, to)
                    ? " (scientific notation is not allowed for integers)"
                    : Values.isDigits(bytes, from, to) ? " (too large for a 64-bit integer)" : "";
            if (problems.wants(Rule.TYPE_INTEGER))
              sample(
                  Rule.TYPE_INTEGER,
                  integer,
                  record,
                  c,
                  f,
                  "column '"
                      + column.name()
                      + "' must be a whole number, found "
                      + found(record, f, c)
                      + why);
          }
          return;
        }
        if (range != null && (value < plan.min[c] || value > plan.max[c])) {
          outOfRange(record, c, f, value < plan.min[c]);
        }
        if (concept != null
            && column.concepts().isPresent()
            && !column.concepts().get().contains(value)) {
          if (problems.wants(Rule.VALUE_CONCEPT))
            sample(
                Rule.VALUE_CONCEPT,
                concept,
                record,
                c,
                f,
                "column '"
                    + column.name()
                    + "' holds a concept id that is not in concept set '"
                    + column.concepts().get().name()
                    + "'");
        }
      }
      case FLOAT -> {
        if (!Values.isFloat(bytes, from, to)) {
          if (decimal != null) {
            if (problems.wants(Rule.TYPE_FLOAT))
              sample(
                  Rule.TYPE_FLOAT,
                  decimal,
                  record,
                  c,
                  f,
                  "column '"
                      + column.name()
                      + (Values.isOutOfRangeFloat(bytes, from, to)
                          ? "' must be a number a 64-bit float can hold (it overflows or"
                              + " underflows to 0), found "
                          : "' must be a number, found ")
                      + found(record, f, c));
          }
          return;
        }
        if (range != null
            && (plan.min[c] != Double.NEGATIVE_INFINITY
                || plan.max[c] != Double.POSITIVE_INFINITY)) {
          double value = Values.parseDouble(bytes, from, to);
          if (value < plan.min[c] || value > plan.max[c]) {
            outOfRange(record, c, f, value < plan.min[c]);
          }
        }
      }
      case DATE, DATETIME -> checkTemporal(record, c, f);
      case TIME -> checkTime(record, c, f, bytes, from, to);
      default -> {
        if (length != null && column.maxLength().isPresent()) {
          int max = column.maxLength().getAsInt();
          if (to - from > max) {
            int chars = record.codePoints(f);
            if (chars > max) {
              if (problems.wants(Rule.VALUE_LENGTH))
                sample(
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
        }
      }
    }
    if (pattern != null
        && column.pattern().isPresent()
        && !column.pattern().get().matcher(record.text(f)).matches()) {
      if (problems.wants(Rule.VALUE_PATTERN))
        sample(
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

  private void checkTemporal(CsvRecord record, int c, int f) {
    Column column = plan.columns[c];
    if (plan.formats[c].parse(record.text(f), parsed) < 0) {
      boolean isDate = column.type() == ColumnType.DATE;
      Severity severity = isDate ? date : datetime;
      Rule rule = isDate ? Rule.TYPE_DATE : Rule.TYPE_DATETIME;
      if (severity != null && problems.wants(rule)) {
        sample(
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
                + found(record, f, c));
      }
      return;
    }
    long day = parsed.epochDay();
    days[c] = day;
    years[c] = parsed.year();
    if (range != null && (day < plan.minDay[c] || day > plan.maxDay[c])) {
      outOfRange(record, c, f, day < plan.minDay[c]);
    }
    if (future != null && day > plan.asOfDay) {
      if (problems.wants(Rule.PLAUSIBILITY_FUTURE_DATE))
        sample(
            Rule.PLAUSIBILITY_FUTURE_DATE,
            future,
            record,
            c,
            f,
            "column '" + column.name() + "' is after the reference date " + plan.request.asOf());
    }
    if (plan.truncated[c]
        && notTruncated != null
        && (parsed.month() != 1
            || parsed.day() != 1
            || parsed.hour() != 0
            || parsed.minute() != 0
            || parsed.second() != 0
            || parsed.nanos() != 0)) {
      if (problems.wants(Rule.DEID_DATE_NOT_TRUNCATED))
        sample(
            Rule.DEID_DATE_NOT_TRUNCATED,
            notTruncated,
            record,
            c,
            f,
            "column '"
                + column.name()
                + "' is not January 1"
                + (parsed.hasTime() ? " 00:00:00" : "")
                + " of its year");
    }
    if (plan.offsetChecked[c] && offset != null && parsed.hasZone()) {
      checkOffset(record, c, f);
    }
  }

  /**
   * A de-identified datetime carries the offset January 1 has in the policy's zone, whatever its
   * own date had: any other offset tells the season. A zone name must be the policy's own. {@code
   * Z} and {@code UTC}, the same all year, tell nothing and stay as they are.
   */
  private void checkOffset(CsvRecord record, int c, int f) {
    // The token's first byte tells Z, a numeric offset and a zone name apart without building a
    // ZoneId (which boxes the offset) for every row.
    int at = parsed.start(DateTimeField.OFFSET);
    int first = record.ascii(f) ? record.buffer()[record.start(f) + at] : -1;
    if (first == 'Z' && parsed.end(DateTimeField.OFFSET) - at == 1) {
      return;
    }
    String why;
    java.time.ZoneId written = first == '+' || first == '-' ? null : parsed.zone();
    if (written == null || written instanceof java.time.ZoneOffset) {
      int expected = plan.januaryOffset(parsed.year());
      if (parsed.offsetSeconds() == expected) {
        return;
      }
      why =
          "' has an offset other than "
              + offsetText(expected)
              + ", the offset of January 1 in "
              + zoneText(plan.zone);
    } else {
      if (plan.zone.normalized().equals(written.normalized())
          || written.normalized().equals(java.time.ZoneOffset.UTC)) {
        return;
      }
      why = "' names a zone other than the policy's " + zoneText(plan.zone);
    }
    if (problems.wants(Rule.DEID_OFFSET)) {
      sample(Rule.DEID_OFFSET, offset, record, c, f, "column '" + plan.columns[c].name() + why);
    }
  }

  /** Proves the person ids of a de-identified row against the crosswalk's new ids. */
  private void checkPersonIds(CsvRecord record) {
    int[] refs = plan.personRefs;
    for (int i = 0; i < refs.length; i++) {
      int c = refs[i];
      int f = fieldOf[c];
      if (f < 0 || f >= record.size() || record.isEmpty(f)) {
        continue;
      }
      RowCondition when = plan.personRefWhen[i];
      if (when != null && !when.holds(record, fieldOf)) {
        continue;
      }
      long id = Values.parseLong(record.buffer(), record.start(f), record.end(f));
      PersonIds.Kind kind;
      if (id == Values.NOT_A_LONG) {
        if (plan.columns[c].type() == ColumnType.INTEGER) {
          continue; // a type.integer problem already
        }
        kind = PersonIds.Kind.UNKNOWN;
      } else {
        kind = personIds.kind(id);
      }
      if (kind != PersonIds.Kind.ISSUED && problems.wants(Rule.DEID_PERSON_ID)) {
        sample(
            Rule.DEID_PERSON_ID,
            personId,
            record,
            c,
            f,
            "column '"
                + plan.columns[c].name()
                + (kind == PersonIds.Kind.ORIGINAL
                    ? "' holds an original person id, not the new id the crosswalk gives it"
                    : "' holds a value that is not an id issued by the crosswalk"));
      }
    }
  }

  /** A value where the policy leaves none: {@code times: blank}, or a blanked column. */
  private void notBlank(CsvRecord record, int c, int f) {
    Column column = plan.columns[c];
    if (column.type() == ColumnType.TIME) {
      if (timeNotTruncated != null && problems.wants(Rule.DEID_TIME_NOT_TRUNCATED)) {
        sample(
            Rule.DEID_TIME_NOT_TRUNCATED,
            timeNotTruncated,
            record,
            c,
            f,
            "column '" + column.name() + "' holds a time; the policy empties it");
      }
    } else if (notBlanked != null && problems.wants(Rule.DEID_NOT_BLANKED)) {
      sample(
          Rule.DEID_NOT_BLANKED,
          notBlanked,
          record,
          c,
          f,
          "column '"
              + column.name()
              + "' holds a value of "
              + record.codePoints(f)
              + (record.codePoints(f) == 1 ? " character" : " characters")
              + "; the policy empties it");
    }
  }

  /**
   * Checks a time of day: {@code hh:mm}, {@code hh:mm:ss} or {@code hh:mm:ss.f}, 24 hours, and in
   * de-identified data midnight where the policy truncates times.
   */
  private void checkTime(CsvRecord record, int c, int f, byte[] bytes, int from, int to) {
    Column column = plan.columns[c];
    boolean valid = TimeOfDay.isValid(bytes, from, to);
    if (!valid) {
      if (time != null && problems.wants(Rule.TYPE_TIME)) {
        sample(
            Rule.TYPE_TIME,
            time,
            record,
            c,
            f,
            "column '"
                + column.name()
                + "' must be a time of day written hh:mm, hh:mm:ss or hh:mm:ss.f (00 to 23 hours),"
                + " found "
                + found(record, f, c));
      }
      return;
    }
    if (timeNotTruncated != null
        && plan.actions[c] == DeidentificationPolicy.Action.TRUNCATE_TIME
        && !TimeOfDay.isMidnight(bytes, from, to)
        && problems.wants(Rule.DEID_TIME_NOT_TRUNCATED)) {
      sample(
          Rule.DEID_TIME_NOT_TRUNCATED,
          timeNotTruncated,
          record,
          c,
          f,
          "column '" + column.name() + "' is not midnight (00:00:00)");
    }
  }

  /** An offset as datetimes write it: {@code +00:00}, {@code -05:00}. */
  static String offsetText(int seconds) {
    int minutes = Math.abs(seconds) / 60;
    return String.format(
        java.util.Locale.ROOT, "%s%02d:%02d", seconds < 0 ? "-" : "+", minutes / 60, minutes % 60);
  }

  private static String zoneText(java.time.ZoneId zone) {
    return zone.normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  private void outOfRange(CsvRecord record, int c, int f, boolean below) {
    Column column = plan.columns[c];
    if (problems.wants(Rule.VALUE_RANGE))
      sample(
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

  private void checkForeignKeys(CsvRecord record) {
    List<TablePlan.Fk> fks = plan.foreignKeys;
    for (int i = 0; i < fks.size(); i++) {
      TablePlan.Fk fk = fks.get(i);
      if (fk.when() != null && !fk.when().holds(record, fieldOf)) {
        continue;
      }
      long key = key(record, fk.columns(), fk.integer());
      if (key == NONE) {
        if (unmatchable) {
          orphan(record, fk);
        }
        continue;
      }
      if (fk.deferred()) {
        deferredValues[i].add(key);
        deferredLines[i].add(record.line());
        continue;
      }
      LongHashSet parent = state.keys.get(fk.keySet());
      if (parent != null && !parent.contains(key)) {
        orphan(record, fk);
      }
    }
  }

  private void orphan(CsvRecord record, TablePlan.Fk fk) {
    int c = fk.columns()[0];
    if (problems.wants(Rule.KEY_FOREIGN)) {
      sample(Rule.KEY_FOREIGN, foreign, record, c, fieldOf[c], foreignMessage(fk));
    }
  }

  static String foreignMessage(TablePlan.Fk fk) {
    List<String> columns = fk.key().columns();
    List<String> referenced = fk.key().referencedColumns();
    return columns.size() == 1
        ? columns.get(0)
            + " has no row in table '"
            + fk.key().table()
            + "' ("
            + fk.key().table()
            + "."
            + referenced.get(0)
            + ")"
        : "("
            + String.join(", ", columns)
            + ") has no row in table '"
            + fk.key().table()
            + "' (columns "
            + String.join(", ", referenced)
            + ")";
  }

  private void runChecks(CsvRecord record) {
    for (int i = 0; i < assertions.length; i++) {
      TablePlan.CheckPlan check = plan.checks.get(i);
      if (conditions[i] != null
          && conditions[i].evaluate(values, plan.request.asOf()) != Truth.TRUE) {
        continue;
      }
      if (assertions[i].evaluate(values, plan.request.asOf()) == Truth.FALSE
          && problems.wants(check.check())) {
        problems.add(
            check.check(),
            check.severity(),
            Location.of(plan.file, record.line()),
            null,
            check.check().at(),
            check.check().message());
      }
    }
  }

  private CharSequence valueOf(int column) {
    int f = fieldOf[column];
    return f < 0 || f >= current.size() ? "" : current.text(f);
  }

  private void personFacts(CsvRecord record) {
    int pc = plan.personColumn;
    int pf = fieldOf[pc];
    if (pf < 0 || pf >= record.size()) {
      return;
    }
    long person = Values.parseLong(record.buffer(), record.start(pf), record.end(pf));
    if (person == Values.NOT_A_LONG) {
      return;
    }
    if (plan.personTable) {
      personRow(record, person);
      return;
    }
    if (plan.deathTable && plan.deathDate >= 0 && days[plan.deathDate] != NONE) {
      deathDays.put(person, (int) days[plan.deathDate]);
    }
    LongIntHashMap births = state.birthYears;
    LongIntHashMap deaths = state.deathDays;
    int grace = plan.contract.plausibility().afterDeathGraceDays();
    for (int c = 0; c < days.length; c++) {
      if (days[c] == NONE) {
        continue;
      }
      if (beforeBirth != null && births != null) {
        int born = births.getOrDefault(person, Integer.MIN_VALUE);
        if (born != Integer.MIN_VALUE && years[c] < born) {
          if (problems.wants(Rule.PLAUSIBILITY_BEFORE_BIRTH))
            sample(
                Rule.PLAUSIBILITY_BEFORE_BIRTH,
                beforeBirth,
                record,
                c,
                fieldOf[c],
                "column '"
                    + plan.columns[c].name()
                    + "' is in a year before the person's year of birth");
        }
      }
      if (afterDeath != null && deaths != null && !plan.deathTable) {
        int died = deaths.getOrDefault(person, Integer.MIN_VALUE);
        if (died != Integer.MIN_VALUE && days[c] > (long) died + grace) {
          if (problems.wants(Rule.PLAUSIBILITY_AFTER_DEATH))
            sample(
                Rule.PLAUSIBILITY_AFTER_DEATH,
                afterDeath,
                record,
                c,
                fieldOf[c],
                "column '"
                    + plan.columns[c].name()
                    + "' is more than "
                    + grace
                    + " days after the person's death");
        }
      }
    }
  }

  private void personRow(CsvRecord record, long person) {
    int year = intValue(record, plan.birthYear);
    if (year == Integer.MIN_VALUE && plan.birthDatetime >= 0 && days[plan.birthDatetime] != NONE) {
      year = years[plan.birthDatetime];
    }
    if (year == Integer.MIN_VALUE) {
      return;
    }
    birthYears.put(person, year);
    if (birthYearRule != null && plan.birthYear >= 0) {
      int min = plan.contract.plausibility().birthYearMin();
      if (year < min || year > maxBirthYear) {
        if (problems.wants(Rule.PLAUSIBILITY_BIRTH_YEAR))
          sample(
              Rule.PLAUSIBILITY_BIRTH_YEAR,
              birthYearRule,
              record,
              plan.birthYear,
              fieldOf[plan.birthYear],
              year < min
                  ? "year of birth is before " + min
                  : "year of birth makes the person younger than "
                      + plan.contract.plausibility().birthYearMinAge()
                      + " in "
                      + plan.request.asOf().getYear());
      }
    }
    if (ageLimit != null && plan.request.deidentified() && maxAge != Integer.MAX_VALUE) {
      java.time.LocalDate born = birthDate(record, year);
      // De-identified data keeps only the year of birth (January 1): the person may have been born
      // on any day of it, so only one too old even if born on December 31 is certainly too old. A
      // site person born 1936-12-02 is 80 on 2017-12-01 and rightly kept, but reads as 1936-01-01.
      if (born != null && born.getDayOfYear() == 1) {
        born = born.withDayOfYear(born.lengthOfYear());
      }
      if (born != null && java.time.Period.between(born, ageAsOf).getYears() > maxAge) {
        if (problems.wants(Rule.DEID_AGE_LIMIT))
          sample(
              Rule.DEID_AGE_LIMIT,
              ageLimit,
              record,
              plan.personColumn,
              fieldOf[plan.personColumn],
              "the person is older than " + maxAge + " on " + ageAsOf);
      }
    }
  }

  private java.time.LocalDate birthDate(CsvRecord record, int year) {
    if (plan.birthDatetime >= 0 && days[plan.birthDatetime] != NONE) {
      return java.time.LocalDate.ofEpochDay(days[plan.birthDatetime]);
    }
    int month = intValue(record, plan.birthMonth);
    int day = intValue(record, plan.birthDay);
    try {
      return java.time.LocalDate.of(year, month < 1 ? 1 : month, day < 1 ? 1 : day);
    } catch (java.time.DateTimeException e) {
      return java.time.LocalDate.of(year, 1, 1);
    }
  }

  private int intValue(CsvRecord record, int column) {
    if (column < 0) {
      return Integer.MIN_VALUE;
    }
    int f = fieldOf[column];
    if (f < 0 || f >= record.size()) {
      return Integer.MIN_VALUE;
    }
    long value = Values.parseLong(record.buffer(), record.start(f), record.end(f));
    return value == Values.NOT_A_LONG || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE
        ? Integer.MIN_VALUE
        : (int) value;
  }

  /** The key of a row over its own columns: the value of one integer column, else a hash. */
  long key(CsvRecord record, int[] columns) {
    return key(
        record,
        columns,
        columns.length == 1 && plan.columns[columns[0]].type() == ColumnType.INTEGER);
  }

  /**
   * The key of a row: the value of the column when {@code integer}, else a hash of the columns'
   * bytes; NONE when a column is empty. An integer key whose text is no whole number is NONE with
   * {@link #unmatchable} set: it is a type problem of an integer column, or, in a text column that
   * refers to an integer one, a reference that can match no row.
   */
  long key(CsvRecord record, int[] columns, boolean integer) {
    unmatchable = false;
    if (integer) {
      int f = fieldOf[columns[0]];
      if (f < 0 || f >= record.size() || record.isEmpty(f)) {
        return NONE;
      }
      long value = Values.parseLong(record.buffer(), record.start(f), record.end(f));
      if (value == Values.NOT_A_LONG) {
        unmatchable = plan.columns[columns[0]].type() != ColumnType.INTEGER;
        return NONE;
      }
      return value;
    }
    long hash = 0;
    for (int column : columns) {
      int f = fieldOf[column];
      if (f < 0 || f >= record.size() || record.isEmpty(f)) {
        return NONE;
      }
      hash =
          Values.mix(hash * 31 + Values.hash(record.buffer(), record.start(f), record.end(f), 7));
    }
    return hash;
  }

  /** Whether a record has a width the checks accept (rows of another width are only counted). */
  boolean fits(CsvRecord record) {
    int size = record.size();
    return size == headerWidth || (jagged && size < headerWidth && trailingOptional(size));
  }

  private static String forms(List<String> formats) {
    return formats.size() <= 2
        ? String.join(" or ", formats)
        : "in one of " + formats.size() + " accepted forms such as " + formats.get(0);
  }

  /**
   * A redacted description of a value: its shape, never its characters. Date and datetime shapes
   * may be longer (a datetime with fraction and offset has 32 characters); they show only the form.
   */
  private String found(CsvRecord record, int f, int c) {
    String shape =
        plan.columns[c].type().isTemporal()
            ? Redaction.shape(record.text(f), 40)
            : Redaction.shape(record.text(f));
    return shape.startsWith("<")
        ? "a value of " + record.codePoints(f) + " characters"
        : "a value shaped '" + shape + "'";
  }

  /** Keeps a sample of a problem already counted with {@code problems.wants}. */
  private void sample(
      Rule rule, Severity severity, CsvRecord record, int c, int f, String message) {
    problems.add(
        rule,
        severity,
        Location.of(plan.file, record.line(), f + 1),
        plan.columns[c].name(),
        plan.columns[c].at(),
        message);
  }
}
