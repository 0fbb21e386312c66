package org.ehrcontracts.engine.verify;

import java.util.Optional;
import org.ehrcontracts.engine.metrics.ConceptFacts;
import org.ehrcontracts.engine.vocab.Vocabulary;

/**
 * The scorecard's questions answered by the site's vocabulary: one look-up a row, no allocation
 * (the domain's index is compared, not its name).
 */
final class VocabularyConcepts implements ConceptFacts {

  private final Vocabulary vocabulary;

  VocabularyConcepts(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  @Override
  public boolean known(long conceptId) {
    return vocabulary.contains(conceptId);
  }

  @Override
  public boolean standard(long conceptId) {
    int i = vocabulary.indexOf(conceptId);
    return i != Vocabulary.NOT_FOUND
        && vocabulary.standardAt(i) == Vocabulary.StandardConcept.STANDARD
        && vocabulary.invalidAt(i) == Vocabulary.InvalidReason.VALID;
  }

  @Override
  public String domain(long conceptId) {
    return vocabulary.domain(conceptId).orElse(null);
  }

  @Override
  public boolean standardIn(long conceptId, String domainId) {
    int i = vocabulary.indexOf(conceptId);
    return i != Vocabulary.NOT_FOUND
        && vocabulary.standardAt(i) == Vocabulary.StandardConcept.STANDARD
        && vocabulary.invalidAt(i) == Vocabulary.InvalidReason.VALID
        && vocabulary.domainName(vocabulary.domainAt(i)).equals(domainId);
  }

  @Override
  public Optional<String> release() {
    return vocabulary.release().isEmpty() ? Optional.empty() : Optional.of(vocabulary.release());
  }
}
