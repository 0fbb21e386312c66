package org.ehrcontracts.engine.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.deid.Deidentifier;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.report.JsonReportWriter;
import org.ehrcontracts.engine.seal.SiteKey;
import org.ehrcontracts.maven.MavenRemedies;
import org.ehrcontracts.testing.DeployFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interlocks a de-identified deploy cannot talk its way past: a sealed manifest, a verification
 * that ran every {@code deid.*} rule, and no withheld table.
 */
class DeployerSealTest {

  private static final String BUCKET = "aou-ehr-sample-site-bucket";
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), 1.0);
  private static final Contract ALPHA = DeployFixture.contract("aou-ehr-alpha");
  private static final Contract PII = DeployFixture.contract("alpha-pii.yaml");

  @TempDir Path project;
  @TempDir Path bucketDir;

  private DeployFixture site;
  private LocalDirectoryBlobStore store;
  private Path output;

  @BeforeEach
  void setUp() throws IOException {
    site = DeployFixture.sample(project);
    store = new LocalDirectoryBlobStore(bucketDir, BUCKET);
  }

  /** A real ehr:deidentify run, verified with the deid.* rules. */
  private void deidentifyAndVerify(Contract contract) throws IOException {
    output = site.deidentify(contract);
    site.verify(contract, output, true);
  }

  @Test
  void theGenuineOutputPassesEveryInterlockAndIsUploaded() throws Exception {
    deidentifyAndVerify(ALPHA);

    DeployPlan plan = plan(ALPHA);

    assertFalse(plan.refused(), plan.verdicts()::toString);
    for (Verdict verdict : plan.verdicts()) {
      assertEquals(Verdict.Status.PASSED, verdict.status(), verdict::format);
    }
    assertEquals(7, deployer().deploy(plan).count(DeployReceipt.Action.UPLOADED));
  }

  // ---- the manifest's seal ----

  @Test
  void aHandWrittenManifestWithTheRightChecksumsButNoSealIsRefused() throws Exception {
    deidentifyAndVerify(ALPHA);
    DeployFixture.writeUnsealedManifest(output, ALPHA.name(), ALPHA.version(), ALPHA.digest());

    Verdict verdict = refused(plan(ALPHA), Interlocks.DEIDENTIFIED);

    assertEquals(
        output.resolve(Deidentifier.MANIFEST)
            + " has no seal, so nothing shows that ehr:deidentify wrote it: a manifest written by"
            + " hand or by an older version is never trusted. Run mvn ehr:deidentify again, with the"
            + " private folder that keeps the crosswalk, and deploy its output.",
        verdict.message());
    assertNothingUploaded(plan(ALPHA));
  }

  @Test
  void aManifestThatIsNotJsonOrOfTheWrongShapeIsRefusedNamingTheFile() throws Exception {
    deidentifyAndVerify(ALPHA);
    Path file = output.resolve(Deidentifier.MANIFEST);
    String manifest = manifest();

    writeManifest(manifest.substring(0, manifest.length() / 2));
    String truncated = refused(plan(ALPHA), Interlocks.DEIDENTIFIED).message();
    writeManifest(manifest.replaceFirst("\"rows\": (\\d+)", "\"rows\": \"$1\""));
    String quoted = refused(plan(ALPHA), Interlocks.DEIDENTIFIED).message();

    assertTrue(truncated.startsWith("cannot read " + file + " (not valid JSON (line "), truncated);
    assertTrue(truncated.endsWith("). Run mvn ehr:deidentify again."), truncated);
    assertTrue(quoted.startsWith("cannot read " + file + " (files."), quoted);
    assertTrue(quoted.contains(".rows (line "), quoted);
    assertTrue(quoted.endsWith(" must be a number). Run mvn ehr:deidentify again."), quoted);
    assertNothingUploaded(plan(ALPHA));
  }

  @Test
  void aForgedSealIsRefused() throws Exception {
    deidentifyAndVerify(ALPHA);
    String manifest = manifest();
    Matcher hmac = Pattern.compile("\"hmac\": \"([0-9a-f]{64})\"").matcher(manifest);
    assertTrue(hmac.find(), manifest);
    writeManifest(manifest.replace(hmac.group(1), "0".repeat(64)));

    Verdict verdict = refused(plan(ALPHA), Interlocks.DEIDENTIFIED);

    assertTrue(verdict.message().contains("does not match its content"), verdict::message);
    assertNothingUploaded(plan(ALPHA));
  }

  @Test
  void aManifestEditedToCoverAnotherFileIsRefused() throws Exception {
    deidentifyAndVerify(ALPHA);
    // Put the raw file back and make the manifest agree with it, as a hand editor would.
    Path file = output.resolve("measurement.csv");
    String oldCrc = Crc32c.of(file);
    long oldSize = Files.size(file);
    Files.copy(
        site.export().resolve("measurement.csv"),
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    writeManifest(
        manifest()
            .replace("\"crc32c\": \"" + oldCrc + "\"", "\"crc32c\": \"" + Crc32c.of(file) + "\"")
            .replace("\"bytes\": " + oldSize + ",", "\"bytes\": " + Files.size(file) + ","));

    Verdict verdict = refused(plan(ALPHA), Interlocks.DEIDENTIFIED);

    assertEquals(
        "the seal of "
            + output.resolve(Deidentifier.MANIFEST)
            + " does not match its content: the manifest was edited after ehr:deidentify wrote it,"
            + " so nothing in it can be trusted. Run mvn ehr:deidentify again and deploy its output.",
        verdict.message());
  }

  @Test
  void aManifestWithAFileEntryLeftOutIsRefused() throws Exception {
    deidentifyAndVerify(ALPHA);
    Files.delete(output.resolve("measurement.csv"));
    String manifest = manifest();
    String edited = manifest.replaceAll(",\\s*\"measurement.csv\": \\{[^}]*\\}", "");
    assertFalse(edited.contains("measurement.csv"), edited);
    writeManifest(edited);

    Verdict verdict = refused(plan(ALPHA), Interlocks.DEIDENTIFIED);

    assertTrue(verdict.message().contains("does not match its content"), verdict::message);
  }

  @Test
  void withoutTheSiteKeyNothingIsDeployedAndTheMessageSaysWhereItLooked() throws Exception {
    deidentifyAndVerify(ALPHA);
    Files.delete(SiteKey.file(site.privateDirectory()));

    Verdict verdict = refused(plan(ALPHA), Interlocks.DEIDENTIFIED);

    assertEquals(
        "the seal of "
            + output.resolve(Deidentifier.MANIFEST)
            + " cannot be checked: there is no site seal key ehr-deid-seal.key in "
            + site.privateDirectory()
            + ", where ehr:deidentify keeps it beside the crosswalk. Only the machine and private"
            + " folder that ran ehr:deidentify can deploy its output: deploy from there, or point"
            + " <crosswalk> (property ehr.deid.crosswalk) to the private folder that holds the key.",
        verdict.message());
  }

  @Test
  void anotherSitesKeyIsRefused() throws Exception {
    deidentifyAndVerify(ALPHA);
    Files.delete(SiteKey.file(site.privateDirectory()));
    SiteKey.loadOrCreate(site.privateDirectory());

    Verdict verdict = refused(plan(ALPHA), Interlocks.DEIDENTIFIED);

    assertTrue(verdict.message().contains("was sealed with another site key"), verdict::message);
  }

  @Test
  void anUnreadableKeyIsRefused() throws Exception {
    deidentifyAndVerify(ALPHA);
    Files.write(SiteKey.file(site.privateDirectory()), new byte[3]);

    Verdict verdict = refused(plan(ALPHA), Interlocks.DEIDENTIFIED);

    assertTrue(verdict.message().startsWith("cannot read the site's seal key "), verdict::message);
  }

  @Test
  void noMessageShowsTheKeyOrAnHmac() throws Exception {
    deidentifyAndVerify(ALPHA);
    String key =
        HexFormat.of().formatHex(Files.readAllBytes(SiteKey.file(site.privateDirectory())));
    Matcher hmac = Pattern.compile("\"hmac\": \"([0-9a-f]{64})\"").matcher(manifest());
    assertTrue(hmac.find());
    String text = plan(ALPHA).verdicts().toString();
    DeployFixture.writeUnsealedManifest(output, ALPHA.name(), ALPHA.version(), ALPHA.digest());
    text += plan(ALPHA).verdicts().toString();
    assertFalse(text.contains(key));
    assertFalse(text.contains(hmac.group(1)));
  }

  // ---- the verification behind the deploy ----

  @Test
  void aVerificationWithoutTheDeidRulesIsRefused() throws Exception {
    output = site.deidentify(ALPHA);
    site.verify(ALPHA, output, false);

    Verdict verdict = refused(plan(ALPHA), Interlocks.VERIFIED);

    assertTrue(
        verdict.message().contains("ran without the de-identification rules (deid.*)"),
        verdict::message);
    assertTrue(
        verdict
            .message()
            .endsWith(
                "Run mvn ehr:verify -Dehr.exports="
                    + output
                    + " -Dehr.verify.deidentified=true first."),
        verdict::message);
    assertNothingUploaded(plan(ALPHA));
  }

  @Test
  void aVerificationThatSkippedTheDeidRulesIsRefused() throws Exception {
    output = site.deidentify(ALPHA);
    site.verify(ALPHA, output, true, Set.of(), Set.of("deid"));

    Verdict verdict = refused(plan(ALPHA), Interlocks.VERIFIED);

    assertTrue(
        verdict
            .message()
            .contains(
                " left out the de-identification rules deid.date-not-truncated, deid.age-limit"),
        verdict::message);
    assertNothingUploaded(plan(ALPHA));
  }

  @Test
  void aVerificationThatSkippedOneDeidRuleIsRefused() throws Exception {
    output = site.deidentify(ALPHA);
    site.verify(ALPHA, output, true, Set.of(), Set.of("deid.age-limit"));

    Verdict verdict = refused(plan(ALPHA), Interlocks.VERIFIED);

    assertTrue(
        verdict.message().contains(" left out the de-identification rule deid.age-limit "),
        verdict::message);
  }

  @Test
  void aVerificationOfOnlyOtherRulesIsRefused() throws Exception {
    output = site.deidentify(ALPHA);
    site.verify(ALPHA, output, true, Set.of("type", "deid.age-limit"), Set.of());

    Verdict verdict = refused(plan(ALPHA), Interlocks.VERIFIED);

    assertTrue(
        verdict
            .message()
            .contains(" left out the de-identification rules deid.date-not-truncated, "),
        verdict::message);
  }

  @Test
  void aVerificationThatSkippedOtherRulesOnlyPasses() throws Exception {
    output = site.deidentify(ALPHA);
    site.verify(ALPHA, output, true, Set.of(), Set.of("plausibility"));

    assertEquals(Verdict.Status.PASSED, verdict(plan(ALPHA), Interlocks.VERIFIED).status());
  }

  @Test
  void aReportThatDoesNotSayWhichRulesRanIsRefused() throws Exception {
    deidentifyAndVerify(ALPHA);
    Path report = site.reports().resolve("export").resolve(JsonReportWriter.FILE_NAME);
    String text = Files.readString(report, StandardCharsets.UTF_8);
    String older = text.replaceAll("(?s)\"ruleFilter\": \\{.*?\\},\\s*", "");
    assertFalse(older.contains("ruleFilter"), older);
    Files.writeString(report, older, StandardCharsets.UTF_8);

    Verdict verdict = refused(plan(ALPHA), Interlocks.VERIFIED);

    assertTrue(verdict.message().contains("does not say which rules it ran"), verdict::message);
  }

  // ---- withheld tables ----

  @Test
  void aDeidentifiedFolderHoldingAnIdentifyingTableIsRefusedByName() throws Exception {
    Path pii = site.export().resolve("pii_name.csv");
    Files.writeString(
        pii,
        "\"person_id\",\"first_name\",\"last_name\"\r\n\"1\",\"Synthetic\",\"Person\"\r\n",
        StandardCharsets.UTF_8);
    output = site.deidentify(PII);
    assertFalse(Files.exists(output.resolve("pii_name.csv")), "ehr:deidentify withholds it");
    // Put back by hand; even a manifest sealed over it would not help.
    Files.copy(pii, output.resolve("pii_name.csv"));
    site.writeManifest(output, PII.name(), PII.version(), PII.digest());
    site.verify(PII, output, true);

    DeployPlan plan = plan(PII);

    assertTrue(
        plan.verdicts().stream()
            .anyMatch(
                v ->
                    v.status() == Verdict.Status.REFUSED
                        && v.interlock().equals(Interlocks.DEIDENTIFIED)
                        && v.message()
                            .equals(
                                "the file pii_name.csv in "
                                    + output
                                    + " is the file of a table that contract alpha-pii withholds"
                                    + " from de-identified output (identifying tables such as pii_*"
                                    + " and participant_match, and tables its policy drops); it is"
                                    + " never uploaded. Run mvn ehr:deidentify again, which does"
                                    + " not write it, and deploy its output.")),
        plan.verdicts()::toString);
    assertNothingUploaded(plan);
  }

  @Test
  void aTableThePolicyDropsIsRefusedByNameToo() throws Exception {
    deidentifyAndVerify(PII);
    Files.writeString(
        output.resolve("note_text.csv"),
        "\"note_id\",\"person_id\",\"note_text\"\r\n",
        StandardCharsets.UTF_8);
    site.writeManifest(output, PII.name(), PII.version(), PII.digest());

    DeployPlan plan = plan(PII);

    assertTrue(
        plan.verdicts().stream()
            .anyMatch(
                v ->
                    v.status() == Verdict.Status.REFUSED
                        && v.message().startsWith("the file note_text.csv in ")
                        && v.message().contains(" withholds from de-identified output ")),
        plan.verdicts()::toString);
  }

  @Test
  void theGenuineOutputOfAContractWithWithheldTablesPasses() throws Exception {
    Files.writeString(
        site.export().resolve("pii_name.csv"),
        "\"person_id\",\"first_name\",\"last_name\"\r\n\"1\",\"Synthetic\",\"Person\"\r\n",
        StandardCharsets.UTF_8);
    deidentifyAndVerify(PII);

    DeployPlan plan = plan(PII);

    assertFalse(plan.refused(), plan.verdicts()::toString);
  }

  // ---- helpers ----

  private String manifest() throws IOException {
    return Files.readString(output.resolve(Deidentifier.MANIFEST), StandardCharsets.UTF_8);
  }

  private void writeManifest(String text) throws IOException {
    Files.writeString(output.resolve(Deidentifier.MANIFEST), text, StandardCharsets.UTF_8);
  }

  private DeployPlan plan(Contract contract) throws Exception {
    return deployer().plan(site.request(contract, BUCKET));
  }

  private void assertNothingUploaded(DeployPlan plan) throws Exception {
    assertTrue(plan.refused());
    assertThrows(DeployRefusedException.class, () -> deployer().deploy(plan));
    assertEquals(List.of(), store.names());
  }

  private Deployer deployer() {
    return new Deployer(store, DiagnosticsListener.silent(), FAST, MavenRemedies.INSTANCE);
  }

  private static Verdict verdict(DeployPlan plan, String interlock) {
    return plan.verdicts().stream()
        .filter(v -> v.interlock().equals(interlock))
        .reduce((a, b) -> b.status() == Verdict.Status.REFUSED ? b : a)
        .orElseThrow(() -> new AssertionError("no " + interlock + " in " + plan.verdicts()));
  }

  private static Verdict refused(DeployPlan plan, String interlock) {
    Verdict verdict = verdict(plan, interlock);
    assertEquals(Verdict.Status.REFUSED, verdict.status(), plan.verdicts()::toString);
    return verdict;
  }
}
