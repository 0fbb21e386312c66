package org.ehrcontracts.engine.verify;

import java.util.Map;
import java.util.Objects;

/**
 * The last upload of the site, as its receipt ({@code deploy.json} of {@code ehr:deploy}) tells it:
 * what {@code table.row-change} compares each table's rows with.
 *
 * @param receipt the receipt's file, as the user should see it
 * @param folder the bucket folder it went to, such as {@code 2026-09-30-v1}
 * @param uploaded when the upload started, ISO-8601, or empty if the receipt does not say
 * @param rows the data rows of each file uploaded, by file name ({@code measurement.csv}); files
 *     the receipt gives no count for are absent
 * @since 0.2.0
 */
public record PreviousUpload(
    String receipt, String folder, String uploaded, Map<String, Long> rows) {

  /** Checks the parts and copies the map. */
  public PreviousUpload {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(uploaded, "uploaded");
    rows = Map.copyOf(rows);
  }

  /** The day of the upload ({@code 2026-09-30}), or the folder's name if the time is unknown. */
  public String day() {
    return uploaded.length() >= 10 ? uploaded.substring(0, 10) : folder;
  }
}
