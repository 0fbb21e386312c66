package org.ehrcontracts.engine.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.vocab.Vocabulary.InvalidReason;
import org.ehrcontracts.engine.vocab.Vocabulary.StandardConcept;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Athena folders: what the index answers, and the problems of malformed files. */
class VocabularyLoaderTest {

  static final Path SAMPLE = Path.of("src/test/resources/vocab/athena-sample");

  @TempDir Path dir;

  static Vocabulary load(Path folder) throws VocabularyException {
    return load(folder, AncestorScope.none());
  }

  static Vocabulary load(Path folder, AncestorScope scope) throws VocabularyException {
    return new VocabularyLoader(DiagnosticsListener.silent())
        .load(new VocabularyRequest(folder, Optional.empty(), scope));
  }

  /** The problem lines of a load that must fail. */
  static List<String> problems(Path folder, AncestorScope scope) {
    VocabularyException e = assertThrows(VocabularyException.class, () -> load(folder, scope));
    return e.problems().stream().map(Problem::format).toList();
  }

  static List<String> problems(Path folder) {
    return problems(folder, AncestorScope.none());
  }

  @Test
  void theAthenaSampleLoadsWithItsReleaseDomainsAndClasses() throws Exception {
    Vocabulary vocabulary = load(SAMPLE);
    assertEquals(79, vocabulary.size());
    assertEquals("v5.0 17-MAR-19", vocabulary.release());
    assertEquals(EnumSet.of(VocabularyFile.CONCEPT, VocabularyFile.VOCABULARY), vocabulary.files());
    assertFalse(vocabulary.hasMapsTo());
    assertFalse(vocabulary.hasAncestors());
    assertFalse(vocabulary.fromCache());
    // The file's rows are not in id order (953368 comes before 953324): the index is.
    for (int i = 1; i < vocabulary.size(); i++) {
      assertTrue(vocabulary.conceptIdAt(i - 1) < vocabulary.conceptIdAt(i));
    }
    assertEquals(953291, vocabulary.conceptIdAt(0));
    assertEquals(953390, vocabulary.conceptIdAt(78));
    assertEquals(Optional.of("Procedure"), vocabulary.domain(953291));
    assertEquals(Optional.of("Device"), vocabulary.domain(953298));
    assertEquals(Optional.of("Observation"), vocabulary.domain(953368));
    assertEquals(Optional.of("HCPCS"), vocabulary.conceptClass(953291));
    assertEquals(Optional.of("HCPCS Modifier"), vocabulary.conceptClass(953385));
    assertTrue(vocabulary.isStandard(953390));
    assertFalse(vocabulary.isInvalid(953390));
    // Counted by hand in the file: 4 Procedure, 3 Device, 72 Observation; 2 classes.
    assertEquals(3, vocabulary.domainCount());
    int[] perDomain = new int[vocabulary.domainCount()];
    for (int i = 0; i < vocabulary.size(); i++) {
      perDomain[vocabulary.domainAt(i)]++;
    }
    assertEquals(4, perDomain[vocabulary.domainIndex("Procedure")]);
    assertEquals(3, perDomain[vocabulary.domainIndex("Device")]);
    assertEquals(72, perDomain[vocabulary.domainIndex("Observation")]);
    assertEquals(Vocabulary.NOT_FOUND, vocabulary.domainIndex("Condition"));
    assertFalse(vocabulary.contains(953306), "a gap in the sample's ids");
    assertFalse(vocabulary.contains(0), "the sample has no concept 0");
  }

