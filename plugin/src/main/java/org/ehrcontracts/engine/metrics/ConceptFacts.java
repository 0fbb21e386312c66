package org.ehrcontracts.engine.metrics;

import java.util.Optional;

/**
 * What the scorecard asks a vocabulary (Athena's {@code CONCEPT} table) about a concept id.
 *
 * <p>The concept metrics (concept, unit and route success) call it once per row from every thread
 * that checks a part of a file, so an implementation must be safe for concurrent reads and should
 * answer from memory without allocating. Without one (the request's {@code concepts} is empty)
 * those metrics are reported as needing the vocabulary, not as missed.
 *
 * @since 0.2.0
 */
public interface ConceptFacts {

  /** Whether the id is a row of {@code CONCEPT} (0, "No matching concept", is one). */
  boolean known(long conceptId);

  /**
   * Whether the concept is standard: {@code standard_concept} is {@code S} (not empty, not {@code
   * C}) and {@code invalid_reason} is empty. False for an unknown id.
   */
  boolean standard(long conceptId);

  /** The concept's {@code domain_id} ({@code Condition}, {@code Unit}, ...), or null if unknown. */
  String domain(long conceptId);

  /**
   * Whether the concept is known, standard and of the domain: what a row needs to count as a
   * success. An implementation may answer it in one look-up.
   *
   * @param conceptId the row's concept id
   * @param domainId the domain the column's concepts must be of, as {@code CONCEPT.domain_id}
   *     spells it
   */
  default boolean standardIn(long conceptId, String domainId) {
    return known(conceptId) && standard(conceptId) && domainId.equals(domain(conceptId));
  }

  /** The vocabulary's release, as its {@code VOCABULARY.csv} names it, if known. */
  default Optional<String> release() {
    return Optional.empty();
  }
}
