package org.ehrcontracts.engine.deid;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ehrcontracts.engine.contract.ColumnRef;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * What one de-identification did: counts only, never an id, a date of a row or any other value.
 *
 * @param contract the contract's name
 * @param contractVersion its version
 * @param contractDigest the SHA-256 of the contract's files
 * @param export the input export's name (its directory's own name)
 * @param output the output directory, now holding the de-identified export
 * @param asOf the reference date for ages
 * @param maxAge the age limit of the policy, if it has one
 * @param toolVersion the plugin's version
 * @param started when the run started
 * @param duration how long it took, verification included
 * @param persons what happened to the persons
 * @param ids how the new ids came about
 * @param files one entry per table file written, in contract order
 * @param notCopied files of the input that are not in the output (the contract does not know them,
 *     or tolerates them as files the DRC writes back), relative to the input
 * @param personColumns the person references whose ids were replaced (the person id first)
 * @param dateColumns the date and datetime columns truncated to January 1
 * @param birthParts the birth month and day columns set to 1
 * @param blanked the columns emptied
 * @param decisions what happened to every column of the contract, and why
 * @param notWritten table files of the input that are not in the output by decision: tables the
 *     contract marks identifying or the policy drops, and tables whose header could not be trusted
 * @param input what verification of the input found, when it ran
 * @param verification what verification of the output found, when it ran
 * @since 0.1.0
 */
public record DeidResult(
    String contract,
    String contractVersion,
    String contractDigest,
    String export,
    Path output,
    LocalDate asOf,
    OptionalInt maxAge,
    String toolVersion,
    Instant started,
    Duration duration,
    Persons persons,
    Ids ids,
    List<FileStats> files,
    List<String> notCopied,
    List<ColumnRef> personColumns,
    List<ColumnRef> dateColumns,
    List<ColumnRef> birthParts,
    List<ColumnRef> blanked,
    Map<ColumnRef, DeidentificationPolicy.ColumnDecision> decisions,
    List<NotWritten> notWritten,
    Optional<VerifyResult> input,
    Optional<VerifyResult> verification) {

  /** Copies the lists. */
  public DeidResult {
    files = List.copyOf(files);
    notCopied = List.copyOf(notCopied);
    personColumns = List.copyOf(personColumns);
    dateColumns = List.copyOf(dateColumns);
    birthParts = List.copyOf(birthParts);
    blanked = List.copyOf(blanked);
    decisions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(decisions));
    notWritten = List.copyOf(notWritten);
  }

  /**
   * A table file of the input that the output does not have.
   *
   * @param file the file name
   * @param table the contract table
   * @param why the reason, in words that name no value
   * @param rows data rows it had, when it was read (0 for withheld tables, which are not read)
   */
  public record NotWritten(String file, String table, String why, long rows) {}

  /** Data rows read, over all files. */
  public long rowsIn() {
    return files.stream().mapToLong(FileStats::rowsIn).sum();
  }

  /** Data rows written, over all files. */
  public long rowsOut() {
    return files.stream().mapToLong(FileStats::rowsOut).sum();
  }

  /** Bytes written, over all files. */
  public long bytesOut() {
    return files.stream().mapToLong(FileStats::bytes).sum();
  }

  /**
   * What happened to the persons of the person table.
   *
   * @param rows person rows read
   * @param kept distinct persons kept
   * @param removedForAge person rows older than the limit on the reference date, removed
   * @param removedWithoutBirthYear person rows without any year of birth, removed (no age can be
   *     worked out, and they might be over the limit)
   * @param withoutId person rows whose id is empty or not a whole number, removed
   * @param unknownReferenced distinct ids referred to by other tables but missing from the person
   *     table; their rows are removed
   */
  public record Persons(
      long rows,
      long kept,
      long removedForAge,
      long removedWithoutBirthYear,
      long withoutId,
      long unknownReferenced) {}

  /**
   * How the new person ids came about.
   *
   * @param mode the policy's crosswalk mode
   * @param reused kept persons whose number came from the crosswalk
   * @param issued kept persons who got a number for the first time
   * @param reissued kept persons whose crosswalk number equals an original id of this export, and
   *     who got a new number so that no original id appears in the output
   * @param stored pairs the crosswalk holds now
   * @param digits how many digits new numbers have
   */
  public record Ids(
      DeidentificationPolicy.Crosswalk mode,
      long reused,
      long issued,
      long reissued,
      long stored,
      int digits) {}

  /**
   * What happened to one table file.
   *
   * @param file the file name
   * @param table the contract table
   * @param rowsIn data rows read
   * @param rowsOut data rows written
   * @param removedWithPersons rows of removed persons (over the age limit, or without a year of
   *     birth)
   * @param removedUnlinked rows whose person is missing from the person table, or whose person
   *     reference is not a whole number: they cannot be linked to an age and have no new id
   * @param removedCascade rows that refer to a row removed from another table
   * @param idsReplaced person ids replaced
   * @param datesTruncated date and datetime values set to January 1
   * @param removedMalformed rows with more or fewer fields than the header names: nothing says
   *     which value is which
   * @param timesTruncated time-of-day values set to midnight
   * @param datesUnparseable date and time values in no accepted form, emptied rather than passed on
   * @param valuesBlanked non-empty values emptied by the policy, or in columns the contract does
   *     not know
   * @param bytes the output file's size
   * @param crc32c the CRC32C of the output file, 8 hex digits
   */
  public record FileStats(
      String file,
      String table,
      long rowsIn,
      long rowsOut,
      long removedWithPersons,
      long removedUnlinked,
      long removedCascade,
      long removedMalformed,
      long idsReplaced,
      long datesTruncated,
      long timesTruncated,
      long datesUnparseable,
      long valuesBlanked,
      long bytes,
      String crc32c) {}
}
