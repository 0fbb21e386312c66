package org.ehrcontracts.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.ehrcontracts.engine.deploy.BlobStoreException;
import org.ehrcontracts.engine.deploy.BlobStoreException.Kind;
import org.ehrcontracts.engine.deploy.BlobStoreException.Operation;
import org.ehrcontracts.engine.deploy.Crc32c;
import org.ehrcontracts.engine.deploy.Listing;
import org.ehrcontracts.engine.deploy.Preconditions;
import org.ehrcontracts.engine.deploy.StoredBlob;
import org.ehrcontracts.gcs.testserver.FakeGcsServer;
import org.ehrcontracts.gcs.testserver.Fault;
import org.ehrcontracts.gcs.testserver.RecordedRequest;
import org.ehrcontracts.maven.MavenRemedies;
import org.ehrcontracts.testing.ServiceAccountKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GcsBlobStore} against the GCS test server, through the real client. */
class GcsBlobStoreTest {

  private static final String BUCKET = "aou-ehr-test-site";
  private static final int CHUNK = 256 * 1024;

  @TempDir Path dir;

  private FakeGcsServer server;
  private Storage storage;
  private GcsBlobStore store;

  @BeforeEach
  void start() throws IOException {
    server = FakeGcsServer.start();
    storage = server.storage();
    storage.create(BucketInfo.of(BUCKET));
    store = new GcsBlobStore(storage, BUCKET, "tester@example.iam.gserviceaccount.com", CHUNK);
    server.clearRequests();
  }

  @AfterEach
  void stop() throws Exception {
    storage.close();
    server.close();
  }

  @Test
  void uploadsStatsListsReadsAndDeletes() throws Exception {
    Path file = write("person.csv", "\"person_id\"\r\n\"1\"\r\n".getBytes(UTF_8));
    String crc = Crc32c.of(file);

    StoredBlob stored =
        store.upload("2026-03-05-v1/person.csv", file, Preconditions.doesNotExist(crc));

    assertEquals(crc, stored.crc32c());
    assertEquals(Files.size(file), stored.size());
    assertTrue(stored.generation() > 0);
    assertTrue(stored.updated().isPresent());
    assertEquals(Optional.of(stored), store.stat("2026-03-05-v1/person.csv"));
    assertEquals(Optional.empty(), store.stat("2026-03-05-v1/visit.csv"));
    Listing top = store.list("", "/");
    assertEquals(List.of("2026-03-05-v1/"), top.prefixes());
    assertEquals(
        List.of("2026-03-05-v1/person.csv"),
        store.list("2026-03-05-v1/", "").objects().stream().map(StoredBlob::name).toList());
    assertArrayEquals(Files.readAllBytes(file), store.read("2026-03-05-v1/person.csv"));
    assertEquals(
        "text/csv", server.object(BUCKET, "2026-03-05-v1/person.csv").orElseThrow().contentType());
    // The upload declared the CRC32C, with a does-not-exist precondition.
    RecordedRequest start = first("POST", "/upload/");
    assertEquals("resumable", start.query("uploadType"));
    assertEquals("0", start.query("ifGenerationMatch"));

    assertTrue(server.object(BUCKET, "2026-03-05-v1/person.csv").isPresent());
    assertTrue(store.delete("2026-03-05-v1/person.csv", stored.generation()));
    assertTrue(server.objects(BUCKET).isEmpty());
  }

  @Test
  void deleteOfAnotherGenerationIsAPreconditionFailure() throws Exception {
    Path file = write("a.csv", "a".getBytes(UTF_8));
    StoredBlob stored = store.upload("a.csv", file, Preconditions.doesNotExist(Crc32c.of(file)));

    BlobStoreException e =
        assertThrows(
            BlobStoreException.class, () -> store.delete("a.csv", stored.generation() + 1));

    assertEquals(Kind.PRECONDITION_FAILED, e.kind());
    assertTrue(server.object(BUCKET, "a.csv").isPresent());
  }

  @Test
  void anExistingObjectIsNeverClobbered() throws Exception {
    Path first = write("first.csv", "first".getBytes(UTF_8));
    Path second = write("second.csv", "second".getBytes(UTF_8));
    store.upload("x.csv", first, Preconditions.doesNotExist(Crc32c.of(first)));

    BlobStoreException e =
        assertThrows(
            BlobStoreException.class,
            () -> store.upload("x.csv", second, Preconditions.doesNotExist(Crc32c.of(second))));

    assertEquals(Kind.PRECONDITION_FAILED, e.kind());
    assertArrayEquals("first".getBytes(UTF_8), server.object(BUCKET, "x.csv").orElseThrow().data());
  }

