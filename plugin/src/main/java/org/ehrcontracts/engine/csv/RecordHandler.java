package org.ehrcontracts.engine.csv;

/**
 * Receives what the scanner finds: records, and issues with the bytes.
 *
 * @since 0.1.0
 */
public interface RecordHandler {

  /** A record; the instance is reused after the call returns. */
  void record(CsvRecord record);

  /**
   * An issue found at a physical line and a 1-based field position (0 when it concerns the line).
   */
  void issue(CsvIssue issue, long line, int field);
}
