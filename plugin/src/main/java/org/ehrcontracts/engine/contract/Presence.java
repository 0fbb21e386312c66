package org.ehrcontracts.engine.contract;

/**
 * Whether a table's file must be in an export.
 *
 * @since 0.1.0
 */
public enum Presence {
  /** A missing file is an error. */
  REQUIRED,
  /** A missing file is a warning. */
  EXPECTED,
  /** A missing file is fine. */
  OPTIONAL
}
