package org.ehrcontracts.engine.verify;

import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * The scanner's issues with the bytes of one part (quotes, line endings, encoding) as problems: the
 * {@code csv.*} rules and {@code file.encoding}.
 *
 * <p>Unquoted fields are reported once per record, at the first one, with a count of the others: a
 * row is what thresholds count and what the DRC's file check reports.
 */
final class ScannerIssues {

  private final RowProblems problems;
  private final TablePlan plan;
  private final String[] headerNames;

  private final Severity syntax;
  private final Severity unquoted;
  private final Severity lineEnding;
  private final Severity blankLine;
  private final Severity embedded;
  private final Severity encoding;

  private long unquotedLine = -1;
  private int unquotedField;
  private int unquotedMore;

  ScannerIssues(RowProblems problems, String[] headerNames) {
    this.problems = problems;
    this.plan = problems.plan;
    this.headerNames = headerNames;
    syntax = plan.severity(Rule.CSV_SYNTAX);
    unquoted = plan.severity(Rule.CSV_UNQUOTED);
    lineEnding = plan.severity(Rule.CSV_LINE_ENDING);
    blankLine = plan.severity(Rule.CSV_BLANK_LINE);
    embedded = plan.severity(Rule.CSV_EMBEDDED_NEWLINE);
    encoding = plan.severity(Rule.FILE_ENCODING);
  }

  /** An issue at a line and a 1-based field (0 when it is the line's). */
  void issue(CsvIssue issue, long line, int field) {
    if (issue == CsvIssue.UNQUOTED_FIELD) {
      if (unquoted != null) {
        if (unquotedLine == line) {
          unquotedMore++;
        } else {
          flush();
          unquotedLine = line;
          unquotedField = field;
          unquotedMore = 0;
        }
      }
      return;
    }
    Rule rule = ruleOf(issue);
    Severity severity =
        switch (issue) {
          case UNCLOSED_QUOTE, UNCLOSED_AT_LINE_END, STRAY_QUOTE -> syntax;
          case EMBEDDED_NEWLINE -> embedded;
          case BLANK_LINE -> blankLine;
          case LINE_ENDING, LONE_CR -> lineEnding;
          case UNQUOTED_FIELD -> unquoted;
          case INVALID_UTF8, NUL_BYTE -> encoding;
        };
    if (severity != null && problems.wants(rule)) {
      String column = column(field);
      problems.collector.add(
          rule,
          severity,
          Location.of(plan.file, line, Math.max(field, 0)),
          column,
          null,
          message(issue, where(column, field), 0, plan.contract.dialect()));
    }
  }

  /** Reports the unquoted fields of the record the scanner has just finished, if any. */
  void flush() {
    if (unquotedLine < 0) {
      return;
    }
    long line = unquotedLine;
    unquotedLine = -1;
    if (problems.wants(Rule.CSV_UNQUOTED)) {
      String column = column(unquotedField);
      problems.collector.add(
          Rule.CSV_UNQUOTED,
          unquoted,
          Location.of(plan.file, line, unquotedField),
          column,
          null,
          message(
              CsvIssue.UNQUOTED_FIELD,
              where(column, unquotedField),
              unquotedMore,
              plan.contract.dialect()));
    }
  }

  private String column(int field) {
    return field > 0 && field <= headerNames.length ? headerNames[field - 1] : null;
  }

  private static String where(String column, int field) {
    return column == null ? "field " + field : "column '" + column + "'";
  }

  /** The rule id a scanner issue is reported under. */
  static Rule ruleOf(CsvIssue issue) {
    return switch (issue) {
      case UNCLOSED_QUOTE, UNCLOSED_AT_LINE_END, STRAY_QUOTE -> Rule.CSV_SYNTAX;
      case EMBEDDED_NEWLINE -> Rule.CSV_EMBEDDED_NEWLINE;
      case BLANK_LINE -> Rule.CSV_BLANK_LINE;
      case LINE_ENDING, LONE_CR -> Rule.CSV_LINE_ENDING;
      case UNQUOTED_FIELD -> Rule.CSV_UNQUOTED;
      case INVALID_UTF8, NUL_BYTE -> Rule.FILE_ENCODING;
    };
  }

  /**
   * What to say of a scanner issue.
   *
   * @param where the field it is in, such as {@code column 'person_id'} or {@code header field 2}
   * @param more for unquoted fields, how many more fields of the line are unquoted
   */
  static String message(CsvIssue issue, String where, int more, Dialect dialect) {
    return switch (issue) {
      case UNCLOSED_QUOTE ->
          "a quote opened in " + where + " is never closed; the field runs to the end of the file";
      case UNCLOSED_AT_LINE_END ->
          "a quote opened in "
              + where
              + " is not closed before the line ends, and the next line starts a new field;"
              + " the field is taken to end with its line";
      case STRAY_QUOTE ->
          "stray double quote in " + where + "; a quote inside a field must be doubled";
      case EMBEDDED_NEWLINE ->
          where + " contains a line break; replace line breaks in values with spaces";
      case BLANK_LINE -> "blank line; a table without data is a header line alone";
      case LINE_ENDING ->
          "the line ends in "
              + (dialect.lineEnding() == Dialect.LineEnding.CRLF
                  ? "LF; the contract wants CRLF"
                  : "CRLF; the contract wants LF");
      case UNQUOTED_FIELD ->
          where
              + (more == 0
                  ? " is"
                  : " and " + more + (more == 1 ? " more field are" : " more fields are"))
              + " not enclosed in double quotes; the contract wants every field quoted";
      case INVALID_UTF8 ->
          where
              + " holds bytes that are not UTF-8 (perhaps Latin-1 or Windows-1252); save the file as UTF-8";
      case NUL_BYTE ->
          where
              + " holds a NUL byte (0x00), which no text holds and BigQuery refuses; remove it"
              + " (a file saved as UTF-16 is full of them)";
      case LONE_CR ->
          "a carriage return (CR) without a line feed ends or splits the line (an old Mac line"
              + " ending, or CR CR LF); end every line with "
              + switch (dialect.lineEnding()) {
                case LF -> "LF";
                case CRLF -> "CRLF";
                default -> "LF or CRLF";
              };
    };
  }
}