  @Test
  void standardClassificationSourceAndInvalidConcepts() throws Exception {
    Vocabulary vocabulary = load(AthenaFolder.full(dir.resolve("vocabulary")));
    assertEquals(15, vocabulary.size());
    assertEquals("v5.0 27-FEB-25", vocabulary.release());

    assertTrue(vocabulary.isStandard(8507));
    assertEquals(Optional.of(StandardConcept.STANDARD), vocabulary.standardConcept(8507));
    assertEquals(Optional.of(StandardConcept.CLASSIFICATION), vocabulary.standardConcept(21601855));
    assertFalse(vocabulary.isStandard(21601855));
    assertEquals(Optional.of(StandardConcept.NON_STANDARD), vocabulary.standardConcept(45591453));
    assertEquals(Optional.empty(), vocabulary.standardConcept(12345));

    assertTrue(vocabulary.isInvalid(8521));
    assertEquals(InvalidReason.DELETED, vocabulary.invalidAt(vocabulary.indexOf(8521)));
    assertEquals(InvalidReason.UPGRADED, vocabulary.invalidAt(vocabulary.indexOf(44818518)));
    assertEquals(InvalidReason.VALID, vocabulary.invalidAt(vocabulary.indexOf(8507)));
    assertFalse(vocabulary.isInvalid(12345));

    assertTrue(vocabulary.contains(0));
    assertEquals(Optional.of("Metadata"), vocabulary.domain(0));
    assertEquals(StandardConcept.NON_STANDARD, vocabulary.standardAt(vocabulary.indexOf(0)));
    assertEquals(Optional.of("Type Concept"), vocabulary.domain(32817));
    assertEquals(Optional.of("Ingredient"), vocabulary.conceptClass(1545958));
    assertTrue(vocabulary.isStandard(2_000_000_001L), "an All of Us custom concept");
    assertEquals(Optional.of("Observation"), vocabulary.domain(2_000_000_001L));

    // Ids outside OMOP's integer are not concepts, whatever their low bits.
    assertFalse(vocabulary.contains(-1));
    assertFalse(vocabulary.contains(8507L + (1L << 32)));
    assertFalse(vocabulary.contains(Long.MAX_VALUE));
    assertEquals(Vocabulary.NOT_FOUND, vocabulary.indexOf(Long.MIN_VALUE));

    int gender = vocabulary.domainIndex("Gender");
    assertEquals(gender, vocabulary.domainAt(vocabulary.indexOf(8532)));
    assertEquals("Gender", vocabulary.domainName(gender));
    assertEquals(
        vocabulary.classIndex("Clinical Finding"), vocabulary.classAt(vocabulary.indexOf(201826)));
    assertEquals(Vocabulary.NOT_FOUND, vocabulary.classIndex("Branded Drug"));
  }

  @Test
  void mapsToKeepsValidRowsToOtherKnownConcepts() throws Exception {
    Vocabulary vocabulary = load(AthenaFolder.full(dir.resolve("vocabulary")));
    assertTrue(vocabulary.hasMapsTo());
    assertEquals(OptionalLong.of(320128), vocabulary.mapsTo(45591453));
    assertEquals(OptionalLong.of(32817), vocabulary.mapsTo(44818518));
    // Two targets: the lowest id, and the flag that there are more.
    assertEquals(OptionalLong.of(201826), vocabulary.mapsTo(1567956));
    assertTrue(vocabulary.mapsToSeveralAt(vocabulary.indexOf(1567956)));
    assertFalse(vocabulary.mapsToSeveralAt(vocabulary.indexOf(45591453)));
    // A standard concept's own row, "Mapped from", "Is a", an invalid row and an unknown target
    // give nothing.
    assertEquals(OptionalLong.empty(), vocabulary.mapsTo(320128));
    assertEquals(OptionalLong.empty(), vocabulary.mapsTo(1545958));
    assertEquals(OptionalLong.empty(), vocabulary.mapsTo(8521));
    assertEquals(OptionalLong.empty(), vocabulary.mapsTo(12345));
    assertEquals(Vocabulary.NO_MAPPING, vocabulary.mapsToAt(vocabulary.indexOf(8507)));
  }

  @Test
  void withoutTheRelationshipFileNothingMaps() throws Exception {
    Path folder = dir.resolve("vocabulary");
    AthenaFolder.write(folder, "CONCEPT.csv", AthenaFolder.CONCEPTS);
    Vocabulary vocabulary = load(folder);
    assertFalse(vocabulary.hasMapsTo());
    assertEquals(OptionalLong.empty(), vocabulary.mapsTo(45591453));
    assertEquals(Vocabulary.NO_MAPPING, vocabulary.mapsToAt(vocabulary.indexOf(45591453)));
    assertEquals("", vocabulary.release());
    assertEquals(EnumSet.of(VocabularyFile.CONCEPT), vocabulary.files());
  }

