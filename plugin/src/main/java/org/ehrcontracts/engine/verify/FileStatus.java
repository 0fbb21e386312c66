package org.ehrcontracts.engine.verify;

/**
 * How a file of an export came out of verification.
 *
 * @since 0.1.0
 */
public enum FileStatus {
  /** Checked, and no problem at warning or error. */
  PASSED,
  /** Checked, with warnings but no error. */
  WARNINGS,
  /** Checked, with at least one error. */
  FAILED,
  /**
   * A table file the export lacks, and must have: its absence is a problem ({@code file.missing}).
   */
  MISSING,
  /**
   * A table file the export does not have, and need not: an optional table, a table whose {@code
   * file.missing} rule is off, or one the de-identification policy withholds. Nothing is wrong.
   */
  ABSENT,
  /** A file the contract does not know or tolerates; not checked row by row. */
  NOT_CHECKED
}
