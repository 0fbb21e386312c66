package org.ehrcontracts.engine.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders tables so that each comes after the tables it needs, in levels whose tables can be
 * processed together.
 *
 * @since 0.1.0
 */
public final class TableOrder {

  private TableOrder() {}

  /**
   * The tables of {@code needs} (in its iteration order within a level), each level holding the
   * tables whose needs earlier levels meet. Tables in a cycle share the last level; callers treat
   * their mutual references as deferred.
   *
   * @param needs for each table name, the names of the tables it needs first
   */
  public static List<List<Table>> levels(Contract contract, Map<String, Set<String>> needs) {
    List<List<Table>> levels = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    while (placed.size() < needs.size()) {
      List<Table> level = new ArrayList<>();
      for (Map.Entry<String, Set<String>> entry : needs.entrySet()) {
        if (!placed.contains(entry.getKey()) && placed.containsAll(entry.getValue())) {
          level.add(contract.tables().get(entry.getKey()));
        }
      }
      if (level.isEmpty()) {
        for (String name : needs.keySet()) {
          if (!placed.contains(name)) {
            level.add(contract.tables().get(name));
          }
        }
      }
      level.forEach(t -> placed.add(t.name()));
      levels.add(level);
    }
    return levels;
  }
}
