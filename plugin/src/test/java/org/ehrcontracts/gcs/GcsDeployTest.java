package org.ehrcontracts.gcs;

import static org.ehrcontracts.testing.DeployFixture.with;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.deploy.BlobStore;
import org.ehrcontracts.engine.deploy.BlobStoreException;
import org.ehrcontracts.engine.deploy.BucketChecker;
import org.ehrcontracts.engine.deploy.DeployFailedException;
import org.ehrcontracts.engine.deploy.DeployPlan;
import org.ehrcontracts.engine.deploy.DeployReceipt;
import org.ehrcontracts.engine.deploy.DeployReceipt.Action;
import org.ehrcontracts.engine.deploy.DeployReceipts;
import org.ehrcontracts.engine.deploy.DeployRefusedException;
import org.ehrcontracts.engine.deploy.DeployRequest;
import org.ehrcontracts.engine.deploy.Deployer;
import org.ehrcontracts.engine.deploy.Listing;
import org.ehrcontracts.engine.deploy.PlanItem;
import org.ehrcontracts.engine.deploy.Preconditions;
import org.ehrcontracts.engine.deploy.RetryPolicy;
import org.ehrcontracts.engine.deploy.StoredBlob;
import org.ehrcontracts.engine.deploy.Verdict;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.gcs.testserver.FakeGcsServer;
import org.ehrcontracts.gcs.testserver.Fault;
import org.ehrcontracts.gcs.testserver.RecordedRequest;
import org.ehrcontracts.gcs.testserver.StoredObject;
import org.ehrcontracts.maven.MavenRemedies;
import org.ehrcontracts.testing.DeployFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys of the synthetic sample export to the GCS test server through the real client: the proof
 * that uploads, retries, checksums and interlocks work over HTTP.
 */
class GcsDeployTest {

