package org.ehrcontracts.gcs.testserver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageException;
import com.google.common.hash.Hashing;
import com.google.common.primitives.Ints;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conformance of {@link FakeGcsServer} to the real {@code google-cloud-storage} client. */
class FakeGcsServerTest {

  private static final String BUCKET = "ehr-test";
  private static final int CHUNK = 256 * 1024;
  private static final String OBJECTS = "/storage/v1/b/" + BUCKET + "/o";

  private FakeGcsServer server;
  private Storage storage;

  @BeforeEach
  void start() throws IOException {
    server = FakeGcsServer.start();
    storage = server.storage();
    storage.create(BucketInfo.of(BUCKET));
    server.clearRequests();
  }

  @AfterEach
  void stop() throws Exception {
    storage.close();
    server.close();
  }

  @Test
  void createsGetsAndListsBuckets() {
    assertEquals("second", storage.create(BucketInfo.of("second")).getName());

    List<String> names = new ArrayList<>();
    storage.list().iterateAll().forEach(bucket -> names.add(bucket.getName()));
    assertEquals(List.of(BUCKET, "second"), names);
    assertNotNull(storage.get("second"));
    assertNull(storage.get("missing"));
    StorageException duplicate =
        assertThrows(StorageException.class, () -> storage.create(BucketInfo.of("second")));
    assertEquals(409, duplicate.getCode());
    assertEquals(List.of(BUCKET, "second"), server.bucketNames());
    // The client gzips JSON bodies; the server must inflate them.
    RecordedRequest insert = first("POST", "/storage/v1/b");
    assertEquals("gzip", insert.header("content-encoding"));
    assertEquals("test", insert.query("project"));
  }

  @Test
  void createUploadsMultipartWithItsCrc32c() {
    byte[] data = "person_id,birth_date\n1,1970-01-01\n".getBytes(UTF_8);
    BlobInfo info =
        BlobInfo.newBuilder(BUCKET, "omop/person.csv")
            .setContentType("text/csv")
            .setMetadata(Map.of("contract", "aou-ehr-alpha"))
            .build();

    Blob blob = storage.create(info, data);

    assertEquals(data.length, blob.getSize());
    assertEquals("text/csv", blob.getContentType());
    assertEquals(Map.of("contract", "aou-ehr-alpha"), blob.getMetadata());
    assertEquals(1L, blob.getMetageneration());
    assertNotNull(blob.getCreateTimeOffsetDateTime());
    assertNotNull(blob.getUpdateTimeOffsetDateTime());
    assertEquals(crc32c(data), blob.getCrc32c());
    assertEquals(md5(data), blob.getMd5());
    assertArrayEquals(data, storage.readAllBytes(BUCKET, "omop/person.csv"));
    StoredObject stored = server.object(BUCKET, "omop/person.csv").orElseThrow();
    assertArrayEquals(data, stored.data());
    assertEquals(blob.getGeneration(), stored.generation());
    assertEquals(crc32c(data), storage.get(BUCKET, "omop/person.csv").getCrc32c());
    RecordedRequest upload = first("POST", "/upload/");
    assertEquals("multipart", upload.query("uploadType"));
    // The client gzips the whole multipart body (metadata and bytes).
    assertEquals("gzip", upload.header("content-encoding"));
  }

