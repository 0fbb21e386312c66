package org.ehrcontracts.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the sample project's vocabulary: a small, synthetic subset in Athena's format ({@code
 * CONCEPT.csv}, {@code CONCEPT_RELATIONSHIP.csv}, {@code VOCABULARY.csv}: tab-separated, no quotes,
 * LF, dates {@code YYYYMMDD}) of every concept {@link SyntheticAlphaExport} writes, in the domain
 * its column asks for.
 *
 * <p>Ids, domains, vocabularies, classes and flags are what the concept checks need; names and
 * codes are plausible text, not copied from Athena ({@code sample-<id>} where no code is known).
 * Every concept is standard and valid but two: Athena's Gender vocabulary has two standard
 * concepts, 8507 and 8532, so 8521 OTHER and 8551 UNKNOWN, which the 2017 spec allowed and the
 * generator uses, are not standard here. Three non-standard ICD-10-CM source concepts, with ids of
 * the local range (above 2,000,000,000, past All of Us's own), "Maps to" three of the standard
 * conditions, so that the "Maps to" of a non-standard id can be shown; the sample's source concept
 * ids are all 0.
 *
 * <p>{@code SampleVocabularyTest} fails when {@code it/sample-hpo/vocabulary/} differs from what
 * this writes, and when the sample export uses a concept the vocabulary lacks or has in another
 * domain. After changing it, run from the repository root:
 *
 * <pre>
 * ./mvnw -B -ntp -pl plugin -am test-compile
 * java -cp plugin/target/test-classes org.ehrcontracts.testing.SampleVocabulary it/sample-hpo/vocabulary
 * </pre>
 */
public final class SampleVocabulary {

  /** The release, in VOCABULARY.csv's row {@code None}. */
  public static final String RELEASE = "v5.0 ehr-contracts sample subset 1";

  /** One concept: its CONCEPT row but the dates. */
  record Concept(
      long id,
      String name,
      String domain,
      String vocabulary,
      String conceptClass,
      String standard,
      String code) {}

  private static final String VALID = "19700101\t20991231\t";

  /** In the order of the tables that use them; not in id order, as Athena's file is not. */
  static final List<Concept> CONCEPTS =
      List.of(
          new Concept(
              0, "No matching concept", "Metadata", "None", "Undefined", "", "No matching concept"),
          // person
          new Concept(8507, "MALE", "Gender", "Gender", "Gender", "S", "M"),
          new Concept(8532, "FEMALE", "Gender", "Gender", "Gender", "S", "F"),
          new Concept(8521, "OTHER", "Gender", "Gender", "Gender", "", "O"),
          new Concept(8551, "UNKNOWN", "Gender", "Gender", "Gender", "", "U"),
          new Concept(8527, "White", "Race", "Race", "Race", "S", "5"),
          new Concept(8516, "Black or African American", "Race", "Race", "Race", "S", "3"),
          new Concept(8515, "Asian", "Race", "Race", "Race", "S", "2"),
          new Concept(
              8557, "Native Hawaiian or Other Pacific Islander", "Race", "Race", "Race", "S", "4"),
          new Concept(8657, "American Indian or Alaska Native", "Race", "Race", "Race", "S", "1"),
          new Concept(
              38003563,
              "Hispanic or Latino",
              "Ethnicity",
              "Ethnicity",
              "Ethnicity",
              "S",
              "Hispanic"),
          new Concept(
              38003564,
              "Not Hispanic or Latino",
              "Ethnicity",
              "Ethnicity",
              "Ethnicity",
              "S",
              "Not Hispanic"),
          // visit_occurrence
          new Concept(9201, "Inpatient Visit", "Visit", "Visit", "Visit", "S", "IP"),
          new Concept(9202, "Outpatient Visit", "Visit", "Visit", "Visit", "S", "OP"),
          new Concept(9203, "Emergency Room Visit", "Visit", "Visit", "Visit", "S", "ER"),
          new Concept(
              44818518,
              "Visit derived from EHR record",
              "Type Concept",
              "Visit Type",
              "Visit Type",
              "S",
              "sample-0"),
          // condition_occurrence
          new Concept(
              320128,
              "Essential hypertension",
              "Condition",
              "SNOMED",
              "Clinical Finding",
              "S",
              "59621000"),
          new Concept(
              201826,
              "Type 2 diabetes mellitus",
              "Condition",
              "SNOMED",
              "Clinical Finding",
              "S",
              "44054006"),
          new Concept(
              255573,
              "Chronic obstructive lung disease",
              "Condition",
              "SNOMED",
              "Clinical Finding",
              "S",
              "13645005"),
          new Concept(
              433736, "Obesity", "Condition", "SNOMED", "Clinical Finding", "S", "414916001"),
          new Concept(
              440383,
              "Depressive disorder",
              "Condition",
              "SNOMED",
              "Clinical Finding",
              "S",
              "35489007"),
          new Concept(
              80180, "Osteoarthritis", "Condition", "SNOMED", "Clinical Finding", "S", "396275006"),
          new Concept(
              317576,
              "Coronary arteriosclerosis",
              "Condition",
              "SNOMED",
              "Clinical Finding",
              "S",
              "53741008"),
          new Concept(
              4112343,
              "Acute upper respiratory infection",
              "Condition",
              "SNOMED",
              "Clinical Finding",
              "S",
              "sample-320128"),
          new Concept(
              38000245,
              "EHR problem list entry",
              "Type Concept",
              "Condition Type",
              "Condition Type",
              "S",
              "sample-38000245"),
          new Concept(
              44786627,
              "Primary Condition",
              "Type Concept",
              "Condition Type",
              "Condition Type",
              "S",
              "sample-44786627"),
          new Concept(
              44786629,
              "Secondary Condition",
              "Type Concept",
              "Condition Type",
              "Condition Type",
              "S",
              "sample-44786629"),
          new Concept(
              42894222,
              "EHR Chief Complaint",
              "Type Concept",
              "Condition Type",
              "Condition Type",
              "S",
              "sample-42894222"),
          new Concept(
              2_100_000_001L,
              "Essential (primary) hypertension",
              "Condition",
              "ICD10CM",
              "3-char billing code",
              "",
              "I10"),
          new Concept(
              2_100_000_002L,
              "Type 2 diabetes mellitus without complications",
              "Condition",
              "ICD10CM",
              "4-char billing code",
              "",
              "E11.9"),
          new Concept(
              2_100_000_003L,
              "Obesity, unspecified",
              "Condition",
              "ICD10CM",
              "4-char billing code",
              "",
              "E66.9"),
          // procedure_occurrence
          new Concept(
              4163872, "Plain chest X-ray", "Procedure", "SNOMED", "Procedure", "S", "399208008"),
          new Concept(
              4216130,
              "Electrocardiogram, complete",
              "Procedure",
              "SNOMED",
              "Procedure",
              "S",
              "sample-4216130"),
          new Concept(
              4058335, "Venipuncture", "Procedure", "SNOMED", "Procedure", "S", "sample-4058335"),
          new Concept(
              4133726,
              "Immunization administration",
              "Procedure",
              "SNOMED",
              "Procedure",
              "S",
              "sample-4133726"),
          new Concept(
              4249893,
              "Diagnostic colonoscopy",
              "Procedure",
              "SNOMED",
              "Procedure",
              "S",
              "sample-4249893"),
          new Concept(
              4295880,
              "Therapeutic exercise",
              "Procedure",
              "SNOMED",
              "Procedure",
              "S",
              "sample-4295880"),
          new Concept(
              44786630,
              "Primary Procedure",
              "Type Concept",
              "Procedure Type",
              "Procedure Type",
              "S",
              "sample-2100000001"),
          new Concept(
              44786631,
              "Secondary Procedure",
              "Type Concept",
              "Procedure Type",
              "Procedure Type",
              "S",
              "sample-44786631"),
          // drug_exposure
          new Concept(1503297, "metformin", "Drug", "RxNorm", "Ingredient", "S", "6809"),
          new Concept(1308216, "lisinopril", "Drug", "RxNorm", "Ingredient", "S", "29046"),
          new Concept(1332418, "amlodipine", "Drug", "RxNorm", "Ingredient", "S", "17767"),
          new Concept(1545958, "atorvastatin", "Drug", "RxNorm", "Ingredient", "S", "83367"),
          new Concept(1125315, "acetaminophen", "Drug", "RxNorm", "Ingredient", "S", "161"),
          new Concept(975125, "hydrocortisone", "Drug", "RxNorm", "Ingredient", "S", "5492"),
          new Concept(1154343, "albuterol", "Drug", "RxNorm", "Ingredient", "S", "435"),
          new Concept(1777806, "ceftriaxone", "Drug", "RxNorm", "Ingredient", "S", "2193"),
          new Concept(
              38000177,
              "Prescription written",
              "Type Concept",
              "Drug Type",
              "Drug Type",
              "S",
              "sample-1503297"),
          new Concept(
              38000180,
              "Inpatient administration",
              "Type Concept",
              "Drug Type",
              "Drug Type",
              "S",
              "sample-38000180"),
          new Concept(4128794, "Oral", "Route", "SNOMED", "Qualifier Value", "S", "26643006"),
          new Concept(
              4112421, "Intravenous", "Route", "SNOMED", "Qualifier Value", "S", "47625008"),
          new Concept(8504, "gram", "Unit", "UCUM", "Unit", "S", "g"),
          new Concept(8576, "milligram", "Unit", "UCUM", "Unit", "S", "mg"),
          new Concept(9655, "microgram", "Unit", "UCUM", "Unit", "S", "ug"),
          // measurement
          new Concept(
              3004249,
              "Systolic blood pressure",
              "Measurement",
              "LOINC",
              "Clinical Observation",
              "S",
              "8480-6"),
          new Concept(
              3012888,
              "Diastolic blood pressure",
              "Measurement",
              "LOINC",
              "Clinical Observation",
              "S",
              "8462-4"),
          new Concept(
              3027018, "Heart rate", "Measurement", "LOINC", "Clinical Observation", "S", "8867-4"),
          new Concept(
              3025315,
              "Body weight",
              "Measurement",
              "LOINC",
              "Clinical Observation",
              "S",
              "29463-7"),
          new Concept(
              3036277,
              "Body height",
              "Measurement",
              "LOINC",
              "Clinical Observation",
              "S",
              "8302-2"),
          new Concept(
              3004410,
              "Hemoglobin A1c/Hemoglobin.total in Blood",
              "Measurement",
              "LOINC",
              "Lab Test",
              "S",
              "4548-4"),
          new Concept(
              3016723,
              "Creatinine [Mass/volume] in Serum or Plasma",
              "Measurement",
              "LOINC",
              "Lab Test",
              "S",
              "2160-0"),
          new Concept(
              3013682,
              "Urea nitrogen [Mass/volume] in Serum or Plasma",
              "Measurement",
              "LOINC",
              "Lab Test",
              "S",
              "3094-0"),
          new Concept(
              44818701,
              "From physical examination",
              "Type Concept",
              "Meas Type",
              "Meas Type",
              "S",
              "sample-4128794"),
          new Concept(
              44818702,
              "Lab result",
              "Type Concept",
              "Meas Type",
              "Meas Type",
              "S",
              "sample-44818702"),
          new Concept(
              4172703,
              "=",
              "Meas Value Operator",
              "SNOMED",
              "Qualifier Value",
              "S",
              "sample-4172703"),
          new Concept(8876, "millimeter mercury column", "Unit", "UCUM", "Unit", "S", "mm[Hg]"),
          new Concept(8840, "milligram per deciliter", "Unit", "UCUM", "Unit", "S", "mg/dL"),
          new Concept(8554, "percent", "Unit", "UCUM", "Unit", "S", "%"),
          new Concept(8541, "per minute", "Unit", "UCUM", "Unit", "S", "/min"),
          new Concept(8582, "centimeter", "Unit", "UCUM", "Unit", "S", "cm"),
          new Concept(9529, "kilogram", "Unit", "UCUM", "Unit", "S", "kg"));

  /** Each source concept's standard concept, and each of those standard concepts' own row. */
  static final Map<Long, Long> MAPS_TO =
      Map.of(2_100_000_001L, 320128L, 2_100_000_002L, 201826L, 2_100_000_003L, 433736L);

  private SampleVocabulary() {}

  /** Writes the three files into a folder. */
  public static void writeTo(Path folder) throws IOException {
    Files.createDirectories(folder);
    StringBuilder concept =
        new StringBuilder(
            "concept_id\tconcept_name\tdomain_id\tvocabulary_id\tconcept_class_id\tstandard_concept"
                + "\tconcept_code\tvalid_start_date\tvalid_end_date\tinvalid_reason\n");
    for (Concept c : CONCEPTS) {
      concept
          .append(
              String.join(
                  "\t",
                  Long.toString(c.id()),
                  c.name(),
                  c.domain(),
                  c.vocabulary(),
                  c.conceptClass(),
                  c.standard(),
                  c.code()))
          .append('\t')
          .append(VALID)
          .append('\n');
    }
    StringBuilder relationship =
        new StringBuilder(
            "concept_id_1\tconcept_id_2\trelationship_id\tvalid_start_date\tvalid_end_date"
                + "\tinvalid_reason\n");
    for (Concept c : CONCEPTS) {
      Long target = MAPS_TO.get(c.id());
      if (target != null) {
        relationship
            .append(c.id())
            .append('\t')
            .append(target)
            .append("\tMaps to\t")
            .append(VALID)
            .append('\n');
        relationship
            .append(target)
            .append('\t')
            .append(c.id())
            .append("\tMapped from\t")
            .append(VALID)
            .append('\n');
      } else if (MAPS_TO.containsValue(c.id())) {
        relationship
            .append(c.id())
            .append('\t')
            .append(c.id())
            .append("\tMaps to\t")
            .append(VALID)
            .append('\n');
      }
    }
    StringBuilder vocabulary =
        new StringBuilder(
            "vocabulary_id\tvocabulary_name\tvocabulary_reference\tvocabulary_version"
                + "\tvocabulary_concept_id\n");
    vocabulary
        .append("None\tOMOP Standardized Vocabularies (sample subset)\tehr-contracts\t")
        .append(RELEASE)
        .append("\t0\n");
    List<String> written = new ArrayList<>();
    for (Concept c : CONCEPTS) {
      if (!c.vocabulary().equals("None") && !written.contains(c.vocabulary())) {
        written.add(c.vocabulary());
        vocabulary
            .append(c.vocabulary())
            .append('\t')
            .append(c.vocabulary())
            .append(" (sample subset)\tehr-contracts\t\t0\n");
      }
    }
    Files.writeString(folder.resolve("CONCEPT.csv"), concept, StandardCharsets.UTF_8);
    Files.writeString(
        folder.resolve("CONCEPT_RELATIONSHIP.csv"), relationship, StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("VOCABULARY.csv"), vocabulary, StandardCharsets.UTF_8);
  }

  /** Arguments: the folder to write. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: SampleVocabulary <folder>");
      System.exit(2);
    }
    writeTo(Path.of(args[0]));
    System.out.println("wrote " + CONCEPTS.size() + " concepts to " + args[0]);
  }
}
