package org.ehrcontracts.gcs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.deploy.BucketChecker;
import org.ehrcontracts.engine.deploy.DeployReceipt;
import org.ehrcontracts.engine.deploy.DeployRequest;
import org.ehrcontracts.engine.deploy.Deployer;
import org.ehrcontracts.engine.deploy.PlanItem;
import org.ehrcontracts.engine.deploy.RetryPolicy;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.maven.MavenRemedies;
import org.ehrcontracts.testing.DeployFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real bucket, only with {@code -Pgcs-live -Dehr.bucket=NAME} (and credentials: ADC, or
 * {@code -Dehr.gcs.credentials=KEY.json}); never in CI. Writes under {@code ehr-check/} and {@code
 * ehr-check-live-<time>/}, a folder the DRC does not process, and deletes what it wrote.
 */
@EnabledIfSystemProperty(named = "ehr.live.bucket", matches = ".+")
class GcsLiveTest {

  @TempDir Path project;

  @Test
  void checksTheBucketAndDeploysTheSampleToATestFolder() throws Exception {
    String bucket = System.getProperty("ehr.live.bucket");
    Optional<CredentialSource> credentials =
        Optional.ofNullable(System.getProperty("ehr.live.credentials"))
            .filter(c -> !c.isBlank())
            .map(c -> new CredentialSource.KeyFile(Path.of(c), "ehr.gcs.credentials"));
    GcsBlobStore store =
        GcsBlobStore.connect(
            GcsSettings.of(
                bucket,
                Optional.ofNullable(System.getProperty("ehr.live.endpoint"))
                    .filter(e -> !e.isBlank()),
                Optional.empty(),
                credentials,
                Map.of()));
    DiagnosticsListener out = new Printing();
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());

    Path probe = Files.writeString(project.resolve("probe.csv"), "\"probe\"\r\n\"live\"\r\n");
    BucketChecker.Result check =
        new BucketChecker(store, out, MavenRemedies.INSTANCE)
            .check("ehr-check/live-" + stamp, List.of(probe), false);
    check.permissions().forEach(p -> System.out.println(p));
    assertTrue(check.passed(), check::toString);

    DeployFixture site = DeployFixture.sample(project.resolve("site"));
    Contract contract = DeployFixture.contract("alpha-live.yaml");
    site.verify(contract, site.export(), false);
    DeployRequest request =
        DeployFixture.with(
            site.request(contract, bucket),
            Optional.of("ehr-check-live-" + stamp),
            Optional.empty(),
            false,
            false);
    Deployer deployer = new Deployer(store, out, RetryPolicy.DEFAULT, MavenRemedies.INSTANCE);
    DeployReceipt receipt = deployer.deploy(deployer.plan(request));
    assertTrue(receipt.complete());
    DeployReceipt again = deployer.deploy(deployer.plan(request));
    assertTrue(again.count(DeployReceipt.Action.ALREADY_THERE) == 7);

    for (PlanItem item : receipt.plan().items()) {
      store.delete(item.object(), store.stat(item.object()).orElseThrow().generation());
    }
  }

  private static final class Printing implements DiagnosticsListener {
    @Override
    public void problem(org.ehrcontracts.engine.problem.Problem problem) {
      System.out.println(problem.format());
    }

    @Override
    public void progress(String message) {
      System.out.println(message);
    }

    @Override
    public void debug(java.util.function.Supplier<String> message) {}
  }
}