  @Test
  void writerWithSmallChunksUploadsInSeveralPuts() throws IOException {
    byte[] data = random(3 * 1024 * 1024 + 123);

    try (WriteChannel writer = storage.writer(BlobInfo.newBuilder(BUCKET, "big.csv").build())) {
      writer.setChunkSize(CHUNK);
      for (int offset = 0; offset < data.length; offset += 64 * 1024) {
        writer.write(ByteBuffer.wrap(data, offset, Math.min(64 * 1024, data.length - offset)));
      }
    }

    assertArrayEquals(data, server.object(BUCKET, "big.csv").orElseThrow().data());
    assertEquals(crc32c(data), storage.get(BUCKET, "big.csv").getCrc32c());
    assertEquals("resumable", first("POST", "/upload/").query("uploadType"));
    List<String> ranges = contentRanges();
    assertTrue(ranges.size() > 1, ranges::toString);
    assertEquals("bytes 0-262143/*", ranges.get(0));
    assertEquals("bytes 3145728-3145850/3145851", ranges.get(ranges.size() - 1));
    // The final PUT declares the CRC32C of the whole object, which the server checks.
    RecordedRequest last =
        server.requests().stream()
            .filter(r -> r.is("PUT", "/upload/"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertEquals("crc32c=" + crc32c(data), last.header("x-goog-hash"));
  }

  @Test
  void createFromPathIgnoresTheBufferSizeAndSendsOnePut(@TempDir Path dir) throws IOException {
    byte[] data = random(1024 * 1024 + 7);
    Path file = Files.write(dir.resolve("measurement.csv"), data);

    Blob blob = storage.createFrom(BlobInfo.newBuilder(BUCKET, "m.csv").build(), file, CHUNK);

    assertEquals(crc32c(data), blob.getCrc32c());
    assertArrayEquals(data, server.object(BUCKET, "m.csv").orElseThrow().data());
    assertEquals("resumable", first("POST", "/upload/").query("uploadType"));
    assertEquals(List.of("bytes 0-1048582/1048583"), contentRanges());
  }

  @Test
  void createFromStreamUploadsInChunksOfTheBufferSize() throws IOException {
    byte[] data = random(1024 * 1024 + 7);

    Blob blob =
        storage.createFrom(
            BlobInfo.newBuilder(BUCKET, "s.csv").build(), new ByteArrayInputStream(data), CHUNK);

    assertEquals(crc32c(data), blob.getCrc32c());
    assertArrayEquals(data, server.object(BUCKET, "s.csv").orElseThrow().data());
    assertEquals(
        List.of(
            "bytes 0-262143/*",
            "bytes 262144-524287/*",
            "bytes 524288-786431/*",
            "bytes 786432-1048575/*",
            "bytes 1048576-1048582/1048583"),
        contentRanges());
  }

  @Test
  void doesNotExistFailsWith412WhenTheObjectExists(@TempDir Path dir) throws IOException {
    byte[] data = "v1".getBytes(UTF_8);
    BlobInfo info = BlobInfo.newBuilder(BUCKET, "once.csv").build();
    storage.create(info, data, BlobTargetOption.doesNotExist());

    StorageException direct =
        assertThrows(
            StorageException.class,
            () -> storage.create(info, "v2".getBytes(UTF_8), BlobTargetOption.doesNotExist()));
    Path file = Files.write(dir.resolve("v3.csv"), "v3".getBytes(UTF_8));
    StorageException resumable =
        assertThrows(
            StorageException.class,
            () -> storage.createFrom(info, file, BlobWriteOption.doesNotExist()));

    assertEquals(412, direct.getCode());
    assertEquals(412, resumable.getCode());
    assertArrayEquals(data, server.object(BUCKET, "once.csv").orElseThrow().data());
    // createFrom fails when it starts the session, before sending any bytes.
    assertEquals(List.of(200, 412, 412), statuses("POST", "/upload/"));
    assertEquals(0, server.countRequests("PUT", "/upload/"));
  }

  @Test
  void generationMatchGuardsOverwritesAndGenerationsIncrease() {
    Blob first = storage.create(BlobInfo.newBuilder(BUCKET, "g.csv").build(), new byte[] {1});
    BlobInfo atFirst =
        BlobInfo.newBuilder(BlobId.of(BUCKET, "g.csv", first.getGeneration())).build();

    Blob second = storage.create(atFirst, new byte[] {2}, BlobTargetOption.generationMatch());
    StorageException stale =
        assertThrows(
            StorageException.class,
            () -> storage.create(atFirst, new byte[] {3}, BlobTargetOption.generationMatch()));
    StorageException unchanged =
        assertThrows(
            StorageException.class,
            () -> storage.create(second, new byte[] {4}, BlobTargetOption.generationNotMatch()));

    assertTrue(second.getGeneration() > first.getGeneration());
    assertEquals(412, stale.getCode());
    assertEquals(412, unchanged.getCode());
    assertArrayEquals(new byte[] {2}, storage.readAllBytes(BUCKET, "g.csv"));
  }

  @Test
  void listsWithPrefixAndDelimiter() {
    for (String name :
        List.of(
            "2025/01/person.csv",
            "2025/01/visit.csv",
            "2025/02/person.csv",
            "2025/readme.txt",
            "other.txt")) {
      storage.create(BlobInfo.newBuilder(BUCKET, name).build(), name.getBytes(UTF_8));
    }

    Page<Blob> directory =
        storage.list(BUCKET, BlobListOption.prefix("2025/"), BlobListOption.currentDirectory());
    Page<Blob> january = storage.list(BUCKET, BlobListOption.prefix("2025/01/"));

    // The client lists a page's objects first, then its prefixes as directory blobs.
    assertEquals(List.of("2025/readme.txt", "2025/01/", "2025/02/"), names(directory));
    List<Boolean> isDirectory = new ArrayList<>();
    directory.iterateAll().forEach(blob -> isDirectory.add(blob.isDirectory()));
    assertEquals(List.of(false, true, true), isDirectory);
    assertEquals(List.of("2025/01/person.csv", "2025/01/visit.csv"), names(january));
    RecordedRequest list = first("GET", OBJECTS);
    assertEquals("/", list.query("delimiter"));
  }

  @Test
  void pagesThroughManyObjects() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String name = String.format("page/obj-%02d", i);
      storage.create(BlobInfo.newBuilder(BUCKET, name).build(), new byte[] {(byte) i});
      expected.add(name);
    }
    server.clearRequests();

    Page<Blob> firstPage = storage.list(BUCKET, BlobListOption.pageSize(4));

    assertEquals(4, StreamSupport.stream(firstPage.getValues().spliterator(), false).count());
    assertTrue(firstPage.hasNextPage());
    assertEquals(expected, names(firstPage));
    assertEquals(7, server.countRequests("GET", OBJECTS));
  }

