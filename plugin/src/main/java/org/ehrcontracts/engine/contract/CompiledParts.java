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
import org.ehrcontracts.engine.expr.Qualified;
import org.ehrcontracts.engine.expr.Qualifiers;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.DateTimePattern;
import org.ehrcontracts.engine.format.PatternException;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;
import org.ehrcontracts.engine.util.Suggestions;

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
    Map<String, TableReference> references = new LinkedHashMap<>();
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
      Qualifiers qualifiers = qualifiers(contract, table, columns, references);
      for (Check check : table.checks()) {
        if (incomplete.contains(table.name())) {
          compiledChecks.add(check);
          continue;
        }
        Expression assertion =
            expression(check, check.assertion(), "assert", columns, qualifiers, problems);
        Optional<Expression> when =
            check
                .when()
                .map(text -> expression(check, text, "when", columns, qualifiers, problems));
        compiledChecks.add(assertion == null ? check : check.withCompiled(assertion, when));
      }
      tables.put(table.name(), table.withCompiled(compiledColumns, compiledChecks));
    }
    return contract.withTables(tables, List.copyOf(references.values()));
  }

  /**
   * What {@code name.column} means in a check of {@code table}: a lookup's value for the row's key
   * columns, or a column of a table that the row references through a single-column foreign key to
   * its single-column primary key (numbered in {@code references} as first read).
   */
  private static Qualifiers qualifiers(
      Contract contract,
      Table table,
      Map<String, ColumnInfo> columns,
      Map<String, TableReference> references) {
    return (name, column) -> {
      Lookup lookup = contract.lookups().get(name);
      if (lookup != null) {
        return lookupValue(lookup, column, table, columns);
      }
      Table target = contract.tables().get(name);
      if (target == null) {
        List<String> known = new ArrayList<>(contract.lookups().keySet());
        known.addAll(contract.tables().keySet());
        throw new ExpressionException(
            "unknown lookup or table '" + name + "'" + Suggestions.hint(name, known), 0);
      }
      if (target.name().equals(table.name())) {
        throw new ExpressionException(
            "'"
                + name
                + "."
                + column
                + "' names the row's own table; write the column alone: "
                + column,
            0);
      }
      if (target.primaryKey().size() != 1) {
        throw new ExpressionException(
            "table '" + name + "' has no single-column primaryKey for a row to reference", 0);
      }
      String key = target.primaryKey().get(0);
      String through = referencingColumn(table, name, key);
      Column read =
          target.columns().stream().filter(c -> c.name().equals(column)).findFirst().orElse(null);
      if (read == null) {
        throw new ExpressionException(
            "table '"
                + name
                + "' has no column '"
                + column
                + "'"
                + Suggestions.hint(column, BinderSupport.columnNames(target)),
            0);
      }
      ColumnType type = read.type();
      if (type != ColumnType.INTEGER
          && type != ColumnType.FLOAT
          && type != ColumnType.DATE
          && type != ColumnType.DATETIME) {
        throw new ExpressionException(
            "column '"
                + column
                + "' of table '"
                + name
                + "' is "
                + type.keyword()
                + "; a check reads integer, float, date and datetime columns of another table",
            0);
      }
      ColumnInfo via = columns.get(through);
      if (via == null || via.type() != ColumnType.INTEGER) {
        throw new ExpressionException(
            "column '"
                + through
                + "' of table '"
                + table.name()
                + "' must be an integer to read"
                + " table '"
                + name
                + "' through it",
            0);
      }
      TableReference reference =
          references.computeIfAbsent(
              name + "." + column,
              k -> new TableReference(references.size(), name, key, column, type));
      return Qualified.reference(type, via.index(), reference.id());
    };
  }

  private static Qualified lookupValue(
      Lookup lookup, String column, Table table, Map<String, ColumnInfo> columns)
      throws ExpressionException {
    int value = lookup.table().valueNames().indexOf(column);
    if (value < 0) {
      throw new ExpressionException(
          "lookup '"
              + lookup.name()
              + "' has no value '"
              + column
              + "'"
              + Suggestions.hint(column, lookup.table().valueNames())
              + "; its values are "
              + String.join(", ", lookup.table().valueNames()),
          0);
    }
    int[] keys = new int[lookup.keys().size()];
    for (int k = 0; k < keys.length; k++) {
      String key = lookup.keys().get(k);
      ColumnInfo info = columns.get(key);
      if (info == null || info.type() != ColumnType.INTEGER) {
        throw new ExpressionException(
            "lookup '"
                + lookup.name()
                + "' is keyed by "
                + String.join(", ", lookup.keys())
                + ", but table '"
                + table.name()
                + "' has "
                + (info == null
                    ? "no column '" + key + "'"
                    : "'" + key + "' as " + info.type().keyword())
                + "; its key columns must be integer columns of the row",
            0);
      }
      keys[k] = info.index();
    }
    return Qualified.lookup(lookup.table(), value, keys);
  }

  /** The one column of {@code table} that references {@code target.key}. */
  private static String referencingColumn(Table table, String target, String key)
      throws ExpressionException {
    List<String> through = new ArrayList<>();
    for (ForeignKey foreignKey : table.foreignKeys()) {
      if (foreignKey.table().equals(target)
          && foreignKey.columns().size() == 1
          && foreignKey.referencedColumns().equals(List.of(key))
          && foreignKey.when().isEmpty()) {
        through.add(foreignKey.columns().get(0));
      }
    }
    if (through.size() == 1) {
      return through.get(0);
    }
    if (through.contains(key)) {
      return key; // visit_occurrence_id, not preceding_visit_occurrence_id
    }
    if (through.isEmpty()) {
      throw new ExpressionException(
          "table '"
              + table.name()
              + "' has no column that references "
              + target
              + "."
              + key
              + " (references: "
              + target
              + "."
              + key
              + "), so its rows have no "
              + target
              + " row to read",
          0);
    }
    throw new ExpressionException(
        "columns "
            + String.join(", ", through)
            + " of table '"
            + table.name()
            + "' all reference "
            + target
            + "."
            + key
            + ", and none is named "
            + key
            + "; the row's "
            + target
            + " row is not clear",
        0);
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
      Qualifiers qualifiers,
      List<Problem> problems) {
    try {
      return Expression.parse(text, columns, qualifiers);
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