  @Test
  void aReplacementMatchesTheGeneration() throws Exception {
    Path first = write("first.csv", "first".getBytes(UTF_8));
    Path second = write("second.csv", "second".getBytes(UTF_8));
    StoredBlob old = store.upload("x.csv", first, Preconditions.doesNotExist(Crc32c.of(first)));

    StoredBlob replaced =
        store.upload("x.csv", second, Preconditions.replaces(old.generation(), Crc32c.of(second)));
    BlobStoreException stale =
        assertThrows(
            BlobStoreException.class,
            () ->
                store.upload(
                    "x.csv", first, Preconditions.replaces(old.generation(), Crc32c.of(first))));

    assertTrue(replaced.generation() > old.generation());
    assertEquals(Kind.PRECONDITION_FAILED, stale.kind());
    assertArrayEquals(
        "second".getBytes(UTF_8), server.object(BUCKET, "x.csv").orElseThrow().data());
  }

  @Test
  void largeFilesGoUpInResumableChunksThroughInjected503sAndACutConnection() throws Exception {
    byte[] data = random(CHUNK * 4 + 99);
    Path file = write("measurement.csv", data);
    server.inject(Fault.respond(503).on("POST", "/upload/").times(2));
    server.inject(Fault.respond(503).on("PUT", "/upload/").afterSkipping(1));
    server.inject(Fault.cutConnection(100_000).on("PUT", "/upload/").afterSkipping(3));

    StoredBlob stored = store.upload("m.csv", file, Preconditions.doesNotExist(Crc32c.of(file)));

    assertEquals(Crc32c.of(file), stored.crc32c());
    assertArrayEquals(data, server.object(BUCKET, "m.csv").orElseThrow().data());
    assertEquals(List.of(503, 503, 200), statuses("POST", "/upload/"));
    List<Integer> puts = statuses("PUT", "/upload/");
    assertTrue(puts.contains(503), puts::toString);
    assertTrue(puts.contains(RecordedRequest.CONNECTION_CUT), puts::toString);
    assertTrue(puts.size() >= 7, puts::toString);
  }

  @Test
  void bytesDamagedOnTheWayAreRefusedAndNeverStored() throws Exception {
    Path file = write("person.csv", random(CHUNK + 10));
    server.inject(Fault.corruptBody().on("PUT", "/upload/"));

    BlobStoreException e =
        assertThrows(
            BlobStoreException.class,
            () -> store.upload("p.csv", file, Preconditions.doesNotExist(Crc32c.of(file))));

    assertEquals(Kind.CHECKSUM_MISMATCH, e.kind(), e::getMessage);
    assertTrue(server.object(BUCKET, "p.csv").isEmpty());
    int causes = 0;
    for (Throwable t = e; t != null; t = t.getCause(), causes++) {
      // mvn -e shows the causes: they keep their stack traces but lose the upload session id.
      assertFalse(String.valueOf(t.getMessage()).matches("(?s).*upload_id=\\w.*"), t::getMessage);
      assertTrue(t.getStackTrace().length > 0);
    }
    assertTrue(causes >= 3, "the client's causes are kept");
  }

  @Test
  void aFileThatIsNotWhatWasPlannedIsRefused() throws Exception {
    Path file = write("person.csv", "changed".getBytes(UTF_8));

    BlobStoreException e =
        assertThrows(
            BlobStoreException.class,
            () ->
                store.upload(
                    "p.csv",
                    file,
                    Preconditions.doesNotExist(Crc32c.of("planned".getBytes(UTF_8)))));

    assertEquals(Kind.CHECKSUM_MISMATCH, e.kind(), e::getMessage);
    assertTrue(server.object(BUCKET, "p.csv").isEmpty());
  }

  @Test
  void permissionDeniedIsExplainedInWords() throws Exception {
    Path file = write("person.csv", "x".getBytes(UTF_8));
    server.inject(Fault.respond(403).on("POST", "/upload/").always());

    BlobStoreException e =
        assertThrows(
            BlobStoreException.class,
            () -> store.upload("p.csv", file, Preconditions.doesNotExist(Crc32c.of(file))));

    assertEquals(Kind.PERMISSION_DENIED, e.kind());
    String explained = e.explain(BUCKET, store.principal(), MavenRemedies.INSTANCE);
    assertTrue(
        explained.startsWith(
            "the account tester@example.iam.gserviceaccount.com lacks storage.objects.create on"
                + " bucket aou-ehr-test-site"),
        explained);
    assertTrue(explained.contains("roles/storage.objectCreator"), explained);
    assertEquals(1, server.countRequests("POST", "/upload/"));
  }

