package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JsonReader}: strict JSON into maps, lists and plain values. */
class JsonReaderTest {

  @Test
  void readsWhatJsonWriterWrites() {
    String text =
        new JsonWriter()
            .beginObject()
            .name("name")
            .value("a \"quoted\" <tag> & \u2028 line\nbreak")
            .name("count")
            .value(42)
            .name("flag")
            .value(true)
            .name("none")
            .nullValue()
            .name("list")
            .beginArray()
            .value("x")
            .value(-7)
            .endArray()
            .endObject()
            .toString();

    Map<?, ?> doc = (Map<?, ?>) JsonReader.parse(text);

    assertEquals("a \"quoted\" <tag> & \u2028 line\nbreak", doc.get("name"));
    assertEquals(42L, doc.get("count"));
    assertEquals(Boolean.TRUE, doc.get("flag"));
    assertTrue(doc.containsKey("none"));
    assertNull(doc.get("none"));
    assertEquals(List.of("x", -7L), doc.get("list"));
    assertEquals(List.of("name", "count", "flag", "none", "list"), List.copyOf(doc.keySet()));
  }

  @Test
  void readsNumbersEscapesAndNesting() {
    Object doc =
        JsonReader.parse(
            " {\"a\": [1.5, 2e3, 12345678901234567890, 0], \"b\": {\"c\": \"\\u00e9\\/\"}} ");

    Map<?, ?> map = (Map<?, ?>) doc;
    assertEquals(
        Arrays.asList(
            new BigDecimal("1.5"),
            new BigDecimal("2e3"),
            new BigDecimal("12345678901234567890"),
            0L),
        map.get("a"));
    assertEquals(Map.of("c", "\u00e9/"), map.get("b"));
  }

  @Test
  void rejectsWhatIsNotJson() {
    for (String bad :
        List.of(
            "",
            "{",
            "{\"a\":1,}",
            "[1 2]",
            "{\"a\":1}{}",
            "01",
            "\"tab\there\"",
            "{a:1}",
            "{\"a\":1,\"a\":2}",
            "tru",
            "[".repeat(100) + "]".repeat(100))) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("not valid JSON at offset "), e.getMessage());
    }
  }
}
