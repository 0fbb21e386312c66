package org.ehrcontracts.engine.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.expr.Truth;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * Plants the requested defects while rows are written, and lists where.
 *
 * <p>Each defect gets a place chosen from the contract alone (so the same contract always gets the
 * same places): a table, preferring event tables that no other table refers to, and a column that
 * no check, key or person fact reads, so that the defect makes its own rule fire and nothing else.
 * Defects go into every other row of their table from its second row on, one defect a row.
 */
final class Planter {

  /** A value no generated key has: a reference to a row that does not exist. */
  static final String ORPHAN = "999999999999";

  /** The file name of planted unknown files; a number is appended. */
  static final String UNKNOWN_FILE = "synthetic-extra-";

  private static final class Target {
    final Rule rule;
    final TableShape shape;
    final int column;
    final int wanted;
    int remaining;

    Target(Rule rule, TableShape shape, int column, int count) {
      this.rule = rule;
      this.shape = shape;
      this.column = column;
      this.wanted = count;
      this.remaining = count;
    }
  }

  private final List<Target> targets = new ArrayList<>();
  private final List<Planted> planted = new ArrayList<>();
  private final LocalDate asOf;
  private int unknownFiles;

  /**
   * Chooses the place of every defect.
   *
   * @param ordered the generated tables, most preferred first
   * @throws GenerateException when a defect has no place in these tables
   */
  Planter(
      List<Defect> defects,
      List<TableShape> ordered,
      TableShape person,
      boolean deidentified,
      Optional<Integer> maxAge,
      LocalDate asOf)
      throws GenerateException {
    this.asOf = asOf;
    for (Defect defect : defects) {
      Rule rule = defect.rule();
      if (rule == Rule.FILE_UNKNOWN) {
        unknownFiles = defect.count();
        continue;
      }
      if (rule == Rule.DEID_AGE_LIMIT) {
        if (!deidentified || maxAge.isEmpty() || person == null) {
          throw cannot(rule, "it needs de-identified data under a policy with an age limit");
        }
        int year = person.table.indexOf(personYearColumn(person));
        targets.add(0, new Target(rule, person, Math.max(year, 0), defect.count()));
        continue;
      }
      if (rule == Rule.DEID_NOT_BLANKED && !deidentified) {
        throw cannot(rule, "it needs de-identified data (deidentified)");
      }
      Target target = choose(rule, ordered, defect.count());
      if (target == null) {
        throw cannot(rule, why(rule));
      }
      targets.add(target);
    }
  }

  private static String personYearColumn(TableShape person) {
    for (int c = 0; c < person.kinds.length; c++) {
      if (person.kinds[c] == TableShape.Kind.BIRTH_YEAR) {
        return person.columns[c].name();
      }
    }
    return "";
  }

  private static GenerateException cannot(Rule rule, String why) {
    return new GenerateException("cannot plant a " + rule.id() + " defect: " + why);
  }

  private static String why(Rule rule) {
    return switch (rule) {
      case TYPE_INTEGER -> "no generated table has an integer column free of keys and checks";
      case TYPE_FLOAT -> "no generated table has a float column free of checks";
      case TYPE_DATE -> "no generated table has a date column";
      case TYPE_DATETIME -> "no generated table has a datetime column";
      case TYPE_TIME -> "no generated table has a time column";
      case VALUE_REQUIRED -> "no generated table has a required column free of keys and checks";
      case VALUE_LENGTH -> "no generated table has a string column with a maxLength that is kept";
      case VALUE_CONCEPT -> "no generated table has a column with a concept set";
      case VALUE_PATTERN ->
          "no generated table has a column with a pattern (add its table to the tables to"
              + " generate)";
      case VALUE_RANGE -> "no generated table has a numeric column with a min or max";
      case KEY_DUPLICATE -> "no generated table has a primary key";
      case KEY_FOREIGN -> "no generated table has a foreign key that is not a person reference";
      case DEID_NOT_BLANKED -> "the policy blanks no column of a generated table";
      case CHECK_EXPRESSION ->
          "no generated table has a check of rule check.expression on a number column";
      default -> "it has no place in this contract";
    };
  }

  private static Target choose(Rule rule, List<TableShape> ordered, int count) {
    for (TableShape shape : ordered) {
      int column = column(rule, shape);
      if (column >= 0) {
        return new Target(rule, shape, column, count);
      }
    }
    return null;
  }