  @Test
  void unauthenticatedAndMissingBucketsAreTheirOwnKinds() {
    server.inject(Fault.respond(401).on("GET", "/storage/v1/b/" + BUCKET + "/o"));

    BlobStoreException unauthenticated =
        assertThrows(BlobStoreException.class, () -> store.list("", "/"));
    BlobStoreException missing =
        assertThrows(
            BlobStoreException.class,
            () -> new GcsBlobStore(storage, "no-such-bucket", "x", CHUNK).list("", "/"));

    assertEquals(Kind.UNAUTHENTICATED, unauthenticated.kind());
    assertEquals(Kind.NOT_FOUND, missing.kind());
    assertTrue(
        missing
            .explain("no-such-bucket", "x", MavenRemedies.INSTANCE)
            .startsWith("the bucket no-such-bucket does not exist"));
  }

  @Test
  void aTokenEndpointThatCannotBeReachedIsNoRejectedCredential() {
    // What the client throws when oauth2.googleapis.com does not resolve (offline).
    StorageException offline =
        new StorageException(
            0,
            "Error getting access token for service account: oauth2.googleapis.com, iss: x",
            new IOException(new java.net.UnknownHostException("oauth2.googleapis.com")));
    StorageException rejected =
        new StorageException(
            0,
            "Error getting access token for service account: 400 Bad Request, iss: x",
            new IOException("invalid_grant"));

    assertEquals(Kind.TRANSIENT, GcsBlobStore.failure(offline, Operation.LIST, "").kind());
    assertEquals(Kind.UNAUTHENTICATED, GcsBlobStore.failure(rejected, Operation.LIST, "").kind());
  }

