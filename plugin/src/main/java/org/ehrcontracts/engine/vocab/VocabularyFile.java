package org.ehrcontracts.engine.vocab;

import java.util.List;

/**
 * The files of an Athena vocabulary download that the engine reads, by their Athena names.
 *
 * @since 0.2.0
 */
public enum VocabularyFile {
  /** The concepts: required. */
  CONCEPT(
      "CONCEPT.csv",
      List.of("concept_id", "domain_id", "concept_class_id", "standard_concept", "invalid_reason")),
  /** The relationships between concepts, of which the engine keeps the valid "Maps to" ones. */
  CONCEPT_RELATIONSHIP(
      "CONCEPT_RELATIONSHIP.csv",
      List.of("concept_id_1", "concept_id_2", "relationship_id", "invalid_reason")),
  /** The transitive hierarchy, read only for the ancestors a request selects. */
  CONCEPT_ANCESTOR("CONCEPT_ANCESTOR.csv", List.of("ancestor_concept_id", "descendant_concept_id")),
  /** The vocabularies; its row {@code None} carries the release in {@code vocabulary_version}. */
  VOCABULARY("VOCABULARY.csv", List.of("vocabulary_id", "vocabulary_version"));

  private final String fileName;
  private final List<String> columns;

  VocabularyFile(String fileName, List<String> columns) {
    this.fileName = fileName;
    this.columns = columns;
  }

  /** The file's name in an Athena download ({@code CONCEPT.csv}). */
  public String fileName() {
    return fileName;
  }

  /** Whether a vocabulary folder must have the file. */
  public boolean required() {
    return this == CONCEPT;
  }

  /** The header columns the engine reads, which the file must have (others are ignored). */
  List<String> columns() {
    return columns;
  }
}
