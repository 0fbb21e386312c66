package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongLongHashMap;
import java.time.LocalDate;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.TableReference;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.expr.Expression;
import org.ehrcontracts.engine.expr.RowValues;
import org.ehrcontracts.engine.expr.Truth;
import org.ehrcontracts.engine.format.ParsedDateTime;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * Checks the records of one part of one table file, one check family at a time: the scanner's
 * issues ({@link ScannerIssues}), the row's width and required cells (here), each cell's value
 * ({@link ValueChecks}, with {@link DeidChecks}), its concepts ({@link ConceptChecks}), its keys
 * ({@link RowKeys}), the contract's checks (here), its person's facts ({@link PersonFacts}) and its
 * scorecard counts ({@link MetricCounts}).
 *
 * <p>Everything it learns that other parts or tables need (key sets, births, deaths, deferred
 * foreign keys) it keeps locally; the verifier merges parts in file order when the file is done.
 * Messages name columns and rules, never values: at most a redacted shape.
 */
final class PartChecker implements RecordHandler {

  /** No key, no date: an empty cell, or one that is not a value of its type. */
  static final long NONE = Long.MIN_VALUE;

  final TablePlan plan;
  final ProblemCollector problems;
  final RowKeys keys;
  final PersonFacts persons;
  final ConceptChecks concepts;
  final MetricCounts metrics;
  long rows;

  private final RowProblems out;
  private final ScannerIssues issues;
  private final ValueChecks values;
  private final DeidChecks deid;
  private final int[] fieldOf;
  private final int headerWidth;
  private final boolean jagged;
  private final Severity required;
  private final Severity width;

  private CsvRecord current;
  private final RowValues cells =
      new RowValues() {
        @Override
        public CharSequence value(int column) {
          return valueOf(column);
        }

        @Override
        public ParsedDateTime parsed(int column) {
          return values.parsed(column);
        }

        @Override
        public long day(int column) {
          return values.days[column]; // NONE, Long.MIN_VALUE, where there is no valid date
        }

        @Override
        public long integer(int column) {
          // The type check has just parsed every integer cell of the row (a lookup's keys, a
          // reference's id, a concept compared): read its value instead of parsing again.
          return integral[column] ? values.integers[column] : RowValues.super.integer(column);
        }

        @Override
        public double number(int column) {
          // Parsed once a row: "x between l.low and l.high" and "x between 0 and 500" read it too.
          if (numberRow[column] != rows) {
            numbers[column] = RowValues.super.number(column);
            numberRow[column] = rows;
          }
          return numbers[column];
        }

        @Override
        public long referenced(int reference, long key) {
          LongLongHashMap map = referenced[reference];
          if (map == null) {
            return RowValues.ABSENT; // the table is not in the export, or its key column is not
          }
          // Rows of one person (one visit) usually follow each other: a miss in a map of every
          // person costs more than all the other checks of the row.
          if (lastKeys[reference] == key && lastKnown[reference]) {
            return lastValues[reference];
          }
          int slot = map.indexOf(key);
          long value = map.indexExists(slot) ? map.indexGet(slot) : RowValues.ABSENT;
          lastKeys[reference] = key;
          lastValues[reference] = value;
          lastKnown[reference] = true;
          return value;
        }
      };

  /** Per column, whether it is an integer column, whose cells the type check parses. */
  private final boolean[] integral;

  /** Per column, the row's value as a number, and the row ({@link #rows}) it was read on. */
  private final double[] numbers;

  private final long[] numberRow;

  /** The other tables' columns that this table's checks read, by reference id (null: none). */
  private final LongLongHashMap[] referenced;

  /** Per reference, the last key read and its value. */
  private final long[] lastKeys;

  private final long[] lastValues;
  private final boolean[] lastKnown;

  /**
   * This table's columns that other tables' checks read, by key, as {@link TablePlan#kept}: paid
   * from the run's budget, and refused over it (they cannot spill).
   */
  final PaidMap[] kept;

  /** The budget {@link #kept} is paid from, for the words of a refusal. */
  private final Memory keptBudget;

  private final TablePlan.CheckPlan[] checks;
  private final Expression.Evaluator[] assertions;
  private final Expression.Evaluator[] conditions;
  private final LocalDate asOf;

  PartChecker(TablePlan plan, ExportState state, int[] fieldOf, String[] headerNames, int samples) {
    this(plan, state, fieldOf, headerNames, samples, FileSpill.none(), 0);
  }

