package org.ehrcontracts.engine.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;

/**
 * The contract's {@code vocabulary:} section: where the site's Athena download is, and what it does
 * not say itself.
 *
 * @param folder the folder of {@code CONCEPT.csv} and its companions, relative to the project (the
 *     goal's {@code vocabulary} parameter takes precedence)
 * @param units the plausible units of measured concepts: by concept id, the unit concept ids a
 *     measurement of it may have; with CONCEPT_ANCESTOR, an entry also covers the concept's
 *     descendants
 * @param at where the contract declares it
 * @since 0.2.0
 */
public record VocabularySettings(
    Optional<String> folder, Map<Long, List<Long>> units, Location at) {

  /** Copies the map. */
  public VocabularySettings {
    units = Map.copyOf(units);
  }
}
