package org.ehrcontracts.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.deploy.BlobStoreException;
import org.ehrcontracts.engine.deploy.DeployConfigurationException;
import org.ehrcontracts.engine.deploy.DeployFailedException;
import org.ehrcontracts.engine.deploy.DeployPlan;
import org.ehrcontracts.engine.deploy.DeployReceipt;
import org.ehrcontracts.engine.deploy.DeployReceipts;
import org.ehrcontracts.engine.deploy.DeployRefusedException;
import org.ehrcontracts.engine.deploy.DeployRequest;
import org.ehrcontracts.engine.deploy.Deployer;
import org.ehrcontracts.engine.deploy.PlanReport;
import org.ehrcontracts.engine.deploy.RetryPolicy;
import org.ehrcontracts.engine.deploy.Verdict;
import org.ehrcontracts.gcs.GcsBlobStore;
import org.ehrcontracts.gcs.GcsSettings;
import org.ehrcontracts.gcs.GcsSetupException;

/**
 * Uploads an export to the site's GCS bucket, as {@code gs://<bucket>/<folder>/<table>.csv}.
 *
 * <p>Interlocks refuse to send the wrong thing: the export must have passed {@code ehr:verify} with
 * this contract and be unchanged since; under a contract that requires de-identification only the
 * output of {@code ehr:deidentify} goes (by default the build directory's {@code ehr/deid/<export
 * name>}); nothing under the private folder (the {@code crosswalk} folder, by default the build
 * directory's {@code ehr/private}) and no file the contract does not list is ever sent. Objects are
 * never overwritten unless {@code overwrite} is set; every upload is checked by CRC32C; the person
 * table's file goes last. A receipt goes to {@code <reportDirectory>/<export name>/deploy.json}.
 * See {@code docs/deploy.md}.
 *
 * <p>A de-identified output is accepted only with a manifest sealed by the site key in the private
 * folder ({@code crosswalk}), and only after an {@code ehr:verify} that ran every {@code deid.*}
 * rule; the file of a table the contract withholds (identifying tables) is never accepted there.
 *
 * @since 0.1.0
 */
@Mojo(
    name = "deploy",
    defaultPhase = LifecyclePhase.DEPLOY,
    requiresProject = false,
    threadSafe = true)
public class DeployMojo extends AbstractGcsMojo {

  /**
   * The contract the export was verified with: the name of a shipped contract ({@code
   * aou-ehr-alpha}, {@code aou-ehr-current}, {@code aou-ehr-current-deid}) or the path of a YAML
   * file, relative to the project directory.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.CONTRACT, required = true)
  private String contract;

  /**
   * The export to upload: one directory with a file per table (the raw export; under a
   * de-identification policy its de-identified output is uploaded instead).
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.EXPORTS, required = true)
  private List<File> exports;

  /**
   * The submission folder, such as {@code 2026-03-05-v1}; it must follow the contract's folder
   * rule. Default: the folder of the previous deploy of these same files, if it is not complete yet
   * or to confirm it; otherwise today's date and the next version the bucket does not have.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.FOLDER)
  private String folder;

  /**
   * The directory to upload. Default: the export, or, when the contract requires de-identification,
   * the build directory's {@code ehr/deid/<export name>}, which must hold the {@code
   * .ehr-deid.json} manifest of {@code ehr:deidentify}.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.DEPLOY_DIRECTORY)
  private File directory;

  /**
   * The crosswalk of {@code ehr:deidentify}, as that goal takes it: a private folder, or a file
   * ending in {@code .csv}. Its folder holds the site's seal key {@code ehr-deid-seal.key}, with
   * which the manifest of the de-identified output must be sealed. Nothing under a crosswalk folder
   * is ever uploaded (for a {@code .csv} file, nothing under the build directory's {@code
   * ehr/private}). Give both goals the same value; they share the property.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = PropertyNames.DEID_CROSSWALK,
      defaultValue = "${project.build.directory}/ehr/private")
  private File crosswalk;

  /**
   * Where {@code ehr:verify} wrote its reports (searched for {@code verify.json}) and where the
   * receipt {@code <export name>/deploy.json} goes.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = PropertyNames.REPORT_DIRECTORY,
      defaultValue = "${project.build.directory}/ehr")
  private File reportDirectory;

  /**
   * Only prints the plan (each file, its size and CRC32C, its object) and every interlock's
   * verdict; uploads nothing and fails only on configuration errors. Needs no credentials: without
   * access to the bucket the folder is today's first version, "not checked against the bucket".
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
  private boolean dryRun;

  /**
   * Replaces objects that exist with other content (each with a generation-match precondition).
   * Without it, such an object stops the deploy before anything is uploaded.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.DEPLOY_OVERWRITE, defaultValue = "false")
  private boolean overwrite;

  /**
   * How many files are checksummed and uploaded at once.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.DEPLOY_THREADS, defaultValue = "4")
  private int threads;

  /**
   * Skips this goal only.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.DEPLOY_SKIP, defaultValue = "false")
  private boolean deploySkip;

  /** The build directory, home of the de-identified output and the private directory. */
  @Parameter(defaultValue = "${project.build.directory}", readonly = true)
  private File buildDirectory;

