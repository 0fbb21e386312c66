package org.ehrcontracts.engine.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;

/**
 * A table of the export: one file, its columns, keys and checks.
 *
 * @param name the table name
 * @param description what it holds
 * @param file the file name in the export
 * @param presence whether the file must be there
 * @param columns the columns in file order
 * @param primaryKey the columns whose values are unique together (empty for none)
 * @param foreignKeys every foreign key, the single-column ones of {@code references:} included
 * @param jaggedRows rows may leave out trailing columns that are not required
 * @param identifying the table identifies people by its nature (names, addresses, record numbers):
 *     it is never written to de-identified output
 * @param checks the cross-field checks
 * @param rules rule settings for this table only
 * @param metrics the columns its scorecard metrics read, and its own targets (since 0.2.0)
 * @param at where the contract declares it
 * @since 0.1.0
 */
public record Table(
    String name,
    Optional<String> description,
    String file,
    Presence presence,
    List<Column> columns,
    List<String> primaryKey,
    List<ForeignKey> foreignKeys,
    boolean jaggedRows,
    boolean identifying,
    List<Check> checks,
    Map<String, RuleSetting> rules,
    TableMetrics metrics,
    Location at) {

  /** Copies the collections. */
  public Table {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    foreignKeys = List.copyOf(foreignKeys);
    checks = List.copyOf(checks);
    rules = Map.copyOf(rules);
  }

  /** The same table with other (compiled) columns and checks. */
  Table withCompiled(List<Column> compiledColumns, List<Check> compiledChecks) {
    return new Table(
        name,
        description,
        file,
        presence,
        compiledColumns,
        primaryKey,
        foreignKeys,
        jaggedRows,
        identifying,
        compiledChecks,
        rules,
        metrics,
        at);
  }

  /** The column of that name, if any. */
  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /** The 0-based position of the column of that name, or -1. */
  public int indexOf(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }
}
