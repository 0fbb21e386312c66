package org.ehrcontracts.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.ehrcontracts.gcs.testserver.FakeGcsServer;
import org.ehrcontracts.gcs.testserver.Fault;
import org.ehrcontracts.gcs.testserver.StoredObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ehr:check-bucket} against the GCS test server. */
@MojoTest
class CheckBucketMojoTest {

  private static final String POM = "src/test/resources/unit/check-bucket/pom.xml";
  private static final String BUCKET = "aou-ehr-sample-site-bucket";

  private FakeGcsServer server;
  private Storage storage;

  @BeforeEach
  void start() throws Exception {
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
  @InjectMojo(goal = "check-bucket", pom = POM)
  void aWorkingBucketPassesAndTheProbeIsGone(CheckBucketMojo mojo) throws Exception {
    setVariableValueToObject(mojo, "endpoint", server.endpoint());

    mojo.execute();

    assertEquals(1, server.countRequests("POST", "/upload/"));
    assertEquals(1, server.countRequests("GET", "/download/"));
    assertEquals(1, server.countRequests("DELETE", "/storage/v1/b/" + BUCKET + "/o/ehr-check%2F"));
    assertTrue(server.objects(BUCKET).isEmpty());
  }

  @Test
  @InjectMojo(goal = "check-bucket", pom = POM)
  void theSampleIsLoadedIntoTheFolderAndLeftThere(CheckBucketMojo mojo) throws Exception {
    setVariableValueToObject(mojo, "endpoint", server.endpoint());
    setVariableValueToObject(mojo, "sample", true);
    setVariableValueToObject(mojo, "folder", "ehr-check/sample-test");

    mojo.execute();

    assertEquals(7, server.objects(BUCKET).size());
    for (StoredObject object : server.objects(BUCKET)) {
      assertTrue(object.name().startsWith("ehr-check/sample-test/"), object.name());
      String file = object.name().substring("ehr-check/sample-test/".length());
      assertArrayEquals(
          Files.readAllBytes(Path.of("../it/sample-hpo/export").resolve(file)), object.data());
    }
  }

  @Test
  @InjectMojo(goal = "check-bucket", pom = POM)
  void aDeniedCreateFailsTheCheck(CheckBucketMojo mojo) throws Exception {
    setVariableValueToObject(mojo, "endpoint", server.endpoint());
    server.inject(Fault.respond(403).on("POST", "/upload/").always());

    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

    assertTrue(
        e.getMessage().startsWith("gs://" + BUCKET + " is not ready for ehr:deploy"),
        e.getMessage());
  }

  @Test
  @InjectMojo(goal = "check-bucket", pom = POM)
  @MojoParameter(name = "checkBucketSkip", value = "true")
  @MojoParameter(name = "bucket", value = "gs://not/checked")
  void goalSkipComesBeforeAnyWork(CheckBucketMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }
}
