package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongIntHashMap;
import java.util.List;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ColumnType;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.expr.Expression;
import org.ehrcontracts.engine.expr.RowValues;
import org.ehrcontracts.engine.expr.Truth;
import org.ehrcontracts.engine.format.ParsedDateTime;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Redaction;
import org.ehrcontracts.engine.problem.Severity;

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

  final LongHashSet keys = new LongHashSet();
  final LongArrayList duplicateKeys = new LongArrayList();
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
  private CsvRecord current;
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
    birthYears = plan.personTable ? new LongIntHashMap() : null;
    deathDays = plan.deathTable ? new LongIntHashMap() : null;
    required = plan.severity("value.required");
    integer = plan.severity("type.integer");
    decimal = plan.severity("type.float");
    date = plan.severity("type.date");
    datetime = plan.severity("type.datetime");
    length = plan.severity("value.length");
    concept = plan.severity("value.concept");
    pattern = plan.severity("value.pattern");
    range = plan.severity("value.range");
    width = plan.severity("csv.row-width");
    duplicate = plan.severity("key.duplicate");
    foreign = plan.severity("key.foreign");
    future = plan.severity("plausibility.future-date");
    beforeBirth = plan.severity("plausibility.before-birth");
    birthYearRule = plan.severity("plausibility.birth-year");
    afterDeath = plan.severity("plausibility.after-death");
    notTruncated = plan.severity("deid.date-not-truncated");
    ageLimit = plan.severity("deid.age-limit");
    syntax = plan.severity("csv.syntax");
    unquoted = plan.severity("csv.unquoted");
    lineEnding = plan.severity("csv.line-ending");
    blankLine = plan.severity("csv.blank-line");
    embedded = plan.severity("csv.embedded-newline");
    encoding = plan.severity("file.encoding");
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
  }

  @Override
  public void issue(CsvIssue issue, long line, int field) {
    Severity severity;
    String rule;
    String message;
    String column = field > 0 && field <= headerWidth ? headerNames[field - 1] : null;
    String where = column == null ? "field " + field : "column '" + column + "'";
    switch (issue) {
      case UNCLOSED_QUOTE -> {
        severity = syntax;
        rule = "csv.syntax";
        message = "a quote opened in " + where + " is never closed";
      }
      case STRAY_QUOTE -> {
        severity = syntax;
        rule = "csv.syntax";
        message = "stray double quote in " + where + "; a quote inside a field must be doubled";
      }
      case EMBEDDED_NEWLINE -> {
        severity = embedded;
        rule = "csv.embedded-newline";
        message = where + " contains a line break; replace line breaks in values with spaces";
      }
      case BLANK_LINE -> {
        severity = blankLine;
        rule = "csv.blank-line";
        message = "blank line; a table without data is a header line alone";
      }
      case LINE_ENDING -> {
        severity = lineEnding;
        rule = "csv.line-ending";
        message =
            "the line ends in "
                + (plan.contract.dialect().lineEnding()
                        == org.ehrcontracts.engine.contract.Dialect.LineEnding.CRLF
                    ? "LF; the contract wants CRLF"
                    : "CRLF; the contract wants LF");
      }
      case UNQUOTED_FIELD -> {
        severity = unquoted;
        rule = "csv.unquoted";
        message =
            where + " is not enclosed in double quotes; the contract wants every field quoted";
      }
      default -> {
        severity = encoding;
        rule = "file.encoding";
        message = "invalid UTF-8 in " + where;
      }
    }
    if (severity != null && problems.wants(rule, null)) {
      problems.add(
          rule,
          null,
          severity,
          Location.of(plan.file, line, Math.max(field, 0)),
          column,
          null,
          message);
    }
  }

  @Override
  public void record(CsvRecord record) {
    rows++;
    current = record;
    int size = record.size();
    if (size != headerWidth) {
      boolean shortButAllowed = jagged && size < headerWidth && trailingOptional(size);
      if (!shortButAllowed) {
        if (width != null && problems.wants("csv.row-width", null)) {
          problems.add(
              "csv.row-width",
              null,
              width,
              Location.of(plan.file, record.line()),
              null,
              null,
              "the row has "
                  + size
                  + (size == 1 ? " field" : " fields")
                  + "; the header has "
                  + headerWidth);
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
          if (problems.wants("value.required", null))
            sample(
                "value.required",
                required,
                record,
                c,
                f,
                "column '" + columns[c].name() + "' is required but empty");
        }
        continue;
      }
      checkValue(record, c, f);
    }
    if (plan.primaryKey.length > 0 && duplicate != null) {
      long key = key(record, plan.primaryKey);
      if (key != NONE && !keys.add(key)) {
        duplicateKeys.add(key);
      }
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
            boolean scientific = Values.isScientific(bytes, from, to);
            if (problems.wants("type.integer", null))
              sample(
                  "type.integer",
                  integer,
                  record,
                  c,
                  f,
                  "column '"
                      + column.name()
                      + "' must be a whole number, found "
                      + shape(record, f)
                      + (scientific ? " (scientific notation is not allowed for integers)" : ""));
          }
          return;
        }
        if (range != null && (value < plan.min[c] || value > plan.max[c])) {
          outOfRange(record, c, f, value < plan.min[c]);
        }
        if (concept != null
            && column.concepts().isPresent()
            && !column.concepts().get().contains(value)) {
          if (problems.wants("value.concept", null))
            sample(
                "value.concept",
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
            if (problems.wants("type.float", null))
              sample(
                  "type.float",
                  decimal,
                  record,
                  c,
                  f,
                  "column '" + column.name() + "' must be a number, found " + shape(record, f));
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
      default -> {
        if (length != null && column.maxLength().isPresent()) {
          int max = column.maxLength().getAsInt();
          if (to - from > max) {
            int chars = record.codePoints(f);
            if (chars > max) {
              if (problems.wants("value.length", null))
                sample(
                    "value.length",
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
      if (problems.wants("value.pattern", null))
        sample(
            "value.pattern",
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
      String rule = isDate ? "type.date" : "type.datetime";
      if (severity != null && problems.wants(rule, null)) {
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
                + shape(record, f));
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
      if (problems.wants("plausibility.future-date", null))
        sample(
            "plausibility.future-date",
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
      if (problems.wants("deid.date-not-truncated", null))
        sample(
            "deid.date-not-truncated",
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
  }

  private void outOfRange(CsvRecord record, int c, int f, boolean below) {
    Column column = plan.columns[c];
    if (problems.wants("value.range", null))
      sample(
          "value.range",
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
      long key = key(record, fk.columns());
      if (key == NONE) {
        continue;
      }
      if (fk.deferred()) {
        deferredValues[i].add(key);
        deferredLines[i].add(record.line());
        continue;
      }
      LongHashSet parent = state.keys.get(fk.key().table());
      if (parent != null && !parent.contains(key)) {
        int c = fk.columns()[0];
        if (problems.wants("key.foreign", null))
          sample("key.foreign", foreign, record, c, fieldOf[c], foreignMessage(fk));
      }
    }
  }

  static String foreignMessage(TablePlan.Fk fk) {
    return String.join(", ", fk.key().columns())
        + " has no row in table '"
        + fk.key().table()
        + "' ("
        + fk.key().table()
        + "."
        + String.join(", ", fk.key().referencedColumns())
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
          && problems.wants(check.check().rule(), check.check().id())) {
        problems.add(
            check.check().rule(),
            check.check().id(),
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
          if (problems.wants("plausibility.before-birth", null))
            sample(
                "plausibility.before-birth",
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
          if (problems.wants("plausibility.after-death", null))
            sample(
                "plausibility.after-death",
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
        if (problems.wants("plausibility.birth-year", null))
          sample(
              "plausibility.birth-year",
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
      if (born != null && java.time.Period.between(born, plan.request.asOf()).getYears() > maxAge) {
        if (problems.wants("deid.age-limit", null))
          sample(
              "deid.age-limit",
              ageLimit,
              record,
              plan.personColumn,
              fieldOf[plan.personColumn],
              "the person is older than " + maxAge + " on " + plan.request.asOf());
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

  /** The key of a row: the value of a single integer column, else a hash; NONE when empty. */
  long key(CsvRecord record, int[] columns) {
    if (columns.length == 1 && plan.columns[columns[0]].type() == ColumnType.INTEGER) {
      int f = fieldOf[columns[0]];
      if (f < 0 || f >= record.size() || record.isEmpty(f)) {
        return NONE;
      }
      long value = Values.parseLong(record.buffer(), record.start(f), record.end(f));
      return value == Values.NOT_A_LONG ? NONE : value;
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

  private static String forms(List<String> formats) {
    return formats.size() <= 2
        ? String.join(" or ", formats)
        : "in one of " + formats.size() + " accepted forms such as " + formats.get(0);
  }

  private String shape(CsvRecord record, int f) {
    return Redaction.shape(record.text(f));
  }

  /** Keeps a sample of a problem already counted with {@code problems.wants}. */
  private void sample(
      String rule, Severity severity, CsvRecord record, int c, int f, String message) {
    problems.add(
        rule,
        null,
        severity,
        Location.of(plan.file, record.line(), f + 1),
        plan.columns[c].name(),
        plan.columns[c].at(),
        message);
  }
}
