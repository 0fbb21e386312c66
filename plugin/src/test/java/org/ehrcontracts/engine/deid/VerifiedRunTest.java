package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.ehrcontracts.testing.SyntheticAlphaExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs with verification before and after, on the synthetic alpha sample and on broken input. */
class VerifiedRunTest {

  private static final LocalDate AS_OF = SyntheticAlphaExport.REFERENCE_DATE;

  @TempDir Path dir;

  private Contract alpha() throws Exception {
    return new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
        .load("aou-ehr-alpha");
  }

  @Test
  void theAlphaSampleIsDeidentifiedAndItsOutputPassesTheDeidRules() throws Exception {
    Path export = dir.resolve("export");
    SyntheticAlphaExport.builder().build().writeTo(export);
    DeidRequest request =
        DeidRequest.of(alpha(), export, dir.resolve("out/export"), dir.resolve("private/x.csv"))
            .withAsOf(AS_OF);
    DeidResult result = new Deidentifier(DiagnosticsListener.silent()).deidentify(request);

    assertEquals(0, result.input().orElseThrow().count(Severity.ERROR));
    VerifyResult output = result.verification().orElseThrow();
    assertEquals(0, output.count(Severity.ERROR));
    assertTrue(output.deidentified());
    assertEquals(dir.resolve("out/export").toRealPath(), output.directory());
    // The boundary persons of the generator are ids 1 to 5: 1936-12-01 is 81 and goes; 1936-12-02
    // (80 years and 364 days) and 1937-12-01 (80 today) stay.
    Map<Long, Long> ids = crosswalk(dir.resolve("private/x.csv"));
    assertTrue(ids.keySet().containsAll(Set.of(1L, 2L, 4L, 5L)));
    assertFalse(ids.containsKey(3L));
    assertEquals(40, result.persons().rows());
    assertEquals(ids.size(), result.persons().kept());
    assertEquals(40 - ids.size(), result.persons().removedForAge());

    // Every date of the output is January 1, and no original person id is left in any person
    // column: the output's own verification (deid.* rules) says so; check one file by hand too.
    for (String line :
        Files.readAllLines(dir.resolve("out/export/measurement.csv")).subList(1, 2)) {
      String[] f = line.split(",");
      assertTrue(f[3].matches("\"\\d{4}-01-01\""), line);
      assertTrue(f[4].matches("\"\\d{4}-01-01T00:00:00[-+]\\d\\d:\\d\\d\""), line);
      assertTrue(ids.containsValue(Long.parseLong(f[1].replace("\"", ""))), line);
    }

    // The reports say how many, never which.
    String json = DeidReport.json(result);
    String html = DeidReport.html(result);
    for (String report : List.of(json, html, String.join("\n", DeidReport.console(result)))) {
      assertFalse(report.contains("1936-12"), "no birth dates");
      for (long original : List.of(1L, 2L, 4L, 5L)) {
        assertFalse(report.contains(String.valueOf(ids.get(original))), "no new ids");
      }
    }
    assertTrue(json.contains("\"removedForAge\": " + (40 - ids.size())), json);
    assertTrue(json.contains("\"asOf\": \"2017-12-01\""), json);
    List<Path> written = DeidReport.write(result, dir.resolve("reports/deid"));
    assertEquals(
        List.of(
            dir.resolve("reports/deid/export/deid.json"),
            dir.resolve("reports/deid/export/deid.html")),
        written);
    assertEquals(json, Files.readString(written.get(0), StandardCharsets.UTF_8));
    DeidDocument read = JsonDocuments.read(json, DeidDocument.class);
    assertEquals(DeidReport.document(result), read, "deid.json reads back as written");
    assertEquals(json, JsonDocuments.write(read));
    assertEquals(
        List.of(
            "tool",
            "contract",
            "export",
            "output",
            "asOf",
            "maxAge",
            "started",
            "durationMillis",
            "persons",
            "ids",
            "summary",
            "files",
            "columns",
            "decisions",
            "notWritten",
            "notCopied",
            "verification"),
        keys(json),
        "the members of deid.json, in order");
    assertTrue(
        json.contains(
            "\"ids\": {\n    \"crosswalk\": \"%s\",\n    \"digits\": %d,\n    \"reused\": "
                .formatted(read.ids().crosswalk(), read.ids().digits())),
        json);
    assertTrue(
        json.contains(
            "\"removed\": {\n        \"withPersons\": %d,\n        \"unlinked\": "
                .formatted(read.files().get(0).removed().withPersons())),
        json);
    assertTrue(json.contains("\"verification\": {\n    \"input\": {\n      \"rows\": "), json);
  }

  @Test
  void inputErrorsStopTheRunUnlessForced() throws Exception {
    Path export = dir.resolve("export");
    SyntheticAlphaExport.builder().build().writeTo(export);
    // A measurement of a person the person table does not have: key.foreign, an error.
    Path measurement = export.resolve("measurement.csv");
    List<String> lines = Files.readAllLines(measurement);
    String last = lines.get(lines.size() - 1);
    String orphan = last.replaceFirst("^\"(\\d+)\",\"\\d+\"", "\"999999\",\"777\"");
    Files.writeString(
        measurement, String.join("\r\n", lines) + "\r\n" + orphan + "\r\n", StandardCharsets.UTF_8);
    DeidRequest request =
        DeidRequest.of(alpha(), export, dir.resolve("out/export"), dir.resolve("private/x.csv"))
            .withAsOf(AS_OF);
    Deidentifier deidentifier = new Deidentifier(DiagnosticsListener.silent());

    InputRejectedException rejected =
        assertThrows(InputRejectedException.class, () -> deidentifier.deidentify(request));
    assertTrue(rejected.verification().count(Severity.ERROR) > 0);
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    assertFalse(Files.exists(dir.resolve("private")), "no crosswalk");

    DeidResult forced = deidentifier.deidentify(request.withForce(true));
    DeidResult.FileStats stats =
        forced.files().stream().filter(s -> s.file().equals("measurement.csv")).findFirst().get();
    assertEquals(1, stats.removedUnlinked());
    assertEquals(1, forced.persons().unknownReferenced());
    assertEquals(0, forced.verification().orElseThrow().count(Severity.ERROR));
  }