  @Test
  void ancestorsAreReadOnlyForTheScopeAsked() throws Exception {
    Path folder = AthenaFolder.full(dir.resolve("vocabulary"));

    Vocabulary none = load(folder);
    assertTrue(none.files().contains(VocabularyFile.CONCEPT_ANCESTOR));
    assertFalse(none.hasAncestors());
    assertEquals(AncestorScope.none(), none.ancestorScope());
    assertThrows(IllegalStateException.class, () -> none.isDescendant(21601855, 1545958));

    Vocabulary all = load(folder, AncestorScope.all());
    assertTrue(all.hasAncestors());
    assertTrue(all.isDescendant(21601855, 1545958));
    assertTrue(all.isDescendant(21601855, 1551860));
    assertTrue(all.isDescendant(21601855, 21601855));
    assertFalse(all.isDescendant(1545958, 21601855));
    assertFalse(all.isDescendant(21601855, 201826));
    assertFalse(all.isDescendant(21601855, -5));
    assertArrayEquals(new int[] {1545958, 1551860, 21601855}, all.descendants(21601855));
    assertArrayEquals(new int[0], all.descendants(8507));

    Vocabulary statins = load(folder, AncestorScope.of(List.of(21601855L)));
    assertTrue(statins.isDescendant(21601855, 1551860));
    assertArrayEquals(new int[] {1545958, 1551860, 21601855}, statins.descendants(21601855));
    IllegalStateException outside =
        assertThrows(IllegalStateException.class, () -> statins.isDescendant(320128, 320128));
    assertEquals(
        "the vocabulary was loaded without the descendants of concept 320128 (ancestors: of 1"
            + " ancestor)",
        outside.getMessage());
  }

  @Test
  void aMalformedAncestorFileIsNotReadWhenNoAncestorIsAsked() throws Exception {
    Path folder = dir.resolve("vocabulary");
    AthenaFolder.write(folder, "CONCEPT.csv", AthenaFolder.CONCEPTS);
    AthenaFolder.writeRaw(folder, "CONCEPT_ANCESTOR.csv", "not,an,athena,file\n");
    assertEquals(15, load(folder).size());
    assertEquals(
        List.of(
            "vocabulary/CONCEPT_ANCESTOR.csv:1: error: the header is not separated by tabs: this"
                + " looks like a comma-separated file, and Athena's files are tab-separated without"
                + " quotes; use the files of the Athena download as they are [vocabulary.malformed]"),
        problems(folder, AncestorScope.all()));
  }

  @Test
  void filesAreFoundIgnoringCaseAndColumnsByName() throws Exception {
    Path folder = dir.resolve("athena");
    // Columns in another order, an extra one, CRLF line ends, a byte-order mark, no final line end.
    AthenaFolder.writeRaw(
        folder,
        "concept.CSV",
        "\uFEFFstandard_concept\tdomain_id\tcomment\tconcept_id\tconcept_class_id\tINVALID_REASON\r\n"
            + "S\tGender\tx\t8507\tGender\t\r\n"
            + "\tCondition\t\"quoted\"\t45591453\t5-char billing code\tU");
    AthenaFolder.writeRaw(
        folder, "Vocabulary.csv", "vocabulary_version\tvocabulary_id\r\nv5.0 TEST\tNone\r\n");
    Vocabulary vocabulary = load(folder);
    assertEquals(2, vocabulary.size());
    assertTrue(vocabulary.isStandard(8507));
    assertEquals(Optional.of("Condition"), vocabulary.domain(45591453));
    assertEquals(Optional.of("5-char billing code"), vocabulary.conceptClass(45591453));
    assertTrue(vocabulary.isInvalid(45591453));
    assertEquals("v5.0 TEST", vocabulary.release());
  }

  @Test
  void theExactAthenaNameWinsOverAnotherCase() throws Exception {
    Path folder = dir.resolve("vocabulary");
    AthenaFolder.write(folder, "CONCEPT.csv", AthenaFolder.CONCEPTS);
    AthenaFolder.writeRaw(folder, "concept.csv", "junk\n");
    // On a case-insensitive file system the two are one file: nothing to choose between.
    if (Files.isSameFile(folder.resolve("CONCEPT.csv"), folder.resolve("concept.csv"))) {
      return;
    }
    assertEquals(15, load(folder).size());
  }

