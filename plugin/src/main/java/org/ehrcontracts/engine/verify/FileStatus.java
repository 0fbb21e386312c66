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
  /** A table file the export lacks. */
  MISSING,
  /** A file the contract does not know or tolerates; not checked row by row. */
  NOT_CHECKED
}
