package org.ehrcontracts.engine.contract;

import java.util.List;
import org.ehrcontracts.engine.problem.Location;

/**
 * Columns of one table whose values must occur in columns of another table of the same export.
 *
 * @param columns the referring columns
 * @param table the referenced table
 * @param referencedColumns the referenced columns, in the same order
 * @param at where the contract declares it
 * @since 0.1.0
 */
public record ForeignKey(
    List<String> columns, String table, List<String> referencedColumns, Location at) {

  /** Copies the lists. */
  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }
}
