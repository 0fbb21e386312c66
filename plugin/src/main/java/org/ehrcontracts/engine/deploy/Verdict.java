package org.ehrcontracts.engine.deploy;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.RemedyWords;

/**
 * What one interlock of a deploy plan decided, in words that say why and how to proceed.
 *
 * <p>Interlock ids are stable and documented in {@code docs/deploy.md}: {@code deploy.verified},
 * {@code deploy.deidentified}, {@code deploy.private-files}, {@code deploy.contract-files}, {@code
 * deploy.folder-name}, {@code deploy.folder-processed} and {@code deploy.existing-objects}.
 *
 * @param interlock the interlock's id
 * @param status what it decided
 * @param message why, and for a refusal how to proceed, in the words of the plugin's {@link
 *     RemedyWords}
 * @param remedies what the message proposes, as types: the goals to run and settings to change
 * @since 0.1.0
 */
public record Verdict(String interlock, Status status, String message, List<Remedy> remedies) {

  private static final Pattern ID = Pattern.compile("deploy\\.[a-z][a-z-]*");

  /** Checks the parts. */
  public Verdict {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    remedies = List.copyOf(remedies);
    if (!ID.matcher(interlock).matches()) {
      throw new IllegalArgumentException("not an interlock id: " + interlock);
    }
  }

  /** What an interlock decided. */
  public enum Status {
    /** Nothing stands in the way. */
    PASSED,
    /** Worth knowing, but the deploy goes on. */
    WARNING,
    /** The deploy must not happen. */
    REFUSED
  }

  static Verdict passed(String interlock, String message) {
    return new Verdict(interlock, Status.PASSED, message, List.of());
  }

  static Verdict warning(String interlock, String message, Remedy... remedies) {
    return new Verdict(interlock, Status.WARNING, message, List.of(remedies));
  }

  static Verdict refused(String interlock, String message, Remedy... remedies) {
    return new Verdict(interlock, Status.REFUSED, message, List.of(remedies));
  }

  /** The verdict as one line: {@code REFUSED deploy.verified: ...}. */
  public String format() {
    return status + " " + interlock + ": " + message;
  }
}
