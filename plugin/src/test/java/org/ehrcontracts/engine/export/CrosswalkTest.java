package org.ehrcontracts.engine.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Crosswalk#read}: pairs through commons-csv, and wrong files named by line, never by id.
 */
class CrosswalkTest {

  @TempDir Path dir;

  @Test
  void readsPairsSkippingBlankLines() throws Exception {
    List<long[]> pairs = new ArrayList<>();
    Path file = write("original_id,new_id\n1,900001\r\n\n  \n\"2\", 900002\n3,900003");

    long count = Crosswalk.read(file, (a, b) -> pairs.add(new long[] {a, b}));

    assertEquals(3, count);
    assertEquals(
        List.of("1>900001", "2>900002", "3>900003"),
        pairs.stream().map(p -> p[0] + ">" + p[1]).toList());
  }

  @Test
  void wrongFilesAreNamedByLineWithoutTheirIds() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("", "line 1 does not start with the header original_id,new_id");
    cases.put(
        "new_id,original_id\n1,2\n", "line 1 does not start with the header original_id,new_id");
    cases.put(
        "original_id,new_id\n1,2\n\n123456,x654321\n",
        "line 4 is not two whole numbers original_id,new_id");
    cases.put("original_id,new_id\n1,2,3\n", "line 2 is not two whole numbers original_id,new_id");
    cases.put("original_id,new_id\n123456\n", "line 2 is not two whole numbers original_id,new_id");
    cases.put(
        "original_id,new_id\n1,2\n\"123456,654321\n7,8\n",
        "line 3 is not valid CSV (a quote is not closed, or text follows one)");
    cases.put(
        "original_id,new_id\n1,2\n3,2\n",
        "line 3 repeats an original or a new id, or has a new id that is not positive");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path file = write(c.getKey());
      Crosswalk.FormatException e =
          assertThrows(
              Crosswalk.FormatException.class,
              () -> Crosswalk.read(file, distinctNewIds()),
              c.getKey());
      assertEquals(c.getValue(), e.getMessage(), c.getKey());
      assertFalse(e.getMessage().contains("123456") || e.getMessage().contains("654321"));
    }
  }

  private static Crosswalk.Pairs distinctNewIds() {
    Set<Long> seen = new HashSet<>();
    return (original, replacement) -> seen.add(replacement);
  }

  private Path write(String text) throws IOException {
    Path file = Files.createTempFile(dir, "crosswalk", ".csv");
    Files.writeString(file, text);
    return file;
  }
}