  /** A checker of part {@code part} of a file whose keys spill through {@code spill}. */
  PartChecker(
      TablePlan plan,
      ExportState state,
      int[] fieldOf,
      String[] headerNames,
      int samples,
      FileSpill spill,
      int part) {
    this.plan = plan;
    this.fieldOf = fieldOf;
    this.integral = new boolean[plan.columns.length];
    for (int c = 0; c < integral.length; c++) {
      integral[c] = plan.columns[c].type() == ColumnType.INTEGER;
    }
    this.numbers = new double[plan.columns.length];
    this.numberRow = new long[plan.columns.length];
    java.util.Arrays.fill(numberRow, -1);
    this.headerWidth = headerNames.length;
    this.jagged = plan.table.jaggedRows();
    this.out = new RowProblems(plan, samples);
    this.problems = out.collector;
    this.issues = new ScannerIssues(out, headerNames);
    this.deid = new DeidChecks(out, state, fieldOf);
    this.concepts = new ConceptChecks(out, fieldOf, plan.request.vocabulary().orElse(null));
    this.values = new ValueChecks(out, deid, concepts);
    this.keys = new RowKeys(out, state, fieldOf, spill, part, samples);
    this.persons = new PersonFacts(out, state, fieldOf, values, keys);
    this.metrics = new MetricCounts(plan, state, fieldOf, values, keys);
    required = plan.severity(Rule.VALUE_REQUIRED);
    width = plan.severity(Rule.CSV_ROW_WIDTH);
    referenced = new LongLongHashMap[plan.contract.references().size()];
    for (int r = 0; r < referenced.length; r++) {
      referenced[r] = state.referenced.get(r);
    }
    lastKeys = new long[referenced.length];
    lastValues = new long[referenced.length];
    lastKnown = new boolean[referenced.length];
    keptBudget = spill.budget.memory;
    kept = new PaidMap[plan.kept.length];
    for (int k = 0; k < kept.length; k++) {
      kept[k] = new PaidMap(spill.budget);
    }
    checks = plan.checks.toArray(TablePlan.CheckPlan[]::new);
    asOf = plan.request.asOf();
    assertions = new Expression.Evaluator[plan.checks.size()];
    conditions = new Expression.Evaluator[plan.checks.size()];
    for (int i = 0; i < assertions.length; i++) {
      TablePlan.CheckPlan check = plan.checks.get(i);
      assertions[i] = check.assertion().newEvaluator();
      conditions[i] = check.when() == null ? null : check.when().newEvaluator();
    }
  }

  /**
   * Lets go of what the scan of the part needed only while it ran: the last record (which holds the
   * scanner's buffer, a megabyte or more) and the buffers of the keys' runs. A large file has
   * hundreds of parts, kept until the file is done.
   */
  void scanned() {
    current = null;
    keys.closeRuns();
  }

  /**
   * Gives the memory of the maps paid from the budget back (the kept columns, the visits' spans,
   * the persons' facts): the part is not merged, as the file is read again.
   */
  void releaseMaps() {
    for (PaidMap map : kept) {
      map.close();
    }
    if (metrics.spans != null) {
      metrics.spans.close();
    }
    if (persons.birthYears != null) {
      persons.birthYears.close();
    }
    if (persons.deathDays != null) {
      persons.deathDays.close();
    }
  }

  @Override
  public void issue(CsvIssue issue, long line, int field) {
    issues.issue(issue, line, field);
  }

