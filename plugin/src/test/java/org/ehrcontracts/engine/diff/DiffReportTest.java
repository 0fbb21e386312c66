package org.ehrcontracts.engine.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffReportTest {

  @TempDir Path dir;

  private static final String AFTER =
      ContractDifferTest.BASE
          .replace("concepts: [8507, 8532, 8551]", "concepts: [8507, 8532]")
          .replace("crosswalk: per-submission", "crosswalk: persistent")
          .replace("maxLength: 50", "maxLength: 60");

  private Contract load(String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
    return new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
        .load(name);
  }

  private ContractDiff diff() throws Exception {
    return ContractDiffer.diff(
        load("before.yaml", ContractDifferTest.BASE),
        "git:HEAD:site.yaml",
        load("site.yaml", AFTER),
        "site.yaml");
  }

  private ExportEffect effect(ContractDiff ignored) throws Exception {
    Path export = Files.createDirectories(dir.resolve("2026-01-05-v1"));
    // Synthetic rows: person 2 has gender 8551, which the newer contract's set no longer holds.
    Files.writeString(
        export.resolve("person.csv"),
        "person_id,gender_concept_id,year_of_birth,person_source_value\n1,8507,1950,\n2,8551,1960,\n");
    Files.writeString(
        export.resolve("visit.csv"),
        "visit_id,visit_concept_id,person_id,start_date,end_date,visit_source_value\n"
            + "1,9201,1,2020-01-02,2020-01-03,\n");
    Verifier verifier = new Verifier(DiagnosticsListener.silent());
    LocalDate asOf = LocalDate.of(2026, 1, 5);
    return ExportEffect.measure(
        verifier,
        new VerifyRequest(
            load("before.yaml", ContractDifferTest.BASE),
            export,
            asOf,
            false,
            1,
            100,
            Set.of(),
            Set.of(),
            "test"),
        new VerifyRequest(
            load("site.yaml", AFTER), export, asOf, false, 1, 100, Set.of(), Set.of(), "test"));
  }

  @Test
  void consoleListsBreakingFirstThenLooseningThenCompatibleThenTheExport() throws Exception {
    ContractDiff diff = diff();
    List<String> lines =
        DiffReport.console(diff, List.of(effect(diff))).stream()
            .map(l -> (l.level() == null ? "" : l.level().label() + " ") + l.text())
            .toList();
    assertEquals(
        List.of(
            "Comparing contract site 1.0.0 (git:HEAD:site.yaml) with site 1.0.0 (site.yaml)"
                + " (extends: resolved)",
            "error site.yaml:7:3: breaking: concept set gender: 3 ids -> 2 ids; removed: 8551;"
                + " rows holding them now fail (value.concept) [concept-set.concepts]",
            "error site.yaml:19:9: breaking: column person.gender_concept_id concepts: 3 ids -> 2"
                + " ids; removed: 8551; rows holding them now fail (value.concept)"
                + " [column.concepts]",
            "warning site.yaml: loosens de-identification: deidentification.personIds.crosswalk:"
                + " per-submission -> persistent; a person now keeps the same new id across"
                + " submissions, which links them [deid.crosswalk]",
            "info site.yaml:21:9: compatible: column person.person_source_value maxLength: 50 ->"
                + " 60; looser [column.max-length]",
            "Changes: 2 breaking, 1 loosening de-identification, 1 compatible",
            "Export 2026-01-05-v1: passed (0 errors, 0 warnings) under site 1.0.0, failed (1"
                + " error, 0 warnings) under site 1.0.0; 1 new problem, 0 gone",
            "  person.csv: value.concept (error): 1 new, 0 gone"),
        lines);
  }

  @Test
  void markdownIsTheJobSummarysSection() throws Exception {
    ContractDiff diff = diff();
    assertEquals(
        """
        ### Contract change: site 1.0.0 (git:HEAD:site.yaml) → site 1.0.0 (site.yaml)

        > [!WARNING]
        > **1 change loosens de-identification**: more of a person leaves the site.
        > - deidentification.personIds.crosswalk: per-submission -> persistent; a person now keeps the same new id across submissions, which links them

        **2 breaking changes**: an export that passed under the old contract may fail under the new one.

        | impact | change | kind | where |
        |---|---|---|---|
        | **breaking** | concept set gender: 3 ids -> 2 ids; removed: 8551; rows holding them now fail (value.concept) | `concept-set.concepts` | `site.yaml:7:3` |
        | **breaking** | column person.gender_concept_id concepts: 3 ids -> 2 ids; removed: 8551; rows holding them now fail (value.concept) | `column.concepts` | `site.yaml:19:9` |
        | **loosens de-identification** | deidentification.personIds.crosswalk: per-submission -> persistent; a person now keeps the same new id across submissions, which links them | `deid.crosswalk` |  |
        | compatible | column person.person_source_value maxLength: 50 -> 60; looser | `column.max-length` | `site.yaml:21:9` |

        #### Effect on export `2026-01-05-v1`

        passed (0 errors, 0 warnings) → **failed (1 error, 0 warnings)**

        | file | rule | severity | new | gone |
        |---|---|---|---:|---:|
        | person.csv | `value.concept` | error | 1 | 0 |
        """,
        DiffReport.markdown(diff, List.of(effect(diff))));
  }

  @Test
  void jsonReadsBackAsItsRecord() throws Exception {
    ContractDiff diff = diff();
    List<Path> written = DiffReport.write(dir.resolve("out"), diff, List.of(effect(diff)), "0.2.0");
    assertEquals(List.of(dir.resolve("out/diff.md"), dir.resolve("out/diff.json")), written);
    DiffDocument read = JsonDocuments.read(dir.resolve("out/diff.json"), DiffDocument.class);
    assertEquals(new DiffDocument.Summary(2, 1, 1, "breaking"), read.summary());
    assertEquals(
        new DiffDocument.Item(
            "deid.crosswalk",
            "loosens-deidentification",
            "deidentification.personIds.crosswalk",
            "per-submission",
            "persistent",
            "a person now keeps the same new id across submissions, which links them",
            null),
        read.changes().get(2));
    assertEquals(
        List.of(new DiffDocument.Problems("person.csv", "value.concept", null, "error", 1, 0)),
        read.exports().get(0).changes());
    assertEquals(new DiffDocument.Verdict("failed", 1, 0, 0), read.exports().get(0).after());
    try (var files = Files.list(dir.resolve("out"))) {
      assertEquals(2, files.count()); // no temporary file left behind
    }
  }

  @Test
  void annotationsPutWhatFailsTheBuildOnTheContractsLines() throws Exception {
    assertEquals(
        List.of(
            "::error file=contracts/site.yaml,line=7,title=ehr%3Adiff breaking [concept-set.concepts]::"
                + "concept set gender: 3 ids -> 2 ids; removed: 8551; rows holding them now fail"
                + " (value.concept)",
            "::error file=contracts/site.yaml,line=19,title=ehr%3Adiff breaking [column.concepts]::"
                + "column person.gender_concept_id concepts: 3 ids -> 2 ids; removed: 8551; rows"
                + " holding them now fail (value.concept)",
            "::warning title=ehr%3Adiff loosens de-identification [deid.crosswalk]::"
                + "deidentification.personIds.crosswalk: per-submission -> persistent; a person now"
                + " keeps the same new id across submissions, which links them"),
        DiffReport.annotations(diff(), shown -> java.util.Optional.of("contracts/" + shown)));
  }

  @Test
  void conceptIdsMinusKeepsWhatTheOtherSetLacks() {
    long[][] a = {{1, 10}, {20, 20}, {30, 40}};
    long[][] b = {{3, 4}, {8, 25}, {35, 35}};
    assertEquals("1..2, 5..7, 30..34, 36..40", ConceptIds.words(ConceptIds.minus(a, b)));
    assertEquals("", ConceptIds.words(ConceptIds.minus(b, new long[][] {{0, 100}})));
  }
}
