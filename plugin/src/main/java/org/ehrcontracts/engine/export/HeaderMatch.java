package org.ehrcontracts.engine.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ehrcontracts.engine.contract.Table;

/**
 * How a file's header line matches its table: where each contract column is, and what does not fit
 * (names twice, names that are no column, columns it lacks, a column out of order). One reading for
 * the verifier, which reports each misfit, and for de-identification, which writes a table only
 * when its header can be trusted.
 *
 * <p>Columns are found by name. A table with {@code jaggedRows} may leave out trailing columns that
 * are not required; every other absent column is {@linkplain #missing() missing}.
 *
 * @since 0.2.0
 */
public final class HeaderMatch {

  private final List<String> names;
  private final int[] fieldOf;
  private final List<Integer> duplicates = new ArrayList<>();
  private final List<Integer> unknown = new ArrayList<>();
  private final List<Integer> missing = new ArrayList<>();
  private final Map<String, Integer> first = new HashMap<>();
  private final int outOfOrder;
  private final boolean noColumn;

  private HeaderMatch(Table table, List<String> names, boolean strictOrder) {
    this.names = List.copyOf(names);
    int width = table.columns().size();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (first.containsKey(name)) {
        duplicates.add(i);
      } else {
        first.put(name, i);
        if (table.indexOf(name) < 0) {
          unknown.add(i);
        }
      }
    }
    fieldOf = new int[width];
    int lastPresent = -1;
    int present = 0;
    for (int c = 0; c < width; c++) {
      fieldOf[c] = first.getOrDefault(table.columns().get(c).name(), -1);
      if (fieldOf[c] >= 0) {
        lastPresent = c;
        present++;
      }
    }
    noColumn = present == 0 && width > 0;
    for (int c = 0; c < width; c++) {
      boolean trailingOptional =
          table.jaggedRows() && c > lastPresent && !table.columns().get(c).required();
      if (fieldOf[c] < 0 && !trailingOptional) {
        missing.add(c);
      }
    }
    int order = -1;
    if (strictOrder) {
      // Loaded by position: the first position whose name is a contract column other than the
      // one the contract puts there is out of order (the DRC file check's rule).
      for (int i = 0; i < Math.min(names.size(), width); i++) {
        String name = names.get(i);
        if (!name.equals(table.columns().get(i).name()) && table.indexOf(name) >= 0) {
          order = i;
          break;
        }
      }
    }
    outOfOrder = order;
  }

  /**
   * Reads a header line against its table.
   *
   * @param table the contract's table
   * @param names the header's fields, in order
   * @param strictOrder whether columns must stand in the contract's order ({@code columnOrder:
   *     strict})
   */
  public static HeaderMatch of(Table table, List<String> names, boolean strictOrder) {
    return new HeaderMatch(table, names, strictOrder);
  }

  /** Per contract column, the 0-based field holding it, or -1; a copy. */
  public int[] fieldOf() {
    return fieldOf.clone();
  }

  /** Whether the header names not one column of the table: most likely line 1 is data. */
  public boolean namesNoColumn() {
    return noColumn;
  }

  /** The 0-based positions of names seen earlier in the header. */
  public List<Integer> duplicates() {
    return List.copyOf(duplicates);
  }

  /** Where a name first appears in the header. */
  public int firstPosition(String name) {
    return first.getOrDefault(name, -1);
  }

  /** The 0-based positions of names (first appearances) that are no column of the table. */
  public List<Integer> unknown() {
    return List.copyOf(unknown);
  }

  /** The indices of the table's columns the header lacks and may not leave out. */
  public List<Integer> missing() {
    return List.copyOf(missing);
  }

  /** The first 0-based position out of the contract's order, or -1. */
  public int outOfOrder() {
    return outOfOrder;
  }

  /** Whether every column the header must have is there, once, in order, and nothing else. */
  public boolean exact() {
    return duplicates.isEmpty() && unknown.isEmpty() && missing.isEmpty() && outOfOrder < 0;
  }

  @Override
  public String toString() {
    return "HeaderMatch" + Arrays.toString(fieldOf) + " of " + names.size() + " names";
  }
}