  private static final String BUCKET = "aou-ehr-test-site";
  private static final Contract IDENTIFIED = DeployFixture.contract("alpha-identified.yaml");
  private static final Contract ALPHA = DeployFixture.contract("aou-ehr-alpha");
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), 2.0);

  @TempDir Path project;

  private FakeGcsServer server;
  private Storage storage;
  private GcsBlobStore store;
  private DeployFixture site;

  @BeforeEach
  void start() throws IOException {
    server = FakeGcsServer.start();
    storage = server.storage();
    storage.create(BucketInfo.of(BUCKET));
    store = new GcsBlobStore(storage, BUCKET, "uploader@site.iam.gserviceaccount.com", 256 * 1024);
    site = DeployFixture.sample(project);
    server.clearRequests();
  }

  @AfterEach
  void stop() throws Exception {
    storage.close();
    server.close();
  }

  @Test
  void deploysTheSampleExportWithPersonLast() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);

    DeployReceipt receipt = deploy(site.request(IDENTIFIED, BUCKET));

    assertTrue(receipt.complete());
    assertEquals(7, receipt.count(Action.UPLOADED));
    assertStoredAsLocal(receipt.plan());
    List<StoredObject> byGeneration =
        server.objects(BUCKET).stream()
            .sorted(Comparator.comparingLong(StoredObject::generation))
            .toList();
    assertEquals("2026-03-05-v1/person.csv", byGeneration.get(6).name());
    // Every upload declared does-not-exist.
    assertTrue(
        server.requests().stream()
            .filter(r -> r.is("POST", "/upload/"))
            .allMatch(r -> "0".equals(r.query("ifGenerationMatch"))));
    Path written = DeployReceipts.write(receipt);
    String json = Files.readString(written);
    assertTrue(json.contains("\"generation\": " + byGeneration.get(6).generation()), json);
  }

  @Test
  void picksVersionTwoWhenVersionOneExists() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    Path other = Files.writeString(project.resolve("x.csv"), "x");
    store.upload("2026-03-05-v1/person.csv", other, Preconditions.doesNotExist(crc(other)));

    DeployReceipt receipt = deploy(site.request(IDENTIFIED, BUCKET));

    assertEquals("2026-03-05-v2", receipt.plan().folder());
    assertStoredAsLocal(receipt.plan());
  }

  @Test
  void aReRunUploadsNothing() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    DeployReceipts.write(deploy(site.request(IDENTIFIED, BUCKET)));
    server.clearRequests();

    DeployReceipt again = deploy(site.request(IDENTIFIED, BUCKET));

    assertEquals("2026-03-05-v1", again.plan().folder());
    assertEquals(7, again.count(Action.ALREADY_THERE));
    assertEquals(0, server.countRequests("POST", "/upload/"));
    assertEquals(0, server.countRequests("PUT", "/upload/"));
  }

  @Test
  void survivesInjected503sAndACutConnectionAndEndsWithVerifiedObjects() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    server.inject(Fault.respond(503).on("POST", "/upload/").afterSkipping(1).times(3));
    server.inject(Fault.respond(503).on("PUT", "/upload/").afterSkipping(2).times(2));
    server.inject(Fault.cutConnection(10_000).on("PUT", "/upload/").afterSkipping(4));
    server.inject(Fault.respond(429).on("GET", "/storage/v1/b/" + BUCKET + "/o").times(1));

    DeployReceipt receipt = deploy(site.request(IDENTIFIED, BUCKET));

    assertTrue(receipt.complete());
    assertStoredAsLocal(receipt.plan());
    List<Integer> statuses = server.requests().stream().map(RecordedRequest::status).toList();
    assertTrue(statuses.contains(503), statuses::toString);
    assertTrue(statuses.contains(429), statuses::toString);
    assertTrue(statuses.contains(RecordedRequest.CONNECTION_CUT), statuses::toString);
  }

  @Test
  void bytesDamagedOnTheWayAreSentAgain() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    server.inject(Fault.corruptBody().on("PUT", "/upload/").afterSkipping(2));

    DeployReceipt receipt = deploy(site.request(IDENTIFIED, BUCKET));

    assertTrue(receipt.complete());
    assertStoredAsLocal(receipt.plan());
    assertTrue(
        server.requests().stream().anyMatch(r -> r.is("PUT", "/upload/") && r.status() == 400));
  }

  @Test
  void aPersistentCrcMismatchIsDetectedNothingBadStaysAndTheDeployFails() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    server.inject(Fault.corruptBody().on("PUT", "/upload/").always());
    Deployer deployer =
        new Deployer(store, DiagnosticsListener.silent(), FAST, MavenRemedies.INSTANCE);
    DeployPlan plan = deployer.plan(site.request(IDENTIFIED, BUCKET));

    DeployFailedException e =
        assertThrows(DeployFailedException.class, () -> deployer.deploy(plan));

    assertEquals(BlobStoreException.Kind.CHECKSUM_MISMATCH, e.kind());
    assertTrue(e.getMessage().contains("arrived damaged at GCS 3 times in a row"), e.getMessage());
    assertTrue(server.objects(BUCKET).isEmpty(), server.objects(BUCKET)::toString);
    assertEquals(Action.NOT_ATTEMPTED, e.receipt().objects().get(6).action());
  }

  @Test
  void anObjectStoredWithAnotherCrcIsDeleted() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    // A store that reports what GCS holds after the server damaged the bytes at rest: the
    // client does not notice on download, so the deploy compares what was stored.
    BlobStore damaging =
        new ForwardingBlobStore(store) {
          @Override
          public StoredBlob upload(String name, Path file, Preconditions preconditions)
              throws BlobStoreException {
            StoredBlob stored = super.upload(name, file, preconditions);
            server.corruptStoredBytes(BUCKET, name);
            byte[] now = store.read(name);
            return new StoredBlob(
                name,
                now.length,
                org.ehrcontracts.engine.deploy.Crc32c.of(now),
                stored.generation(),
                stored.updated());
          }
        };
    Deployer deployer =
        new Deployer(damaging, DiagnosticsListener.silent(), FAST, MavenRemedies.INSTANCE);
    DeployPlan plan = deployer.plan(site.request(IDENTIFIED, BUCKET));

    DeployFailedException e =
        assertThrows(DeployFailedException.class, () -> deployer.deploy(plan));

    assertEquals(BlobStoreException.Kind.CHECKSUM_MISMATCH, e.kind());
    assertTrue(e.getMessage().contains("the bad object was deleted."), e.getMessage());
    assertTrue(server.objects(BUCKET).isEmpty(), server.objects(BUCKET)::toString);
    assertTrue(server.countRequests("DELETE", "/storage/v1/b/" + BUCKET + "/o/") >= 1);
  }

  @Test
  void refusalsUploadNothing() throws Exception {
    // Unverified.
    assertRefused(site.request(IDENTIFIED, BUCKET), "deploy.verified", "has not passed ehr:verify");
    // Changed since verified.
    site.verify(IDENTIFIED, site.export(), false);
    DeployFixture.touch(site.export().resolve("drug_exposure.csv"));
    assertRefused(
        site.request(IDENTIFIED, BUCKET),
        "deploy.verified",
        "the file drug_exposure.csv changed since it was verified");
    // Raw data under a de-identification policy.
    site.verify(ALPHA, site.export(), false);
    assertRefused(
        site.request(ALPHA, BUCKET),
        "deploy.deidentified",
        "contract aou-ehr-alpha requires de-identification");
    // A bad folder name.
    site.verify(IDENTIFIED, site.export(), false);
    assertRefused(
        with(
            site.request(IDENTIFIED, BUCKET),
            Optional.of("march-upload"),
            Optional.empty(),
            false,
            false),
        "deploy.folder-name",
        "does not follow contract alpha-identified's rule {date}-v{version}");
    assertEquals(0, server.countRequests("POST", "/upload/"));
    assertTrue(server.objects(BUCKET).isEmpty());
  }

  @Test
  void aDryRunUploadsNothing() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    Deployer deployer =
        new Deployer(store, DiagnosticsListener.silent(), FAST, MavenRemedies.INSTANCE);

    DeployPlan plan =
        deployer.plan(
            with(
                site.request(IDENTIFIED, BUCKET), Optional.empty(), Optional.empty(), false, true));

    assertTrue(plan.checked());
    assertEquals("2026-03-05-v1", plan.folder());
    assertEquals(0, server.countRequests("POST", "/upload/"));
    assertEquals(0, server.countRequests("PUT", "/upload/"));
    assertEquals(0, server.countRequests("DELETE", "/"));
  }

  @Test
  void permissionDeniedIsExplainedInWords() throws Exception {
    site.verify(IDENTIFIED, site.export(), false);
    server.inject(Fault.respond(403).on("POST", "/upload/").always());
    Deployer deployer =
        new Deployer(store, DiagnosticsListener.silent(), FAST, MavenRemedies.INSTANCE);
    DeployPlan plan = deployer.plan(site.request(IDENTIFIED, BUCKET));

    DeployFailedException e =
        assertThrows(DeployFailedException.class, () -> deployer.deploy(plan));

    assertEquals(BlobStoreException.Kind.PERMISSION_DENIED, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith(
                "the account uploader@site.iam.gserviceaccount.com lacks storage.objects.create on"
                    + " bucket aou-ehr-test-site (403 "),
        e.getMessage());
    assertFalse(e.getMessage().contains("upload_id"));
    assertTrue(server.objects(BUCKET).isEmpty());
  }

  @Test
  void checkBucketFindsDamageAtRestThatTheClientDoesNotNotice() throws Exception {
    Path probe = Files.writeString(project.resolve("probe.csv"), "\"probe\"\r\n\"1\"\r\n");
    BlobStore rotting =
        new ForwardingBlobStore(store) {
          @Override
          public StoredBlob upload(String name, Path file, Preconditions preconditions)
              throws BlobStoreException {
            StoredBlob stored = super.upload(name, file, preconditions);
            server.corruptStoredBytes(BUCKET, name);
            return stored;
          }
        };

    BucketChecker.Result clean =
        new BucketChecker(store, DiagnosticsListener.silent(), MavenRemedies.INSTANCE)
            .check("ehr-check/a", List.of(probe), false);
    BucketChecker.Result damaged =
        new BucketChecker(rotting, DiagnosticsListener.silent(), MavenRemedies.INSTANCE)
            .check("ehr-check/b", List.of(probe), false);

    assertTrue(clean.passed(), clean::toString);
    assertFalse(damaged.passed());
    assertTrue(
        damaged.problems().get(0).contains("reads back with other bytes"), damaged::toString);
    assertTrue(server.objects(BUCKET).isEmpty());
  }

  private void assertRefused(DeployRequest request, String interlock, String text)
      throws Exception {
    Deployer deployer =
        new Deployer(store, DiagnosticsListener.silent(), FAST, MavenRemedies.INSTANCE);
    DeployPlan plan = deployer.plan(request);
    DeployRefusedException e =
        assertThrows(DeployRefusedException.class, () -> deployer.deploy(plan));
    Verdict verdict =
        e.refusals().stream()
            .filter(v -> v.interlock().equals(interlock))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + interlock + " in " + e.refusals()));
    assertTrue(verdict.message().contains(text), verdict.message());
  }

  private DeployReceipt deploy(DeployRequest request) throws Exception {
    Deployer deployer =
        new Deployer(store, DiagnosticsListener.silent(), FAST, MavenRemedies.INSTANCE);
    return deployer.deploy(deployer.plan(request));
  }

  private void assertStoredAsLocal(DeployPlan plan) throws IOException {
    for (PlanItem item : plan.items()) {
      StoredObject object = server.object(BUCKET, item.object()).orElseThrow();
      assertArrayEquals(Files.readAllBytes(item.local()), object.data(), item.file());
      assertEquals(
          org.ehrcontracts.gcs.testserver.Checksums.crc32c(Files.readAllBytes(item.local())),
          object.crc32c());
    }
  }

  private static String crc(Path file) throws IOException {
    return org.ehrcontracts.engine.deploy.Crc32c.of(file);
  }

  /** A store that passes everything on, for tests that change one operation. */
  private static class ForwardingBlobStore implements BlobStore {
    private final BlobStore delegate;

    ForwardingBlobStore(BlobStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public String bucket() {
      return delegate.bucket();
    }

    @Override
    public String principal() {
      return delegate.principal();
    }

    @Override
    public Listing list(String prefix, String delimiter) throws BlobStoreException {
      return delegate.list(prefix, delimiter);
    }

    @Override
    public Optional<StoredBlob> stat(String name) throws BlobStoreException {
      return delegate.stat(name);
    }

    @Override
    public StoredBlob upload(String name, Path file, Preconditions preconditions)
        throws BlobStoreException {
      return delegate.upload(name, file, preconditions);
    }

    @Override
    public byte[] read(String name) throws BlobStoreException {
      return delegate.read(name);
    }

    @Override
    public boolean delete(String name, long generation) throws BlobStoreException {
      return delegate.delete(name, generation);
    }
  }
}
