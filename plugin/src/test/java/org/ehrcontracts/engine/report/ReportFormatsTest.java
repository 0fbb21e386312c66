package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one registry of report formats: names, refusals, and what each writes. */
class ReportFormatsTest {

  @TempDir Path reports;

  @Test
  void namesAndHints() {
    assertEquals(
        List.of("json", "html", "junit", "sarif", "codequality", "github"), ReportFormats.names());
    assertEquals(List.of(), ReportFormats.unknown(List.of("html", "sarif")));
    assertEquals(
        List.of("'sarf' (did you mean 'sarif'?)", "'pdf'"),
        ReportFormats.unknown(List.of("sarf", "html", "pdf")));
    assertThrows(IllegalArgumentException.class, () -> ReportFormats.selected(List.of("pdf")));
  }

  @Test
  void allByDefaultAndJsonAlways() {
    assertEquals(ReportFormats.ALL, ReportFormats.selected(List.of()));
    assertEquals(
        List.of(ReportFormats.JSON, ReportFormats.SARIF), ReportFormats.selected(Set.of("sarif")));
    assertEquals(
        List.of(ReportFormats.JSON, ReportFormats.HTML, ReportFormats.GITHUB),
        ReportFormats.selected(List.of("github", "html", "json")));
  }

  @Test
  void eachFormatWritesItsFileAndGithubOnlyItsOutput() throws Exception {
    List<String> annotated = new ArrayList<>();
    List<String> summaries = new ArrayList<>();
    WorkflowOutput workflow =
        new WorkflowOutput() {
          @Override
          public void annotate(List<String> commands) {
            annotated.addAll(commands);
          }

          @Override
          public void summarize(String markdown) {
            summaries.add(markdown);
          }
        };
    ReportContext context = new ReportContext(RepositoryPaths.asShown(), 3, Optional.of(workflow));
    List<Path> written =
        ReportFiles.write(ReportFixture.result(), reports, ReportFormats.ALL, context);

    Path folder = reports.resolve(ReportFixture.EXPORT);
    assertEquals(
        List.of("verify.json", "verify.html", "junit.xml", "verify.sarif", "codequality.json")
            .stream()
            .map(folder::resolve)
            .toList(),
        written);
    assertEquals(GithubActions.annotations(ReportFixture.result(), 3), annotated);
    assertEquals(
        List.of(GithubActions.summaryMarkdown(ReportFixture.result(), context)), summaries);
    assertTrue(Files.readString(folder.resolve("verify.sarif")).contains("\"version\": \"2.1.0\""));
  }

  @Test
  void withoutAWorkflowGithubWritesNothing() throws Exception {
    List<Path> written =
        ReportFiles.write(
            ReportFixture.result(),
            reports,
            ReportFormats.selected(List.of("github")),
            ReportContext.plain());
    assertEquals(List.of(reports.resolve(ReportFixture.EXPORT).resolve("verify.json")), written);
    assertFalse(Files.exists(reports.resolve(ReportFixture.EXPORT).resolve("verify.html")));
  }
}