  @Test
  void rangedReadReturnsTheSliceWith206() throws IOException {
    byte[] data = random(1000);
    storage.create(BlobInfo.newBuilder(BUCKET, "r.bin").build(), data);

    ByteArrayOutputStream read = new ByteArrayOutputStream();
    try (ReadChannel reader = storage.reader(BlobId.of(BUCKET, "r.bin"))) {
      reader.seek(100);
      reader.limit(300);
      ByteBuffer buffer = ByteBuffer.allocate(64);
      while (reader.read(buffer) >= 0) {
        read.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
    }

    assertArrayEquals(Arrays.copyOfRange(data, 100, 300), read.toByteArray());
    RecordedRequest download = first("GET", "/download/");
    assertEquals("bytes=100-299", download.header("range"));
    assertEquals(206, download.status());
  }

  @Test
  void deleteRemovesTheObjectAndMissingThingsAnswer404() {
    storage.create(BlobInfo.newBuilder(BUCKET, "d.csv").build(), new byte[] {1});

    assertTrue(storage.delete(BlobId.of(BUCKET, "d.csv")));
    assertNull(storage.get(BUCKET, "d.csv"));
    assertFalse(storage.delete(BlobId.of(BUCKET, "d.csv")));
    assertTrue(server.objects(BUCKET).isEmpty());
    StorageException missingObject =
        assertThrows(StorageException.class, () -> storage.readAllBytes(BUCKET, "d.csv"));
    StorageException missingBucket =
        assertThrows(
            StorageException.class,
            () -> storage.create(BlobInfo.newBuilder("nope", "x").build(), new byte[] {1}));
    assertEquals(404, missingObject.getCode());
    assertEquals(404, missingBucket.getCode());
  }

  @Test
  void injected503OnAnIdempotentMultipartUploadIsRetried() {
    server.inject(Fault.respond(503).on("POST", "/upload/").times(2));

    storage.create(
        BlobInfo.newBuilder(BUCKET, "r.csv").build(),
        new byte[] {1, 2},
        BlobTargetOption.doesNotExist());

    assertEquals(List.of(503, 503, 200), statuses("POST", "/upload/"));
    assertArrayEquals(new byte[] {1, 2}, server.object(BUCKET, "r.csv").orElseThrow().data());
  }

  @Test
  void injected503OnAMultipartUploadWithoutPreconditionIsNotRetried() {
    server.inject(Fault.respond(503).on("POST", "/upload/"));

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> storage.create(BlobInfo.newBuilder(BUCKET, "n.csv").build(), new byte[] {1}));

    assertEquals(503, e.getCode());
    assertEquals(List.of(503), statuses("POST", "/upload/"));
  }

