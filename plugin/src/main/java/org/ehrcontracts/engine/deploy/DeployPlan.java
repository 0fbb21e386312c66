package org.ehrcontracts.engine.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a deploy would do: which local files go to which objects of which folder, with their sizes
 * and checksums, and what every interlock decided.
 *
 * <p>A dry run prints it; {@link Deployer#deploy(DeployPlan)} carries it out if no interlock
 * refused. Items are in upload order; the last one (the person table's file) goes up alone, after
 * all others are stored.
 *
 * @param bucket the bucket's name
 * @param folder the submission folder, without a slash
 * @param folderChoice how the folder was chosen
 * @param folderNote how the folder was chosen, in words
 * @param checked whether the plan was made against the bucket (false in a dry run without access)
 * @param exportName the export's name
 * @param source the directory whose files are uploaded
 * @param contract the contract's name
 * @param contractVersion its version
 * @param contractDigest the SHA-256 of its files
 * @param items the files to upload, in upload order
 * @param verdicts what the interlocks decided
 * @param overwrite whether objects with other content are replaced
 * @param threads how many files go up at once
 * @param reportDirectory where the receipt goes
 * @param toolVersion the plugin's version
 * @param rows the data rows of each file, by file name, as the {@code ehr:verify} that passed it
 *     counted them; a file without a count (not verified as it is now) is absent (since 0.2.0)
 * @since 0.1.0
 */
public record DeployPlan(
    String bucket,
    String folder,
    FolderChoice folderChoice,
    String folderNote,
    boolean checked,
    String exportName,
    Path source,
    String contract,
    String contractVersion,
    String contractDigest,
    List<PlanItem> items,
    List<Verdict> verdicts,
    boolean overwrite,
    int threads,
    Path reportDirectory,
    String toolVersion,
    Map<String, Long> rows) {

  /** Copies the lists and the map. */
  public DeployPlan {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(folderChoice, "folderChoice");
    items = List.copyOf(items);
    verdicts = List.copyOf(verdicts);
    rows = Map.copyOf(rows);
  }

  /** How the folder of a plan was chosen. */
  public enum FolderChoice {
    /** Given by the user (the folder setting of the deploy). */
    GIVEN,
    /** Today's date and the next version the bucket does not have yet. */
    NEXT_FREE,
    /** The folder of the previous, identical deploy of this export, to finish or confirm it. */
    RESUMED,
    /** Today's date and version 1, not checked against the bucket (dry run without access). */
    UNCHECKED
  }

  /** Whether an interlock refused the deploy. */
  public boolean refused() {
    return verdicts.stream().anyMatch(v -> v.status() == Verdict.Status.REFUSED);
  }

  /** The refusals. */
  public List<Verdict> refusals() {
    return verdicts.stream().filter(v -> v.status() == Verdict.Status.REFUSED).toList();
  }

  /** The total size of the files. */
  public long bytes() {
    return items.stream().mapToLong(PlanItem::size).sum();
  }

  /** {@code gs://bucket/folder/}. */
  public String target() {
    return "gs://" + bucket + "/" + folder + "/";
  }
}