  /** The column of a table a defect of the rule goes into, or -1 when the table has none. */
  private static int column(Rule rule, TableShape s) {
    TableShape.Kind[] k = s.kinds;
    Column[] cols = s.columns;
    IntPredicate free =
        c ->
            !s.checked.contains(c)
                && k[c] != TableShape.Kind.KEY
                && k[c] != TableShape.Kind.COUNTER
                && k[c] != TableShape.Kind.PERSON_ID
                && k[c] != TableShape.Kind.BLANK
                && !k[c].name().startsWith("BIRTH");
    return switch (rule) {
      // A row too wide is not read: no other table may need its keys.
      case CSV_ROW_WIDTH -> s.referenced ? -1 : 0;
      case VALUE_REQUIRED ->
          first(s, c -> free.test(c) && cols[c].required() && !cols[c].type().isTemporal());
      case TYPE_INTEGER -> {
        int plain = first(s, c -> free.test(c) && k[c] == TableShape.Kind.INTEGER);
        yield plain >= 0
            ? plain
            : first(
                s,
                c ->
                    free.test(c)
                        && k[c] == TableShape.Kind.CONCEPT
                        && cols[c].concepts().isEmpty());
      }
      case TYPE_FLOAT -> first(s, c -> free.test(c) && k[c] == TableShape.Kind.FLOAT);
      case TYPE_DATE -> first(s, c -> k[c] == TableShape.Kind.DATE && datePattern(s, c));
      case TYPE_DATETIME ->
          first(
              s,
              c ->
                  (k[c] == TableShape.Kind.DATETIME || k[c] == TableShape.Kind.BIRTH_DATETIME)
                      && datePattern(s, c));
      case TYPE_TIME -> first(s, c -> k[c] == TableShape.Kind.TIME);
      case VALUE_LENGTH ->
          first(
              s,
              c ->
                  free.test(c)
                      && k[c] == TableShape.Kind.STRING
                      && cols[c].maxLength().isPresent()
                      && cols[c].pattern().isEmpty());
      case VALUE_CONCEPT ->
          first(
              s,
              c ->
                  !s.checked.contains(c)
                      && cols[c].concepts().isPresent()
                      && k[c] == TableShape.Kind.CONCEPT);
      case VALUE_PATTERN ->
          first(s, c -> free.test(c) && s.alternatives[c] != null && cols[c].pattern().isPresent());
      case VALUE_RANGE ->
          first(
              s,
              c ->
                  free.test(c)
                      && cols[c].type().isNumeric()
                      && (cols[c].max().isPresent() || cols[c].min().isPresent()));
      case KEY_DUPLICATE -> {
        if (s.table.primaryKey().isEmpty() || s.onePerPerson || s.personTable) {
          yield -1;
        }
        yield s.table.indexOf(s.table.primaryKey().get(0));
      }
      case KEY_FOREIGN -> {
        for (TableShape.Key key : s.keys) {
          if ((key.target() == TableShape.Target.PARENT
                  || key.target() == TableShape.Target.REFERENCE)
              && key.key().when().isEmpty()
              && key.columns().length == 1
              && s.columns[key.columns()[0]].type() == ColumnType.INTEGER
              && !s.table.primaryKey().contains(s.columns[key.columns()[0]].name())) {
            yield key.columns()[0];
          }
        }
        yield -1;
      }
      case DEID_NOT_BLANKED ->
          first(s, c -> k[c] == TableShape.Kind.BLANK && !s.checked.contains(c));
      case CHECK_EXPRESSION -> {
        for (Check check : s.checks) {
          if (!check.rule().equals(Rule.CHECK_EXPRESSION.id())) {
            continue;
          }
          for (String name : check.assertionExpression().columns()) {
            int c = s.table.indexOf(name);
            if ((k[c] == TableShape.Kind.INTEGER || k[c] == TableShape.Kind.FLOAT)
                && cols[c].min().isEmpty()
                && cols[c].max().isEmpty()) {
              yield c;
            }
          }
        }
        yield -1;
      }
      default -> -1;
    };
  }

  private static boolean datePattern(TableShape s, int c) {
    return s.forms[c] != null && s.forms[c].pattern().startsWith("YYYY-MM");
  }

  private static int first(TableShape s, IntPredicate wanted) {
    for (int c = 0; c < s.columns.length; c++) {
      if (wanted.test(c)) {
        return c;
      }
    }
    return -1;
  }

  /**
   * Whether the person at this 1-based index is to be older than the policy's age limit: the person
   * row it gets is where {@code deid.age-limit} is planted.
   */
  boolean oldPerson(long index) {
    for (Target target : targets) {
      if (target.rule == Rule.DEID_AGE_LIMIT) {
        return index % 2 == 0 && target.remaining > 0;
      }
    }
    return false;
  }

  /**
   * Writes an accepted row, planting the defect that is due in it, if any.
   *
   * @param number the row's 1-based number among the table's generated rows
   */
  void write(TableShape shape, CsvOut out, String[] row, long number) throws IOException {
    if (number % 2 == 0) {
      for (Target target : targets) {
        if (target.shape == shape && target.remaining > 0) {
          if (target.rule == Rule.CHECK_EXPRESSION) {
            String[] broken = breakCheck(target, row);
            if (broken == null) {
              break; // no value breaks the check alone in this row: the next row is tried
            }
            target.remaining--;
            record(
                target,
                out.row(broken),
                target.column + 1,
                target.shape.columns[target.column].name());
            return;
          }
          plant(target, out, row);
          return;
        }
      }
    }
    out.row(row);
  }

