package org.ehrcontracts.engine.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * Merges a child contract's tree over its parent's, as {@code extends:} defines.
 *
 * <p>Maps with fixed keys merge key by key; named maps (tables, rules) merge entry by entry; lists
 * with an identity key (columns, checks) merge item by item, honouring {@code drop} and {@code
 * after}; lists declared {@link Shape.MergedList} append or replace as written or by their default;
 * everything else is replaced. A contract without a parent is merged over nothing, so that {@code
 * drop} and {@code after} mean the same everywhere. The result has no {@code drop} or {@code after}
 * keys left.
 */
final class TreeMerger {

  private static final String DROP = "drop";
  private static final String AFTER = "after";
  private static final String FIRST = "^";

  private final List<Problem> problems;

  private TreeMerger(List<Problem> problems) {
    this.problems = problems;
  }

  /** The child merged over the parent ({@code null} for none). */
  static YNode.YMap merge(YNode.YMap parent, YNode.YMap child, List<Problem> problems) {
    return (YNode.YMap) new TreeMerger(problems).merge(parent, child, LanguageShapes.CONTRACT);
  }

  private YNode merge(YNode parent, YNode child, Shape shape) {
    if (shape instanceof Shape.Obj obj && child instanceof YNode.YMap childMap) {
      YNode.YMap parentMap = parent instanceof YNode.YMap p ? p : null;
      Map<String, YNode.Entry> result =
          parentMap == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parentMap.entries());
      for (YNode.Entry entry : childMap.entries().values()) {
        Shape valueShape = obj.keys().get(entry.key());
        YNode inherited = result.containsKey(entry.key()) ? result.get(entry.key()).value() : null;
        YNode merged =
            valueShape == null ? entry.value() : merge(inherited, entry.value(), valueShape);
        result.put(entry.key(), new YNode.Entry(entry.key(), entry.keyAt(), merged));
      }
      // An item stays located where it was first declared (a problem of what the parent wrote
      // points at the parent), and remembers where each child changed it, for what they wrote.
      if (parentMap == null) {
        return new YNode.YMap(result, childMap.at(), childMap.origins());
      }
      Map<String, Location> origins = new LinkedHashMap<>(parentMap.origins());
      origins.putAll(childMap.origins());
      return new YNode.YMap(result, parentMap.at(), origins);
    }
    if (shape instanceof Shape.MergedList merged) {
      return mergeList(parent, child, merged);
    }
    if (shape instanceof Shape.MapOf mapOf && child instanceof YNode.YMap childMap) {
      return mergeNamed(parent instanceof YNode.YMap p ? p : null, childMap, mapOf);
    }
    if (shape instanceof Shape.ListOf list
        && list.identityKey() != null
        && child instanceof YNode.YList childList) {
      return mergeIdentified(parent instanceof YNode.YList p ? p : null, childList, list);
    }
    return child;
  }

  /**
   * A plain list over the parent's: appended (an item the parent has already is not repeated) or
   * replacing it, as written or by the list's default; the result is always a plain list.
   */
  private static YNode mergeList(YNode parent, YNode child, Shape.MergedList shape) {
    boolean append = shape.append();
    YNode items = child;
    if (child instanceof YNode.YMap map && map.entries().size() == 1) {
      YNode.Entry entry = map.entries().values().iterator().next();
      append = entry.key().equals(Shape.MergedList.APPEND);
      items = entry.value();
    }
    if (!(items instanceof YNode.YList list)) {
      return child; // reported by the shape check
    }
    if (!append || !(parent instanceof YNode.YList inherited)) {
      return new YNode.YList(list.items(), list.at());
    }
    List<YNode> result = new ArrayList<>(inherited.items());
    for (YNode item : list.items()) {
      String added = text(item);
      if (added == null || result.stream().noneMatch(old -> added.equals(text(old)))) {
        result.add(item);
      }
    }
    return new YNode.YList(result, list.at());
  }

  private YNode mergeNamed(YNode.YMap parent, YNode.YMap child, Shape.MapOf shape) {
    Map<String, YNode.Entry> result =
        parent == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parent.entries());
    for (YNode.Entry entry : child.entries().values()) {
      YNode.Entry inherited = result.get(entry.key());
      if (isDrop(entry.value())) {
        if (inherited == null) {
          problems.add(
              Problem.of(
                  Rule.CONTRACT_UNKNOWN_REFERENCE,
                  Severity.ERROR,
                  entry.keyAt(),
                  "'" + entry.key() + "' is dropped, but the parent contract does not have it"));
        }
        result.remove(entry.key());
        continue;
      }
      YNode base = shape.mergeEntries() && inherited != null ? inherited.value() : null;
      YNode merged = strip(merge(base, entry.value(), shape.values()));
      // A table the child only changes is still the parent's: located where it was declared.
      Location keyAt = base != null ? inherited.keyAt() : entry.keyAt();
      result.put(entry.key(), new YNode.Entry(entry.key(), keyAt, merged));
    }
    return new YNode.YMap(result, child.at(), merge(parent, child));
  }

  private YNode mergeIdentified(YNode.YList parent, YNode.YList child, Shape.ListOf shape) {
    String key = shape.identityKey();
    List<YNode> result = parent == null ? new ArrayList<>() : new ArrayList<>(parent.items());
    Map<String, YNode> named = new LinkedHashMap<>();
    for (YNode item : child.items()) {
      String id = identity(item, key);
      if (id != null && named.containsKey(id)) {
        // Within one file a name is one item: a second would silently replace the first.
        problems.add(
            Problem.of(
                Rule.CONTRACT_INVALID_VALUE,
                Severity.ERROR,
                item.at(),
                "'"
                    + id
                    + "' is named twice in this list (first at line "
                    + named.get(id).at().line()
                    + "): each "
                    + key
                    + " may appear once"));
        continue;
      }
      if (id != null) {
        named.put(id, item);
      }
      int existing = id == null ? -1 : indexOf(result, key, id);
      if (isDrop(item)) {
        if (existing < 0) {
          problems.add(
              Problem.of(
                  Rule.CONTRACT_UNKNOWN_REFERENCE,
                  Severity.ERROR,
                  item.at(),
                  "'" + id + "' is dropped, but the parent contract does not have it"));
        } else {
          result.remove(existing);
        }
        continue;
      }
      YNode merged = merge(existing < 0 ? null : result.get(existing), item, shape.items());
      String after = item instanceof YNode.YMap map ? text(map.get(AFTER)) : null;
      merged = strip(merged);
      if (existing >= 0 && after == null) {
        result.set(existing, merged);
        continue;
      }
      if (existing >= 0) {
        result.remove(existing);
      }
      if (after == null) {
        result.add(merged);
      } else if (FIRST.equals(after)) {
        result.add(0, merged);
      } else {
        int target = indexOf(result, key, after);
        if (target < 0) {
          problems.add(
              Problem.of(
                  Rule.CONTRACT_UNKNOWN_REFERENCE,
                  Severity.ERROR,
                  ((YNode.YMap) item).get(AFTER).at(),
                  "'after: " + after + "' names no " + key + " before it"));
          result.add(merged);
        } else {
          result.add(target + 1, merged);
        }
      }
    }
    return new YNode.YList(result, child.at());
  }

  private static Map<String, Location> merge(YNode.YMap parent, YNode.YMap child) {
    Map<String, Location> origins =
        new LinkedHashMap<>(parent == null ? Map.of() : parent.origins());
    origins.putAll(child.origins());
    return origins;
  }

  private static boolean isDrop(YNode node) {
    return node instanceof YNode.YMap map
        && map.get(DROP) instanceof YNode.YScalar drop
        && drop.type() == YNode.ScalarType.BOOLEAN
        && Boolean.parseBoolean(drop.text());
  }

  private static YNode strip(YNode node) {
    if (node instanceof YNode.YMap map
        && (map.entries().containsKey(DROP) || map.entries().containsKey(AFTER))) {
      Map<String, YNode.Entry> entries = new LinkedHashMap<>(map.entries());
      entries.remove(DROP);
      entries.remove(AFTER);
      return new YNode.YMap(entries, map.at(), map.origins());
    }
    return node;
  }

  private static int indexOf(List<YNode> items, String key, String id) {
    for (int i = 0; i < items.size(); i++) {
      if (id.equals(identity(items.get(i), key))) {
        return i;
      }
    }
    return -1;
  }

  private static String identity(YNode item, String key) {
    return item instanceof YNode.YMap map ? text(map.get(key)) : null;
  }

  private static String text(YNode node) {
    return node instanceof YNode.YScalar scalar && scalar.type() != YNode.ScalarType.NULL
        ? scalar.text()
        : null;
  }
}
