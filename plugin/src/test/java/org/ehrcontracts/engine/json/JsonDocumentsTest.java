package org.ehrcontracts.engine.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@link JsonDocuments}: the stable text of a record, its round trip, and clear refusals. Replaces
 * the tests of the hand-written writer and reader it took over from, with their assertions on the
 * text (indentation, empty containers, escapes) and on what is refused.
 */
class JsonDocumentsTest {

  record Sample(long a, List<Object> b, Map<String, Object> c, List<String> d) {}

  record Message(String m) {}

  record Typed(String name, long count, boolean flag, Long optional, List<String> list) {}

  @Test
  void writesIndentedDocumentsWithEmptyContainersInline() {
    String json =
        JsonDocuments.write(new Sample(1, Arrays.asList("x", null, true), Map.of(), List.of()));

    assertEquals(
        "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    null,\n    true\n  ],\n  \"c\": {},\n"
            + "  \"d\": []\n}\n",
        json);
  }

  @Test
  void escapesWhatJsonYamlAndHtmlNeedEscaped() throws JsonDocumentException {
    String tricky =
        "q\" b\\ nl\n cr\r tab\t nul\u0000 esc\u001b del\u007f c1\u0085 ls\u2028 ps\u2029"
            + " bom\ufeff nonchar\uffff lone\ud800 <>& emoji\ud83d\ude00 \u00e9";
    String json = JsonDocuments.write(new Message(tricky));

    // A surrogate pair is written as two escapes (one per char), which every reader joins again.
    assertEquals(
        "{\n  \"m\": \"q\\\" b\\\\ nl\\n cr\\r tab\\t nul\\u0000 esc\\u001b del\\u007f c1\\u0085"
            + " ls\\u2028 ps\\u2029 bom\\ufeff nonchar\\uffff lone\\ud800"
            + " \\u003c\\u003e\\u0026 emoji\\ud83d\\ude00 \u00e9\"\n}\n",
        json);
    String printable = tricky.replace("\ud800", "");
    String written = JsonDocuments.write(new Message(printable));
    assertEquals(printable, JsonDocuments.read(written, Message.class).m());
    assertEquals(printable, yaml(written).get("m"), "JSON is YAML");
  }

  @Test
  void readsBackWhatItWrote() throws JsonDocumentException {
    Typed typed =
        new Typed("a \"quoted\" <tag> & \u2028 line\nbreak", 42, true, null, List.of("x", "y"));
    String text = JsonDocuments.write(typed);

    assertEquals(typed, JsonDocuments.read(text, Typed.class));
    assertEquals(
        List.of("name", "count", "flag", "optional", "list"),
        List.copyOf(yaml(text).keySet()),
        "members in component order, null ones too");
    assertEquals(
        new Typed(null, 1, false, null, null),
        JsonDocuments.read("{\"count\": 1, \"flag\": false, \"newer\": [1]}", Typed.class),
        "missing members read as null, unknown ones are ignored");
  }

  @Test
  void rejectsWhatIsNotJson() {
    for (String bad :
        List.of(
            "",
            "{",
            "{\"a\":1,}",
            "{\"count\": 1, \"flag\": true}{}",
            "{\"count\": 01, \"flag\": true}",
            "{\"name\": \"tab\there\"}",
            "{a:1}",
            "{\"a\":1,\"a\":2}",
            "{\"flag\": tru}")) {
      JsonDocumentException e =
          assertThrows(JsonDocumentException.class, () -> JsonDocuments.read(bad, Typed.class));
      assertTrue(e.getMessage().startsWith("not valid JSON"), bad + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    JsonDocumentException deep =
        assertThrows(
            JsonDocumentException.class,
            () -> JsonDocuments.read("[".repeat(100) + "]".repeat(100), Object.class));
    assertTrue(deep.getMessage().contains("nesting depth"), deep.getMessage());
  }

  @Test
  void rejectsValuesOfTheWrongTypeSayingWhereWithoutTheValue() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"count\": \"12\"}", "count (line 1, column 11) must be a number");
    cases.put("{\"count\": null}", "count (line 1, column 11) must be a number");
    cases.put("{\"count\": 1.5}", "count (line 1, column 11) must be a number");
    cases.put("{\"flag\": true}", "count (line 1, column 14) must be a number");
    cases.put("{\"name\": 1234}", "name (line 1, column 10) must be a string");
    cases.put(
        "{\"count\": 1, \"flag\": \"yes\"}", "flag (line 1, column 22) must be true or false");
    cases.put("{\"list\": [\"a\", 1234]}", "list[1] (line 1, column 16) must be a string");
    cases.put("[1]", "not valid JSON");
    cases.put("null", "the document is null, not an object");
    cases.forEach(
        (text, message) -> {
          JsonDocumentException e =
              assertThrows(
                  JsonDocumentException.class, () -> JsonDocuments.read(text, Typed.class), text);
          assertTrue(e.getMessage().startsWith(message), text + ": " + e.getMessage());
          assertFalse(e.getMessage().contains("1234") || e.getMessage().contains("yes"));
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String json) {
    return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
  }
}