  /** With Maven's decrypter of {@code settings.xml} secrets. */
  @Inject
  public DeployMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  protected String goal() {
    return "deploy";
  }

  @Override
  protected boolean goalSkip() {
    return deploySkip;
  }

  @Override
  protected String goalSkipProperty() {
    return PropertyNames.DEPLOY_SKIP;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    if (threads < 1) {
      throw new MojoFailureException(
          "<threads> (" + PropertyNames.DEPLOY_THREADS + ") must be 1 or more");
    }
    File export = export();
    Contract loaded = loadContract(commandLine(PropertyNames.CONTRACT, "contract", contract));
    GcsSettings gcs = gcsSettings();
    File build = buildDirectory != null ? buildDirectory : new File(basedir, "target");
    DeployRequest request =
        new DeployRequest(
            loaded,
            export.toPath(),
            Optional.ofNullable(directory).map(d -> absolute(d).toPath()),
            build.toPath().resolve("ehr/deid"),
            privateDirectory(build),
            sealKeyDirectory(build),
            (reportDirectory != null ? reportDirectory : new File(build, "ehr")).toPath(),
            gcs.bucket(),
            Optional.ofNullable(folder).filter(f -> !f.isBlank()).map(String::trim),
            LocalDate.now(),
            overwrite,
            dryRun,
            threads,
            pluginVersion == null ? "dev" : pluginVersion);
    try (Connection connection = connect(gcs)) {
      deploy(request, connection, gcs.bucket());
    }
  }

