package org.ehrcontracts.engine.expr;

import static org.ehrcontracts.engine.expr.Truth.FALSE;
import static org.ehrcontracts.engine.expr.Truth.NOT_APPLICABLE;
import static org.ehrcontracts.engine.expr.Truth.TRUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.types.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
  private static final DateTimeFormats DATETIMES =
      DateTimeFormats.of("YYYY-MM-DDThh:mm:ss[.f]±hh:mm", "YYYY-MM-DD hh:mm:ss[.f][ ZONE]");
  private static final Map<String, ColumnInfo> COLUMNS = new LinkedHashMap<>();
  private static final List<String> NAMES = new ArrayList<>();

  static {
    column("person_id", ColumnType.INTEGER, null);
    column("value_as_number", ColumnType.FLOAT, null);
    column("visit_start_date", ColumnType.DATE, null);
    column("visit_end_date", ColumnType.DATE, null);
    column("visit_start_datetime", ColumnType.DATETIME, DATETIMES);
    column("visit_end_datetime", ColumnType.DATETIME, DATETIMES);
    column("gender_source_value", ColumnType.STRING, null);
    column("note_text", ColumnType.TEXT, null);
    column("year_of_birth", ColumnType.INTEGER, null);
    column("unit_concept_id", ColumnType.INTEGER, null);
    column("range_low", ColumnType.FLOAT, null);
    column("birth_datetime", ColumnType.DATETIME, null);
    column("race_source_value", ColumnType.STRING, null);
  }

  private static void column(String name, ColumnType type, DateTimeFormats formats) {
    COLUMNS.put(name, new ColumnInfo(NAMES.size(), type, formats));
    NAMES.add(name);
  }

  /** A row from {@code name=value} pairs separated by {@code ;}; absent columns are empty. */
  private static RowValues row(String cells) {
    String[] values = new String[NAMES.size()];
    Arrays.fill(values, "");
    if (cells != null) {
      for (String cell : cells.split(";")) {
        int eq = cell.indexOf('=');
        int index = NAMES.indexOf(cell.substring(0, eq).trim());
        if (index < 0) {
          throw new IllegalArgumentException(cell);
        }
        values[index] = cell.substring(eq + 1);
      }
    }
    return index -> values[index];
  }

  private static Truth eval(String expression, String cells) throws ExpressionException {
    return Expression.parse(expression, COLUMNS).evaluate(row(cells), TODAY);
  }

  private static ExpressionException error(String expression) {
    return assertThrows(ExpressionException.class, () -> Expression.parse(expression, COLUMNS));
  }

  @ParameterizedTest(name = "{0} with {1} is {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // integers
        "person_id = 5      | person_id=5  | TRUE",
        "person_id = 5      | person_id=6  | FALSE",
        "person_id != 5     | person_id=6  | TRUE",
        "person_id != 5     | person_id=5  | FALSE",
        "person_id < 5      | person_id=4  | TRUE",
        "person_id < 5      | person_id=5  | FALSE",
        "person_id <= 5     | person_id=5  | TRUE",
        "person_id <= 5     | person_id=6  | FALSE",
        "person_id > 5      | person_id=6  | TRUE",
        "person_id > 5      | person_id=5  | FALSE",
        "person_id >= 5     | person_id=5  | TRUE",
        "person_id >= 5     | person_id=4  | FALSE",
        "person_id > -5     | person_id=-4 | TRUE",
        "person_id = 007    | person_id=7  | TRUE",
        "person_id = 9223372036854775807 | person_id=9223372036854775807 | TRUE",
        "person_id > 0      | person_id=99999999999999999999 | NOT_APPLICABLE",
        "person_id > 0      | person_id=5.0 | NOT_APPLICABLE",
        "person_id > 0      | person_id=+5 | TRUE",
        "person_id > 0      | person_id=' 5' | NOT_APPLICABLE",
        "person_id > 0      | person_id=-  | NOT_APPLICABLE",
        "person_id > 0      | person_id=abc | NOT_APPLICABLE",
        "person_id = year_of_birth | person_id=1980;year_of_birth=1980 | TRUE",
        // floats, and floats with integers
        "value_as_number = 0.1   | value_as_number=0.1     | TRUE",
        "value_as_number = 0.1   | value_as_number=.1      | TRUE",
        "value_as_number = 1000  | value_as_number=1e3     | TRUE",
        "value_as_number = 1e3   | value_as_number=1000.00 | TRUE",
        "value_as_number < 0     | value_as_number=-0.5    | TRUE",
        "value_as_number = 0     | value_as_number=-0.0    | TRUE",
        "value_as_number > 1.5   | value_as_number=1.50001 | TRUE",
        "value_as_number > 2     | value_as_number=2.00000000000000001 | FALSE", // rounds to 2.0 as
        // a double
        "value_as_number > 2     | value_as_number=2.0000000000001 | TRUE",
        "value_as_number = 0.30000000000000004 | value_as_number=0.30000000000000004 | TRUE",
        "value_as_number > 0     | value_as_number=1.5.1   | NOT_APPLICABLE",
        "value_as_number > 0     | value_as_number=NaN     | NOT_APPLICABLE",
        "value_as_number > 0     | value_as_number=1e      | NOT_APPLICABLE",
        "value_as_number >= range_low | value_as_number=10;range_low=9.99 | TRUE",
        "person_id > 1.5         | person_id=2             | TRUE",
        "person_id < 1.5         | person_id=2             | FALSE",
        "person_id = 2.0         | person_id=2             | TRUE",
        "1.5 < person_id         | person_id=2             | TRUE",
        "person_id = value_as_number | person_id=9007199254740993;value_as_number=9007199254740992 | FALSE",
        // text
        "gender_source_value = 'M'  | gender_source_value=M  | TRUE",
        "gender_source_value = 'M'  | gender_source_value=m  | FALSE",
        "gender_source_value != 'M' | gender_source_value=F  | TRUE",
        "gender_source_value < 'N'  | gender_source_value=M  | TRUE",
        "gender_source_value >= 'b' | gender_source_value=a  | FALSE",
        "note_text = 'it''s'        | note_text=it's         | TRUE",
        "gender_source_value = note_text | gender_source_value=x;note_text=x | TRUE",
        "'a' = 'a'                  |                        | TRUE",
        // dates
        "visit_end_date >= visit_start_date | visit_start_date=2020-01-01;visit_end_date=2020-01-02 | TRUE",
        "visit_end_date >= visit_start_date | visit_start_date=2020-01-02;visit_end_date=2020-01-01 | FALSE",
        "visit_end_date >= visit_start_date | visit_start_date=2020-01-02;visit_end_date=2020-01-02 | TRUE",
        "visit_end_date >= visit_start_date | visit_start_date=2020-01-02                          | NOT_APPLICABLE",
        "visit_end_date >= visit_start_date | visit_start_date=2020-01-02;visit_end_date=2020-02-30 | NOT_APPLICABLE",
        "visit_end_date >= visit_start_date | visit_start_date=2020-01-02;visit_end_date=02/01/2020 | NOT_APPLICABLE",
        "visit_start_date > date('2017-01-01') | visit_start_date=2017-01-02 | TRUE",
        "visit_start_date > '2017-01-01'       | visit_start_date=2017-01-01 | FALSE",
        "visit_start_date = '2017-01-01T23:00:00Z' | visit_start_date=2017-01-01 | TRUE",
        "visit_start_date < today()            | visit_start_date=2026-11-26 | TRUE",
        "visit_start_date <= today()           | visit_start_date=2026-11-28 | FALSE",
        // date vs datetime: the date part as written
        "visit_start_date = visit_start_datetime | visit_start_date=2020-01-02;visit_start_datetime=2020-01-02T23:30:00-05:00 | TRUE",
        "visit_start_date < visit_start_datetime | visit_start_date=2020-01-02;visit_start_datetime=2020-01-02T23:30:00-05:00 | FALSE",
        "date(visit_start_datetime) = visit_start_date | visit_start_date=2020-01-02;visit_start_datetime=2020-01-02 00:00:00 | TRUE",
        "date(visit_end_datetime) >= date(visit_start_datetime) | visit_start_datetime=2020-01-02T01:00:00+05:00;visit_end_datetime=2020-01-01T23:00:00-05:00 | FALSE",
        // datetimes: instants when both have offsets
        "visit_end_datetime >= visit_start_datetime | visit_start_datetime=2020-01-02T01:00:00+05:00;visit_end_datetime=2020-01-01T23:00:00-05:00 | TRUE",
        "visit_end_datetime = visit_start_datetime  | visit_start_datetime=2020-01-01T20:00:00+00:00;visit_end_datetime=2020-01-01T20:00:00-05:00 | FALSE",
        "visit_end_datetime = visit_start_datetime  | visit_start_datetime=2020-01-01 20:00:00 UTC;visit_end_datetime=2020-01-01T15:00:00-05:00 | TRUE",
        "visit_end_datetime > visit_start_datetime  | visit_start_datetime=2020-07-01 10:00:00 America/New_York;visit_end_datetime=2020-07-01T14:00:01+00:00 | TRUE",
        "visit_end_datetime > visit_start_datetime  | visit_start_datetime=2020-07-01 10:00:00 America/New_York;visit_end_datetime=2020-07-01T14:00:00+00:00 | FALSE",
        "visit_end_datetime > visit_start_datetime  | visit_start_datetime=2020-01-01T10:00:00.5+00:00;visit_end_datetime=2020-01-01T10:00:00.25+00:00 | FALSE",
        "visit_end_datetime > visit_start_datetime  | visit_start_datetime=2020-01-01T10:00:00.25+00:00;visit_end_datetime=2020-01-01T10:00:00.5+00:00 | TRUE",
        // ...and local date-times otherwise
        "visit_end_datetime >= visit_start_datetime | visit_start_datetime=2020-01-02 01:00:00;visit_end_datetime=2020-01-01 23:00:00 | FALSE",
        "visit_end_datetime >= visit_start_datetime | visit_start_datetime=2020-01-02 01:00:00;visit_end_datetime=2020-01-01T23:00:00-05:00 | FALSE",
        "visit_start_datetime < '2020-01-01T10:00:00+01:00' | visit_start_datetime=2020-01-01T09:30:00+00:00 | FALSE",
        "visit_start_datetime < '2020-01-01T10:00:00+01:00' | visit_start_datetime=2020-01-01T08:30:00+00:00 | TRUE",
        "visit_start_datetime = '2020-01-01 10:00:00'       | visit_start_datetime=2020-01-01 10:00:00.000 | TRUE",
        "birth_datetime < visit_start_datetime | birth_datetime=1980-05-05T00:00:00+00:00;visit_start_datetime=2020-01-01 10:00:00 | TRUE",
        "birth_datetime < visit_start_datetime | birth_datetime=1980-05-05 00:00:00;visit_start_datetime=2020-01-01 10:00:00 | NOT_APPLICABLE",
        // functions
        "year(visit_start_date) = 2020      | visit_start_date=2020-03-04 | TRUE",
        "month(visit_start_date) = 3        | visit_start_date=2020-03-04 | TRUE",
        "day(visit_start_date) = 4          | visit_start_date=2020-03-04 | TRUE",
        "year(visit_start_date) >= year_of_birth | visit_start_date=2020-03-04;year_of_birth=2021 | FALSE",
        "year(visit_start_date) = 2020      | visit_start_date=2020-13-04 | NOT_APPLICABLE",
        "year(visit_start_datetime) = 2019  | visit_start_datetime=2019-12-31T23:00:00-05:00 | TRUE",
        "month(visit_start_datetime) = 12   | visit_start_datetime=2019-12-31 23:00:00 UTC | TRUE",
        "year(today()) = 2026               |                             | TRUE",
        "year('2017-05-06') = 2017          |                             | TRUE",
        "date(visit_start_datetime) = '2019-12-31' | visit_start_datetime=2019-12-31T23:00:00-05:00 | TRUE",
        "length(gender_source_value) <= 2   | gender_source_value=ab      | TRUE",
        "length(gender_source_value) <= 2   | gender_source_value=abc     | FALSE",
        "length(gender_source_value) = 2    | gender_source_value=é😀      | TRUE",
        "length(gender_source_value) = 0    |                             | NOT_APPLICABLE",
        "length(visit_start_date) = 10      | visit_start_date=2020-03-04 | TRUE",
        "length(visit_start_date) = 3       | visit_start_date=abc        | TRUE",
        "length(person_id) = 3              | person_id=123               | TRUE",
        "length('abc') = 3                  |                             | TRUE",
        // days_between
        "days_between(visit_start_date, visit_end_date) <= 365 | visit_start_date=2020-01-01;visit_end_date=2020-12-31 | TRUE",
        "days_between(visit_start_date, visit_end_date) <= 365 | visit_start_date=2020-01-01;visit_end_date=2021-01-01 | FALSE",
        "days_between(visit_start_date, visit_end_date) = 366  | visit_start_date=2020-01-01;visit_end_date=2021-01-01 | TRUE",
        "days_between(visit_start_date, visit_end_date) = -1   | visit_start_date=2020-01-02;visit_end_date=2020-01-01 | TRUE",
        "days_between(visit_start_date, visit_end_date) <= 365 | visit_start_date=2020-01-01 | NOT_APPLICABLE",
        "days_between(visit_start_date, visit_end_date) <= 365 | visit_start_date=2020-01-01;visit_end_date=2020-02-30 | NOT_APPLICABLE",
        "days_between(visit_start_datetime, visit_end_date) = 1 | visit_start_datetime=2020-01-01T23:30:00-05:00;visit_end_date=2020-01-02 | TRUE",
        "days_between('2020-01-01', visit_start_date) = 31     | visit_start_date=2020-02-01 | TRUE",
        "days_between(visit_start_date, today()) >= 0          | visit_start_date=2026-11-27 | TRUE",
        "days_between(visit_start_date, visit_start_date) = 0  | visit_start_date=2026-11-27 | TRUE",
        // in
        "person_id in (8507, 8532)       | person_id=8532  | TRUE",
        "person_id in (8532, 8507)       | person_id=8507  | TRUE",
        "person_id in (8507, 8532)       | person_id=8551  | FALSE",
        "person_id in (8507, 8532)       |                 | NOT_APPLICABLE",
        "person_id in (8507, 8532)       | person_id=x     | NOT_APPLICABLE",
        "person_id not in (8507, 8532)   | person_id=8551  | TRUE",
        "person_id not in (8507, 8532)   | person_id=8507  | FALSE",
        "person_id not in (8507, 8532)   |                 | NOT_APPLICABLE",
        "person_id in (-1, 0)            | person_id=-1    | TRUE",
        "person_id in (1.5, 2)           | person_id=2     | TRUE",
        "person_id in (1.5, 3)           | person_id=2     | FALSE",
        "value_as_number in (0, 1.5)     | value_as_number=1.50 | TRUE",
        "value_as_number in (0, 1.5)     | value_as_number=-0.0 | TRUE",
        "value_as_number in (0, 1.5)     | value_as_number=2    | FALSE",
        "gender_source_value in ('M', 'F') | gender_source_value=F | TRUE",
        "gender_source_value in ('M', 'F') | gender_source_value=f | FALSE",
        "gender_source_value in ('it''s') | gender_source_value=it's | TRUE",
        "not person_id in (1) and person_id > 0 | person_id=2 | TRUE",
        // between
        "value_as_number between 0 and 500         | value_as_number=0     | TRUE",
        "value_as_number between 0 and 500         | value_as_number=500   | TRUE",
        "value_as_number between 0 and 500         | value_as_number=500.1 | FALSE",
        "value_as_number between 0 and 500         | value_as_number=-1    | FALSE",
        "value_as_number between 0 and 500         |                       | NOT_APPLICABLE",
        "value_as_number not between 0 and 500     | value_as_number=501   | TRUE",
        "value_as_number not between 0 and 500     | value_as_number=5     | FALSE",
        "value_as_number between range_low and 500 | value_as_number=5;range_low=6 | FALSE",
        "value_as_number between 0 and 500 and person_id = 1 | value_as_number=5;person_id=1 | TRUE",
        "value_as_number between 0 and 500 or person_id = 1  | value_as_number=501;person_id=1 | TRUE",
        "visit_start_date between '2020-01-01' and today()   | visit_start_date=2020-01-01 | TRUE",
        "visit_start_date between '2020-01-01' and today()   | visit_start_date=2019-12-31 | FALSE",
        "days_between(visit_start_date, visit_end_date) between 0 and 365 | visit_start_date=2020-01-01;visit_end_date=2020-06-01 | TRUE",
        "gender_source_value between 'A' and 'C'  | gender_source_value=B | TRUE",
        // matches: the whole value, RE2
        "matches(gender_source_value, '[MF]')       | gender_source_value=M  | TRUE",
        "matches(gender_source_value, '[MF]')       | gender_source_value=MM | FALSE",
        "matches(gender_source_value, '[A-Z]{2}\\d+') | gender_source_value=AB12 | TRUE",
        "matches(gender_source_value, '(ab)*c')     | gender_source_value=ababc | TRUE",
        "matches(gender_source_value, '[MF]')       |                        | NOT_APPLICABLE",
        "not matches(gender_source_value, '[MF]')   | gender_source_value=X  | TRUE",
        "matches(person_id, '[0-9]{3}')             | person_id=123          | TRUE",
        // is empty
        "person_id is empty            |              | TRUE",
        "person_id is empty            | person_id=1  | FALSE",
        "person_id is not empty        |              | FALSE",
        "person_id is not empty        | person_id=1  | TRUE",
        "visit_start_date is not empty | visit_start_date=bad | TRUE",
        "not person_id is empty        | person_id=1  | TRUE",
      })
  void evaluates(String expression, String cells, Truth expected) throws ExpressionException {
    assertEquals(expected, eval(expression, cells));
  }

  @ParameterizedTest(name = "{0} is {1} with person_id {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // and binds tighter than or
        "person_id = 1 or person_id = 2 and person_id = 3   | 1 | TRUE",
        "(person_id = 1 or person_id = 2) and person_id = 3 | 1 | FALSE",
        "person_id = 3 and person_id = 2 or person_id = 1   | 1 | TRUE",
        "person_id = 3 and (person_id = 2 or person_id = 1) | 1 | FALSE",
        // not binds tighter than and, looser than comparisons
        "not person_id = 1 and person_id = 2    | 2 | TRUE",
        "not (person_id = 1 and person_id = 2)  | 1 | TRUE",
        "not person_id = 1 or person_id = 1     | 1 | TRUE",
        "not not person_id = 1                  | 1 | TRUE",
        "((((person_id = 1))))                  | 1 | TRUE",
        "(person_id) = 1                        | 1 | TRUE",
        "person_id=1 and(person_id<2)or person_id>5 | 1 | TRUE",
      })
  void precedence(String expression, String personId, Truth expected) throws ExpressionException {
    assertEquals(expected, eval(expression, "person_id=" + personId));
  }

  @ParameterizedTest(name = "{0} {1} {2} = {3}")
  @CsvSource({
    "TRUE, and, TRUE, TRUE",
    "TRUE, and, FALSE, FALSE",
    "TRUE, and, NA, NOT_APPLICABLE",
    "FALSE, and, NA, FALSE",
    "NA, and, FALSE, FALSE",
    "NA, and, NA, NOT_APPLICABLE",
    "TRUE, or, NA, TRUE",
    "NA, or, TRUE, TRUE",
    "FALSE, or, NA, NOT_APPLICABLE",
    "FALSE, or, FALSE, FALSE",
    "NA, or, NA, NOT_APPLICABLE",
  })
  void threeValuedLogic(String left, String op, String right, Truth expected)
      throws ExpressionException {
    // person_id is 1, year_of_birth is empty: comparisons with it are not applicable.
    String expression = operand(left) + " " + op + " " + operand(right);
    assertEquals(expected, eval(expression, "person_id=1"));
    Truth l = truth(left);
    Truth r = truth(right);
    assertEquals(expected, op.equals("and") ? l.and(r) : l.or(r));
  }

  private static String operand(String truth) {
    return switch (truth) {
      case "TRUE" -> "person_id = 1";
      case "FALSE" -> "person_id = 2";
      default -> "year_of_birth > 1900";
    };
  }

  private static Truth truth(String name) {
    return name.equals("NA") ? NOT_APPLICABLE : Truth.valueOf(name);
  }

  @Test
  void notOfNotApplicableIsNotApplicable() throws ExpressionException {
    assertEquals(NOT_APPLICABLE, eval("not year_of_birth > 1900", null));
    assertEquals(NOT_APPLICABLE, NOT_APPLICABLE.not());
    assertEquals(FALSE, eval("not person_id = 1", "person_id=1"));
  }

  @Test
  void docExamples() throws ExpressionException {
    Expression unit =
        Expression.parse("unit_concept_id is empty or value_as_number is not empty", COLUMNS);
    assertEquals(TRUE, unit.evaluate(row(null), TODAY));
    assertEquals(FALSE, unit.evaluate(row("unit_concept_id=8840"), TODAY));
    assertEquals(TRUE, unit.evaluate(row("unit_concept_id=8840;value_as_number=1.2"), TODAY));
    Expression order = Expression.parse("visit_end_date >= visit_start_date", COLUMNS);
    assertEquals(List.of("visit_end_date", "visit_start_date"), List.copyOf(order.columns()));
    assertEquals("visit_end_date >= visit_start_date", order.text());
    assertEquals(order.text(), order.toString());
  }

  @Test
  void columnsInOrderOfFirstUse() throws ExpressionException {
    Expression e =
        Expression.parse(
            "year(visit_start_date) > year_of_birth and person_id > 0 or visit_start_date is empty",
            COLUMNS);
    assertEquals(
        List.of("visit_start_date", "year_of_birth", "person_id"), List.copyOf(e.columns()));
  }

  @Test
  void todayComesFromTheCaller() throws ExpressionException {
    Expression e = Expression.parse("visit_start_date <= today()", COLUMNS);
    RowValues row = row("visit_start_date=2026-11-28");
    assertEquals(FALSE, e.evaluate(row, TODAY));
    assertEquals(TRUE, e.evaluate(row, TODAY.plusDays(1)));
    assertEquals(FALSE, e.evaluate(row, TODAY));
    assertThrows(NullPointerException.class, () -> e.evaluate(row, null));
    // An expression without today() does not need it.
    assertEquals(TRUE, Expression.parse("person_id is empty", COLUMNS).evaluate(row, null));
  }

  @Test
  void anEvaluatorOwnsItsScratchSpace() throws ExpressionException {
    Expression e =
        Expression.parse(
            "visit_end_date >= visit_start_date and visit_end_date <= today()", COLUMNS);
    Expression.Evaluator evaluator = e.newEvaluator();
    assertEquals(e, evaluator.expression());
    assertEquals(
        TRUE,
        evaluator.evaluate(row("visit_start_date=2020-01-01;visit_end_date=2020-01-02"), TODAY));
    assertEquals(
        FALSE,
        evaluator.evaluate(row("visit_start_date=2020-01-03;visit_end_date=2020-01-02"), TODAY));
    assertEquals(
        FALSE,
        evaluator.evaluate(row("visit_start_date=2020-01-01;visit_end_date=2030-01-02"), TODAY));
    assertEquals(
        TRUE,
        Expression.parse("person_id is empty", COLUMNS).newEvaluator().evaluate(row(null), null));
  }

  @Test
  void twoTextCellsAreComparedAsTwoEvenThroughOneReusedView() throws ExpressionException {
    // As CsvRecord.text does: one view, pointed at the cell asked for last.
    StringBuilder view = new StringBuilder();
    String[] cells = new String[NAMES.size()];
    RowValues shared =
        index -> {
          view.setLength(0);
          return cells[index] == null ? null : view.append(cells[index]);
        };
    cells[NAMES.indexOf("gender_source_value")] = "F";
    cells[NAMES.indexOf("race_source_value")] = "W";
    Expression.Evaluator same =
        Expression.parse("gender_source_value = race_source_value", COLUMNS).newEvaluator();
    Expression.Evaluator less =
        Expression.parse("gender_source_value < race_source_value", COLUMNS).newEvaluator();
    assertEquals(FALSE, same.evaluate(shared, TODAY));
    assertEquals(TRUE, less.evaluate(shared, TODAY));
    cells[NAMES.indexOf("race_source_value")] = "F";
    assertEquals(TRUE, same.evaluate(shared, TODAY));
  }

  @Test
  void matchesRemembersRecentValuesWithoutConfusingThem() throws ExpressionException {
    Expression.Evaluator e =
        Expression.parse("matches(gender_source_value, '[A-Z][0-9]*7')", COLUMNS).newEvaluator();
    // Far more values than the frame remembers, so that they share and evict its slots.
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5000; i++) {
        String value = "A" + i;
        Truth expected = value.endsWith("7") ? TRUE : FALSE;
        assertEquals(expected, e.evaluate(row("gender_source_value=" + value), TODAY), value);
        StringBuilder builder = new StringBuilder("b").append(i);
        assertEquals(FALSE, e.evaluate(index -> builder, TODAY), builder::toString);
      }
    }
  }

  @Test
  void aQualifiedNameIsOneTokenThatTheContractResolves() throws ExpressionException {
    assertEquals(
        "'person.year_of_birth' is not a column; there are no lookups or references here",
        error("person.year_of_birth > 1900").getMessage());
    assertEquals(0, error("person.year_of_birth > 1900").offset());
    // A number keeps its decimal point.
    assertEquals(Truth.TRUE, eval("value_as_number > 1.5", "value_as_number=2"));
  }

  @Test
  void aReferencedDateReadsAsTheDateOfItsEpochDay() throws ExpressionException {
    Qualifiers visit =
        (name, column) ->
            column.equals("visit_start_date")
                ? Qualified.reference(ColumnType.DATE, COLUMNS.get("person_id").index(), 0)
                : Qualified.reference(ColumnType.INTEGER, COLUMNS.get("person_id").index(), 1);
    Expression within =
        Expression.parse(
            "visit_end_date between visit.visit_start_date and '2030-01-01'", COLUMNS, visit);
    Expression year = Expression.parse("year(visit.visit_start_date) = visit.n", COLUMNS, visit);
    assertEquals(java.util.List.of(0), java.util.List.copyOf(within.references()));
    for (String day :
        java.util.List.of("1969-12-31", "1970-01-01", "2000-02-29", "2016-12-31", "1850-03-01")) {
      long epochDay = LocalDate.parse(day).toEpochDay();
      RowValues row =
          new RowValues() {
            @Override
            public CharSequence value(int index) {
              return index == COLUMNS.get("person_id").index()
                  ? "7"
                  : index == COLUMNS.get("visit_end_date").index() ? day : "";
            }

            @Override
            public long referenced(int reference, long key) {
              if (key != 7) {
                return ABSENT;
              }
              return reference == 0 ? epochDay : Long.parseLong(day.substring(0, 4));
            }
          };
      assertEquals(Truth.TRUE, within.evaluate(row, TODAY), day);
      assertEquals(Truth.TRUE, year.evaluate(row, TODAY), day);
    }
    // The referenced row is absent (an orphan): not applicable.
    assertEquals(
        Truth.NOT_APPLICABLE, within.evaluate(row("person_id=7;visit_end_date=2020-01-01"), TODAY));
  }

  @Test
  void aDayTheCallerKnowsIsReadInsteadOfTheCell() throws ExpressionException {
    int start = COLUMNS.get("visit_start_date").index();
    int end = COLUMNS.get("visit_end_date").index();
    long known = LocalDate.of(2020, 3, 1).toEpochDay();
    RowValues row =
        new RowValues() {
          @Override
          public CharSequence value(int index) {
            // The start cell says 2020-01-01, but the caller knows its day as 2020-03-01 (as a
            // verifier that has parsed it does): the known day wins. The end is read from its cell.
            return index == start ? "2020-01-01" : index == end ? "2020-02-01" : "";
          }

          @Override
          public long day(int index) {
            return index == start ? known : Long.MIN_VALUE;
          }
        };
    assertEquals(
        FALSE, Expression.parse("visit_start_date < visit_end_date", COLUMNS).evaluate(row, TODAY));
    assertEquals(
        TRUE,
        Expression.parse("days_between(visit_start_date, visit_end_date) = -29", COLUMNS)
            .evaluate(row, TODAY));
    assertEquals(
        TRUE,
        Expression.parse("visit_end_date <= today()", COLUMNS)
            .evaluate(row, LocalDate.of(2020, 2, 1)));
    assertEquals(
        FALSE,
        Expression.parse("visit_end_date <= today()", COLUMNS)
            .newEvaluator()
            .evaluate(row, LocalDate.of(2020, 1, 31)));
    // Without a known day, the cells decide.
    assertEquals(
        TRUE,
        eval(
            "days_between(visit_start_date, visit_end_date) = 31",
            "visit_start_date=2020-01-01;visit_end_date=2020-02-01"));
  }

  @Test
  void inComparesEveryValueOfAShortListAndSearchesALongOne() throws ExpressionException {
    for (int size : new int[] {1, 2, 15, 16, 17, 40}) {
      StringBuilder list = new StringBuilder();
      for (int i = 0; i < size; i++) {
        list.append(i == 0 ? "" : ", ")
            .append(1000 + 7 * (size - i)); // written in descending order
      }
      Expression in = Expression.parse("person_id in (" + list + ")", COLUMNS);
      Expression notIn = Expression.parse("person_id not in (" + list + ")", COLUMNS);
      for (int i = 1; i <= size; i++) {
        String cells = "person_id=" + (1000 + 7 * i);
        assertEquals(TRUE, in.evaluate(row(cells), TODAY), size + " " + cells);
        assertEquals(FALSE, notIn.evaluate(row(cells), TODAY), size + " " + cells);
      }
      for (long other : new long[] {1000, 1001, 1000 + 7 * size + 1, 1000 + 7 * (size + 1), -7}) {
        String cells = "person_id=" + other;
        assertEquals(FALSE, in.evaluate(row(cells), TODAY), size + " " + cells);
        assertEquals(TRUE, notIn.evaluate(row(cells), TODAY), size + " " + cells);
      }
      assertEquals(NOT_APPLICABLE, in.evaluate(row(null), TODAY));
    }
  }

  @Test
  void nullCellsAreEmpty() throws ExpressionException {
    Expression e = Expression.parse("person_id > 1 or person_id is empty", COLUMNS);
    assertEquals(TRUE, e.evaluate(index -> null, TODAY));
  }

  @Test
  void threadSafe() throws Exception {
    Expression e = Expression.parse("visit_end_datetime >= visit_start_datetime", COLUMNS);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    int h = (i + offset) % 24;
                    String start = String.format("2020-01-01T%02d:00:00+00:00", h);
                    String end = String.format("2020-01-01T%02d:30:00+00:00", h);
                    if (e.evaluate(
                                row("visit_start_datetime=" + start + ";visit_end_datetime=" + end),
                                TODAY)
                            != TRUE
                        || e.evaluate(
                                row("visit_start_datetime=" + end + ";visit_end_datetime=" + start),
                                TODAY)
                            != FALSE) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertEquals(true, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}: {2} at {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // syntax
        "''                           | 0  | the expression is empty",
        "'   '                        | 0  | the expression is empty",
        "person_id =                  | 11 | the expression ends where a value is expected",
        "person_id = 1 and            | 17 | the expression ends where a value is expected",
        "(person_id = 1               | 14 | expected ')' to close the '(' at offset 0, found the end",
        "person_id = 1)               | 13 | expected and, or or the end of the expression, found ')'",
        "person_id = 1 person_id = 2  | 14 | expected and, or or the end of the expression, found 'person_id'",
        "person_id == 1               | 10 | write = to test equality, not ==",
        "person_id <> 1               | 10 | write != to test inequality, not <>",
        "!(person_id = 1)             | 0  | write not to negate, or != to test inequality",
        "person_id = 1 && person_id=2 | 14 | write and, not &",
        "'person_id = 1 || person_id=2' | 14 | 'write or, not |'",
        "gender_source_value = \"M\"  | 22 | 'strings are written in single quotes: ''text'''",
        "gender_source_value = 'M     | 22 | the string is not closed with '",
        "person_id = 1.               | 12 | a number needs digits after its decimal point",
        "person_id = 1e               | 12 | a number needs digits after its exponent",
        "person_id = 12ab             | 12 | a number is followed by 'a'",
        "person_id + 1 = 2            | 10 | there is no arithmetic; '+' is not an operator (for dates, write days_between(a, b))",
        "person_id = #                | 12 | unexpected character '#'",
        "1 < person_id < 3            | 14 | comparisons cannot be chained; join them with and",
        "person_id is 1               | 13 | expected empty after is, found '1'",
        "person_id is not null        | 17 | expected empty after is not, found 'null'",
        "and person_id = 1            | 0  | expected a value before 'and': a column, number, string or function",
        "person_id = , 1              | 12 | expected a column, number, string or function, found ','",
        "year(visit_start_date        | 21 | expected ')' after the arguments of year(), found the end",
        // names
        "visit_end_dat >= visit_start_date  | 0  | unknown column 'visit_end_dat'; did you mean 'visit_end_date'?",
        "Person_ID = 1                      | 0  | unknown column 'Person_ID'; did you mean 'person_id'?",
        "person_id = 1 AND person_id = 2    | 14 | expected and, or or the end of the expression, found 'AND'; keywords are lower case: and",
        "person_id = 1 and NOT person_id = 2 | 18 | unknown column 'NOT'; keywords are lower case: not",
        "visit_occurrence_id = 1            | 0  | unknown column 'visit_occurrence_id'",
        "yeer(visit_start_date) = 1         | 0  | unknown function 'yeer'; did you mean 'year'?; the functions are date, day, days_between, length, matches, month, today, year",
        "upper(gender_source_value) = 'M'   | 0  | unknown function 'upper'; the functions are date, day, days_between, length, matches, month, today, year",
        "getClass() = 1                     | 0  | unknown function 'getClass'; the functions are date, day, days_between, length, matches, month, today, year",
        "year() = 1                         | 0  | year() takes one argument, not 0",
        "today(person_id) = 1               | 0  | today() takes no arguments, not 1",
        "year(visit_start_date, visit_end_date) = 1 | 0 | year() takes one argument, not 2",
        // types
        "visit_start_date > 'soon'          | 19 | the string 'soon' is not a date or datetime; write it as '2017-01-01' or '2017-01-01T10:00:00Z'",
        "visit_start_date > '2017-02-30'    | 19 | the string '2017-02-30' is not a date or datetime; write it as '2017-01-01' or '2017-01-01T10:00:00Z'",
        "date('2017-02-30') < today()       | 5  | the string '2017-02-30' is not a date or datetime; write it as '2017-01-01' or '2017-01-01T10:00:00Z'",
        "visit_start_date > 2017            | 17 | cannot compare the date column 'visit_start_date' with a number",
        "person_id = visit_start_date       | 10 | cannot compare the integer column 'person_id' with the date column 'visit_start_date'",
        "person_id = 'M'                    | 10 | cannot compare the integer column 'person_id' with the string 'M'",
        "gender_source_value = 1            | 20 | cannot compare the string column 'gender_source_value' with a number",
        "gender_source_value = visit_start_date | 20 | cannot compare the string column 'gender_source_value' with the date column 'visit_start_date'",
        "year(gender_source_value) = 1      | 5  | year() needs a date or datetime, not the string column 'gender_source_value'",
        "month(person_id) = 1               | 6  | month() needs a date or datetime, not the integer column 'person_id'",
        "date(42) = today()                 | 5  | date() needs a date or datetime, not a number",
        "length(year(visit_start_date)) = 4 | 7  | length() needs a column or a string, not a number",
        "year(visit_start_date) = today()   | 23 | cannot compare a number with a date",
        "(person_id = 1) = (person_id = 2)  | 16 | = compares values, not conditions; combine conditions with and, or, not",
        "person_id                          | 0  | the integer column 'person_id' is not a condition; the expression needs a comparison such as x > 1, or x is not empty",
        "person_id = 1 and year_of_birth    | 18 | the integer column 'year_of_birth' is not a condition; and needs a comparison such as x > 1, or x is not empty",
        "not person_id                      | 4  | the integer column 'person_id' is not a condition; not needs a comparison such as x > 1, or x is not empty",
        "year(visit_start_date) is empty    | 23 | is empty applies to a column, not to a number",
        // days_between
        "days_betwen(visit_start_date, visit_end_date) < 1 | 0 | unknown function 'days_betwen'; did you mean 'days_between'?; the functions are date, day, days_between, length, matches, month, today, year",
        "days_between(visit_start_date) < 1                | 0 | days_between() takes two arguments, not 1",
        "days_between(visit_start_date, visit_end_dat) < 1 | 31 | unknown column 'visit_end_dat'; did you mean 'visit_end_date'?",
        "days_between(visit_start_date, person_id) < 1     | 31 | days_between() needs a date or datetime, not the integer column 'person_id'",
        "days_between(visit_start_date, visit_end_date) < '2020-01-01' | 47 | cannot compare a number with the string '2020-01-01'",
        "visit_end_date <= visit_start_date + 365          | 35 | there is no arithmetic; '+' is not an operator (for dates, write days_between(a, b))",
        // in
        "person_id in 8507                 | 13 | expected '(' and a list of values after in, found '8507'",
        "person_id in ()                   | 14 | in lists numbers or strings, such as x in (8507, 8532), found ')'",
        "person_id in (1, year_of_birth)   | 17 | in lists numbers or strings, such as x in (8507, 8532), found 'year_of_birth'",
        "person_id in (1, 2                | 18 | expected ')' to close the list of in, found the end",
        "person_id in (1, 'M')             | 17 | cannot test the integer column 'person_id' against the string 'M'",
        "gender_source_value in ('M', 1)   | 29 | cannot test the string column 'gender_source_value' against a number; write the value in quotes",
        "visit_start_date in ('2020-01-01') | 17 | in tests numbers or text, not the date column 'visit_start_date'; compare dates with between",
        "person_id in (1) = 1              | 17 | comparisons cannot be chained; join them with and",
        "person_id IN (1)                  | 10 | expected and, or or the end of the expression, found 'IN'; keywords are lower case: in",
        "persn_id in (1, 2)                | 0  | unknown column 'persn_id'; did you mean 'person_id'?",
        "in (1, 2)                         | 0  | expected a value before 'in': a column, number, string or function",
        // between
        "value_as_number between 0 or 500  | 26 | expected and between the bounds of between, found 'or'",
        "value_as_number between 0         | 25 | expected and between the bounds of between, found the end",
        "value_as_number between 'a' and 5 | 16 | cannot compare the float column 'value_as_number' with the string 'a'",
        "visit_start_date between '2020-02-30' and today() | 25 | the string '2020-02-30' is not a date or datetime; write it as '2017-01-01' or '2017-01-01T10:00:00Z'",
        "value_as_number betwen 0 and 5    | 16 | expected and, or or the end of the expression, found 'betwen'",
        // matches
        "matches(gender_source_value) | 0 | matches() takes two arguments, not 1",
        "matches('M', '[MF]')         | 8 | matches() tests a column, not the string 'M'",
        "matches(gender_source_value, note_text) | 29 | matches() needs a regular expression in a string such as '[A-Z]{2}', not the text column 'note_text'",
        "matches(gender_source_value, '(a)\\1') | 29 | the string '(a)\\1' is not a valid regular expression: invalid escape sequence (RE2 syntax, matched in linear time: no backreferences or look-around)",
        "matches(gender_source_value, '(?=a)') | 29 | the string '(?=a)' is not a valid regular expression: invalid or unsupported Perl syntax (RE2 syntax, matched in linear time: no backreferences or look-around)",
        "matches(gender_source_value, '[a') | 29 | the string '[a' is not a valid regular expression: missing closing ] (RE2 syntax, matched in linear time: no backreferences or look-around)",
        "matches(gender_sourse_value, '[MF]') | 8 | unknown column 'gender_sourse_value'; did you mean 'gender_source_value'?",
        "matches(gender_source_value, '[MF]') = 1 | 37 | = compares values, not conditions; combine conditions with and, or, not",
      })
  void errors(String expression, int offset, String message) {
    ExpressionException e = error(expression);
    assertEquals(message, e.getMessage());
    assertEquals(offset, e.offset());
  }

  @Test
  void lengthLimit() throws ExpressionException {
    String atLimit = "person_id = 1" + " ".repeat(Expression.MAX_LENGTH - 13);
    assertEquals(Expression.MAX_LENGTH, atLimit.length());
    Expression.parse(atLimit, COLUMNS);
    ExpressionException e = error(atLimit + " ");
    assertEquals("the expression is longer than 2000 characters", e.getMessage());
    assertEquals(2000, e.offset());
  }

  @Test
  void depthLimit() throws ExpressionException {
    int max = Expression.MAX_DEPTH;
    Expression.parse("(".repeat(max) + "person_id = 1" + ")".repeat(max), COLUMNS);
    Expression.parse("not ".repeat(max) + "person_id = 1", COLUMNS);
    ExpressionException parens = error("(".repeat(max + 1) + "person_id = 1" + ")".repeat(max + 1));
    assertEquals("the expression nests deeper than 50 levels", parens.getMessage());
    assertEquals(max, parens.offset());
    ExpressionException nots = error("not ".repeat(max + 1) + "person_id = 1");
    assertEquals(max * 4, nots.offset());
    // Long flat chains are not nesting.
    Expression.parse(String.join(" and ", Collections.nCopies(100, "person_id > 0")), COLUMNS);
  }

  @Test
  void aColumnNamedLikeAFunction() throws ExpressionException {
    Map<String, ColumnInfo> columns =
        Map.of(
            "date",
            new ColumnInfo(0, ColumnType.DATE),
            "length",
            new ColumnInfo(1, ColumnType.INTEGER));
    Expression e = Expression.parse("date(date) = date and length(date) = length", columns);
    String[] cells = {"2020-01-01", "10"};
    assertEquals(TRUE, e.evaluate(index -> cells[index], TODAY));
  }
}
