package org.ehrcontracts.bench;

import com.carrotsearch.hppc.LongLongHashMap;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.expr.Expression;
import org.ehrcontracts.engine.expr.RowValues;
import org.ehrcontracts.engine.format.ParsedDateTime;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * What each check of {@code aou-ehr-alpha-checks} costs to evaluate on its own, warm, apart from
 * the rest of a verify: the figure beside {@link VerifyBenchmark}'s {@code checks ratio}, which
 * measures them as users meet them.
 *
 * <p>Reads the first rows of the benchmark export's {@code measurement.csv} into memory, parsed as
 * the verifier hands them to the checks (whole numbers, numbers, epoch days and parsed dates), and
 * the persons' years of birth for {@code person.year_of_birth}; then evaluates each measurement
 * check over the rows, and all of them row by row, and prints nanoseconds per evaluation: over 2
 * 000 rows (in the processor's caches) and over all the rows read. Arguments as {@link
 * VerifyBenchmark}'s; {@code -Dbench.contract} names another contract.
 */
public final class CheckBenchmark {

  /** Rows evaluated: few enough that their values stay in the caches, as a verify's row does. */
  private static final int ROWS = 2_000;

  private CheckBenchmark() {}

  /** Arguments: {@code [measurementRows] [persons] [directory]}. */
  public static void main(String[] args) throws Exception {
    long measurements = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
    int persons = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Path root = Path.of(args.length > 2 ? args[2] : "target/benchmark");
    Path export = BenchmarkExport.prepare(root, persons, measurements);
    String name = System.getProperty("bench.contract", "");
    Contract contract =
        new ContractLoader(
                new StandardContractSource(Path.of("."), CheckBenchmark.class.getClassLoader()))
            .load(
                name.isBlank() || name.equals("aou-ehr-alpha")
                    ? "src/test/resources/bench/aou-ehr-alpha-checks.yaml"
                    : name);
    Table table = contract.tables().get("measurement");
    Rows rows = Rows.read(export, table, (int) Math.min(ROWS, measurements));
    List<Check> checks = table.checks();
    Expression.Evaluator[] evaluators = new Expression.Evaluator[checks.size()];
    for (int i = 0; i < evaluators.length; i++) {
      evaluators[i] = checks.get(i).assertionExpression().newEvaluator();
    }
    LocalDate asOf = LocalDate.of(2017, 12, 1);
    long sink = 0;
    int size = rows.size;
    int passes = Math.max(1, 20_000_000 / (size * evaluators.length));
    for (int round = 0; round < 3; round++) {
      boolean print = round == 2; // the first two rounds warm the JIT
      double alone = 0;
      for (int k = 0; k < evaluators.length; k++) {
        long t0 = System.nanoTime();
        for (int p = 0; p < passes; p++) {
          for (int r = 0; r < size; r++) {
            rows.at = r;
            sink += evaluators[k].evaluate(rows, asOf).ordinal();
          }
        }
        double ns = (System.nanoTime() - t0) / ((double) passes * size);
        alone += ns;
        if (print) {
          System.out.printf(Locale.ROOT, "check %-36s %6.1f ns%n", checks.get(k).id(), ns);
        }
      }
      long t0 = System.nanoTime();
      for (int p = 0; p < passes; p++) {
        for (int r = 0; r < size; r++) {
          rows.at = r;
          for (Expression.Evaluator evaluator : evaluators) {
            sink += evaluator.evaluate(rows, asOf).ordinal();
          }
        }
      }
      double row = (System.nanoTime() - t0) / ((double) passes * size);
      if (print) {
        System.out.printf(
            Locale.ROOT,
            "checks %d: %.1f ns a row one after the other (%.1f ns each alone), over %,d rows%n",
            evaluators.length,
            row,
            alone,
            size);
      }
    }
    if (sink == 42) {
      System.out.println(); // keeps the evaluations from being optimised away
    }
  }

  /** The rows, parsed as the verifier hands them to the checks, and the row being evaluated. */
  private static final class Rows implements RowValues {
    int at;
    final int size;
    private final String[][] cells;
    private final long[][] integers;
    private final double[][] numbers;
    private final long[][] days;
    private final ParsedDateTime[][] parsed;
    private final LongLongHashMap birthYears = new LongLongHashMap();
    private long lastKey = Long.MIN_VALUE;
    private long lastValue;

    private Rows(int size, int width) {
      this.size = size;
      cells = new String[size][width];
      integers = new long[size][width];
      numbers = new double[size][width];
      days = new long[size][width];
      parsed = new ParsedDateTime[size][width];
    }

    static Rows read(Path export, Table table, int size) throws IOException {
      List<Column> columns = table.columns();
      Rows rows = new Rows(size, columns.size());
      try (CsvReader<CsvRecord> reader =
          CsvReader.builder().ofCsvRecord(export.resolve("measurement.csv"))) {
        int r = -1; // the header
        for (CsvRecord record : reader) {
          if (r >= 0) {
            rows.parse(r, record, columns);
          }
          if (++r == size) {
            break;
          }
        }
      }
      try (CsvReader<CsvRecord> reader =
          CsvReader.builder().ofCsvRecord(export.resolve("person.csv"))) {
        boolean header = true;
        for (CsvRecord record : reader) {
          if (!header) {
            rows.birthYears.put(
                Long.parseLong(record.getField(0)), Long.parseLong(record.getField(2)));
          }
          header = false;
        }
      }
      return rows;
    }

    private void parse(int r, CsvRecord record, List<Column> columns) {
      for (int c = 0; c < columns.size(); c++) {
        String cell = record.getField(c);
        cells[r][c] = cell;
        integers[r][c] = Long.MIN_VALUE;
        numbers[r][c] = Double.NaN;
        days[r][c] = Long.MIN_VALUE;
        if (cell.isEmpty()) {
          continue;
        }
        Column column = columns.get(c);
        try {
          if (column.type() == ColumnType.INTEGER) {
            integers[r][c] = Long.parseLong(cell);
          } else if (column.type() == ColumnType.FLOAT) {
            numbers[r][c] = Double.parseDouble(cell);
          }
        } catch (NumberFormatException e) {
          continue; // not a value of its type: the checks find none, as in a verify
        }
        if (column.type() == ColumnType.INTEGER || column.type() == ColumnType.FLOAT) {
          continue;
        } else if (column.type().isTemporal()) {
          ParsedDateTime value = new ParsedDateTime();
          if (column.dateTimeFormats().parse(cell, value) >= 0) {
            parsed[r][c] = value;
            days[r][c] = value.epochDay();
          }
        }
      }
    }

    @Override
    public CharSequence value(int index) {
      return cells[at][index];
    }

    @Override
    public ParsedDateTime parsed(int index) {
      return parsed[at][index];
    }

    @Override
    public long day(int index) {
      return days[at][index];
    }

    @Override
    public long integer(int index) {
      return integers[at][index];
    }

    @Override
    public double number(int index) {
      return numbers[at][index];
    }

    /** Every reference reads the person's year of birth: the one the benchmark contract has. */
    @Override
    public long referenced(int reference, long key) {
      // Remembering the last key, as the verifier does: rows of one person follow each other.
      if (key != lastKey) {
        int slot = birthYears.indexOf(key);
        lastValue = birthYears.indexExists(slot) ? birthYears.indexGet(slot) : ABSENT;
        lastKey = key;
      }
      return lastValue;
    }
  }
}