  @Test
  void injected503OnAResumableChunkIsRetried() throws IOException {
    byte[] data = random(CHUNK * 3 + 5);
    server.inject(Fault.respond(503).on("PUT", "/upload/").afterSkipping(1));

    writeInChunks("c.csv", data);

    assertArrayEquals(data, server.object(BUCKET, "c.csv").orElseThrow().data());
    // After the 503 the client asks what the server holds, then re-sends the chunk.
    assertEquals(List.of(308, 503, 308, 308, 308, 200), statuses("PUT", "/upload/"));
    assertEquals(
        List.of(
            "bytes 0-262143/*",
            "bytes 262144-524287/*",
            "bytes */*",
            "bytes 262144-524287/*",
            "bytes 524288-786431/*",
            "bytes 786432-786436/786437"),
        contentRanges());
  }

  @Test
  void injected429IsRetried() {
    storage.create(BlobInfo.newBuilder(BUCKET, "q.csv").build(), new byte[] {1});
    server.clearRequests();
    server.inject(Fault.respond(429).on("GET", OBJECTS + "/").times(2));

    assertNotNull(storage.get(BUCKET, "q.csv"));

    assertEquals(List.of(429, 429, 200), statuses("GET", OBJECTS + "/"));
  }

  @Test
  void connectionCutAfterTheWholeFinalChunkArrivedEndsWithTheObject() throws IOException {
    // The whole object fits in its one final PUT; the server reads all of it, then the
    // connection breaks before the answer. GCS has finalised the object by then, and so must we:
    // the client's status query must get the object, not a 308 that covers every byte.
    byte[] data = random(5_000);
    server.inject(Fault.cutConnection(100_000).on("PUT", "/upload/").times(1));

    writeInChunks("whole.csv", data);

    assertArrayEquals(data, server.object(BUCKET, "whole.csv").orElseThrow().data());
    assertEquals(RecordedRequest.CONNECTION_CUT, statuses("PUT", "/upload/").get(0));
  }

  @Test
  void connectionCutMidResumableUploadIsResumedFromThePersistedOffset() throws IOException {
    byte[] data = random(CHUNK * 4 + 17);
    server.inject(Fault.cutConnection(100_000).on("PUT", "/upload/").afterSkipping(1));

    writeInChunks("cut.csv", data);

    assertArrayEquals(data, server.object(BUCKET, "cut.csv").orElseThrow().data());
    // The server kept the 100 000 bytes it read; the client learns that and sends the rest.
    assertEquals(
        List.of(308, RecordedRequest.CONNECTION_CUT, 308, 308, 308, 308, 200),
        statuses("PUT", "/upload/"));
    assertEquals(
        List.of(
            "bytes 0-262143/*",
            "bytes 262144-524287/*",
            "bytes */*",
            "bytes 362144-524287/*",
            "bytes 524288-786431/*",
            "bytes 786432-1048575/*",
            "bytes 1048576-1048592/1048593"),
        contentRanges());
  }

  @Test
  void corruptedStoredBytesFailALocalCrc32cCheck() {
    byte[] data = random(4096);
    Blob blob = storage.create(BlobInfo.newBuilder(BUCKET, "rot.csv").build(), data);

    server.corruptStoredBytes(BUCKET, "rot.csv");
    byte[] downloaded = storage.readAllBytes(BUCKET, "rot.csv");

    assertEquals(data.length, downloaded.length);
    assertEquals(blob.getCrc32c(), storage.get(BUCKET, "rot.csv").getCrc32c());
    assertNotEquals(blob.getCrc32c(), crc32c(downloaded));
  }