  @Test
  void theDebugLogTimesEveryStepInOrderAndTheCallerSeesTheInputsCheck() throws Exception {
    Path export = dir.resolve("export");
    SyntheticAlphaExport.builder().persons(12).build().writeTo(export);
    DeidRequest request =
        DeidRequest.of(alpha(), export, dir.resolve("out/export"), dir.resolve("private/x.csv"))
            .withAsOf(AS_OF);
    List<String> debug = new java.util.ArrayList<>();
    List<VerifyResult> inputs = new java.util.ArrayList<>();
    DiagnosticsListener recording =
        new DiagnosticsListener() {
          @Override
          public void problem(org.ehrcontracts.engine.problem.Problem problem) {}

          @Override
          public void progress(String message) {}

          @Override
          public void debug(java.util.function.Supplier<String> message) {
            debug.add(message.get());
          }
        };
    DeidResult result =
        new Deidentifier(recording)
            .deidentify(
                request,
                new Deidentifier.Stages() {
                  @Override
                  public void inputVerified(VerifyResult input) {
                    inputs.add(input);
                  }
                });
    assertEquals(List.of(result.input().orElseThrow()), inputs);
    String steps =
        debug.stream().filter(m -> m.startsWith("de-identification steps:")).findFirst().get();
    assertTrue(
        steps.matches(
            "de-identification steps: verify input \\d+\\.\\d\\d s; persons \\d+\\.\\d\\d s;"
                + " ids \\d+\\.\\d\\d s; rewrite \\d+\\.\\d\\d s; verify output \\d+\\.\\d\\d s;"
                + " crosswalk \\d+\\.\\d\\d s; move \\d+\\.\\d\\d s; clean up \\d+\\.\\d\\d s;"),
        steps);
    // Each step's seconds, as measured: a sample of 12 persons takes well under a minute each.
    java.util.regex.Matcher seconds =
        java.util.regex.Pattern.compile("(\\d+\\.\\d\\d) s;").matcher(steps);
    int count = 0;
    while (seconds.find()) {
      assertTrue(Double.parseDouble(seconds.group(1)) < 60, steps);
      count++;
    }
    assertEquals(8, count, steps);
    assertTrue(
        debug.stream().anyMatch(m -> m.matches("person map: 12 persons, \\d+ KiB")),
        debug.toString());
  }

  @Test
  void anOutputThatBreaksADeidRuleIsADefect() throws Exception {
    // Raw data checked as if de-identified: dates are not January 1, persons are too old (person
    // ids, offsets and free text, which raw data also fails, are left to their rules' own cases).
    Path export = dir.resolve("export");
    SyntheticAlphaExport.builder().build().writeTo(export);
    VerifyResult raw =
        new Verifier(DiagnosticsListener.silent())
            .verify(
                new VerifyRequest(
                    alpha(),
                    export,
                    AS_OF,
                    true,
                    2,
                    10,
                    Set.of(),
                    Set.of("deid.person-id", "deid.offset", "deid.not-blanked"),
                    "test"));
    OutputRejectedException e =
        assertThrows(
            OutputRejectedException.class,
            () -> OutputVerification.judge(Optional.empty(), raw, Set.of()));
    assertTrue(e.defect());
    assertEquals(List.of("deid.age-limit", "deid.date-not-truncated"), e.rules());
  }

  @Test
  void aSecondRunReplacesTheOutputAsAWhole() throws Exception {
    Path export = dir.resolve("export");
    SyntheticAlphaExport.builder().persons(12).build().writeTo(export);
    DeidRequest request =
        DeidRequest.of(alpha(), export, dir.resolve("out/export"), dir.resolve("private/x.csv"))
            .withAsOf(AS_OF)
            .withVerify(false);
    Deidentifier deidentifier = new Deidentifier(DiagnosticsListener.silent());
    deidentifier.deidentify(request);
    Files.delete(export.resolve("location.csv"));
    deidentifier.deidentify(request);
    try (Stream<Path> files = Files.list(dir.resolve("out/export"))) {
      assertEquals(
          Set.of(
              Deidentifier.MANIFEST,
              "person.csv",
              "visit_occurrence.csv",
              "condition_occurrence.csv",
              "procedure_occurrence.csv",
              "drug_exposure.csv",
              "measurement.csv"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
    try (Stream<Path> siblings = Files.list(dir.resolve("out"))) {
      // Nothing of the replace is left: no temporary or previous folder (the lock file of the
      // output, empty and hidden, stays for the next run).
      assertEquals(
          List.of("export"),
          siblings
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.equals(".export.deid.lock"))
              .toList());
    }
  }

  private static Map<Long, Long> crosswalk(Path file) throws Exception {
    return Files.readAllLines(file).stream()
        .skip(1)
        .map(l -> l.split(","))
        .collect(Collectors.toMap(p -> Long.parseLong(p[0]), p -> Long.parseLong(p[1])));
  }

  /** The top-level member names of a document, in order. */
  private static List<String> keys(String json) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    new ObjectMapper().readTree(json).fieldNames().forEachRemaining(names::add);
    return names;
  }
}
