package org.ehrcontracts.engine.diff;

import java.util.Objects;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;

/**
 * One change between two contracts.
 *
 * @param kind what changed
 * @param impact what it means for an export that passed before
 * @param subject the part it names: {@code column person.year_of_birth}, {@code check
 *     person.birth-year}, {@code rule value.concept}, {@code concept set gender}
 * @param before the part before, in words ({@code absent} when it was not there)
 * @param after the part after, in words ({@code absent} when it is gone)
 * @param why why it has its impact, in words (empty when the words above say it)
 * @param at where the newer contract declares the part, or the part that held it when it is gone;
 *     empty where the contract's model keeps no place (the de-identification policy)
 * @since 0.2.0
 */
public record Change(
    ChangeKind kind,
    Impact impact,
    String subject,
    String before,
    String after,
    String why,
    Optional<Location> at) {

  /** Checks the parts. */
  public Change {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(impact, "impact");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(at, "at");
  }

  /** {@code subject: before -> after; why}. */
  public String text() {
    return subject + ": " + before + " -> " + after + (why.isEmpty() ? "" : "; " + why);
  }
}