  @Test
  void settingsTakeTheEndpointFromTheParameterOrTheEmulatorVariable() {
    GcsSettings fromVariable =
        GcsSettings.of(
            BUCKET,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of("STORAGE_EMULATOR_HOST", "localhost:9023"));
    GcsSettings given =
        GcsSettings.of(
            BUCKET,
            Optional.of("https://storage.example.com/"),
            Optional.empty(),
            Optional.empty(),
            Map.of("STORAGE_EMULATOR_HOST", "localhost:9023"));
    GcsSettings google =
        GcsSettings.of(BUCKET, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

    assertEquals(Optional.of("http://localhost:9023"), fromVariable.endpoint());
    assertTrue(fromVariable.emulator());
    assertEquals(Optional.of("https://storage.example.com"), given.endpoint());
    assertFalse(given.emulator());
    assertEquals(Optional.empty(), google.endpoint());
    assertFalse(google.emulator());
  }

  @Test
  void aServiceAccountKeyNamesItsAccountAndIsNeverSentOverPlainHttp() throws Exception {
    String key = ServiceAccountKeys.fresh("uploader@site-project.iam.gserviceaccount.com");
    // Something listens at the https endpoint (connect probes it; no request is made here).
    java.net.ServerSocket listening =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    GcsSettings https =
        GcsSettings.of(
            BUCKET,
            Optional.of("https://127.0.0.1:" + listening.getLocalPort()),
            Optional.empty(),
            Optional.of(new CredentialSource.KeyJson(key, "settings.xml server 'aou'")),
            Map.of());
    GcsSettings plain =
        GcsSettings.of(
            BUCKET,
            Optional.of(server.endpoint()),
            Optional.empty(),
            Optional.of(new CredentialSource.KeyJson(key, "settings.xml server 'aou'")),
            Map.of());

    GcsBlobStore connected;
    try (listening) {
      connected = GcsBlobStore.connect(https);
    }
    GcsSetupException refused =
        assertThrows(GcsSetupException.class, () -> GcsBlobStore.connect(plain));

    assertEquals(
        "uploader@site-project.iam.gserviceaccount.com (the service-account key in settings.xml"
            + " server 'aou')",
        connected.principal());
    assertTrue(
        refused.getMessage().startsWith("Credentials are never sent to a plain-HTTP endpoint"));
  }

  @Test
  void anEndpointThatRefusesConnectionsFailsAtOnceInWords() throws Exception {
    int port;
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    GcsSettings closed =
        GcsSettings.of(
            BUCKET,
            Optional.of("http://127.0.0.1:" + port),
            Optional.empty(),
            Optional.empty(),
            Map.of());
    long started = System.nanoTime();
    GcsSetupException refused =
        assertThrows(GcsSetupException.class, () -> GcsBlobStore.connect(closed));
    assertEquals(
        "Cannot connect to the endpoint http://127.0.0.1:"
            + port
            + ": nothing listens there (connection refused). Start the server, or check"
            + " -Dehr.gcs.endpoint (or STORAGE_EMULATOR_HOST).",
        refused.getMessage());
    // Not the client's retries for most of a minute (the probe waits 3 s at the most).
    assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void anHttpsEndpointThatRefusesConnectionsFailsAtOnceInWords() throws Exception {
    int port = closedPort();
    GcsSettings closed =
        GcsSettings.of(
            BUCKET,
            Optional.of("https://127.0.0.1:" + port),
            Optional.empty(),
            Optional.of(
                new CredentialSource.KeyJson(
                    ServiceAccountKeys.fresh("uploader@site-project.iam.gserviceaccount.com"),
                    "a key")),
            Map.of());
    long started = System.nanoTime();
    GcsSetupException refused =
        assertThrows(GcsSetupException.class, () -> GcsBlobStore.connect(closed));
    assertEquals(
        "Cannot connect to GCS at https://127.0.0.1:"
            + port
            + ": nothing listens there (connection refused). Check this machine's network (behind"
            + " a proxy, give Java -Dhttps.proxyHost and -Dhttps.proxyPort, as MAVEN_OPTS), or"
            + " -Dehr.gcs.endpoint.",
        refused.getMessage());
    assertTrue(refused.isUnreachable());
    // Not the client's retries for 50 s, nor the token fetch's before them.
    assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void anUnknownHostIsSaidToBeUnknown() {
    // .invalid never resolves (RFC 2606), online or off: as storage.googleapis.com offline.
    GcsSetupException unknown =
        assertThrows(
            GcsSetupException.class, () -> GcsBlobStore.reachable("https://storage.invalid", null));
    assertEquals(
        "Cannot connect to GCS at https://storage.invalid: the host storage.invalid is unknown (is"
            + " this machine offline?). Check this machine's network (behind a proxy, give Java"
            + " -Dhttps.proxyHost and -Dhttps.proxyPort, as MAVEN_OPTS), or -Dehr.gcs.endpoint.",
        unknown.getMessage());
    assertTrue(unknown.isUnreachable());
  }

  @Test
  void behindAProxyTheProxyIsProbedAndNamed() throws Exception {
    int port = closedPort();
    java.net.ProxySelector proxy =
        new java.net.ProxySelector() {
          @Override
          public List<java.net.Proxy> select(java.net.URI uri) {
            return List.of(
                new java.net.Proxy(
                    java.net.Proxy.Type.HTTP,
                    java.net.InetSocketAddress.createUnresolved("127.0.0.1", port)));
          }

          @Override
          public void connectFailed(
              java.net.URI uri, java.net.SocketAddress address, IOException e) {}
        };
    // The endpoint's own host is never looked up: behind a proxy, it may resolve nowhere here.
    GcsSetupException refused =
        assertThrows(
            GcsSetupException.class,
            () -> GcsBlobStore.reachable("https://storage.invalid", proxy));
    assertEquals(
        "Cannot connect to the proxy 127.0.0.1:"
            + port
            + " (for https://storage.invalid): nothing listens there (connection refused). Check"
            + " this machine's network and the proxy (-Dhttps.proxyHost, -Dhttps.proxyPort), or"
            + " -Dehr.gcs.endpoint.",
        refused.getMessage());
  }

  /** A loopback port nothing listens on. */
  private static int closedPort() throws IOException {
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }

  @Test
  void aBrokenKeyIsExplainedWithoutItsContent() {
    GcsSettings settings =
        GcsSettings.of(
            BUCKET,
            Optional.of("https://storage.example.com"),
            Optional.empty(),
            Optional.of(
                new CredentialSource.KeyJson(
                    "{\"type\":\"service_account\",\"private_key\":\"SECRET-MATERIAL\"}",
                    "server 'x'")),
            Map.of());

    GcsSetupException e =
        assertThrows(GcsSetupException.class, () -> GcsBlobStore.connect(settings));

    assertTrue(
        e.getMessage().startsWith("Cannot read the service-account key in server 'x'"),
        e.getMessage());
    assertFalse(e.getMessage().contains("SECRET-MATERIAL"));
  }

  @Test
  void redactionRemovesTokensUploadIdsAndKeys() {
    String redacted =
        Redaction.redact(
            "PUT http://h/upload?uploadType=resumable&upload_id=AbC123 Authorization: Bearer ya29.tok"
                + " {\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\"} access_token=zzz");

    assertFalse(redacted.contains("AbC123"), redacted);
    assertFalse(redacted.contains("ya29.tok"), redacted);
    assertFalse(redacted.contains("MIIE"), redacted);
    assertFalse(redacted.contains("zzz"), redacted);
    assertTrue(redacted.contains("upload_id=[redacted]"), redacted);
  }

  private Path write(String name, byte[] data) throws IOException {
    return Files.write(dir.resolve(name), data);
  }

  private RecordedRequest first(String method, String prefix) {
    return server.requests().stream().filter(r -> r.is(method, prefix)).findFirst().orElseThrow();
  }

  private List<Integer> statuses(String method, String prefix) {
    return server.requests().stream()
        .filter(r -> r.is(method, prefix))
        .map(RecordedRequest::status)
        .toList();
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }
}
