package org.ehrcontracts.engine.contract;

/**
 * How many breaking rows a rule tolerates in a file before it fails it.
 *
 * @since 0.1.0
 */
public sealed interface Threshold permits Threshold.Rows, Threshold.Percent {

  /** Whether {@code failing} rows out of {@code total} exceed the threshold. */
  boolean exceeded(long failing, long total);

  /** More than {@code rows} rows. */
  record Rows(long rows) implements Threshold {
    @Override
    public boolean exceeded(long failing, long total) {
      return failing > rows;
    }
  }

  /** More than {@code percent} percent of the file's data rows. */
  record Percent(double percent) implements Threshold {
    @Override
    public boolean exceeded(long failing, long total) {
      return total == 0 ? failing > 0 : failing * 100.0 / total > percent;
    }
  }
}
