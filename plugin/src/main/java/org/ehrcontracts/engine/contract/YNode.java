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

  /** A mapping; keys keep their order and their own locations. */
  record YMap(Map<String, Entry> entries, Location at) implements YNode {
    public YMap {
      entries = new LinkedHashMap<>(entries);
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
