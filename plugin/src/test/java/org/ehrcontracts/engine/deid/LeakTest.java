package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's leak test: an export of every table of {@code aou-ehr-current}, built from the loaded
 * contract so that a column added there is covered here, with a unique marker in every string cell,
 * dates and datetimes in summer and winter, times, PII files and person facts in {@code
 * fact_relationship}, de-identified with {@code aou-ehr-current-deid}. Only the written files and
 * the crosswalk are read to judge the result, never the transform's state.
 *
 * <p>Every check is a {@link LeakScan} scan that finds leaks rather than asserting their absence,
 * and the same scan is run on the raw input, where each kind of leak must be found: a check that
 * cannot fail would pass on the input too.
 *
 * <p>The export is a {@link LeakExport}; columns too short for a marker must be kept or withheld,
 * never blanked, so that no blanked column escapes the marker check.
 */
class LeakTest {

  private static final LocalDate AS_OF = LocalDate.of(2024, 6, 15);
  private static final String FOLDER = "2024-06-10-v1";

  private static final Set<String> NEVER_KEPT =
      Set.of(
          "observation.value_as_string",
          "observation.value_source_value",
          "measurement.value_source_value",
          "condition_occurrence.stop_reason",
          "drug_exposure.stop_reason",
          "person.person_source_value",
          "location.address_1",
          "location.address_2",
          "location.city",
          "location.zip",
          "location.county",
          "location.location_source_value",
          "care_site.care_site_name",
          "provider.provider_name",
          "provider.npi",
          "provider.dea",
          "device_exposure.unique_device_id",
          "specimen.specimen_source_id",
          "note.note_title");

  @TempDir Path dir;

  private Contract current;
  private Contract deid;
  private LeakExport export;