  @Test
  void theLargestIdsAndLongLinesAreRead() throws Exception {
    Path folder = dir.resolve("vocabulary");
    List<String> rows = new ArrayList<>();
    rows.add(AthenaFolder.CONCEPT);
    String longName = "n\"".repeat(1_500_000);
    rows.add("2147483647|" + longName + "|Drug|RxNorm|Ingredient|S|x|19700101|20991231|");
    rows.add("1|short|Drug|RxNorm|Ingredient|S|x|19700101|20991231|");
    AthenaFolder.write(folder, "CONCEPT.csv", rows);
    Vocabulary vocabulary = load(folder);
    assertTrue(vocabulary.isStandard(Integer.MAX_VALUE));
    assertTrue(vocabulary.contains(1));
    assertEquals(2, vocabulary.size());
  }

  @Test
  void manyConceptsOutOfOrderAreIndexed() throws Exception {
    Path folder = dir.resolve("vocabulary");
    List<String> rows = new ArrayList<>();
    rows.add(AthenaFolder.CONCEPT);
    String[] domains = {"Condition", "Drug", "Measurement", "Unit", "Visit"};
    int n = 50_000;
    for (int k = 0; k < n; k++) {
      // A permutation of 0..n-1 (7919 is prime), ids spread over the whole int range.
      int id = (int) ((k * 7919L % n) * 42_949L);
      String standard = id % 3 == 0 ? "S" : id % 3 == 1 ? "" : "C";
      rows.add(
          id + "|c" + k + "|" + domains[id % 5] + "|V|K" + id % 7 + "|" + standard + "|x|1|2|");
    }
    AthenaFolder.write(folder, "CONCEPT.csv", rows);
    Vocabulary vocabulary = load(folder);
    assertEquals(n, vocabulary.size());
    for (int k = 0; k < n; k++) {
      long id = k * 42_949L;
      int i = vocabulary.indexOf(id);
      assertEquals(id, vocabulary.conceptIdAt(i));
      assertEquals(domains[(int) (id % 5)], vocabulary.domainName(vocabulary.domainAt(i)));
      assertEquals("K" + id % 7, vocabulary.className(vocabulary.classAt(i)));
      assertEquals(id % 3 == 0, vocabulary.isStandard(id));
      assertFalse(vocabulary.contains(id + 1));
    }
    assertTrue(vocabulary.footprintBytes() >= 8L * n);
  }

  @Test
  void aConceptFileWithItsHeaderOnlyIsAnEmptyVocabulary() throws Exception {
    Path folder = dir.resolve("vocabulary");
    AthenaFolder.write(folder, "CONCEPT.csv", List.of(AthenaFolder.CONCEPT));
    Vocabulary vocabulary = load(folder);
    assertEquals(0, vocabulary.size());
    assertFalse(vocabulary.contains(0));
    assertEquals(0, vocabulary.domainCount());
  }

  // ---- problems ----

