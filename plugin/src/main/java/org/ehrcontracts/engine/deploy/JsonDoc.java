package org.ehrcontracts.engine.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads from documents of {@link org.ehrcontracts.engine.report.JsonReader}. */
final class JsonDoc {

  private JsonDoc() {}

  /** The value at a path of member names, if every step is an object that has it. */
  static Optional<Object> at(Object doc, String... path) {
    Object current = doc;
    for (String name : path) {
      if (!(current instanceof Map<?, ?> map) || !map.containsKey(name)) {
        return Optional.empty();
      }
      current = map.get(name);
    }
    return Optional.ofNullable(current);
  }

  static Optional<String> string(Object doc, String... path) {
    return at(doc, path).filter(String.class::isInstance).map(String.class::cast);
  }

  static Optional<Long> number(Object doc, String... path) {
    return at(doc, path).filter(Long.class::isInstance).map(Long.class::cast);
  }

  static Optional<Boolean> bool(Object doc, String... path) {
    return at(doc, path).filter(Boolean.class::isInstance).map(Boolean.class::cast);
  }

  static List<?> list(Object doc, String... path) {
    return at(doc, path).filter(List.class::isInstance).map(l -> (List<?>) l).orElse(List.of());
  }

  static Map<?, ?> map(Object doc, String... path) {
    return at(doc, path).filter(Map.class::isInstance).map(m -> (Map<?, ?>) m).orElse(Map.of());
  }
}
