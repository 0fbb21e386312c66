package org.ehrcontracts.engine.verify;

import java.util.ArrayList;
import java.util.List;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.export.HeaderMatch;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/** Reads the header line and maps the contract's columns to its fields. */
final class HeaderReader implements RecordHandler {
  private final TablePlan plan;
  private final ProblemCollector problems;

  /** The header's scanner issues, reported once the names are known: kind, line, field. */
  private final List<long[]> pending = new ArrayList<>();

  String[] names;

  HeaderReader(TablePlan plan, ProblemCollector problems) {
    this.plan = plan;
    this.problems = problems;
  }

  @Override
  public void record(CsvRecord record) {
    names = new String[record.size()];
    for (int i = 0; i < record.size(); i++) {
      names[i] = printable(record.text(i).toString().trim());
    }
    int unquotedField = 0;
    int unquotedMore = 0;
    long unquotedLine = 0;
    for (long[] issue : pending) {
      CsvIssue kind = CsvIssue.values()[(int) issue[0]];
      int field = (int) issue[2];
      if (kind == CsvIssue.UNQUOTED_FIELD) {
        if (unquotedField == 0) {
          unquotedField = field;
          unquotedLine = issue[1];
        } else {
          unquotedMore++;
        }
        continue;
      }
      report(kind, issue[1], field, 0);
    }
    if (unquotedField > 0) {
      report(CsvIssue.UNQUOTED_FIELD, unquotedLine, unquotedField, unquotedMore);
    }
  }

  /** The name with control characters escaped, so that every problem stays on one line. */
  private static String printable(String name) {
    StringBuilder text = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\n') {
        text.append("\\n");
      } else if (c == '\r') {
        text.append("\\r");
      } else if (c < 0x20 || c == 0x7f) {
        text.append('?');
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  @Override
  public void issue(CsvIssue issue, long line, int field) {
    if (issue == CsvIssue.BLANK_LINE) {
      report(issue, line, 0, 0);
    } else {
      pending.add(new long[] {issue.ordinal(), line, field});
    }
  }

  private void report(CsvIssue issue, long line, int field, int more) {
    Rule rule = ScannerIssues.ruleOf(issue);
    Severity severity = plan.severity(rule);
    if (severity == null || !problems.wants(rule)) {
      return;
    }
    // A header name is shown only when it is a contract column: a file without its header
    // line has data on line 1.
    String name = names != null && field > 0 && field <= names.length ? names[field - 1] : null;
    boolean known = name != null && plan.table.indexOf(name) >= 0;
    String where = known ? "header column '" + name + "'" : "header field " + field;
    problems.add(
        rule,
        severity,
        Location.of(plan.file, line, field),
        known ? name : null,
        null,
        ScannerIssues.message(issue, where, more, plan.contract.dialect()));
  }

  /** Maps columns to fields by name, reporting header problems. */
  int[] mapping() {
    List<String> expected = plan.table.columns().stream().map(c -> c.name()).toList();
    List<String> absent = new ArrayList<>(expected);
    absent.removeAll(List.of(names));
    HeaderMatch match =
        HeaderMatch.of(plan.table, List.of(names), plan.contract.dialect().strictColumnOrder());
    if (match.namesNoColumn()) {
      // Not one contract column: most likely the header line is missing and line 1 is data,
      // so its fields are not shown.
      header(
          Rule.HEADER_MISSING_COLUMN,
          0,
          null,
          "line 1 names none of the "
              + expected.size()
              + " columns of table '"
              + plan.table.name()
              + "'; is the header line missing?");
      int[] none = new int[expected.size()];
      java.util.Arrays.fill(none, -1);
      return none;
    }
    List<Integer> duplicates = match.duplicates();
    List<Integer> unknown = match.unknown();
    for (int i = 0; i < names.length; i++) {
      if (duplicates.contains(i)) {
        String shown = shown(names[i], absent);
        header(
            Rule.HEADER_DUPLICATE_COLUMN,
            i + 1,
            shown,
            (shown != null
                    ? "column '" + shown + "'"
                    : "header field " + (i + 1) + redacted(names[i]))
                + " appears twice in the header (also at position "
                + (match.firstPosition(names[i]) + 1)
                + ")");
      } else if (unknown.contains(i)) {
        String shown = shown(names[i], absent);
        header(
            Rule.HEADER_UNKNOWN_COLUMN,
            i + 1,
            shown,
            (shown != null
                    ? "header column '" + shown + "'"
                    : "header field " + (i + 1) + redacted(names[i]))
                + " is not a column of table '"
                + plan.table.name()
                + "'"
                + (shown != null
                    ? org.ehrcontracts.engine.util.Suggestions.hint(names[i], absent)
                    : ""));
      }
    }
    for (int c : match.missing()) {
      header(
          Rule.HEADER_MISSING_COLUMN,
          0,
          expected.get(c),
          "column '"
              + expected.get(c)
              + "' of table '"
              + plan.table.name()
              + "' is missing from the header");
    }
    int i = match.outOfOrder();
    if (i >= 0) {
      header(
          Rule.HEADER_ORDER,
          i + 1,
          names[i],
          "header column '"
              + names[i]
              + "' is out of order: the contract puts '"
              + expected.get(i)
              + "' at position "
              + (i + 1)
              + " (columns are loaded by position)");
    }
    return match.fieldOf();
  }

  /**
   * A header name as a message may show it, or null. A header cell is data when the header line is
   * missing (a street address, an id, a birth date on line 1), so only names that read as column
   * names are shown: a column of the contract, a near miss of one of this table's absent columns,
   * or a lower-case snake_case word; anything else is shown as its redacted shape.
   */
  private String shown(String name, List<String> absent) {
    if (name.length() > 64 || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
      return null;
    }
    boolean column = plan.contract.tables().values().stream().anyMatch(t -> t.indexOf(name) >= 0);
    boolean nearMiss = !org.ehrcontracts.engine.util.Suggestions.hint(name, absent).isEmpty();
    boolean snake = name.matches("[a-z][a-z0-9]*(_[a-z0-9]+)+");
    return column || nearMiss || snake ? name : null;
  }

  private static String redacted(String name) {
    return " (shaped '" + org.ehrcontracts.engine.problem.Redaction.shape(name) + "')";
  }

  private void header(Rule rule, int field, String column, String message) {
    Severity severity = plan.severity(rule);
    if (severity != null && problems.wants(rule)) {
      problems.add(
          rule, severity, Location.of(plan.file, 1, field), column, plan.table.at(), message);
    }
  }
}