  private void deploy(DeployRequest request, Connection connection, String bucketName)
      throws MojoExecutionException, MojoFailureException {
    Deployer deployer = connection.deployer();
    DeployPlan plan;
    try {
      plan = deployer.plan(request);
    } catch (DeployConfigurationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (BlobStoreException e) {
      throw new MojoExecutionException(
          "Cannot plan the deploy: "
              + e.explain(bucketName, connection.principal(), MavenRemedies.INSTANCE),
          e);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read the export: " + e.getMessage(), e);
    }
    Log log = getLog();
    for (PlanReport.Line line : PlanReport.render(plan, dryRun)) {
      MavenDiagnostics.log(log, line.level(), line.text());
    }
    if (dryRun) {
      return;
    }
    DeployReceipt receipt;
    try {
      receipt = deployer.deploy(plan);
    } catch (DeployRefusedException e) {
      throw new MojoFailureException(
          "ehr:deploy refused to upload "
              + plan.source()
              + "; nothing was uploaded. "
              + e.refusals().stream().map(Verdict::format).collect(Collectors.joining(" ")));
    } catch (DeployFailedException e) {
      Path written = writeQuietly(e.receipt());
      throw new MojoExecutionException(
          "ehr:deploy failed: "
              + e.getMessage()
              + (written != null ? " Receipt: " + written + "." : "")
              + " A re-run uploads only what is missing.",
          e);
    }
    try {
      log.info("Receipt: " + DeployReceipts.write(receipt));
    } catch (IOException e) {
      throw new MojoExecutionException(
          "Everything is uploaded, but the receipt cannot be written: " + e.getMessage(), e);
    }
  }

  /** A deployer, who it acts as, and the client to close afterwards (none offline). */
  private record Connection(Deployer deployer, String principal, Optional<GcsBlobStore> store)
      implements AutoCloseable {
    @Override
    public void close() {
      store.ifPresent(GcsBlobStore::close);
    }
  }

  private Connection connect(GcsSettings gcs) throws MojoExecutionException, MojoFailureException {
    if (dryRun) {
      Optional<String> offline = GcsAccess.offlineReason(gcs, System.getenv());
      if (offline.isPresent()) {
        return new Connection(
            Deployer.offline(offline.get(), diagnostics(), MavenRemedies.INSTANCE),
            "nobody",
            Optional.empty());
      }
    }
    GcsBlobStore store;
    try {
      store = GcsBlobStore.connect(dryRun ? gcs.withRetrySettings(GcsAccess.QUICK) : gcs);
    } catch (GcsSetupException e) {
      if (gcs.credentials().isPresent() && !e.isUnreachable()) {
        // An unreadable key, or a key for a plain-HTTP endpoint: a configuration error.
        throw new MojoFailureException(e.getMessage(), e);
      }
      if (dryRun) {
        return new Connection(
            Deployer.offline(e.getMessage(), diagnostics(), MavenRemedies.INSTANCE),
            "nobody",
            Optional.empty());
      }
      throw new MojoExecutionException(e.getMessage(), e);
    }
    getLog()
        .info(
            (dryRun ? "Looking at gs://" : "Deploying to gs://")
                + gcs.bucket()
                + " as "
                + store.principal());
    return new Connection(
        new Deployer(store, diagnostics(), RetryPolicy.DEFAULT, MavenRemedies.INSTANCE),
        store.principal(),
        Optional.of(store));
  }

  private Path writeQuietly(DeployReceipt receipt) {
    try {
      return DeployReceipts.write(receipt);
    } catch (IOException e) {
      getLog().warn("Cannot write the receipt: " + e.getMessage());
      return null;
    }
  }

  private File export() throws MojoFailureException {
    List<File> exports = commandLineFiles(PropertyNames.EXPORTS, "exports", this.exports);
    if (exports == null || exports.isEmpty()) {
      throw new MojoFailureException(
          "No export directory is given: set <exports> or -D" + PropertyNames.EXPORTS + "=DIR");
    }
    if (exports.size() > 1) {
      throw new MojoFailureException(
          "ehr:deploy uploads one export a run, and <exports> ("
              + PropertyNames.EXPORTS
              + ") lists "
              + exports.size()
              + "; choose one with -D"
              + PropertyNames.EXPORTS
              + "=DIR.");
    }
    File export = absolute(exports.get(0));
    if (!export.isDirectory()) {
      throw new MojoFailureException(
          "The export directory "
              + export
              + " does not exist or is not a directory (parameter <exports>, property "
              + PropertyNames.EXPORTS
              + ").");
    }
    return export;
  }

  /**
   * The folder nothing is uploaded from: {@code crosswalk} when it is a folder. A single {@code
   * .csv} crosswalk may sit in a broad folder (a home directory) that also holds the project, so
   * then the default private folder stays; the file itself is never a table file anyway.
   */
  private Path privateDirectory(File build) {
    Path defaultFolder = build.toPath().resolve("ehr/private");
    return crosswalkFile().isPresent() || crosswalk == null ? defaultFolder : crosswalkPath();
  }

  /** The folder of the seal key: that of the crosswalk, be it a folder or a {@code .csv} file. */
  private Path sealKeyDirectory(File build) {
    if (crosswalk == null) {
      return build.toPath().resolve("ehr/private");
    }
    return crosswalkFile().map(Path::getParent).orElseGet(this::crosswalkPath);
  }

  private Path crosswalkPath() {
    return absolute(crosswalk).toPath().toAbsolutePath().normalize();
  }

  private Optional<Path> crosswalkFile() {
    if (crosswalk == null) {
      return Optional.empty();
    }
    Path given = crosswalkPath();
    return given.getFileName() != null && given.getFileName().toString().endsWith(".csv")
        ? Optional.of(given)
        : Optional.empty();
  }
}
