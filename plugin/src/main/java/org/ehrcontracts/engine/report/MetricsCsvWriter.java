package org.ehrcontracts.engine.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The scorecard of a verification as a small table, {@code metrics.csv}: one record per table and
 * metric (per column, for completeness), so that a site can collect its runs and plot its figures
 * quarter by quarter.
 *
 * <p>RFC 4180 (CRLF, quotes only where needed) with a header line: {@code date} (the day the run
 * started, UTC, {@code YYYY-MM-DD}), {@code export}, {@code table}, {@code metric}, {@code column}
 * (for completeness), {@code value} (up to six decimals; empty when not computed), {@code unit}
 * ({@code percent} or {@code count}), {@code target} (empty without one), {@code status} ({@code
 * met}, {@code missed}, {@code no-target} or {@code not-computed}). It holds figures and names,
 * never a cell value.
 *
 * @since 0.2.0
 */
public final class MetricsCsvWriter {

  /**
   * The report's file name.
   *
   * @since 0.2.0
   */
  public static final String FILE_NAME = "metrics.csv";

  static final String[] HEADER = {
    "date", "export", "table", "metric", "column", "value", "unit", "target", "status"
  };

  private static final CSVFormat FORMAT = CSVFormat.RFC4180;

  private MetricsCsvWriter() {}

  /**
   * Renders a verification's scorecard; a header line alone when it has none.
   *
   * @param result what verification found
   * @return the CSV text
   * @since 0.2.0
   */
  public static String render(VerifyResult result) {
    String date = result.started().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    StringBuilder out = new StringBuilder();
    try {
      FORMAT.printRecord(out, (Object[]) HEADER);
      for (TableScores table : result.scorecard().tables()) {
        for (Score score : table.scores()) {
          FORMAT.printRecord(
              out,
              date,
              result.export(),
              table.table(),
              score.metric().id(),
              score.column().orElse(""),
              number(score.value()),
              score.metric().percent() ? "percent" : "count",
              number(score.target()),
              score.status().label());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a StringBuilder does not fail", e);
    }
    return out.toString();
  }

  /** A number with at most six decimals and no trailing zeros ({@code 66.666667}, {@code 5}). */
  static String number(OptionalDouble value) {
    if (value.isEmpty()) {
      return "";
    }
    BigDecimal rounded =
        BigDecimal.valueOf(value.getAsDouble()).setScale(6, RoundingMode.HALF_EVEN);
    return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
  }
}
