/**
 * The OMOP vocabulary a site downloads from Athena, read once into compact primitive arrays: {@link
 * org.ehrcontracts.engine.vocab.VocabularyLoader#load} reads a folder with {@code CONCEPT.csv}
 * (and, when present, {@code CONCEPT_RELATIONSHIP.csv}, {@code CONCEPT_ANCESTOR.csv} and {@code
 * VOCABULARY.csv}) into a {@link org.ehrcontracts.engine.vocab.Vocabulary}, which answers, per
 * concept id and without boxing, whether the concept exists, is standard, is invalid, which domain
 * and class it has and what it "Maps to". A binary cache ({@link
 * org.ehrcontracts.engine.vocab.VocabularyCache}) makes the next build's load take a fraction of a
 * second.
 *
 * <p>The vocabulary is reference data, not health data: concept ids may be named in messages. The
 * files are still never quoted beyond ids and redacted shapes, in case the wrong file is given.
 *
 * @since 0.2.0
 */
package org.ehrcontracts.engine.vocab;
