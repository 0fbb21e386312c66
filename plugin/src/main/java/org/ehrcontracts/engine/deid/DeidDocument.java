package org.ehrcontracts.engine.deid;

import java.util.List;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.ToolRef;

/**
 * The document {@code deid.json}, as {@link DeidReport} writes it: counts, file and column names,
 * the reference date and the contract; never an id, a date of a row or any other value.
 *
 * @param tool the tool that de-identified
 * @param contract the contract whose policy it carried out
 * @param export the export's name
 * @param output the output directory
 * @param asOf the reference date
 * @param maxAge the age limit, {@code null} for none
 * @param started when it started, ISO-8601 in UTC, to the millisecond
 * @param durationMillis how long it took
 * @param persons what happened to persons
 * @param ids how new ids were made
 * @param summary the totals
 * @param files what happened to every written file
 * @param columns the columns of each treatment, as {@code table.column}
 * @param decisions every column's decision, and why
 * @param notWritten the tables not written, and why
 * @param notCopied the other files not copied
 * @param verification the verifications of the input and of the output, {@code null} when not run
 * @since 0.1.0
 */
public record DeidDocument(
    ToolRef tool,
    ContractRef contract,
    String export,
    String output,
    String asOf,
    Integer maxAge,
    String started,
    long durationMillis,
    DeidResult.Persons persons,
    Ids ids,
    Summary summary,
    List<File> files,
    Columns columns,
    List<Decision> decisions,
    List<DeidResult.NotWritten> notWritten,
    List<String> notCopied,
    Verifications verification) {

  /** Copies the lists. */
  public DeidDocument {
    files = List.copyOf(files);
    decisions = List.copyOf(decisions);
    notWritten = List.copyOf(notWritten);
    notCopied = List.copyOf(notCopied);
  }

  /**
   * How new ids were made.
   *
   * @param crosswalk the crosswalk mode, lower-kebab
   * @param digits the digits of a new id
   * @param reused ids reused from the crosswalk
   * @param issued new ids issued
   * @param reissued ids renumbered because their old number is an original id of the export
   * @param stored ids in the crosswalk after the run
   * @since 0.1.0
   */
  public record Ids(
      String crosswalk, int digits, long reused, long issued, long reissued, long stored) {}

  /**
   * The totals.
   *
   * @param rowsIn rows read
   * @param rowsOut rows written
   * @param bytesOut bytes written
   * @since 0.1.0
   */
  public record Summary(long rowsIn, long rowsOut, long bytesOut) {}

  /**
   * One written file.
   *
   * @param file its name
   * @param table its table
   * @param rowsIn rows read
   * @param rowsOut rows written
   * @param removed rows removed, by reason
   * @param idsReplaced person ids replaced
   * @param datesTruncated dates set to January 1
   * @param timesTruncated times truncated
   * @param datesUnparseable unreadable dates emptied
   * @param valuesBlanked values emptied
   * @param bytes its size
   * @param crc32c its CRC32C, in hex
   * @since 0.1.0
   */
  public record File(
      String file,
      String table,
      long rowsIn,
      long rowsOut,
      Removed removed,
      long idsReplaced,
      long datesTruncated,
      long timesTruncated,
      long datesUnparseable,
      long valuesBlanked,
      long bytes,
      String crc32c) {}

  /**
   * Rows removed from a file, by reason.
   *
   * @param withPersons rows of removed persons
   * @param unlinked rows of unknown persons
   * @param cascade rows that refer to removed rows
   * @param malformed rows with more or fewer fields than the header
   * @since 0.1.0
   */
  public record Removed(long withPersons, long unlinked, long cascade, long malformed) {}

  /**
   * The columns of each treatment.
   *
   * @param personIds person ids replaced
   * @param truncated dates set to January 1
   * @param birthParts birth month and day set to 1
   * @param blanked emptied
   * @since 0.1.0
   */
  public record Columns(
      List<String> personIds,
      List<String> truncated,
      List<String> birthParts,
      List<String> blanked) {

    /** Copies the lists. */
    public Columns {
      personIds = List.copyOf(personIds);
      truncated = List.copyOf(truncated);
      birthParts = List.copyOf(birthParts);
      blanked = List.copyOf(blanked);
    }
  }

  /**
   * One column's decision.
   *
   * @param table its table
   * @param column its name
   * @param decision the policy's word for what is done to it
   * @param why the reason
   * @since 0.1.0
   */
  public record Decision(String table, String column, String decision, String why) {}

  /**
   * The verifications around the run.
   *
   * @param input of the input, {@code null} when not run
   * @param output of the output, {@code null} when not run
   * @since 0.1.0
   */
  public record Verifications(Verification input, Verification output) {}

  /**
   * The totals of one verification.
   *
   * @param rows rows read
   * @param errors errors found
   * @param warnings warnings found
   * @param infos infos found
   * @since 0.1.0
   */
  public record Verification(long rows, long errors, long warnings, long infos) {}
}
