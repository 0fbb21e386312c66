package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.deploy.DeployPlan;
import org.ehrcontracts.engine.deploy.Deployer;
import org.ehrcontracts.engine.deploy.Verdict;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.ehrcontracts.maven.MavenRemedies;
import org.ehrcontracts.testing.DeployFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 8's last word: the dry-run plan of {@code ehr:deploy} passes on the leak export's genuine
 * de-identified output, and refuses the output once one planted leak is put back, even when the
 * planter re-seals the manifest with the site key and verifies the output again: the {@code deid.*}
 * rules of that verification judge the written files, not the transform.
 */
class LeakDeployTest {

  @TempDir Path dir;

  private DeployFixture site;
  private Contract deid;
  private LeakExport export;

  private void deidentify() throws Exception {
    site = DeployFixture.empty(dir);
    Contract current = DeployFixture.contract("aou-ehr-current");
    deid = DeployFixture.contract("aou-ehr-current-deid");
    export = new LeakExport(current);
    export.writeTo(site.export());
    site.deidentify(deid);
  }

  private DeployPlan dryRun() throws Exception {
    return Deployer.offline("a test", DiagnosticsListener.silent(), MavenRemedies.INSTANCE)
        .plan(
            DeployFixture.with(
                site.request(deid, "bucket"), Optional.empty(), Optional.empty(), false, true));
  }

  @Test
  void theGenuineOutputPassesEveryInterlock() throws Exception {
    deidentify();
    VerifyResult verified = site.verify(deid, site.deidentified(), true);
    assertEquals(0, verified.count(Severity.ERROR), () -> errors(verified).toString());
    DeployPlan plan = dryRun();
    assertFalse(plan.refused(), plan.verdicts()::toString);
    assertTrue(
        plan.verdicts().stream().allMatch(v -> v.status() == Verdict.Status.PASSED),
        plan.verdicts()::toString);
  }

  /** One leak put back into the output, and the rule that must find it. */
  enum Leak {
    ORIGINAL_ID("deid.person-id"),
    REMOVED_PERSON("deid.person-id"),
    BLANKED_TEXT("deid.not-blanked"),
    SUMMER_OFFSET("deid.offset"),
    DATE("deid.date-not-truncated"),
    TIME("deid.time-not-truncated"),
    IDENTIFYING_TABLE("deid.identifying-table");

    final String rule;

    Leak(String rule) {
      this.rule = rule;
    }
  }

  @ParameterizedTest
  @EnumSource(Leak.class)
  void anOutputWithOneLeakPutBackIsRefused(Leak leak) throws Exception {
    deidentify();
    plant(leak);
    // The worst case: whoever put it back holds the site key and re-seals the manifest, so
    // deploy.deidentified passes; the output's own verification must still find the leak.
    site.writeManifest(site.deidentified(), deid.name(), deid.version(), deid.digest());
    VerifyResult verified = site.verify(deid, site.deidentified(), true);
    assertTrue(
        errors(verified).contains(leak.rule), () -> leak + " not found: " + errors(verified));
    DeployPlan plan = dryRun();
    assertTrue(plan.refused(), plan.verdicts()::toString);
    Verdict verifiedVerdict =
        plan.verdicts().stream()
            .filter(v -> v.interlock().equals("deploy.verified"))
            .findFirst()
            .orElseThrow();
    assertEquals(Verdict.Status.REFUSED, verifiedVerdict.status(), verifiedVerdict::message);
  }

  private void plant(Leak leak) throws Exception {
    Path out = site.deidentified();
    LeakExport.Person kept = LeakExport.PERSONS.get(0);
    LeakExport.Person removed =
        LeakExport.PERSONS.stream().filter(LeakExport.Person::removed).findFirst().orElseThrow();
    switch (leak) {
      case ORIGINAL_ID -> setField(out.resolve("visit_occurrence.csv"), 1, "person_id", kept.id());
      case REMOVED_PERSON ->
          setField(out.resolve("condition_occurrence.csv"), 1, "person_id", removed.id());
      case BLANKED_TEXT ->
          setField(out.resolve("observation.csv"), 1, "value_as_string", "seen 2009-03-12");
      case SUMMER_OFFSET ->
          setField(
              out.resolve("visit_occurrence.csv"),
              1,
              "visit_start_datetime",
              "2012-01-01T00:00:00-04:00");
      case DATE ->
          setField(out.resolve("visit_occurrence.csv"), 1, "visit_start_date", "2012-08-11");
      case TIME -> setField(out.resolve("measurement.csv"), 1, "measurement_time", "14:05");
      case IDENTIFYING_TABLE ->
          Files.copy(site.export().resolve("pii_name.csv"), out.resolve("pii_name.csv"));
    }
  }

  /** Writes a value into a named column of a data line of a CSV file without quotes in it. */
  private static void setField(Path file, int line, String column, Object value) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    List<String> header = List.of(lines.get(0).split(",", -1));
    int at = header.indexOf(column);
    assertTrue(at >= 0, () -> column + " in " + header);
    String[] fields = lines.get(line).split(",", -1);
    fields[at] = String.valueOf(value);
    lines.set(line, String.join(",", fields));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** The rule ids with errors. */
  private static Set<String> errors(VerifyResult result) {
    Set<String> rules = new TreeSet<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        if (rule.severity() == Severity.ERROR && rule.count() > 0) {
          rules.add(rule.rule());
        }
      }
    }
    return rules;
  }
}
