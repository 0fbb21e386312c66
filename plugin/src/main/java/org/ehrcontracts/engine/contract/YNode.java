package org.ehrcontracts.engine.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ehrcontracts.engine.problem.Location;

/**
 * A node of a parsed contract: a map, a list or a scalar, each with where it stood in its YAML
 * file.
 *
 * <p>Contracts are parsed into this small tree (never into Java objects chosen by the document) so
 * that every value keeps its file, line and column through {@code extends:} merging.
 */
sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

  /** Where the node starts. */
  Location at();

  /** What kind of node this is, for messages ("a map", "a list", "a number"). */
  String kind();

  /**
   * A mapping; keys keep their order and their own locations.
   *
   * @param entries the keys and values
   * @param at where the map was first declared: in a merged tree, the furthest ancestor's file
   * @param origins where the map stands in each contract file that wrote a part of it, by file
   */
  record YMap(Map<String, Entry> entries, Location at, Map<String, Location> origins)
      implements YNode {
    public YMap {
      entries = new LinkedHashMap<>(entries);
      origins = new LinkedHashMap<>(origins);
    }

    /** A map of one file. */
    YMap(Map<String, Entry> entries, Location at) {
      this(entries, at, Map.of(at.file(), at));
    }

    /**
     * Where the map stands in the file that wrote {@code key}: so that what a child contract
     * overrides is located in the child, and what it inherits in the parent. {@link #at} when the
     * key is absent.
     */
    Location atOf(String key) {
      Entry entry = entries.get(key);
      return entry == null ? at : origins.getOrDefault(entry.keyAt().file(), at);
    }

    @Override
    public String kind() {
      return "a map";
    }

    YNode get(String key) {
      Entry entry = entries.get(key);
      return entry == null ? null : entry.value();
    }
  }

  /** One key of a mapping with its value. */
  record Entry(String key, Location keyAt, YNode value) {}

  /** A sequence. */
  record YList(List<YNode> items, Location at) implements YNode {
    public YList {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A scalar with the YAML type it resolved to. */
  record YScalar(String text, ScalarType type, Location at) implements YNode {
    @Override
    public String kind() {
      return switch (type) {
        case STRING -> "a string";
        case INTEGER -> "a whole number";
        case FLOAT -> "a number";
        case BOOLEAN -> "true or false";
        case NULL -> "null";
      };
    }
  }

  /** The types a plain YAML scalar resolves to. */
  enum ScalarType {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    NULL
  }
}
