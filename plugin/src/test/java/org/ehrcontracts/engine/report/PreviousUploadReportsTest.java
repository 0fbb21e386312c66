package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.deploy.DeployReceipts;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The comparison with the last upload in verify.json, the console, verify.html and the summary. */
class PreviousUploadReportsTest {

  private static final Path CASE = Path.of("src/test/resources/cases/table.row-change/limits");

  private static VerifyResult result;

  @BeforeAll
  static void verify() throws Exception {
    Contract contract =
        new ContractLoader(
                new StandardContractSource(CASE, PreviousUploadReportsTest.class.getClassLoader()))
            .load("contract.yaml");
    VerifyRequest request =
        new VerifyRequest(
                contract,
                CASE.resolve("export"),
                LocalDate.of(2026, 12, 1),
                false,
                1,
                100,
                java.util.Set.of(),
                java.util.Set.of(),
                "test")
            .withPreviousUpload(
                DeployReceipts.previousUpload(CASE.resolve("deploy.json"), "receipts/deploy.json"));
    result = new Verifier(DiagnosticsListener.silent()).verify(request);
  }

  @Test
  void verifyJsonHasThePreviousUploadSectionAndReadsItBack() throws Exception {
    String json = JsonReportWriter.render(result);
    VerifyDocument doc = JsonDocuments.read(json, VerifyDocument.class);

    VerifyDocument.PreviousUpload section = doc.previousUpload();
    assertEquals("receipts/deploy.json", section.receipt());
    assertEquals("2026-09-30-v1", section.folder());
    assertEquals("2026-09-30T14:02:11.482Z", section.uploaded());
    assertEquals(
        List.of(
            new VerifyDocument.TableRows("person", "person.csv", 4L, 4, true, 0.0, null),
            new VerifyDocument.TableRows(
                "measurement", "measurement.csv", 10L, 6, true, -40.0, "warning"),
            new VerifyDocument.TableRows(
                "observation", "observation.csv", 2L, 7, true, 250.0, null),
            new VerifyDocument.TableRows(
                "condition_occurrence", "condition_occurrence.csv", 5L, 0, false, -100.0, "error"),
            new VerifyDocument.TableRows(
                "procedure_occurrence", "procedure_occurrence.csv", null, 1, true, null, null)),
        section.tables());
    assertEquals("failed", doc.summary().status(), "the error fails the export");
  }

  @Test
  void verifyJsonLeavesTheSectionOutWithoutAReceipt() {
    VerifyResult without =
        new VerifyResult(
            result.contract(),
            result.contractVersion(),
            result.contractDigest(),
            result.lineage(),
            result.export(),
            result.directory(),
            result.toolVersion(),
            result.started(),
            result.duration(),
            false,
            List.of());
    assertNull(JsonReportWriter.document(without).previousUpload());
    assertTrue(!JsonReportWriter.render(without).contains("previousUpload"));
  }

  @Test
  void theConsoleShowsATableAfterTheTotalLine() {
    List<String> lines =
        ConsoleReport.render(result, 20).stream().map(ConsoleReport.Line::text).toList();
    int total = indexOf(lines, "Export export: ");
    assertEquals(
        List.of(
            "Since the last upload (2026-09-30, folder 2026-09-30-v1, receipt receipts/deploy.json):",
            "  table                 then          now             change",
            "  person                   4            4                0 %  ok",
            "  measurement             10            6              -40 %  warning",
            "  observation              2            7             +250 %  ok",
            "  condition_occurrence     5  0 (no file)             -100 %  error",
            "  procedure_occurrence     -            1  not uploaded then  ok"),
        lines.subList(total + 1, total + 8));
  }

  @Test
  void theHtmlAndTheJobSummaryShowTheSameFigures() {
    String html = HtmlReportWriter.render(result);
    assertTrue(
        html.contains(
            "<h2 id='previous-upload'>Since the last upload (2026-09-30, folder 2026-09-30-v1,"
                + " receipt receipts/deploy.json)</h2>"),
        html);
    assertTrue(
        html.contains(
            "<tr><td class='mono'>measurement</td><td class='num'>10</td><td class='num'>6</td>"
                + "<td class='num'>-40 %</td><td class='warning'>warning</td></tr>"),
        html);

    String md = GithubActions.summaryMarkdown(result);
    assertTrue(
        md.contains(
            "#### Since the last upload (2026-09-30, folder 2026-09-30-v1, receipt"
                + " receipts/deploy.json)\n\n| Table | Rows then | Rows now | Change | |\n"
                + "|---|--:|--:|--:|---|\n| person | 4 | 4 | 0 % | ok |\n"
                + "| measurement | 10 | 6 | -40 % | **warning** |\n"),
        md);
    assertTrue(
        md.contains("| condition_occurrence | 5 | 0 (no file) | -100 % | **error** |\n"), md);
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line " + prefix + " in " + lines);
  }
}
