package org.ehrcontracts.engine.deploy;

import java.util.List;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.ExportRef;
import org.ehrcontracts.engine.json.ToolRef;

/**
 * The document {@code deploy.json}, as {@link DeployReceipts} writes it and reads back to resume a
 * folder; see there for what each member means. Absent values are {@code null}.
 *
 * @param tool the tool that deployed
 * @param contract the contract deployed with
 * @param export the export's name and the directory uploaded
 * @param bucket the bucket
 * @param folder the folder in it
 * @param started when the uploads started, ISO-8601 in UTC, to the millisecond
 * @param durationMillis how long they took
 * @param status {@code complete} or {@code failed}
 * @param failure why it failed, if it did
 * @param summary the totals
 * @param objects one entry per file, in plan order
 * @since 0.1.0
 */
public record DeployDocument(
    ToolRef tool,
    ContractRef contract,
    ExportRef export,
    String bucket,
    String folder,
    String started,
    long durationMillis,
    String status,
    String failure,
    Summary summary,
    List<ObjectEntry> objects) {

  /** Copies the list; a missing list reads as empty. */
  public DeployDocument {
    objects = objects == null ? List.of() : List.copyOf(objects);
  }

  /**
   * The totals.
   *
   * @param files the files of the plan
   * @param uploaded objects uploaded
   * @param alreadyThere objects that were there already
   * @param failed objects that failed
   * @param notAttempted objects not tried
   * @param bytesUploaded the bytes sent
   * @since 0.1.0
   */
  public record Summary(
      long files,
      long uploaded,
      long alreadyThere,
      long failed,
      long notAttempted,
      long bytesUploaded) {}

  /**
   * One object.
   *
   * @param file the local file name
   * @param object the object name
   * @param bytes the file's size
   * @param crc32c its CRC32C, 8 hex digits
   * @param action {@code uploaded}, {@code already-there}, {@code failed} or {@code not-attempted}
   * @param replaced whether an object with other content was replaced
   * @param generation the stored generation, when it is stored
   * @param time when the stored generation was written, if known
   * @param message why it failed, for a failure
   * @param rows the file's data rows, as {@code ehr:verify} counted them; {@code null} if unknown
   *     (since 0.2.0)
   * @since 0.1.0
   */
  public record ObjectEntry(
      String file,
      String object,
      Long bytes,
      String crc32c,
      String action,
      boolean replaced,
      Long generation,
      String time,
      String message,
      Long rows) {}
}
