package org.ehrcontracts.engine.problem;

import java.util.Locale;
import java.util.Optional;

/**
 * How serious a problem is; errors fail a build by default.
 *
 * @since 0.1.0
 */
public enum Severity {
  /** The export cannot be accepted as it is. */
  ERROR,
  /** Worth fixing; does not fail a build unless asked to. */
  WARNING,
  /** For the record only. */
  INFO;

  /** The lower-case word used in contracts, reports and the console. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this severity is at least as serious as {@code other}. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  /** The severity a lower-case word names, if any. */
  public static Optional<Severity> fromLabel(String label) {
    for (Severity severity : values()) {
      if (severity.label().equals(label)) {
        return Optional.of(severity);
      }
    }
    return Optional.empty();
  }
}
