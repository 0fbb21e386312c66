package org.ehrcontracts.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.ehrcontracts.gcs.testserver.FakeGcsServer;
import org.ehrcontracts.gcs.testserver.Fault;
import org.ehrcontracts.testing.DeployFixture;
import org.ehrcontracts.testing.ServiceAccountKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wiring of {@code ehr:deploy}: parameters, skips, failure types, and a deploy over HTTP. */
@MojoTest
class DeployMojoTest {

  private static final String POM = "src/test/resources/unit/deploy/pom.xml";
  private static final String BUCKET = "aou-ehr-sample-site-bucket";

  @TempDir Path project;

  private FakeGcsServer server;
  private Storage storage;
  private DeployFixture site;

  @BeforeEach
  void start() throws Exception {
    server = FakeGcsServer.start();
    storage = server.storage();
    storage.create(BucketInfo.of(BUCKET));
    site = DeployFixture.sample(project);
  }

  @AfterEach
  void stop() throws Exception {
    storage.close();
    server.close();
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  void aDryRunOfTheRawSampleExplainsTheRefusalWithoutFailing(DeployMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void skipComesBeforeAnyWork(DeployMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "deploySkip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void goalSkipComesBeforeAnyWork(DeployMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "bucket", value = "gs://aou-ehr-sample-site-bucket")
  void aBucketUrlIsAConfigurationFailure(DeployMojo mojo) {
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("Give the bucket's name without gs://"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export,../it/sample-hpo/export")
  void oneExportARun(DeployMojo mojo) {
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("ehr:deploy uploads one export a run"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "serverId", value = "no-such-server")
  void anUnknownServerIdIsAConfigurationFailure(DeployMojo mojo) {
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        e.getMessage().startsWith("settings.xml has no <server> with the id 'no-such-server'"),
        e.getMessage());
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void deploysTheVerifiedSampleAndARerunUploadsNothing(DeployMojo mojo) throws Exception {
    site.verify(DeployFixture.contract("alpha-identified.yaml"), site.export(), false);
    wire(mojo, false);

    mojo.execute();
    long uploads = server.countRequests("POST", "/upload/");
    mojo.execute();

    assertEquals(7, server.objects(BUCKET).size());
    assertEquals(7, uploads);
    assertEquals(7, server.countRequests("POST", "/upload/"));
    assertTrue(Files.isRegularFile(site.reports().resolve("export/deploy.json")));
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void aRefusalIsAFailureThatSaysHowToProceed(DeployMojo mojo) throws Exception {
    wire(mojo, false);

    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

    assertTrue(e.getMessage().startsWith("ehr:deploy refused to upload "), e.getMessage());
    assertTrue(e.getMessage().contains("Run mvn ehr:verify first."), e.getMessage());
    assertEquals(0, server.countRequests("POST", "/upload/"));
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void aDeniedUploadIsExplainedAndWritesAReceipt(DeployMojo mojo) throws Exception {
    site.verify(DeployFixture.contract("alpha-identified.yaml"), site.export(), false);
    server.inject(Fault.respond(403).on("POST", "/upload/").always());
    wire(mojo, false);

    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    assertTrue(
        e.getMessage().startsWith("ehr:deploy failed: the account anonymous (no credentials,"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("lacks storage.objects.create on bucket " + BUCKET),
        e.getMessage());
    String receipt = Files.readString(site.reports().resolve("export/deploy.json"));
    assertTrue(receipt.contains("\"status\": \"failed\""), receipt);
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void aDryRunAgainstTheBucketUploadsNothing(DeployMojo mojo) throws Exception {
    site.verify(DeployFixture.contract("alpha-identified.yaml"), site.export(), false);
    wire(mojo, true);

    mojo.execute();

    assertEquals(0, server.countRequests("POST", "/upload/"));
    assertTrue(server.countRequests("GET", "/storage/v1/b/" + BUCKET + "/o") > 0);
    assertTrue(server.objects(BUCKET).isEmpty());
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void aDeidentifiedOutputIsDeployedWithTheSealKeyOfTheGivenPrivateFolder(DeployMojo mojo)
      throws Exception {
    Path secure = project.resolve("secure");
    site.deidentify(DeployFixture.contract("aou-ehr-alpha"), secure.resolve("site.crosswalk.csv"));
    site.verify(DeployFixture.contract("aou-ehr-alpha"), site.deidentified(), true);
    wire(mojo, false);
    setVariableValueToObject(mojo, "contract", "aou-ehr-alpha");

    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        e.getMessage().contains("there is no site seal key ehr-deid-seal.key in "), e.getMessage());
    assertEquals(0, server.countRequests("POST", "/upload/"));

    setVariableValueToObject(mojo, "crosswalk", secure.resolve("site.crosswalk.csv").toFile());
    mojo.execute();
    assertEquals(7, server.objects(BUCKET).size());
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void aCrosswalkFileInAFolderThatHoldsTheProjectIsNoPrivateFolderForTheUpload(DeployMojo mojo)
      throws Exception {
    // A home directory holding both the crosswalk file and the project: only the key is read there.
    Path crosswalk = project.resolve("site.crosswalk.csv");
    site.deidentify(DeployFixture.contract("aou-ehr-alpha"), crosswalk);
    site.verify(DeployFixture.contract("aou-ehr-alpha"), site.deidentified(), true);
    wire(mojo, false);
    setVariableValueToObject(mojo, "contract", "aou-ehr-alpha");
    setVariableValueToObject(mojo, "crosswalk", crosswalk.toFile());

    mojo.execute();

    assertEquals(7, server.objects(BUCKET).size());
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void nothingUnderACrosswalkFolderIsUploaded(DeployMojo mojo) throws Exception {
    Path secure = site.export();
    wire(mojo, false);
    site.verify(DeployFixture.contract("alpha-identified.yaml"), site.export(), false);
    setVariableValueToObject(mojo, "crosswalk", secure.toFile());

    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

    assertTrue(e.getMessage().contains("REFUSED deploy.private-files: "), e.getMessage());
    assertEquals(0, server.countRequests("POST", "/upload/"));
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void anUnreachableEndpointStopsAtOnceAndADryRunPlansOffline(DeployMojo mojo) throws Exception {
    site.verify(DeployFixture.contract("alpha-identified.yaml"), site.export(), false);
    wire(mojo, false);
    int port;
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path key =
        Files.writeString(
            project.resolve("key.json"),
            ServiceAccountKeys.fresh("uploader@site-project.iam.gserviceaccount.com"));
    setVariableValueToObject(mojo, "endpoint", "https://127.0.0.1:" + port);
    setVariableValueToObject(mojo, "credentials", key.toFile());

    long started = System.nanoTime();
    MojoExecutionException unreachable = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(
        unreachable
            .getMessage()
            .startsWith(
                "Cannot connect to GCS at https://127.0.0.1:"
                    + port
                    + ": nothing listens there (connection refused)."),
        unreachable.getMessage());
    assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(10));

    setVariableValueToObject(mojo, "dryRun", true);
    assertDoesNotThrow(mojo::execute);
  }

  /** Points the mojo at the fixture's project and the test server. */
  private void wire(DeployMojo mojo, boolean dryRun) throws IllegalAccessException {
    setVariableValueToObject(mojo, "basedir", project.toFile());
    setVariableValueToObject(
        mojo,
        "contract",
        new File("src/test/resources/deploy/alpha-identified.yaml").getAbsolutePath());
    setVariableValueToObject(mojo, "exports", List.of(site.export().toFile()));
    setVariableValueToObject(mojo, "reportDirectory", site.reports().toFile());
    setVariableValueToObject(mojo, "buildDirectory", project.resolve("target").toFile());
    setVariableValueToObject(mojo, "endpoint", server.endpoint());
    setVariableValueToObject(mojo, "dryRun", dryRun);
  }
}