  @Test
  void aMissingFolderOrConceptFileIsNotFound() throws Exception {
    VocabularyException e =
        assertThrows(VocabularyException.class, () -> load(dir.resolve("nowhere")));
    assertEquals("the vocabulary 'nowhere' has 1 problem", e.getMessage());
    assertEquals(
        List.of(
            "nowhere: error: the vocabulary folder does not exist; unpack Athena's download there, or"
                + " name the folder that holds its CONCEPT.csv [vocabulary.not-found]"),
        problems(dir.resolve("nowhere")));
    Path folder = dir.resolve("vocabulary");
    AthenaFolder.write(folder, "VOCABULARY.csv", AthenaFolder.VOCABULARIES);
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv: error: the vocabulary folder has no CONCEPT.csv; Athena's"
                + " download has CONCEPT.csv (required) and CONCEPT_RELATIONSHIP.csv,"
                + " CONCEPT_ANCESTOR.csv and VOCABULARY.csv (read when present)"
                + " [vocabulary.not-found]"),
        problems(folder));
  }

  @Test
  void aFolderNamedLikeAFileIsUnreadable() throws Exception {
    Path folder = dir.resolve("vocabulary");
    AthenaFolder.write(folder, "CONCEPT.csv", AthenaFolder.CONCEPTS);
    Files.createDirectories(folder.resolve("VOCABULARY.csv"));
    assertEquals(
        List.of(
            "vocabulary/VOCABULARY.csv: error: the file cannot be read: it is not a regular file"
                + " [vocabulary.unreadable]"),
        problems(folder));
  }

  @Test
  void everyHeaderIsCheckedBeforeAnyRow() throws Exception {
    Path folder = dir.resolve("vocabulary");
    AthenaFolder.write(
        folder,
        "CONCEPT.csv",
        List.of("concept_id|concept_name|domain_id|vocabulary_id", "x|y|z|w"));
    AthenaFolder.write(folder, "VOCABULARY.csv", List.of("vocabulary_id|vocabulary_name"));
    AthenaFolder.writeRaw(folder, "CONCEPT_RELATIONSHIP.csv", "");
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:1: error: the header has no columns 'concept_class_id',"
                + " 'standard_concept', 'invalid_reason'; the columns read from Athena's CONCEPT.csv"
                + " are concept_id, domain_id, concept_class_id, standard_concept, invalid_reason,"
                + " found by name in a tab-separated header [vocabulary.malformed]",
            "vocabulary/CONCEPT_RELATIONSHIP.csv: error: the file is empty; it must start with"
                + " Athena's header line [vocabulary.malformed]",
            "vocabulary/VOCABULARY.csv:1: error: the header has no column 'vocabulary_version'; the"
                + " columns read from Athena's VOCABULARY.csv are vocabulary_id, vocabulary_version,"
                + " found by name in a tab-separated header [vocabulary.malformed]"),
        problems(folder));
  }

  @Test
  void malformedRowsAreNamedByLineAndColumnWithoutTheirValues() throws Exception {
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:3:1: error: column 'concept_id' must hold a concept id (a whole"
                + " number from 0 to 2147483647), found a value shaped '9999999999' [vocabulary.malformed]"),
        conceptProblems("2147483648|x|Drug|RxNorm|Ingredient|S|x|1|2|"));
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:3:1: error: column 'concept_id' must hold a concept id (a whole"
                + " number from 0 to 2147483647), found a value shaped '-9' [vocabulary.malformed]"),
        conceptProblems("-1|x|Drug|RxNorm|Ingredient|S|x|1|2|"));
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:3:1: error: column 'concept_id' is empty; it must hold a concept"
                + " id [vocabulary.malformed]"),
        conceptProblems("|x|Drug|RxNorm|Ingredient|S|x|1|2|"));
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:3:6: error: column 'standard_concept' must be S, C or empty,"
                + " found a value shaped 'Aaaaaaaa' [vocabulary.malformed]"),
        conceptProblems("7|x|Drug|RxNorm|Ingredient|Standard|x|1|2|"));
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:3:10: error: column 'invalid_reason' must be D, U or empty,"
                + " found a value shaped 'a' [vocabulary.malformed]"),
        conceptProblems("7|x|Drug|RxNorm|Ingredient|S|x|1|2|d"));
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:3: error: the line has 9 fields separated by tabs, the header 10"
                + " [vocabulary.malformed]"),
        conceptProblems("7|x|Drug|RxNorm|Ingredient|S|x|1|2"));
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:3: error: the line is empty; Athena's files have no empty lines"
                + " [vocabulary.malformed]"),
        conceptProblems(""));
  }

  @Test
  void aConceptTwiceIsNamedWithBothLines() throws Exception {
    // In id order, and out of it: the sort finds both.
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:4:1: error: concept_id 8507 is on line 2 as well; each concept"
                + " has one row [vocabulary.malformed]"),
        conceptProblems(
            List.of(
                "8507|MALE|Gender|Gender|Gender|S|M|1|2|",
                "8532|FEMALE|Gender|Gender|Gender|S|F|1|2|",
                "8507|MALE|Gender|Gender|Gender|S|M|1|2|")));
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:5:1: error: concept_id 3 is on line 3 as well; each concept"
                + " has one row [vocabulary.malformed]"),
        conceptProblems(
            List.of(
                "9|a|D|V|K|S|c|1|2|",
                "3|a|D|V|K|S|c|1|2|",
                "1|a|D|V|K|S|c|1|2|",
                "3|a|D|V|K|S|c|1|2|")));
  }

  @Test
  void aMalformedRelationshipRowIsFoundToo() throws Exception {
    Path folder = dir.resolve("vocabulary");
    AthenaFolder.write(folder, "CONCEPT.csv", AthenaFolder.CONCEPTS);
    AthenaFolder.write(
        folder,
        "CONCEPT_RELATIONSHIP.csv",
        List.of(
            AthenaFolder.RELATIONSHIP,
            "45591453|320128|Maps to|1|2|",
            "45591453|I10|Maps to|1|2|"));
    assertEquals(
        List.of(
            "vocabulary/CONCEPT_RELATIONSHIP.csv:3:2: error: column 'concept_id_2' must hold a concept"
                + " id (a whole number from 0 to 2147483647), found a value shaped 'A99'"
                + " [vocabulary.malformed]"),
        problems(folder));
  }

  @Test
  void conceptsProblemComesFirstAndStopsTheRelationshipsBesideIt() throws Exception {
    Path folder = dir.resolve("vocabulary");
    List<String> concepts = new ArrayList<>(AthenaFolder.CONCEPTS);
    concepts.add("x|y|Drug|RxNorm|Ingredient|S|x|1|2|");
    AthenaFolder.write(folder, "CONCEPT.csv", concepts);
    List<String> relationships = new ArrayList<>();
    relationships.add(AthenaFolder.RELATIONSHIP);
    for (int i = 0; i < 200_000; i++) {
      relationships.add(i + "|" + (i + 1) + "|Maps to|1|2|");
    }
    relationships.add("1|x|Maps to|1|2|");
    AthenaFolder.write(folder, "CONCEPT_RELATIONSHIP.csv", relationships);
    assertEquals(
        List.of(
            "vocabulary/CONCEPT.csv:17:1: error: column 'concept_id' must hold a concept id (a whole"
                + " number from 0 to 2147483647), found a value shaped 'a' [vocabulary.malformed]"),
        problems(folder));
    // A pool's worker may still be alive for a moment after the pool terminated, on its way out
    // of the executor: what must not be is one still reading the file.
    assertFalse(
        Thread.getAllStackTraces().entrySet().stream()
            .anyMatch(
                t ->
                    t.getKey().getName().equals("ehr-vocabulary-relationships")
                        && java.util.Arrays.stream(t.getValue())
                            .anyMatch(f -> f.getClassName().endsWith(".AthenaParser"))),
        "the reader of CONCEPT_RELATIONSHIP.csv is stopped");
    // Without the problem in CONCEPT, the one in CONCEPT_RELATIONSHIP is found.
    AthenaFolder.write(folder, "CONCEPT.csv", AthenaFolder.CONCEPTS);
    assertEquals(
        List.of(
            "vocabulary/CONCEPT_RELATIONSHIP.csv:200002:2: error: column 'concept_id_2' must hold a"
                + " concept id (a whole number from 0 to 2147483647), found a value shaped 'a'"
                + " [vocabulary.malformed]"),
        problems(folder));
  }

  @Test
  void theVocabularyFileNeedsNoNoneRow() throws Exception {
    Path folder = dir.resolve("vocabulary");
    AthenaFolder.write(folder, "CONCEPT.csv", AthenaFolder.CONCEPTS);
    AthenaFolder.write(
        folder, "VOCABULARY.csv", List.of(AthenaFolder.VOCABULARY, "Gender|OMOP Gender|x|v1|1"));
    List<String> progress = new ArrayList<>();
    Vocabulary vocabulary =
        new VocabularyLoader(Recording.progress(progress))
            .load(new VocabularyRequest(folder, Optional.empty()));
    assertEquals("", vocabulary.release());
    assertEquals(1, progress.size());
    assertTrue(
        progress
            .get(0)
            .startsWith(
                "vocabulary/: no release (VOCABULARY.csv has no row None), 15 concepts,"
                    + " read from its files in "),
        progress.get(0));
  }

  private List<String> conceptProblems(String row) throws IOException {
    return conceptProblems(List.of("8507|MALE|Gender|Gender|Gender|S|M|1|2|", row));
  }

  private List<String> conceptProblems(List<String> rows) throws IOException {
    Path folder = dir.resolve("vocabulary");
    List<String> all = new ArrayList<>();
    all.add(AthenaFolder.CONCEPT);
    all.addAll(rows);
    AthenaFolder.write(folder, "CONCEPT.csv", all);
    return problems(folder);
  }
}