  @BeforeEach
  void build() throws Exception {
    ContractLoader loader =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()));
    current = loader.load("aou-ehr-current");
    deid = loader.load("aou-ehr-current-deid");
    export = new LeakExport(current);
    export.writeTo(dir.resolve("in").resolve(FOLDER));
  }

  /**
   * De-identifies the export with {@code aou-ehr-current-deid}, unforced and verified before and
   * after, as a site runs it; a rejection names the problems (theInputIsAValidExport does so for
   * the input alone).
   */
  private DeidResult deidentify() throws Exception {
    DeidRequest request =
        DeidRequest.of(deid, dir.resolve("in").resolve(FOLDER), output(), crosswalkFile())
            .withAsOf(AS_OF);
    try {
      return new Deidentifier(DiagnosticsListener.silent()).deidentify(request);
    } catch (InputRejectedException | OutputRejectedException e) {
      throw new AssertionError(e.getMessage() + ":\n" + errors(verification(e)), e);
    }
  }

  /**
   * Columns no policy of this contract may let through, whatever it says: free text, names,
   * addresses below the state and local identifiers (issue 8, Safe Harbor). Judged here apart from
   * the policy, so that a policy that keeps one of them fails this test, not only its review.
   */
  private Set<String> neverKept() {
    Set<String> columns = new TreeSet<>(NEVER_KEPT);
    for (Table table : current.tables().values()) {
      for (Column column : table.columns()) {
        if (column.type() == ColumnType.TEXT || table.identifying()) {
          columns.add(table.name() + "." + column.name());
        }
      }
    }
    return columns;
  }

  private Path output() {
    return dir.resolve("out").resolve(FOLDER);
  }

  private Path crosswalkFile() {
    return dir.resolve("private/crosswalk.csv");
  }

  @Test
  void theDeidentifiedOutputHoldsNoLeak() throws Exception {
    DeidResult result = deidentify();
    Path output = output();
    Map<Long, Long> crosswalk = readCrosswalk(crosswalkFile());
    LeakScan leaks = LeakScan.scan(deid, export, output, crosswalk, neverKept());

    // All of them, so that a failure names every kind of leak at once.
    assertAll(
        () ->
            assertEquals(
                0,
                result.verification().orElseThrow().count(Severity.ERROR),
                () -> "the output's verification:\n" + errors(result.verification().get())),
        () ->
            assertEquals(
                List.of(),
                LeakExport.PERSONS.stream()
                    .filter(p -> p.removed() == crosswalk.containsKey(p.id()))
                    .map(LeakExport.Person::toString)
                    .toList(),
                "persons wrongly in or out of the crosswalk"),
        () -> assertEquals(2, crosswalk.size(), "crosswalk pairs"),
        () -> assertEquals(List.of(), leaks.withheldFiles, "identifying or dropped table files"),
        () -> assertEquals(List.of(), leaks.originalIds, "person references with an original id"),
        () -> assertEquals(List.of(), leaks.unissuedIds, "person references not an issued id"),
        () -> assertEquals(List.of(), leaks.idsAnywhere, "original person ids in any file"),
        () ->
            assertEquals(
                List.of(), leaks.markers, "markers of blanked, withheld or never-kept columns"),
        () -> assertEquals(List.of(), leaks.removedPerson, "traces of the person removed for age"),
        () -> assertEquals(List.of(), leaks.dates, "dates or datetimes not January 1, 00:00"),
        () ->
            assertEquals(
                1, leaks.offsets.size(), "distinct datetime offsets (forms) in the output"),
        () -> assertEquals(List.of(), leaks.times, "times not midnight"),
        () -> assertEquals(List.of(), leaks.notBlank, "blanked columns not empty"),
        // The output is not vacuous: every kept row is there, with the kept markers.
        () -> assertEquals(export.expectedRows(deid), leaks.rows, "rows per output file"),
        () -> assertEquals(List.of(), leaks.keptMissing, "kept markers missing from the output"),
        () -> assertTrue(leaks.personReferences > 0, "person references seen"),
        () -> assertTrue(leaks.conditionalReferences > 0, "conditional person references seen"));
  }

  @Test
  void aLeakPutBackIntoTheOutputIsFound() throws Exception {
    // One original person id and one blanked marker written back into the de-identified files:
    // the scan finds exactly those, in the output's own form.
    deidentify();
    Map<Long, Long> crosswalk = readCrosswalk(crosswalkFile());
    long original = LeakExport.PERSONS.get(0).id();
    Path visits = output().resolve("visit_occurrence.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(visits, StandardCharsets.UTF_8));
    String[] first = lines.get(1).split(",", -1);
    first[1] = Long.toString(original);
    lines.set(1, String.join(",", first));
    Files.write(visits, lines, StandardCharsets.UTF_8);
    LeakExport.Marker freeText =
        export.markers.stream()
            .filter(m -> m.table().equals("observation") && m.column().equals("value_as_string"))
            .filter(m -> m.person().map(p -> !p.removed()).orElse(true))
            .findFirst()
            .orElseThrow();
    Files.writeString(output().resolve("leaked.txt"), freeText.token(), StandardCharsets.UTF_8);

    LeakScan leaks = LeakScan.scan(deid, export, output(), crosswalk, neverKept());
    assertEquals(List.of("visit_occurrence.csv:2 visit_occurrence.person_id"), leaks.originalIds);
    assertEquals(List.of(freeText.where()), leaks.markers);
  }

  @Test
  void theInputIsAValidExport() throws Exception {
    VerifyResult result =
        new Verifier(DiagnosticsListener.silent())
            .verify(
                new VerifyRequest(
                    current,
                    dir.resolve("in").resolve(FOLDER),
                    AS_OF,
                    false,
                    2,
                    10,
                    Set.of(),
                    Set.of(),
                    "test"));
    assertEquals(0, result.count(Severity.ERROR), () -> errors(result));
  }

  @Test
  void theChecksFindEveryKindOfLeakInTheRawInput() throws Exception {
    // The same scan over the input, with a crosswalk that would map the kept persons: every check
    // must fire, or it could not fail on the output either.
    Map<Long, Long> crosswalk = new HashMap<>();
    crosswalk.put(LeakExport.PERSONS.get(0).id(), 912_345_671L);
    crosswalk.put(LeakExport.PERSONS.get(1).id(), 912_345_672L);
    LeakScan leaks =
        LeakScan.scan(deid, export, dir.resolve("in").resolve(FOLDER), crosswalk, neverKept());

    assertFalse(leaks.withheldFiles.isEmpty(), "identifying files found");
    assertFalse(leaks.originalIds.isEmpty(), "original ids found");
    assertFalse(leaks.unissuedIds.isEmpty(), "unissued ids found");
    assertEquals(3, leaks.idsAnywhere.size(), "every original id found");
    assertFalse(leaks.markers.isEmpty(), "markers found");
    assertTrue(
        leaks.markers.stream().anyMatch(m -> m.contains("pii_name")), "a PII marker is found");
    assertTrue(
        leaks.markers.stream().anyMatch(m -> m.contains("observation.value_as_string")),
        "a free-text marker is found");
    assertTrue(
        leaks.removedPerson.stream().anyMatch(m -> m.contains("person.person_id names")),
        "the removed person's id is found");
    assertTrue(
        leaks.removedPerson.stream().anyMatch(m -> m.contains("fact_relationship.fact_id_2 names")),
        "the person fact naming the removed person is found");
    assertTrue(
        leaks.removedPerson.stream().anyMatch(m -> m.contains("a row key of the removed person")),
        "the removed person's row keys are found");
    assertTrue(
        leaks.removedPerson.stream().anyMatch(m -> m.startsWith("marker ")),
        "the removed person's markers are found");
    assertFalse(leaks.dates.isEmpty(), "dates not on January 1 found");
    assertTrue(leaks.offsets.size() > 1, "more than one offset found");
    assertFalse(leaks.times.isEmpty(), "times found");
    assertFalse(leaks.notBlank.isEmpty(), "filled blanked columns found");
    assertTrue(
        leaks.originalIds.stream().anyMatch(m -> m.contains("fact_relationship.fact_id_2")),
        "a conditional person reference holding an original id is found");
  }

  @Test
  void theExportCoversEveryColumnOfEveryTable() {
    // Each table of the contract has a file and each string column a marker, except those too
    // short for one; those must be kept or withheld, never blanked (their leak would go unseen).
    for (Table table : current.tables().values()) {
      assertTrue(export.rows.containsKey(table.name()), table.name());
      assertFalse(export.rows.get(table.name()).isEmpty(), table.name());
    }
    DeidentificationPolicy policy = deid.deidentification().orElseThrow();
    for (String column : export.unmarked) {
      String[] parts = column.split("\\.");
      DeidentificationPolicy.Action action = policy.decision(parts[0], parts[1]).action();
      assertTrue(
          action == DeidentificationPolicy.Action.KEEP
              || action == DeidentificationPolicy.Action.WITHHELD,
          column + " has no marker but is " + action);
    }
  }

  private static VerifyResult verification(DeidException e) {
    return e instanceof InputRejectedException in
        ? in.verification()
        : ((OutputRejectedException) e).verification();
  }

  /** The error lines of a verification; problem messages never hold cell values. */
  private static String errors(VerifyResult result) {
    return result.files().stream()
        .flatMap(f -> f.rules().stream())
        .flatMap(r -> r.samples().stream())
        .filter(p -> p.severity() == Severity.ERROR)
        .map(Problem::format)
        .collect(Collectors.joining("\n"));
  }

  private static Map<Long, Long> readCrosswalk(Path file) throws IOException {
    Map<Long, Long> map = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(CrosswalkFile.HEADER, lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(",");
      map.put(Long.parseLong(parts[0].strip()), Long.parseLong(parts[1].strip()));
    }
    return map;
  }
}