  /**
   * Numbers tried, in this order, to make a check fail: bounds such as {@code < 10} and {@code <
   * 180}.
   */
  private static final String[] BREAKERS = {
    "10", "180", "100", "1000", "0", "-1", "1", "999999", "10.5", "180.5", "0.0", "-1.0"
  };

  /**
   * The row with the target column set so that exactly the target's checks of rule {@code
   * check.expression} fail once and no other check fails, or null when no tried value does.
   */
  private String[] breakCheck(Target target, String[] row) {
    TableShape shape = target.shape;
    for (String value : BREAKERS) {
      if (shape.columns[target.column].type() == ColumnType.INTEGER && value.contains(".")) {
        continue;
      }
      String[] candidate = row.clone();
      candidate[target.column] = value;
      int failedExpression = 0;
      boolean otherFails = false;
      for (Check check : shape.checks) {
        if (check.whenExpression().isPresent()
            && check.whenExpression().get().evaluate(i -> candidate[i], asOf) != Truth.TRUE) {
          continue;
        }
        if (check.assertionExpression().evaluate(i -> candidate[i], asOf) == Truth.FALSE) {
          if (check.rule().equals(Rule.CHECK_EXPRESSION.id())) {
            failedExpression++;
          } else {
            otherFails = true;
          }
        }
      }
      if (failedExpression == 1 && !otherFails) {
        return candidate;
      }
    }
    return null;
  }

  private void plant(Target target, CsvOut out, String[] row) throws IOException {
    target.remaining--;
    int c = target.column;
    Column column = target.shape.columns[c];
    String[] values = row.clone();
    Rule rule = target.rule;
    switch (rule) {
      case KEY_DUPLICATE -> {
        out.row(values);
        record(target, out.row(values), c + 1, column.name());
        return;
      }
      case CSV_ROW_WIDTH -> {
        String[] wider = Arrays.copyOf(values, values.length + 1);
        wider[values.length] = "";
        record(target, out.row(wider), 0, "");
        return;
      }
      case DEID_AGE_LIMIT -> {
        record(target, out.row(values), c + 1, column.name());
        return;
      }
      case VALUE_REQUIRED -> values[c] = "";
      case TYPE_INTEGER -> values[c] = "12a";
      case TYPE_FLOAT -> values[c] = "1.2.3";
      case TYPE_DATE, TYPE_DATETIME -> {
        String valid = target.shape.forms[c].format(LocalDate.of(2020, 1, 1), 0, 0, 0, 0);
        values[c] = valid.substring(0, 5) + "13" + valid.substring(7);
      }
      case TYPE_TIME -> values[c] = "25:00:00";
      case VALUE_LENGTH -> values[c] = "S".repeat(column.maxLength().getAsInt() + 1);
      case VALUE_CONCEPT ->
          values[c] =
              Long.toString(target.shape.pools[c].outside(target.wanted - target.remaining));
      case VALUE_PATTERN -> values[c] = "syn-no-match";
      case VALUE_RANGE -> values[c] = outOfRange(column);
      case KEY_FOREIGN -> values[c] = ORPHAN;
      case DEID_NOT_BLANKED -> values[c] = "syn";
      default -> throw new IllegalStateException("no way to plant " + rule.id());
    }
    record(target, out.row(values), c + 1, column.name());
  }

  private static String outOfRange(Column column) {
    boolean integer = column.type() == ColumnType.INTEGER;
    if (column.max().isPresent()) {
      double max = Double.parseDouble(column.max().get());
      return integer ? Long.toString((long) Math.floor(max) + 1) : Double.toString(max + 1);
    }
    double min = Double.parseDouble(column.min().orElseThrow());
    return integer ? Long.toString((long) Math.ceil(min) - 1) : Double.toString(min - 1);
  }

  private void record(Target target, long line, int field, String columnName) {
    planted.add(new Planted(target.rule.id(), target.shape.file(), line, field, columnName));
  }

  /** Writes the planted unknown files into the export folder. */
  void unknownFiles(Path export) throws IOException {
    for (int i = 1; i <= unknownFiles; i++) {
      String name = UNKNOWN_FILE + i + ".txt";
      Files.writeString(export.resolve(name), "synthetic\n", StandardCharsets.UTF_8);
      planted.add(new Planted(Rule.FILE_UNKNOWN.id(), name, 0, 0, ""));
    }
  }

  /**
   * Checks that every defect found its rows.
   *
   * @throws GenerateException naming the defect whose table had too few rows
   */
  void finish() throws GenerateException {
    for (Target target : targets) {
      if (target.remaining > 0) {
        throw new GenerateException(
            "only "
                + (target.wanted - target.remaining)
                + " of "
                + target.wanted
                + " "
                + target.rule.id()
                + " defects could be planted: they go into every other row of "
                + target.shape.file()
                + ", which has too few rows; generate more persons");
      }
    }
  }

  /** Where the defects went, in the order they were planted. */
  List<Planted> planted() {
    return List.copyOf(planted);
  }
}
