package org.ehrcontracts.maven;

import java.util.Optional;
import org.ehrcontracts.engine.problem.Severity;

/**
 * The least severity of problem that fails the build.
 *
 * <p>The constants are lower case because users write {@code <failOn>warning</failOn>} and {@code
 * -Dehr.failOn=never}; {@link #parse} takes {@code new-error} for {@link #new_error}, a name no
 * constant can have.
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
  never,
  /**
   * Errors that the baseline did not have fail the build: a pull request fails only for what it
   * introduced. Without a baseline every error is new.
   */
  new_error;

  /** The value as users write it: {@code new-error} for {@link #new_error}. */
  public String word() {
    return name().replace('_', '-');
  }

  /** The value a user's word names, if any ({@code new_error} is taken too). */
  public static Optional<FailOn> parse(String word) {
    for (FailOn value : values()) {
      if (value.word().equals(word) || value.name().equals(word)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** Whether a problem of this severity fails the build (for {@code new-error}: when it is new). */
  public boolean fails(Severity severity) {
    return switch (this) {
      case error -> severity == Severity.ERROR;
      case warning -> severity != Severity.INFO;
      case never -> false;
      case new_error -> severity == Severity.ERROR;
    };
  }
}
