package org.ehrcontracts.maven;

import org.ehrcontracts.engine.problem.Severity;

/**
 * The least severity of problem that fails the build.
 *
 * @since 0.1.0
 */
public enum FailOn {
  /** Errors fail the build. */
  ERROR,
  /** Errors and warnings fail the build. */
  WARNING,
  /** Nothing fails the build; problems are only reported. */
  NEVER;

  /** Whether a problem of this severity fails the build. */
  public boolean fails(Severity severity) {
    return switch (this) {
      case ERROR -> severity == Severity.ERROR;
      case WARNING -> severity != Severity.INFO;
      case NEVER -> false;
    };
  }
}
