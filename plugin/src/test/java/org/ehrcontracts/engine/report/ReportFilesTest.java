package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {

  @TempDir Path reports;

  @Test
  void writesTheThreeReportsIntoTheExportsFolder() throws IOException {
    VerifyResult result = ReportFixture.result();

    List<Path> written = ReportFiles.write(result, reports.resolve("target/ehr"));

    Path folder = reports.resolve("target/ehr/alpha-2017-12");
    assertEquals(
        List.of(
            folder.resolve("verify.json"),
            folder.resolve("verify.html"),
            folder.resolve("junit.xml")),
        written);
    assertEquals(JsonReportWriter.render(result), Files.readString(written.get(0)));
    assertEquals(HtmlReportWriter.render(result), Files.readString(written.get(1)));
    assertEquals(JunitReportWriter.render(result), Files.readString(written.get(2)));
  }

  @Test
  void replacesAnOlderReportAndLeavesNoTemporaryFile() throws IOException {
    Path folder = Files.createDirectories(reports.resolve("alpha-2017-12"));
    Files.writeString(folder.resolve("verify.json"), "{\"old\": true}");
    Files.writeString(folder.resolve("junit.xml"), "<old/>");

    ReportFiles.write(ReportFixture.result(), reports);
    List<Path> second = ReportFiles.write(withMessage("Größe über 10 – zweiter Lauf"), reports);

    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(
          List.of("junit.xml", "verify.html", "verify.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    String json = new String(Files.readAllBytes(second.get(0)), StandardCharsets.UTF_8);
    assertEquals(
        "Größe über 10 – zweiter Lauf",
        ((List<?>) JsonReportWriterTest.parse(json).get("problems"))
            .stream().map(p -> ((java.util.Map<?, ?>) p).get("message")).findFirst().orElseThrow());
  }

  @Test
  void refusesExportNamesThatLeaveTheReportDirectory() {
    for (String name : List.of("..", ".", "a/b", "", "/tmp")) {
      VerifyResult result = withExport(name);
      assertThrows(IllegalArgumentException.class, () -> ReportFiles.write(result, reports), name);
    }
  }

  private static VerifyResult withMessage(String message) {
    FileResult file =
        new FileResult(
            "person.csv",
            Optional.of("person"),
            FileStatus.FAILED,
            1,
            10,
            Optional.empty(),
            List.of(
                new RuleResult(
                    "value.length",
                    Optional.empty(),
                    Severity.ERROR,
                    1,
                    List.of(
                        Problem.of(
                            Rule.VALUE_LENGTH,
                            Severity.ERROR,
                            Location.of("person.csv", 2, 3),
                            message)),
                    Optional.empty(),
                    false)));
    return ReportFixture.result(List.of(file), Duration.ofMillis(3));
  }

  private static VerifyResult withExport(String export) {
    VerifyResult r = ReportFixture.result();
    return new VerifyResult(
        r.contract(),
        r.contractVersion(),
        r.contractDigest(),
        r.lineage(),
        export,
        r.directory(),
        r.toolVersion(),
        r.started(),
        r.duration(),
        r.deidentified(),
        r.files());
  }
}
