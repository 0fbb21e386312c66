package org.ehrcontracts.engine.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the kinds of change that docs/ci.md lists in step with {@link ChangeKind}. */
class DiffDocumentationTest {

  private static final Path DOC = Path.of("../docs/ci.md");

  @Test
  void everyKindOfChangeIsDocumentedWithItsSummary() throws Exception {
    String doc = Files.readString(DOC);
    List<String> missing = new ArrayList<>();
    for (ChangeKind kind : ChangeKind.values()) {
      String row = "| `" + kind.id() + "` | " + kind.summary() + " |";
      if (!doc.contains(row)) {
        missing.add(row);
      }
    }
    assertEquals(List.of(), missing, "rows missing from docs/ci.md");
  }
}
