package org.ehrcontracts.engine.verify;

import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Severity;

/**
 * What verification found in one file of an export.
 *
 * @param file the file name relative to the export directory
 * @param table the contract table it holds, if any
 * @param status how it came out
 * @param rows data rows read (the header not counted)
 * @param bytes the file's size
 * @param crc32c the CRC32C of the file's bytes as read, in hex (empty when not read), so that later
 *     goals can tell whether the file changed since it was verified
 * @param rules what each rule found, in the order rules first fired
 * @since 0.1.0
 */
public record FileResult(
    String file,
    Optional<String> table,
    FileStatus status,
    long rows,
    long bytes,
    Optional<String> crc32c,
    List<RuleResult> rules) {

  /** Copies the list. */
  public FileResult {
    rules = List.copyOf(rules);
  }

  /** How many problems of that severity the file has. */
  public long count(Severity severity) {
    return rules.stream().filter(r -> r.severity() == severity).mapToLong(RuleResult::count).sum();
  }
}
