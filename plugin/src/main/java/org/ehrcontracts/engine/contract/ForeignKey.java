package org.ehrcontracts.engine.contract;

import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;

/**
 * Columns of one table whose values must occur in columns of another table of the same export.
 *
 * @param columns the referring columns
 * @param table the referenced table
 * @param referencedColumns the referenced columns, in the same order
 * @param when the rows the key applies to, if not all: {@code fact_id_1} is a person id only where
 *     {@code domain_concept_id_1 = 56}
 * @param at where the contract declares it
 * @since 0.1.0
 */
public record ForeignKey(
    List<String> columns,
    String table,
    List<String> referencedColumns,
    Optional<Condition> when,
    Location at) {

  /** Copies the lists. */
  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }

  /** A key that applies to every row. */
  public ForeignKey(
      List<String> columns, String table, List<String> referencedColumns, Location at) {
    this(columns, table, referencedColumns, Optional.empty(), at);
  }

  /**
   * The rows a conditional key applies to: those whose {@code column} holds one of {@code values}.
   *
   * @param column a column of the referring table
   * @param values the values, as the contract writes them
   * @param numeric the column is an integer column: values compare as numbers ({@code 056} is
   *     {@code 56})
   * @param at where the contract writes the condition
   */
  public record Condition(String column, List<String> values, boolean numeric, Location at) {

    /** Copies the list. */
    public Condition {
      values = List.copyOf(values);
    }

    /** Whether a row whose {@link #column} holds {@code text} is one the key applies to. */
    public boolean matches(CharSequence text) {
      String value = text.toString().strip();
      if (numeric) {
        long number;
        try {
          number = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return false;
        }
        for (String candidate : values) {
          if (Long.parseLong(candidate) == number) {
            return true;
          }
        }
        return false;
      }
      return values.contains(value);
    }

    @Override
    public String toString() {
      return values.size() == 1
          ? column + " = " + values.get(0)
          : column + " in (" + String.join(", ", values) + ")";
    }
  }
}