  @Test
  void multipartBytesCorruptedInTransitFailTheDeclaredCrc32c() {
    server.inject(Fault.corruptBody().on("POST", "/upload/"));

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> storage.create(BlobInfo.newBuilder(BUCKET, "t.csv").build(), random(4096)));

    assertEquals(400, e.getCode());
    assertTrue(server.object(BUCKET, "t.csv").isEmpty());
  }

  @Test
  void resumableChunkCorruptedInTransitFailsTheFinalCrc32c() {
    server.inject(Fault.corruptBody().on("PUT", "/upload/"));

    StorageException e =
        assertThrows(StorageException.class, () -> writeInChunks("t.csv", random(CHUNK + 1)));

    assertEquals(400, e.getCode());
    assertTrue(server.object(BUCKET, "t.csv").isEmpty());
  }

  @Test
  void resumableUploadWithAWrongDeclaredCrc32cIsRejected() {
    byte[] data = random(1000);
    BlobInfo info = BlobInfo.newBuilder(BUCKET, "w.csv").setCrc32c(crc32c(new byte[] {0})).build();

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> {
              try (WriteChannel writer = storage.writer(info, BlobWriteOption.crc32cMatch())) {
                writer.write(ByteBuffer.wrap(data));
              }
            });

    assertEquals(400, e.getCode());
    assertTrue(server.object(BUCKET, "w.csv").isEmpty());
    // The declared CRC32C travels in the session's metadata, checked when the upload completes.
    assertEquals(List.of(400), statuses("PUT", "/upload/"));
  }

  @Test
  void slowResponseBeyondTheReadTimeoutIsRetried() throws Exception {
    storage.close();
    storage =
        server
            .storageOptions()
            .setTransportOptions(HttpTransportOptions.newBuilder().setReadTimeout(300).build())
            .build()
            .getService();
    storage.create(BlobInfo.newBuilder(BUCKET, "slow.csv").build(), new byte[] {1});
    server.inject(Fault.delay(Duration.ofSeconds(3)).on("GET", OBJECTS + "/"));

    long start = System.nanoTime();
    assertNotNull(storage.get(BUCKET, "slow.csv"));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    // The client gave up on the slow answer after its 300 ms read timeout and asked again.
    assertTrue(elapsedMillis < 2500, "took " + elapsedMillis + " ms");
  }

  private void writeInChunks(String name, byte[] data) throws IOException {
    try (WriteChannel writer = storage.writer(BlobInfo.newBuilder(BUCKET, name).build())) {
      writer.setChunkSize(CHUNK);
      for (int offset = 0; offset < data.length; offset += 64 * 1024) {
        writer.write(ByteBuffer.wrap(data, offset, Math.min(64 * 1024, data.length - offset)));
      }
    }
  }

  /** Returns the {@code Content-Range} of every upload {@code PUT}, in order. */
  private List<String> contentRanges() {
    return server.requests().stream()
        .filter(request -> request.is("PUT", "/upload/"))
        .map(request -> request.header("content-range"))
        .toList();
  }

  private RecordedRequest first(String method, String pathPrefix) {
    return server.requests().stream()
        .filter(request -> request.is(method, pathPrefix))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("no " + method + " " + pathPrefix + " in " + server.requests()));
  }

  private List<Integer> statuses(String method, String pathPrefix) {
    return server.requests().stream()
        .filter(request -> request.is(method, pathPrefix))
        .map(RecordedRequest::status)
        .toList();
  }

  private static List<String> names(Page<Blob> page) {
    List<String> names = new ArrayList<>();
    page.iterateAll().forEach(blob -> names.add(blob.getName()));
    return names;
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  /** CRC32C by Guava, independent of the server's {@code java.util.zip.CRC32C}. */
  private static String crc32c(byte[] data) {
    int crc = Hashing.crc32c().hashBytes(data).asInt();
    return Base64.getEncoder().encodeToString(Ints.toByteArray(crc));
  }

  private static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
