package org.ehrcontracts.engine.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.expr.ColumnInfo;
import org.ehrcontracts.engine.expr.Expression;
import org.ehrcontracts.engine.expr.ExpressionException;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.DateTimePattern;
import org.ehrcontracts.engine.format.PatternException;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * Compiles the parts of a bound contract that have languages of their own, date patterns and check
 * expressions, so that their errors are contract problems found before any data is read, and keeps
 * what it compiled on the contract: runs and their threads share it (networknt compiles a schema
 * once in the same way), instead of compiling it again per table and run.
 */
final class CompiledParts {

  private CompiledParts() {}

  /**
   * The contract with its formats and expressions compiled, or, with problems added, one that is
   * not to be used.
   */
  static Contract compile(Contract contract, List<Problem> problems) {
    return compile(contract, problems, Set.of());
  }

  /**
   * As {@link #compile(Contract, List)}, leaving the checks of {@code incomplete} tables (a column
   * of theirs could not be bound, so their checks would report it as unknown) uncompiled.
   */
  static Contract compile(Contract contract, List<Problem> problems, Set<String> incomplete) {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (Table table : contract.tables().values()) {
      Map<String, ColumnInfo> columns = new HashMap<>();
      List<Column> compiledColumns = new ArrayList<>();
      for (int i = 0; i < table.columns().size(); i++) {
        Column column = table.columns().get(i);
        DateTimeFormats formats = null;
        if (column.type().isTemporal()) {
          formats = formats(column, problems);
        }
        columns.put(column.name(), new ColumnInfo(i, column.type(), formats));
        compiledColumns.add(formats == null ? column : column.withCompiledFormats(formats));
      }
      List<Check> compiledChecks = new ArrayList<>();
      for (Check check : table.checks()) {
        if (incomplete.contains(table.name())) {
          compiledChecks.add(check);
          continue;
        }
        Expression assertion = expression(check, check.assertion(), "assert", columns, problems);
        Optional<Expression> when =
            check.when().map(text -> expression(check, text, "when", columns, problems));
        compiledChecks.add(assertion == null ? check : check.withCompiled(assertion, when));
      }
      tables.put(table.name(), table.withCompiled(compiledColumns, compiledChecks));
    }
    return contract.withTables(tables);
  }

  private static DateTimeFormats formats(Column column, List<Problem> problems) {
    if (column.formats().isEmpty()) {
      return null; // the binder has reported the empty list
    }
    try {
      List<DateTimePattern> patterns =
          column.formats().stream().map(DateTimePattern::compile).toList();
      for (DateTimePattern pattern : patterns) {
        if (pattern.hasTime() != (column.type() == ColumnType.DATETIME)) {
          problems.add(
              Problem.of(
                  Rule.CONTRACT_INVALID_VALUE,
                  Severity.ERROR,
                  column.at(),
                  "format '"
                      + pattern.pattern()
                      + "' of column '"
                      + column.name()
                      + "' "
                      + (pattern.hasTime()
                          ? "has a time, but the column is a date"
                          : "has no time, but the column is a datetime")));
          return null;
        }
      }
      return DateTimeFormats.ofPatterns(patterns);
    } catch (PatternException e) {
      problems.add(
          Problem.of(
              Rule.CONTRACT_INVALID_VALUE,
              Severity.ERROR,
              column.at(),
              "a format of column '"
                  + column.name()
                  + "' is not a valid pattern: "
                  + e.getMessage()));
      return null;
    }
  }

  /** The compiled expression, or null (the problem added). */
  private static Expression expression(
      Check check,
      String text,
      String key,
      Map<String, ColumnInfo> columns,
      List<Problem> problems) {
    try {
      return Expression.parse(text, columns);
    } catch (ExpressionException e) {
      problems.add(
          Problem.of(
              Rule.CONTRACT_EXPRESSION,
              Severity.ERROR,
              check.at(),
              "check '"
                  + check.id()
                  + "': "
                  + key
                  + " does not compile at character "
                  + (e.offset() + 1)
                  + ": "
                  + e.getMessage()));
      return null;
    }
  }
}
