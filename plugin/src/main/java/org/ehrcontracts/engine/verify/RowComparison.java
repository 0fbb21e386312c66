package org.ehrcontracts.engine.verify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.ehrcontracts.engine.problem.Severity;

/**
 * Each table's rows now and at the last upload: the section {@code previousUpload} of the reports.
 *
 * @param receipt the receipt compared with, as the user should see it
 * @param folder the bucket folder of that upload
 * @param uploaded when it started, ISO-8601, or empty if unknown
 * @param tables the contract's tables that were uploaded then or are in the export now, in contract
 *     order
 * @since 0.2.0
 */
public record RowComparison(
    String receipt, String folder, String uploaded, List<TableChange> tables) {

  /** Checks the parts and copies the list. */
  public RowComparison {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(uploaded, "uploaded");
    tables = List.copyOf(tables);
  }

  /**
   * A change in words: {@code -40 %}, {@code +150 %}, {@code -33.33 %}, {@code 0 %}; at most two
   * decimals.
   *
   * @since 0.2.0
   */
  public static String percent(double change) {
    BigDecimal rounded = BigDecimal.valueOf(change).setScale(2, RoundingMode.HALF_UP);
    if (rounded.signum() == 0) {
      return "0 %";
    }
    return (rounded.signum() > 0 ? "+" : "") + rounded.stripTrailingZeros().toPlainString() + " %";
  }

  /**
   * One table.
   *
   * @param table the contract table
   * @param file its file
   * @param before its rows at the last upload; empty when it was not uploaded then
   * @param after its rows now (0 when the export lacks the file)
   * @param present whether the export has the file now
   * @param change the change in percent of {@code before}; empty without a count then, or when
   *     there were none then and are some now
   * @param severity the {@code table.row-change} problem the change is, if it is one
   * @since 0.2.0
   */
  public record TableChange(
      String table,
      String file,
      OptionalLong before,
      long after,
      boolean present,
      OptionalDouble change,
      Optional<Severity> severity) {

    /** Checks the parts. */
    public TableChange {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(change, "change");
      Objects.requireNonNull(severity, "severity");
    }
  }
}
