package org.ehrcontracts.maven;

import org.ehrcontracts.engine.problem.Severity;

/**
 * The least severity of problem that fails the build.
 *
 * <p>The constants are lower case because Maven converts parameter values to enums by exact name,
 * and users write {@code <failOn>warning</failOn>} and {@code -Dehr.failOn=never}.
 *
 * @since 0.1.0
 */
@SuppressWarnings("checkstyle:ConstantName")
public enum FailOn {
  /** Errors fail the build. */
  error,
  /** Errors and warnings fail the build. */
  warning,
  /** Nothing fails the build; problems are only reported. */
  never;

  /** Whether a problem of this severity fails the build. */
  public boolean fails(Severity severity) {
    return switch (this) {
      case error -> severity == Severity.ERROR;
      case warning -> severity != Severity.INFO;
      case never -> false;
    };
  }
}
