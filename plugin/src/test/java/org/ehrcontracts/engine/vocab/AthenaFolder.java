package org.ehrcontracts.engine.vocab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes small Athena folders for tests: rows are given with {@code |} between fields, written with
 * tabs, one LF-ended line each.
 */
final class AthenaFolder {

  static final String CONCEPT =
      "concept_id|concept_name|domain_id|vocabulary_id|concept_class_id|standard_concept|concept_code"
          + "|valid_start_date|valid_end_date|invalid_reason";
  static final String RELATIONSHIP =
      "concept_id_1|concept_id_2|relationship_id|valid_start_date|valid_end_date|invalid_reason";
  static final String ANCESTOR =
      "ancestor_concept_id|descendant_concept_id|min_levels_of_separation|max_levels_of_separation";
  static final String VOCABULARY =
      "vocabulary_id|vocabulary_name|vocabulary_reference|vocabulary_version|vocabulary_concept_id";

  /**
   * A vocabulary of every kind of concept the checks meet: standard, classification, source
   * concepts that map to a standard one (once, twice, through an invalid row, to an unknown
   * concept), deleted and upgraded concepts, 0, and an All of Us custom concept.
   */
  static final List<String> CONCEPTS =
      List.of(
          CONCEPT,
          "8532|FEMALE|Gender|Gender|Gender|S|F|19700101|20991231|",
          "8507|MALE|Gender|Gender|Gender|S|M|19700101|20991231|",
          "0|No matching concept|Metadata|None|Undefined||No matching concept|19700101|20991231|",
          "8521|OTHER|Gender|Gender|Gender||O|19700101|20171231|D",
          "9202|Outpatient Visit|Visit|Visit|Visit|S|OP|19700101|20991231|",
          "320128|Essential hypertension|Condition|SNOMED|Clinical Finding|S|59621000|19700101|20991231|",
          "45591453|Essential (primary) \"hypertension\"|Condition|ICD10CM|5-char billing code||I10|19700101|20991231|",
          "44818518|Visit derived from EHR record|Type Concept|Visit Type|Visit Type||OMOP4822|19700101|20991231|U",
          "32817|EHR|Type Concept|Type Concept|Type Concept|S|OMOP4976890|19700101|20991231|",
          "21601855|HMG CoA reductase inhibitors|Drug|ATC|ATC 4th|C|C10AA|19700101|20991231|",
          "1545958|atorvastatin|Drug|RxNorm|Ingredient|S|83367|19700101|20991231|",
          "1551860|pravastatin|Drug|RxNorm|Ingredient|S|42463|19700101|20991231|",
          "201826|Type 2 diabetes mellitus|Condition|SNOMED|Clinical Finding|S|44054006|19700101|20991231|",
          "1567956|Type 2 diabetes mellitus|Condition|ICD10CM|3-char nonbill code||E11|19700101|20991231|",
          "2000000001|Another single population|Observation|AoU_General|Answer|S|WhatRaceEthnicity|20170517|20991231|");

  static final List<String> RELATIONSHIPS =
      List.of(
          RELATIONSHIP,
          "45591453|320128|Maps to|19700101|20991231|",
          "320128|45591453|Mapped from|19700101|20991231|",
          "320128|320128|Maps to|19700101|20991231|",
          "44818518|32817|Maps to|19700101|20991231|",
          "1567956|320128|Maps to|19700101|20991231|",
          "1567956|201826|Maps to|19700101|20991231|",
          "8521|8507|Maps to|19700101|20171231|D",
          "8521|999999999|Maps to|19700101|20991231|",
          "1545958|21601855|Is a|19700101|20991231|");

  static final List<String> ANCESTORS =
      List.of(
          ANCESTOR,
          "21601855|1545958|1|1",
          "21601855|1551860|1|1",
          "21601855|21601855|0|0",
          "1545958|1545958|0|0",
          "320128|320128|0|0");

  static final List<String> VOCABULARIES =
      List.of(
          VOCABULARY,
          "Gender|OMOP Gender|OMOP generated||44819217",
          "None|OMOP Standardized Vocabularies|OMOP generated|v5.0 27-FEB-25|44819096");

  private AthenaFolder() {}

  /** Writes one file of rows. */
  static Path write(Path folder, String fileName, List<String> rows) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String row : rows) {
      text.append(row.replace('|', '\t')).append('\n');
    }
    return writeRaw(folder, fileName, text.toString());
  }

  /** Writes one file as it is (tabs and line ends included). */
  static Path writeRaw(Path folder, String fileName, String text) throws IOException {
    Files.createDirectories(folder);
    return Files.writeString(folder.resolve(fileName), text, StandardCharsets.UTF_8);
  }

  /** The full synthetic vocabulary: all four files. */
  static Path full(Path folder) throws IOException {
    write(folder, "CONCEPT.csv", CONCEPTS);
    write(folder, "CONCEPT_RELATIONSHIP.csv", RELATIONSHIPS);
    write(folder, "CONCEPT_ANCESTOR.csv", ANCESTORS);
    write(folder, "VOCABULARY.csv", VOCABULARIES);
    return folder;
  }
}
