package org.ehrcontracts.engine.contract;

/**
 * The CSV dialect of an export's files.
 *
 * @param delimiter separates fields
 * @param quote encloses fields; doubled inside a field to stand for itself
 * @param quoteAll every field, the header's included, must be quoted
 * @param header the first line names the columns
 * @param strictColumnOrder the header must list the columns in the contract's order
 * @param lineEnding how every line must end
 * @param bomAllowed a UTF-8 byte-order mark may start a file
 * @param jaggedRows rows may leave out trailing columns that are not required (tables may override)
 * @param embeddedNewlines quoted fields may contain line breaks
 * @param blankLines empty lines may stand between records
 * @since 0.1.0
 */
public record Dialect(
    char delimiter,
    char quote,
    boolean quoteAll,
    boolean header,
    boolean strictColumnOrder,
    LineEnding lineEnding,
    boolean bomAllowed,
    boolean jaggedRows,
    boolean embeddedNewlines,
    boolean blankLines) {

  /** The defaults of the language: RFC 4180 with optional quoting and any line ending. */
  public static final Dialect DEFAULT =
      new Dialect(',', '"', false, true, true, LineEnding.ANY, false, false, false, false);

  /** How lines must end. */
  public enum LineEnding {
    /** Carriage return and line feed, as RFC 4180 says. */
    CRLF,
    /** Line feed only. */
    LF,
    /** Either, even mixed. */
    ANY
  }
}
