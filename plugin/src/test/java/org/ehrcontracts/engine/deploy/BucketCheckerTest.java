package org.ehrcontracts.engine.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ehrcontracts.engine.deploy.BlobStoreException.Kind;
import org.ehrcontracts.engine.deploy.BlobStoreException.Operation;
import org.ehrcontracts.engine.deploy.BucketChecker.Permission;
import org.ehrcontracts.engine.deploy.BucketChecker.Status;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.maven.MavenRemedies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BucketChecker} with a local-directory store. */
class BucketCheckerTest {

  @TempDir Path local;
  @TempDir Path bucketDir;

  private LocalDirectoryBlobStore store;
  private Path probe;

  @BeforeEach
  void setUp() throws Exception {
    store = new LocalDirectoryBlobStore(bucketDir, "site-bucket");
    probe =
        Files.writeString(
            local.resolve("probe.csv"), "\"probe\"\r\n\"ehr-check\"\r\n", StandardCharsets.UTF_8);
  }

  @Test
  void everyPermissionGrantedAndTheProbeGoneAgain() throws Exception {
    BucketChecker.Result result = checker().check("ehr-check/t1", List.of(probe), false);

    assertTrue(result.passed(), result::toString);
    assertEquals(
        List.of(
            "storage.objects.list",
            "storage.objects.create",
            "storage.objects.get",
            "storage.objects.delete"),
        result.permissions().stream().map(Permission::permission).toList());
    assertTrue(result.permissions().stream().allMatch(p -> p.status() == Status.GRANTED));
    assertTrue(store.names().isEmpty());
    assertTrue(result.kept().isEmpty());
  }

  @Test
  void aDeniedDeleteIsReportedButDoesNotFailTheCheck() throws Exception {
    store.fail(Operation.DELETE, Kind.PERMISSION_DENIED, 1);

    BucketChecker.Result result = checker().check("ehr-check/t2", List.of(probe), false);

    assertTrue(result.passed());
    Permission delete = result.permissions().get(3);
    assertEquals(Status.DENIED, delete.status());
    assertFalse(delete.neededByDeploy());
    assertTrue(delete.detail().contains("lacks storage.objects.delete"), delete.detail());
    assertEquals(List.of("gs://site-bucket/ehr-check/t2/probe.csv"), result.kept());
  }

  @Test
  void aDeniedCreateFailsTheCheckWithTheFix() throws Exception {
    store.fail(Operation.UPLOAD, Kind.PERMISSION_DENIED, 1);

    BucketChecker.Result result = checker().check("ehr-check/t3", List.of(probe), false);

    assertFalse(result.passed());
    Permission create = result.permissions().get(1);
    assertEquals(Status.DENIED, create.status());
    assertTrue(create.detail().contains("roles/storage.objectCreator"), create.detail());
    assertEquals(Status.NOT_TESTED, result.permissions().get(2).status());
  }

  @Test
  void aDamagedStoredObjectIsAProblem() throws Exception {
    store.damageStoredBytes();

    BucketChecker.Result result = checker().check("ehr-check/t4", List.of(probe), false);

    assertFalse(result.passed());
    assertTrue(result.problems().get(0).contains("was stored with CRC32C"), result::toString);
  }

  @Test
  void keptFilesStayForTheDrc() throws Exception {
    BucketChecker.Result result = checker().check("ehr-check/t5", List.of(probe), true);

    assertTrue(result.passed());
    assertEquals(Status.NOT_TESTED, result.permissions().get(3).status());
    assertEquals(List.of("ehr-check/t5/probe.csv"), store.names());
  }

  private BucketChecker checker() {
    return new BucketChecker(store, DiagnosticsListener.silent(), MavenRemedies.INSTANCE);
  }
}