  @Override
  public void record(CsvRecord record) {
    issues.flush();
    rows++;
    current = record;
    int size = record.size();
    if (size != headerWidth && !fits(record)) {
      wrongWidth(record, size);
      return;
    }
    Column[] columns = plan.columns;
    long[] days = values.days;
    long[] integers = values.integers;
    long[] empty = metrics.missing;
    for (int c = 0; c < columns.length; c++) {
      days[c] = NONE;
      integers[c] = Values.NOT_A_LONG;
      int f = fieldOf[c];
      if (f < 0 || f >= size || record.isEmpty(f)) {
        empty[c]++; // for the scorecard's completeness: cheaper here than a loop of its own
        if (f >= 0 && columns[c].required() && required != null && out.wants(Rule.VALUE_REQUIRED)) {
          out.sample(
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
        deid.notBlank(record, c, f);
      }
      values.check(record, c, f);
    }
    if (concepts.active()) {
      concepts.row(record, integers);
    }
    keys.collect(record);
    if (deid.provesPersonIds()) {
      deid.personIds(record);
    }
    keys.foreignKeys(record);
    if (assertions.length > 0) {
      runChecks(record);
    }
    if (kept.length > 0) {
      keep(record);
    }
    if (plan.personColumn >= 0) {
      persons.row(record, rows);
    }
    if (plan.metrics.active) {
      metrics.row(record);
    }
  }

  private void wrongWidth(CsvRecord record, int size) {
    if (width != null && out.wants(Rule.CSV_ROW_WIDTH)) {
      out.row(
          Rule.CSV_ROW_WIDTH,
          width,
          record,
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
  }

  /** Whether a record has a width the checks accept (rows of another width are only counted). */
  boolean fits(CsvRecord record) {
    int size = record.size();
    return size == headerWidth || (jagged && size < headerWidth && trailingOptional(size));
  }

  private boolean trailingOptional(int size) {
    for (int c = 0; c < plan.columns.length; c++) {
      if (fieldOf[c] >= size && plan.columns[c].required()) {
        return false;
      }
    }
    return true;
  }

  /** The contract's own checks of the row: each assertion where its condition holds. */
  private void runChecks(CsvRecord record) {
    for (int i = 0; i < assertions.length; i++) {
      Expression.Evaluator condition = conditions[i];
      if (condition != null && condition.evaluate(cells, asOf) != Truth.TRUE) {
        continue;
      }
      if (assertions[i].evaluate(cells, asOf) == Truth.FALSE && problems.wants(checks[i].check())) {
        TablePlan.CheckPlan check = checks[i];
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

  /** Keeps the row's columns that other tables' checks read, by the row's key. */
  private void keep(CsvRecord record) {
    int kf = plan.keptKey < 0 ? -1 : fieldOf[plan.keptKey];
    int size = record.size();
    if (kf < 0 || kf >= size) {
      return;
    }
    long key = Values.parseLong(record.buffer(), record.start(kf), record.end(kf));
    if (key == Values.NOT_A_LONG) {
      return;
    }
    for (int k = 0; k < kept.length; k++) {
      int c = plan.keptColumns[k];
      int f = c < 0 ? -1 : fieldOf[c];
      if (f < 0 || f >= size || record.isEmpty(f)) {
        continue;
      }
      long value;
      switch (plan.kept[k].type()) {
        case INTEGER -> {
          value = Values.parseLong(record.buffer(), record.start(f), record.end(f));
          if (value == Values.NOT_A_LONG) {
            continue;
          }
        }
        case FLOAT -> {
          if (!Values.isFloat(record.buffer(), record.start(f), record.end(f))) {
            continue;
          }
          double number = Values.parseDouble(record.buffer(), record.start(f), record.end(f));
          value = Double.doubleToRawLongBits(number == 0 ? 0.0 : number);
        }
        default -> {
          value = values.days[c];
          if (value == NONE) {
            continue;
          }
        }
      }
      // One comparison a row: the budget is asked only when the map must grow, and the part's
      // keys spill to make room before the run is stopped.
      if (!kept[k].room() && !(keys.spillForRoom() && kept[k].room())) {
        throw keptOverBudget(plan, keptBudget, k, kept[k], rows);
      }
      kept[k].put(key, value);
    }
  }

  /**
   * The refusal of a kept column that needs more than the budget: the values other tables' checks
   * read by key cannot spill, as every row of those tables looks its key up.
   *
   * @param rows the rows read of the part (or of the file, when merged)
   */
  static NotEnoughMemoryException keptOverBudget(
      TablePlan plan, Memory budget, int k, PaidMap map, long rows) {
    TableReference reference = plan.kept[k];
    return new NotEnoughMemoryException(
        plan.file,
        rows,
        Runtime.getRuntime().maxMemory(),
        budget,
        true,
        String.format(
            java.util.Locale.ROOT,
            "the values of %s.%s that other tables' checks read (%,d kept, %,d MB)",
            reference.table(),
            reference.column(),
            map.size(),
            map.bytes() >> 20),
        null);
  }

  private CharSequence valueOf(int column) {
    int f = fieldOf[column];
    return f < 0 || f >= current.size() ? "" : current.text(f);
  }
}
