package org.ehrcontracts.engine.contract;

import java.util.List;
import org.ehrcontracts.engine.expr.LookupTable;
import org.ehrcontracts.engine.problem.Location;

/**
 * A lookup: a table of values by key, loaded from a CSV beside the contract, that checks read as
 * {@code name.value} for their row's key columns.
 *
 * @param name the lookup's name
 * @param file the CSV file as the contract names it
 * @param keys the key columns, in the CSV and in the rows that read it
 * @param table the loaded rows
 * @param at where the contract declares it
 * @since 0.3.0
 */
public record Lookup(String name, String file, List<String> keys, LookupTable table, Location at) {
  /** Copies the keys. */
  public Lookup {
    keys = List.copyOf(keys);
  }
}
