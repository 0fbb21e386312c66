package org.ehrcontracts.engine.verify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.csv.CsvRecord;

/**
 * A foreign key's {@code when} compiled for the record loop: the condition column's position and
 * its values as numbers or bytes, so that testing a row parses no text and allocates nothing.
 *
 * <p>What a condition means is {@link ForeignKey.Condition#matches}'s, which de-identification
 * uses: this is its fast path for cells of ASCII text without doubled quotes, with the same answers
 * (surrounding blanks ignored); other cells go to {@code matches} itself.
 */
final class RowCondition {

  /** The condition column's position in the table, or -1 when the table lacks it. */
  final int column;

  private final boolean numeric;
  private final long[] numbers;
  private final byte[][] texts;
  private final ForeignKey.Condition condition;

  RowCondition(int column, ForeignKey.Condition condition) {
    this.column = column;
    this.condition = condition;
    this.numeric = condition.numeric();
    List<String> values = condition.values();
    this.numbers = numeric ? values.stream().mapToLong(Long::parseLong).toArray() : new long[0];
    this.texts =
        numeric
            ? new byte[0][]
            : values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  /** The key's condition, or null when it applies to every row. */
  static RowCondition of(ForeignKey key, Table table) {
    return key.when().map(c -> new RowCondition(table.indexOf(c.column()), c)).orElse(null);
  }

  /**
   * Whether the row is one the key applies to. A row without the condition column (a short row, or
   * a header without it, which is reported on its own) is not.
   */
  boolean holds(CsvRecord record, int[] fieldOf) {
    int f = column < 0 ? -1 : fieldOf[column];
    if (f < 0 || f >= record.size() || record.isEmpty(f)) {
      return false;
    }
    if (record.escaped(f) || !record.ascii(f)) {
      return condition.matches(record.text(f)); // rare, so allocate
    }
    byte[] bytes = record.buffer();
    int from = record.start(f);
    int to = record.end(f);
    while (from < to && Character.isWhitespace(bytes[from])) {
      from++;
    }
    while (to > from && Character.isWhitespace(bytes[to - 1])) {
      to--;
    }
    if (numeric) {
      long value = Values.parseLong(bytes, from, to);
      if (value == Values.NOT_A_LONG) {
        return false;
      }
      for (long number : numbers) {
        if (number == value) {
          return true;
        }
      }
      return false;
    }
    for (byte[] text : texts) {
      if (text.length == to - from
          && java.util.Arrays.equals(text, 0, text.length, bytes, from, to)) {
        return true;
      }
    }
    return false;
  }
}
