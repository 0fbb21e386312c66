package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  void writesIndentedDocumentsWithEmptyContainersInline() {
    String json =
        new JsonWriter()
            .beginObject()
            .name("a")
            .value(1)
            .name("b")
            .beginArray()
            .value("x")
            .nullValue()
            .value(true)
            .endArray()
            .name("c")
            .beginObject()
            .endObject()
            .name("d")
            .beginArray()
            .endArray()
            .endObject()
            .toString();

    assertEquals(
        "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    null,\n    true\n  ],\n  \"c\": {},\n"
            + "  \"d\": []\n}\n",
        json);
  }

  @Test
  void escapesWhatJsonYamlAndHtmlNeedEscaped() {
    String tricky =
        "q\" b\\ nl\n cr\r tab\t nul\u0000 esc\u001b del\u007f c1\u0085 ls\u2028 ps\u2029"
            + " bom\ufeff nonchar\uffff lone\ud800 <>& emoji\ud83d\ude00 \u00e9";
    String json = new JsonWriter().beginObject().name("m").value(tricky).endObject().toString();

    assertEquals(
        "{\n  \"m\": \"q\\\" b\\\\ nl\\n cr\\r tab\\t nul\\u0000 esc\\u001b del\\u007f c1\\u0085"
            + " ls\\u2028 ps\\u2029 bom\\ufeff nonchar\\uffff lone\\ud800"
            + " \\u003c\\u003e\\u0026 emoji\ud83d\ude00 \u00e9\"\n}\n",
        json);
    String printable = tricky.replace("\ud800", "");
    String roundTrip =
        (String)
            JsonReportWriterTest.parse(
                    new JsonWriter()
                        .beginObject()
                        .name("m")
                        .value(printable)
                        .endObject()
                        .toString())
                .get("m");
    assertEquals(printable, roundTrip);
    assertEquals(
        Map.of("list", List.of()),
        JsonReportWriterTest.parse(
            new JsonWriter()
                .beginObject()
                .name("list")
                .beginArray()
                .endArray()
                .endObject()
                .toString()));
  }

  @Test
  void refusesMisuse() {
    assertThrows(IllegalStateException.class, () -> new JsonWriter().name("a"));
    assertThrows(
        IllegalStateException.class,
        () -> new JsonWriter().beginObject().endArray().endObject().endObject());
    assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
    assertThrows(
        IllegalStateException.class, () -> new JsonWriter().beginObject().name("a").name("b"));
  }
}
