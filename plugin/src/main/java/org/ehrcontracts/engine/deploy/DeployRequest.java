package org.ehrcontracts.engine.deploy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.ehrcontracts.engine.contract.Contract;

/**
 * What to plan: an export, the contract it answers to, and where it should go.
 *
 * @param contract the contract
 * @param export the export directory as configured (the raw, identified export)
 * @param directory the directory to upload, if given; by default the export itself, or its
 *     de-identified output when the contract requires de-identification
 * @param deidentifiedRoot where {@code ehr:deidentify} writes de-identified exports, one folder per
 *     export name
 * @param privateDirectory where the crosswalk and other secrets live; nothing under it is uploaded
 * @param sealKeyDirectory where the site's seal key is, with which the manifest of a de-identified
 *     output must be sealed: the folder of the crosswalk {@code ehr:deidentify} used
 * @param reportDirectory where {@code ehr:verify} wrote its reports and the receipt goes
 * @param bucket the bucket's name
 * @param folder the submission folder, if given; by default today's next free version
 * @param today the date of a default folder name
 * @param overwrite whether objects with other content may be replaced
 * @param dryRun whether the plan is only shown: then an unreachable bucket is a note, not a failure
 * @param threads how many files are checksummed and uploaded at once
 * @param toolVersion the plugin's version, for the receipt
 * @since 0.1.0
 */
public record DeployRequest(
    Contract contract,
    Path export,
    Optional<Path> directory,
    Path deidentifiedRoot,
    Path privateDirectory,
    Path sealKeyDirectory,
    Path reportDirectory,
    String bucket,
    Optional<String> folder,
    LocalDate today,
    boolean overwrite,
    boolean dryRun,
    int threads,
    String toolVersion) {

  /** Checks the parts. */
  public DeployRequest {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(deidentifiedRoot, "deidentifiedRoot");
    Objects.requireNonNull(privateDirectory, "privateDirectory");
    Objects.requireNonNull(sealKeyDirectory, "sealKeyDirectory");
    Objects.requireNonNull(reportDirectory, "reportDirectory");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(today, "today");
    Objects.requireNonNull(toolVersion, "toolVersion");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be 1 or more");
    }
  }

  /** A request whose seal key is in the private directory, as {@code ehr:deidentify} puts it. */
  public DeployRequest(
      Contract contract,
      Path export,
      Optional<Path> directory,
      Path deidentifiedRoot,
      Path privateDirectory,
      Path reportDirectory,
      String bucket,
      Optional<String> folder,
      LocalDate today,
      boolean overwrite,
      boolean dryRun,
      int threads,
      String toolVersion) {
    this(
        contract,
        export,
        directory,
        deidentifiedRoot,
        privateDirectory,
        privateDirectory,
        reportDirectory,
        bucket,
        folder,
        today,
        overwrite,
        dryRun,
        threads,
        toolVersion);
  }

  /** The export's name: its directory's own name, which names its report folder. */
  public String exportName() {
    Path name = export.toAbsolutePath().normalize().getFileName();
    return name == null ? "export" : name.toString();
  }
}
