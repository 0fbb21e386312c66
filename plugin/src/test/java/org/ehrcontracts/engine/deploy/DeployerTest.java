package org.ehrcontracts.engine.deploy;

import static org.ehrcontracts.testing.DeployFixture.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.deploy.BlobStoreException.Kind;
import org.ehrcontracts.engine.deploy.BlobStoreException.Operation;
import org.ehrcontracts.engine.deploy.DeployReceipt.Action;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.verify.PreviousUpload;
import org.ehrcontracts.maven.MavenRemedies;
import org.ehrcontracts.testing.DeployFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Deployer} with a local-directory store: plans, interlocks, uploads and receipts. */
class DeployerTest {

  private static final String BUCKET = "aou-ehr-sample-site-bucket";
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), 1.0);
  private static final Contract IDENTIFIED = DeployFixture.contract("alpha-identified.yaml");
  private static final Contract ALPHA = DeployFixture.contract("aou-ehr-alpha");

  @TempDir Path project;
  @TempDir Path bucketDir;

  private DeployFixture site;
  private LocalDirectoryBlobStore store;
  private final List<String> lines = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    site = DeployFixture.sample(project);
    store = new LocalDirectoryBlobStore(bucketDir, BUCKET);
  }

  @Test
  void receiptRecordsTheVerifiedRowsThatTheNextVerifyComparesWith() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    Deployer deployer = deployer();
    Path written =
        DeployReceipts.write(deployer.deploy(deployer.plan(site.request(IDENTIFIED, BUCKET))));

    DeployDocument json = JsonDocuments.read(written, DeployDocument.class);
    // The sample's person.csv: 40 invented persons, one a line after the header.
    long personLines = Files.readAllLines(site.export().resolve("person.csv")).size() - 1;
    assertEquals(40, personLines);
    assertEquals(Long.valueOf(personLines), json.objects().get(6).rows());
    for (DeployDocument.ObjectEntry object : json.objects()) {
      assertNotNull(object.rows(), object.file());
    }
    assertTrue(
        java.util.regex.Pattern.compile("\"rows\"\\s*:\\s*40\\b")
            .matcher(Files.readString(written))
            .find(),
        "rows in the JSON as written");

    PreviousUpload upload = DeployReceipts.previousUpload(written, "receipts/deploy.json");
    assertEquals("receipts/deploy.json", upload.receipt());
    assertEquals("2026-03-05-v1", upload.folder());
    assertEquals(7, upload.rows().size());
    assertEquals(40L, upload.rows().get("person.csv"));
    assertEquals(Optional.of(written), DeployReceipts.newest(site.reports(), IDENTIFIED.name()));
    assertEquals(Optional.empty(), DeployReceipts.newest(site.reports(), "another-contract"));
  }

  @Test
  void plansTheContractsFilesWithChecksumsPersonLast() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);

    DeployPlan plan = deployer().plan(site.request(IDENTIFIED, BUCKET));

    assertEquals("2026-03-05-v1", plan.folder());
    assertEquals(DeployPlan.FolderChoice.NEXT_FREE, plan.folderChoice());
    assertEquals(
        List.of(
            "location.csv",
            "visit_occurrence.csv",
            "condition_occurrence.csv",
            "procedure_occurrence.csv",
            "drug_exposure.csv",
            "measurement.csv",
            "person.csv"),
        plan.items().stream().map(PlanItem::file).toList());
    PlanItem person = plan.items().get(6);
    assertEquals("2026-03-05-v1/person.csv", person.object());
    assertEquals(Files.size(site.export().resolve("person.csv")), person.size());
    assertEquals(Crc32c.of(site.export().resolve("person.csv")), person.crc32c());
    assertFalse(plan.refused(), plan.verdicts()::toString);
    assertEquals(
        List.of("deploy.contract-files", "deploy.verified", "deploy.existing-objects"),
        plan.verdicts().stream().map(Verdict::interlock).toList());
  }

  @Test
  void deploysEveryFileWithPersonLastAndWritesTheReceipt() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    Deployer deployer = deployer();

    DeployReceipt receipt = deployer.deploy(deployer.plan(site.request(IDENTIFIED, BUCKET)));
    Path written = DeployReceipts.write(receipt);

    assertTrue(receipt.complete());
    assertEquals(7, receipt.count(Action.UPLOADED));
    assertEquals("2026-03-05-v1/person.csv", store.uploads().get(6));
    for (PlanItem item : receipt.plan().items()) {
      assertTrue(store.stat(item.object()).orElseThrow().sameContent(item.size(), item.crc32c()));
    }
    assertEquals(site.reports().resolve("export/deploy.json"), written);
    DeployDocument json = JsonDocuments.read(written, DeployDocument.class);
    assertEquals(BUCKET, json.bucket());
    assertEquals("2026-03-05-v1", json.folder());
    assertEquals("complete", json.status());
    DeployDocument.ObjectEntry person = json.objects().get(6);
    assertEquals("person.csv", person.file());
    assertEquals("uploaded", person.action());
    assertNotNull(person.generation());
    assertNotNull(person.time());
    assertEquals(DeployReceipts.document(receipt), json, "read back as it was written");
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.startsWith(
                        "Deployed export to gs://"
                            + BUCKET
                            + "/2026-03-05-v1/: 7 files, 7 uploaded, 0 already there;")),
        lines::toString);
  }

  @Test
  void aReRunUploadsNothingAndReportsEveryObjectAlreadyThere() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    DeployReceipts.write(deployer().deploy(deployer().plan(site.request(IDENTIFIED, BUCKET))));
    int uploads = store.uploads().size();

    DeployPlan again = deployer().plan(site.request(IDENTIFIED, BUCKET));
    DeployReceipt receipt = deployer().deploy(again);

    assertEquals("2026-03-05-v1", again.folder());
    assertEquals(DeployPlan.FolderChoice.RESUMED, again.folderChoice());
    assertEquals(7, receipt.count(Action.ALREADY_THERE));
    assertEquals(uploads, store.uploads().size());
  }

  @Test
  void aReRunAfterAFailureUploadsOnlyWhatIsMissing() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    store.fail(Operation.UPLOAD, Kind.PERMISSION_DENIED, 1);
    Deployer deployer = deployer();
    DeployFailedException failed =
        assertThrows(
            DeployFailedException.class,
            () -> deployer.deploy(deployer.plan(site.request(IDENTIFIED, BUCKET))));
    DeployReceipts.write(failed.receipt());
    List<String> before = store.names();

    DeployReceipt receipt = deployer().deploy(deployer().plan(site.request(IDENTIFIED, BUCKET)));

    assertFalse(before.contains("2026-03-05-v1/person.csv"));
    assertEquals(before.size(), receipt.count(Action.ALREADY_THERE));
    assertEquals(7 - before.size(), receipt.count(Action.UPLOADED));
    assertTrue(receipt.complete());
  }

  @Test
  void theNextFreeVersionIsPickedWhenTodaysFirstIsTaken() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    store.put("2026-03-05-v1/person.csv", new byte[] {1});
    store.put("2026-03-04-v3/person.csv", new byte[] {1});

    DeployPlan plan = deployer().plan(site.request(IDENTIFIED, BUCKET));

    assertEquals("2026-03-05-v2", plan.folder());
    assertTrue(plan.items().stream().allMatch(i -> i.state() == PlanItem.State.NEW));
  }

  @Test
  void unverifiedDataIsRefused() throws Exception {
    DeployPlan plan = deployer().plan(site.request(IDENTIFIED, BUCKET));

    Verdict verdict = verdict(plan, "deploy.verified");
    assertEquals(Verdict.Status.REFUSED, verdict.status());
    assertTrue(verdict.message().endsWith("Run mvn ehr:verify first."), verdict.message());
    assertEquals(List.of(Remedy.RunVerify.export()), verdict.remedies());
    DeployRefusedException e =
        assertThrows(DeployRefusedException.class, () -> deployer().deploy(plan));
    assertEquals(List.of(verdict), e.refusals());
    assertTrue(store.names().isEmpty());
  }

  @Test
  void aFileChangedSinceVerificationIsRefused() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    DeployFixture.touch(site.export().resolve("person.csv"));

    Verdict verdict = verdict(deployer().plan(site.request(IDENTIFIED, BUCKET)), "deploy.verified");

    assertEquals(Verdict.Status.REFUSED, verdict.status());
    assertTrue(
        verdict.message().startsWith("the file person.csv changed since it was verified at "),
        verdict.message());
    assertTrue(verdict.message().endsWith("Run mvn ehr:verify again."), verdict.message());
  }

  @Test
  void aFailedVerificationOrAnotherContractIsRefused() throws Exception {
    site.verify(ALPHA, site.export(), false);

    Verdict other = verdict(deployer().plan(site.request(IDENTIFIED, BUCKET)), "deploy.verified");
    Files.writeString(site.export().resolve("location.csv"), "\"broken\"\r\n");
    site.verify(IDENTIFIED, site.export(), false);
    Verdict failed = verdict(deployer().plan(site.request(IDENTIFIED, BUCKET)), "deploy.verified");

    assertTrue(
        other.message().contains("was verified against contract aou-ehr-alpha 1.0.0"),
        other.message());
    assertTrue(failed.message().startsWith("the last ehr:verify of "), failed.message());
    assertTrue(failed.message().contains(") failed with "), failed.message());
  }

  @Test
  void rawDataUnderADeidentificationPolicyIsRefusedAndTheDryRunShowsWhy() throws Exception {
    site.verify(ALPHA, site.export(), false);

    DeployPlan plan =
        deployer()
            .plan(
                with(site.request(ALPHA, BUCKET), Optional.empty(), Optional.empty(), false, true));
    DeployPlan explicit =
        deployer()
            .plan(
                with(
                    site.request(ALPHA, BUCKET),
                    Optional.empty(),
                    Optional.of(site.export()),
                    false,
                    false));

    Verdict verdict = verdict(plan, "deploy.deidentified");
    assertEquals(Verdict.Status.REFUSED, verdict.status());
    assertTrue(
        verdict
            .message()
            .startsWith(
                "contract aou-ehr-alpha requires de-identification, and there is no de-identified output at "),
        verdict.message());
    assertTrue(verdict.message().contains("Run mvn ehr:deidentify first."), verdict.message());
    assertEquals(List.of(new Remedy.RunDeidentify()), verdict.remedies());
    assertEquals(7, plan.items().size());
    // The raw export has no manifest of ehr:deidentify, so it is refused as raw data.
    assertTrue(
        verdict(explicit, "deploy.deidentified").message().contains("has no .ehr-deid.json"),
        verdict(explicit, "deploy.deidentified")::message);
    assertTrue(
        verdict(explicit, "deploy.deidentified").message().contains("raw data is never uploaded"),
        verdict(explicit, "deploy.deidentified")::message);
    assertThrows(DeployRefusedException.class, () -> deployer().deploy(explicit));
    assertTrue(store.names().isEmpty());
  }

  @Test
  void theDeidentifiedOutputIsUploadedWhenItsManifestMatches() throws Exception {
    Path output = site.deidentify(ALPHA);
    Files.writeString(output.resolve("notes.txt"), "not a table");
    site.verify(ALPHA, output, true);

    DeployPlan plan = deployer().plan(site.request(ALPHA, BUCKET));
    DeployReceipt receipt = deployer().deploy(plan);

    assertEquals(output, plan.source());
    assertEquals(Verdict.Status.PASSED, verdict(plan, "deploy.deidentified").status());
    Verdict verified = verdict(plan, "deploy.verified");
    assertEquals(Verdict.Status.PASSED, verified.status(), verified::message);
    assertTrue(
        verdict(plan, "deploy.contract-files")
            .message()
            .endsWith("left out: .ehr-deid.json, notes.txt."),
        verdict(plan, "deploy.contract-files")::message);
    assertEquals(7, receipt.count(Action.UPLOADED));
    assertTrue(
        store.names().stream()
            .noneMatch(n -> n.endsWith(".ehr-deid.json") || n.endsWith("notes.txt")));
  }

  @Test
  void theDeidentifiedOutputMayBeNamedAsTheExport() throws Exception {
    Path output = site.deidentify(ALPHA);
    site.verify(ALPHA, output, true);
    DeployRequest base = site.request(ALPHA, BUCKET);
    DeployRequest request =
        new DeployRequest(
            ALPHA,
            output,
            Optional.empty(),
            base.deidentifiedRoot(),
            base.privateDirectory(),
            base.reportDirectory(),
            BUCKET,
            Optional.empty(),
            base.today(),
            false,
            false,
            2,
            "test");

    DeployPlan plan = deployer().plan(request);

    assertEquals(output, plan.source());
    assertFalse(plan.refused(), plan.verdicts()::toString);
  }

  @Test
  void deidentifiedFilesThatChangedOrAnotherContractsManifestAreRefused() throws Exception {
    Path output = site.fakeDeidentified(ALPHA);
    DeployFixture.touch(output.resolve("measurement.csv"));
    site.verify(ALPHA, output, true);

    Verdict changed = verdict(deployer().plan(site.request(ALPHA, BUCKET)), "deploy.deidentified");
    site.writeManifest(output, "aou-ehr-alpha", "0.9.0", "00ff");
    Verdict other = verdict(deployer().plan(site.request(ALPHA, BUCKET)), "deploy.deidentified");
    Files.delete(output.resolve(".ehr-deid.json"));
    Verdict missing = verdict(deployer().plan(site.request(ALPHA, BUCKET)), "deploy.deidentified");

    assertEquals(
        "the file measurement.csv changed since ehr:deidentify wrote it. Run mvn ehr:deidentify again.",
        changed.message());
    assertTrue(
        other.message().contains("was de-identified under contract aou-ehr-alpha 0.9.0"),
        other.message());
    assertTrue(missing.message().contains("has no .ehr-deid.json"), missing.message());
  }

  @Test
  void nothingInThePrivateDirectoryIsEverUploaded() throws Exception {
    Path inside = site.privateDirectory().resolve("export");
    Files.createDirectories(inside);
    Files.copy(site.export().resolve("person.csv"), inside.resolve("person.csv"));
    site.verify(IDENTIFIED, inside, false);

    DeployPlan plan =
        deployer()
            .plan(
                with(
                    site.request(IDENTIFIED, BUCKET),
                    Optional.empty(),
                    Optional.of(inside),
                    false,
                    false));

    assertEquals(Verdict.Status.REFUSED, verdict(plan, "deploy.private-files").status());
    assertThrows(DeployRefusedException.class, () -> deployer().deploy(plan));
    assertTrue(store.names().isEmpty());
  }

  @Test
  void aFolderAgainstTheContractsRuleIsRefused() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);

    Verdict badDate =
        verdict(
            deployer()
                .plan(
                    with(
                        site.request(IDENTIFIED, BUCKET),
                        Optional.of("2026-13-01-v1"),
                        Optional.empty(),
                        false,
                        false)),
            "deploy.folder-name");
    Verdict nested =
        verdict(
            deployer()
                .plan(
                    with(
                        site.request(IDENTIFIED, BUCKET),
                        Optional.of("2026-03-05-v1/x"),
                        Optional.empty(),
                        false,
                        false)),
            "deploy.folder-name");
    Verdict good =
        verdict(
            deployer()
                .plan(
                    with(
                        site.request(IDENTIFIED, BUCKET),
                        Optional.of("2026-03-05-v7"),
                        Optional.empty(),
                        false,
                        false)),
            "deploy.folder-name");

    assertEquals(Verdict.Status.REFUSED, badDate.status());
    assertTrue(
        badDate
            .message()
            .startsWith(
                "the folder '2026-13-01-v1' does not follow contract alpha-identified's rule {date}-v{version}"),
        badDate.message());
    assertTrue(nested.message().contains("is not one plain path segment"), nested.message());
    assertEquals(Verdict.Status.PASSED, good.status());
  }

  @Test
  void anObjectWithOtherContentIsNeverOverwrittenUnlessAsked() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    StoredBlob other =
        store.put("2026-03-05-v4/person.csv", "other".getBytes(StandardCharsets.UTF_8));
    DeployRequest given =
        with(
            site.request(IDENTIFIED, BUCKET),
            Optional.of("2026-03-05-v4"),
            Optional.empty(),
            false,
            false);

    DeployPlan refused = deployer().plan(given);
    DeployReceipt replaced =
        deployer()
            .deploy(deployer().plan(with(given, given.folder(), Optional.empty(), true, false)));

    Verdict verdict = verdict(refused, "deploy.existing-objects");
    assertEquals(Verdict.Status.REFUSED, verdict.status());
    assertTrue(
        verdict
            .message()
            .startsWith("gs://" + BUCKET + "/2026-03-05-v4/person.csv exists with other content"),
        verdict.message());
    assertTrue(replaced.complete());
    assertTrue(replaced.objects().get(6).replaced());
    assertTrue(
        store.stat("2026-03-05-v4/person.csv").orElseThrow().generation() > other.generation());
  }

  @Test
  void aFolderTheDrcHasProcessedIsNotAddedTo() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    store.put(
        "2026-03-05-v1/processed.txt", "2026-03-05 10:00:00 EST".getBytes(StandardCharsets.UTF_8));

    DeployPlan plan =
        deployer()
            .plan(
                with(
                    site.request(IDENTIFIED, BUCKET),
                    Optional.of("2026-03-05-v1"),
                    Optional.empty(),
                    false,
                    false));

    assertEquals(Verdict.Status.REFUSED, verdict(plan, "deploy.folder-processed").status());
  }

  @Test
  void aStoredObjectWithAnotherChecksumIsDeletedAndTheDeployFails() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    store.damageStoredBytes();
    Deployer deployer = deployer();
    DeployPlan plan = deployer.plan(site.request(IDENTIFIED, BUCKET));

    DeployFailedException e =
        assertThrows(DeployFailedException.class, () -> deployer.deploy(plan));

    assertEquals(Kind.CHECKSUM_MISMATCH, e.kind());
    assertTrue(e.getMessage().contains("the bad object was deleted."), e.getMessage());
    assertTrue(store.names().isEmpty(), store.names()::toString);
    assertEquals(Action.NOT_ATTEMPTED, e.receipt().objects().get(6).action());
    assertFalse(e.receipt().complete());
  }

  @Test
  void aFileChangedAfterThePlanIsRefusedByTheStore() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    Deployer deployer = deployer();
    DeployPlan plan = deployer.plan(site.request(IDENTIFIED, BUCKET));
    DeployFixture.touch(site.export().resolve("location.csv"));

    DeployFailedException e =
        assertThrows(DeployFailedException.class, () -> deployer.deploy(plan));

    assertTrue(
        e.getMessage().startsWith("the file location.csv changed after the plan was made"),
        e.getMessage());
    assertFalse(store.names().contains("2026-03-05-v1/location.csv"));
    assertFalse(store.names().contains("2026-03-05-v1/person.csv"));
  }

  @Test
  void transientFailuresAreRetriedPerObject() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    store.fail(Operation.UPLOAD, Kind.TRANSIENT, 2);
    Deployer deployer = deployer();

    DeployReceipt receipt = deployer.deploy(deployer.plan(site.request(IDENTIFIED, BUCKET)));

    assertTrue(receipt.complete());
    assertEquals(7, store.names().size());
    assertTrue(lines.stream().anyMatch(l -> l.contains("(attempt 2 of 3)")), lines::toString);
  }

  @Test
  void permissionDeniedStopsTheDeployBeforePersonAndIsExplained() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    store.fail(Operation.UPLOAD, Kind.PERMISSION_DENIED, 10);
    Deployer deployer = deployer();
    DeployPlan plan = deployer.plan(site.request(IDENTIFIED, BUCKET));

    DeployFailedException e =
        assertThrows(DeployFailedException.class, () -> deployer.deploy(plan));

    assertEquals(Kind.PERMISSION_DENIED, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith(
                "the account local-tester@example.iam.gserviceaccount.com lacks storage.objects.create on bucket "
                    + BUCKET),
        e.getMessage());
    assertEquals(Action.NOT_ATTEMPTED, e.receipt().objects().get(6).action());
    assertTrue(store.names().isEmpty());
  }

  @Test
  void aDryRunWithoutTheBucketPlansTodaysFirstVersionAndCannotBeDeployed() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    Deployer offline =
        Deployer.offline("no credentials were given", listener(), MavenRemedies.INSTANCE);

    DeployPlan plan =
        offline.plan(
            with(
                site.request(IDENTIFIED, BUCKET), Optional.empty(), Optional.empty(), false, true));
    List<PlanReport.Line> text = PlanReport.render(plan, true);

    assertEquals("2026-03-05-v1", plan.folder());
    assertFalse(plan.checked());
    assertEquals(
        "today's first version (not checked against the bucket: no credentials were given)",
        plan.folderNote());
    assertTrue(plan.items().stream().allMatch(i -> i.state() == PlanItem.State.UNCHECKED));
    assertTrue(
        text.get(2).text().startsWith("  to     gs://" + BUCKET + "/2026-03-05-v1/"),
        text.get(2).text());
    assertTrue(
        text.stream()
            .anyMatch(
                l ->
                    l.text()
                        .matches(
                            "  person\\.csv +6,598 B  crc32c [0-9a-f]{8}  -> gs://"
                                + BUCKET
                                + "/2026-03-05-v1/person\\.csv  not checked, last")),
        text::toString);
    assertThrows(IllegalStateException.class, () -> offline.deploy(plan));
  }

  @Test
  void aDryRunWhoseBucketCannotBeReadExplainsWhyInsteadOfFailing() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    store.fail(Operation.LIST, Kind.PERMISSION_DENIED, 1);

    DeployPlan plan =
        deployer()
            .plan(
                with(
                    site.request(IDENTIFIED, BUCKET),
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    true));

    assertFalse(plan.checked());
    assertTrue(
        plan.folderNote().contains("lacks storage.objects.list on bucket " + BUCKET),
        plan.folderNote());
  }

  @Test
  void impossibleBucketNamesAndMissingDirectoriesAreConfigurationErrors() {
    DeployConfigurationException scheme =
        assertThrows(
            DeployConfigurationException.class,
            () -> deployer().plan(site.request(IDENTIFIED, "gs://" + BUCKET + "/x")));
    DeployConfigurationException missing =
        assertThrows(
            DeployConfigurationException.class,
            () ->
                deployer()
                    .plan(
                        with(
                            site.request(IDENTIFIED, BUCKET),
                            Optional.empty(),
                            Optional.of(project.resolve("nowhere")),
                            false,
                            true)));

    assertEquals(
        "Give the bucket's name without gs:// (parameter <bucket>, property ehr.bucket): " + BUCKET,
        scheme.getMessage());
    assertTrue(missing.getMessage().contains("does not exist or is not a directory"));
    assertEquals(new Remedy.Parameter(Remedy.Setting.BUCKET), scheme.remedy());
    assertEquals(new Remedy.Parameter(Remedy.Setting.DEPLOY_DIRECTORY), missing.remedy());
  }

  private Deployer deployer() {
    return new Deployer(store, listener(), FAST, MavenRemedies.INSTANCE);
  }

  private DiagnosticsListener listener() {
    return new DiagnosticsListener() {
      @Override
      public void problem(Problem problem) {}

      @Override
      public synchronized void progress(String message) {
        lines.add(message);
      }

      @Override
      public void debug(Supplier<String> message) {}
    };
  }

  private static Verdict verdict(DeployPlan plan, String interlock) {
    return plan.verdicts().stream()
        .filter(v -> v.interlock().equals(interlock))
        .reduce((a, b) -> b.status() == Verdict.Status.REFUSED ? b : a)
        .orElseThrow(() -> new AssertionError("no " + interlock + " in " + plan.verdicts()));
  }
}
