package org.ehrcontracts.engine.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps the JSON Schema and {@code docs/contract-language.md} complete: every key the loader
 * accepts is in both, and the schema has no key the loader refuses.
 */
class LanguageDocumentationTest {

  @Test
  void jsonSchemaCoversExactlyTheLanguage() throws IOException {
    Set<String> language = new TreeSet<>();
    paths(LanguageShapes.CONTRACT, "", language);

    Map<String, Object> schema = schema();
    Set<String> documented = new TreeSet<>();
    schemaPaths(schema, schema, "", documented, 0);

    assertEquals(language, documented);
  }

  @Test
  void documentationNamesEveryKey() throws IOException {
    String doc = Files.readString(Path.of("../docs/contract-language.md"));
    Set<String> language = new TreeSet<>();
    paths(LanguageShapes.CONTRACT, "", language);
    List<String> undocumented = new ArrayList<>();
    for (String path : language) {
      String key = path.substring(path.lastIndexOf('.') + 1);
      if (!doc.contains("`" + key + "`")
          && !doc.contains("." + key + "`")
          && !doc.contains("." + key + ".")) {
        undocumented.add(path);
      }
    }
    assertEquals(List.of(), undocumented);
  }

  @Test
  void shippedSchemaIsInTheContractsJar() {
    assertTrue(
        LanguageDocumentationTest.class.getClassLoader().getResource("ehr/contract.schema.json")
            != null);
  }

  private static void paths(Shape shape, String path, Set<String> out) {
    if (shape instanceof Shape.Obj obj) {
      for (Map.Entry<String, Shape> key : obj.keys().entrySet()) {
        out.add(path + "." + key.getKey());
        paths(key.getValue(), path + "." + key.getKey(), out);
      }
    } else if (shape instanceof Shape.MapOf map) {
      paths(map.values(), path + ".*", out);
    } else if (shape instanceof Shape.ListOf list) {
      paths(list.items(), path + "[]", out);
    } else if (shape instanceof Shape.MergedList merged) {
      paths(merged.list(), path, out);
      for (String form : List.of(Shape.MergedList.APPEND, Shape.MergedList.REPLACE)) {
        out.add(path + "." + form);
        paths(merged.list(), path + "." + form, out);
      }
    } else if (shape instanceof Shape.Either either) {
      paths(either.scalar(), path, out);
      paths(either.structured(), path, out);
    }
  }

  @SuppressWarnings("unchecked")
  private static void schemaPaths(
      Map<String, Object> root, Object node, String path, Set<String> out, int depth) {
    if (!(node instanceof Map<?, ?>) || depth > 40) {
      return;
    }
    Map<String, Object> map = (Map<String, Object>) node;
    if (map.get("$ref") instanceof String ref) {
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      schemaPaths(root, ((Map<String, Object>) root.get("$defs")).get(name), path, out, depth + 1);
    }
    for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
      if (map.get(combinator) instanceof List<?> branches) {
        for (Object branch : branches) {
          schemaPaths(root, branch, path, out, depth + 1);
        }
      }
    }
    if (map.get("properties") instanceof Map<?, ?> properties) {
      for (Map.Entry<?, ?> property : properties.entrySet()) {
        String child = path + "." + property.getKey();
        out.add(child);
        schemaPaths(root, property.getValue(), child, out, depth + 1);
      }
    }
    if (map.get("patternProperties") instanceof Map<?, ?> patterns) {
      for (Object value : patterns.values()) {
        schemaPaths(root, value, path + ".*", out, depth + 1);
      }
    }
    if (map.get("additionalProperties") instanceof Map<?, ?> additional) {
      schemaPaths(root, additional, path + ".*", out, depth + 1);
    }
    if (map.get("items") != null) {
      schemaPaths(root, map.get("items"), path + "[]", out, depth + 1);
    }
  }

  private static Map<String, Object> schema() throws IOException {
    try (InputStream in =
        LanguageDocumentationTest.class
            .getClassLoader()
            .getResourceAsStream("ehr/contract.schema.json")) {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
  }
}
