package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ehrcontracts.engine.remedy.RemedyWords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeidLayoutTest {

  @TempDir Path root;

  private DeidLayout.Run run(
      List<Path> exports, String outputs, String privateFiles, String reports) {
    return new DeidLayout.Run(
        exports,
        root.resolve(outputs),
        root.resolve(privateFiles),
        root.resolve(reports),
        List.of("deid-reports"));
  }

  private String refusal(DeidLayout.Run run) {
    DeidException e =
        assertThrows(DeidException.class, () -> DeidLayout.check(run, RemedyWords.PLAIN));
    assertEquals(DeidException.Reason.LOCATION, e.reason());
    return e.getMessage();
  }

  private final Path export = Path.of("exports", "2017-12-01-v1");

  @Test
  void theDefaultLayoutPasses() {
    assertDoesNotThrow(
        () ->
            DeidLayout.check(
                run(
                    List.of(root.resolve(export)),
                    "target/ehr/deid",
                    "target/ehr/private",
                    "target/ehr"),
                RemedyWords.PLAIN));
  }

  @Test
  void aCrosswalkNamedAsOneFileServesOneExport() {
    assertDoesNotThrow(
        () ->
            DeidLayout.check(
                run(
                    List.of(root.resolve(export)),
                    "target/deid",
                    "target/private/site.crosswalk.csv",
                    "target/ehr"),
                RemedyWords.PLAIN));
  }

  @Test
  void eachRuleOfARunHasItsWords() {
    List<Path> one = List.of(root.resolve(export));
    assertTrue(
        refusal(run(one, "target/deid", "target/private", "target/deid/2017-12-01-v1/r"))
            .startsWith("the report directory "),
        "reports into an output");
    assertTrue(
        refusal(run(one, "target/deid", "target/private", "target/deid"))
            .contains("would put reports into the output"));
    assertTrue(
        refusal(
                run(
                    List.of(
                        root.resolve(export), root.resolve("other").resolve(export.getFileName())),
                    "target/deid",
                    "target/private",
                    "target/ehr"))
            .startsWith("Two exports are named 2017-12-01-v1"));
    assertTrue(
        refusal(run(one, "exports/2017-12-01-v1/deid", "target/private", "target/ehr"))
            .startsWith(
                "The output directory "
                    + root.resolve("exports/2017-12-01-v1/deid")
                    + " lies inside the export"));
    assertTrue(
        refusal(run(one, "target/deid", "exports/2017-12-01-v1/private", "target/ehr"))
            .contains("lies inside the export"));
    assertTrue(
        refusal(run(one, "target/deid", "target/deid/private", "target/ehr"))
            .contains("must never sit beside the de-identified files"));
    assertTrue(
        refusal(
                run(
                    List.of(root.resolve(export), root.resolve("exports/2018-03-01-v1")),
                    "target/deid",
                    "target/private/site.crosswalk.csv",
                    "target/ehr"))
            .contains("names one file, site.crosswalk.csv, but 2 exports are given"));
  }

  @Test
  void eachRuleOfAnExportHasItsWords() throws IOException {
    Path input = Files.createDirectories(root.resolve(export));
    Path crosswalk = root.resolve("private/x.crosswalk.csv");
    assertTrue(
        exportRefusal(input, input.resolve("deid"), crosswalk).contains("lies inside the export"));
    assertTrue(
        exportRefusal(input, root.resolve("exports"), crosswalk)
            .contains("lies inside the output " + root.resolve("exports")));
    Path output = root.resolve("deid/2017-12-01-v1");
    assertTrue(
        exportRefusal(input, output, output.resolve("x.crosswalk.csv"))
            .contains("must never sit beside the de-identified files"));
    assertTrue(
        exportRefusal(input, output, input.resolve("x.crosswalk.csv"))
            .contains("lies inside the export"));
    Files.createDirectories(crosswalk);
    assertTrue(exportRefusal(input, output, crosswalk).endsWith("is a directory."));
    Files.delete(crosswalk);
    Files.createDirectories(output.getParent());
    Files.writeString(output, "");
    assertTrue(exportRefusal(input, output, crosswalk).endsWith("exists and is not a directory."));
    Files.delete(output);
    Files.createDirectories(output);
    Files.writeString(output.resolve("notes.txt"), "mine");
    assertTrue(
        exportRefusal(input, output, crosswalk)
            .contains("holds files that ehr-contracts did not write"));
    Files.writeString(output.resolve(Deidentifier.MANIFEST), "{}");
    assertDoesNotThrow(() -> DeidLayout.checkExport(input, output, crosswalk, RemedyWords.PLAIN));
  }

  private static String exportRefusal(Path input, Path output, Path crosswalk) {
    DeidException e =
        assertThrows(
            DeidException.class,
            () -> DeidLayout.checkExport(input, output, crosswalk, RemedyWords.PLAIN));
    assertEquals(DeidException.Reason.LOCATION, e.reason());
    return e.getMessage();
  }
}
