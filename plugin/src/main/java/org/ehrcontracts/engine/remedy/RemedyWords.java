package org.ehrcontracts.engine.remedy;

/**
 * Turns a {@link Remedy} into the words of the tool the user runs: the port through which the
 * engine's messages name goals and settings without knowing them.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RemedyWords {

  /** The words for a remedy, to be put into a sentence ({@code mvn ehr:verify}, a flag). */
  String of(Remedy remedy);
}
