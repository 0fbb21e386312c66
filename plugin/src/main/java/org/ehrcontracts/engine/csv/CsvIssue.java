package org.ehrcontracts.engine.csv;

/**
 * What the scanner can find wrong with the bytes of a CSV file, below the level of values.
 *
 * @since 0.1.0
 */
public enum CsvIssue {
  /** A quoted field that never closes before the end of the data. */
  UNCLOSED_QUOTE,
  /**
   * A quoted field whose line ends before its closing quote, where the dialect forbids line breaks
   * in fields and the next line starts with a new field: the quote is taken as never closed, and
   * the field as ending with its line, so that the lines after it are read as their own records.
   */
  UNCLOSED_AT_LINE_END,
  /** A quote inside an unquoted field, or text after a closing quote. */
  STRAY_QUOTE,
  /** A line break inside a quoted field, where the dialect forbids them. */
  EMBEDDED_NEWLINE,
  /** An empty line, where the dialect forbids them. */
  BLANK_LINE,
  /** A line that does not end as the dialect says. */
  LINE_ENDING,
  /** A field without quotes, where the dialect wants every field quoted. */
  UNQUOTED_FIELD,
  /** Bytes that are not valid UTF-8. */
  INVALID_UTF8,
  /** A NUL byte (0x00), which no text value holds and BigQuery refuses. */
  NUL_BYTE,
  /** A carriage return not followed by a line feed: an old Mac line ending, or CR CR LF. */
  LONE_CR
}
