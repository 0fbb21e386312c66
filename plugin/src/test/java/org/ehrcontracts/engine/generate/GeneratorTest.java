package org.ehrcontracts.engine.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated export of every shipped contract verifies against that contract without a problem.
 */
class GeneratorTest {

  static final List<String> SHIPPED =
      List.of("omop-base", "aou-ehr-alpha", "aou-ehr-current", "aou-ehr-current-deid");

  static final ContractLoader LOADER =
      new ContractLoader(
          new StandardContractSource(Path.of("."), GeneratorTest.class.getClassLoader()));

  @TempDir Path temp;

  @org.junit.jupiter.api.Test
  void theListIsEveryShippedContract() throws Exception {
    try (Stream<Path> files =
        java.nio.file.Files.list(Path.of("../contracts/src/main/resources/ehr/contracts"))) {
      assertEquals(
          new java.util.TreeSet<>(SHIPPED),
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".yaml"))
              .map(f -> f.substring(0, f.length() - ".yaml".length()))
              .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
    }
  }

  @TestFactory
  Stream<DynamicTest> everyShippedContractsExportVerifiesClean() {
    return SHIPPED.stream()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      Contract contract = LOADER.load(name);
                      GenerateResult result =
                          new Generator(DiagnosticsListener.silent())
                              .generate(
                                  GenerateRequest.of(contract, temp.resolve(name))
                                      .with(200, 7, List.of()));
                      VerifyResult verified =
                          verify(contract, result, GenerateRequest.requiresDeidentified(contract));
                      assertEquals(List.of(), problems(verified, Severity.WARNING), name);
                      assertTrue(result.rows() > 200, name);
                      assertEquals(result.rows(), verified.rows(), name);
                      for (GenerateResult.TableFile file : result.files()) {
                        FileResult read =
                            verified.files().stream()
                                .filter(f -> f.file().equals(file.file()))
                                .findFirst()
                                .orElseThrow();
                        assertEquals(FileStatus.PASSED, read.status(), file.file());
                        assertEquals(file.rows(), read.rows(), file.file());
                      }
                      if (System.getProperty("generate.keep") != null) {
                        copyTree(
                            result.output(), Path.of(System.getProperty("generate.keep"), name));
                      }
                    }));
  }

  @org.junit.jupiter.api.Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedOthers() throws Exception {
    Contract contract = LOADER.load("aou-ehr-current");
    Generator generator = new Generator(DiagnosticsListener.silent());
    List<Defect> defects =
        List.of(new Defect(org.ehrcontracts.engine.problem.Rule.KEY_DUPLICATE, 2));
    GenerateResult a =
        generator.generate(GenerateRequest.of(contract, temp.resolve("a")).with(120, 99, defects));
    GenerateResult b =
        generator.generate(GenerateRequest.of(contract, temp.resolve("b")).with(120, 99, defects));
    GenerateResult c =
        generator.generate(GenerateRequest.of(contract, temp.resolve("c")).with(120, 100, defects));
    java.util.Map<String, String> digestsA = digests(a.output());
    assertEquals(17, digestsA.size(), digestsA.keySet().toString()); // 16 tables + generate.json
    assertEquals(digestsA, digests(b.output()));
    java.util.Map<String, String> digestsC = digests(c.output());
    assertEquals(digestsA.keySet(), digestsC.keySet());
    for (String file : digestsA.keySet()) {
      if (file.endsWith(".csv")
          && !file.endsWith("/location.csv")
          && !file.endsWith("care_site.csv")
          && !file.endsWith("provider.csv")
          && !file.endsWith("fact_relationship.csv")) {
        assertTrue(
            !digestsA.get(file).equals(digestsC.get(file)), file + " is the same for seed 100");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void filesFollowTheContractsDialect() throws Exception {
    Generator generator = new Generator(DiagnosticsListener.silent());
    GenerateResult alpha =
        generator.generate(
            GenerateRequest.of(LOADER.load("aou-ehr-alpha"), temp.resolve("alpha"))
                .with(5, 1, List.of()));
    String person = java.nio.file.Files.readString(alpha.export().resolve("person.csv"));
    assertTrue(person.startsWith("\"person_id\",\"gender_concept_id\","), person);
    for (String line : person.split("\r\n")) {
      assertTrue(line.startsWith("\"") && line.endsWith("\"") && !line.contains("\n"), line);
    }
    assertEquals(6, person.split("\r\n").length);
    // De-identified under alpha's policy: January 1, midnight, UTC, month and day of birth 1.
    String first = person.split("\r\n")[1];
    assertTrue(
        first.matches(
            "\"100000001\",\"\\d+\",\"\\d{4}\",\"1\",\"1\",\"\\d{4}-01-01T00:00:00\\+00:00\",.*"),
        first);

    GenerateResult current =
        generator.generate(
            GenerateRequest.of(LOADER.load("aou-ehr-current"), temp.resolve("current"))
                .with(5, 1, List.of()));
    assertEquals("2026-01-01-v1", current.export().getFileName().toString());
    String visits =
        java.nio.file.Files.readString(current.export().resolve("visit_occurrence.csv"));
    assertTrue(visits.startsWith("visit_occurrence_id,person_id,visit_concept_id,"), visits);
    assertTrue(visits.lines().skip(1).allMatch(l -> l.matches("\\d+,[1-5],.*")), visits);
  }

  @org.junit.jupiter.api.Test
  void aNonEmptyOutputIsReplacedOnlyWhenAllowed() throws Exception {
    Contract contract = LOADER.load("omop-base");
    Generator generator = new Generator(DiagnosticsListener.silent());
    Path out = temp.resolve("out");
    java.nio.file.Files.createDirectories(out);
    java.nio.file.Files.writeString(out.resolve("keep.txt"), "mine");
    GenerateException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            GenerateException.class, () -> generator.generate(GenerateRequest.of(contract, out)));
    assertTrue(refused.getMessage().contains("is not empty"), refused.getMessage());
    assertEquals("mine", java.nio.file.Files.readString(out.resolve("keep.txt")));
    GenerateRequest overwrite =
        new GenerateRequest(
            contract,
            out,
            3,
            1,
            GenerateRequest.DEFAULT_AS_OF,
            false,
            List.of(),
            List.of(),
            true,
            "test");
    generator.generate(overwrite);
    assertTrue(!java.nio.file.Files.exists(out.resolve("keep.txt")));
    assertTrue(java.nio.file.Files.isRegularFile(out.resolve("2026-01-01-v1/person.csv")));
    try (Stream<Path> siblings = java.nio.file.Files.list(temp)) {
      assertEquals(
          List.of(out), siblings.toList(), "no temporary folder is left beside the output");
    }
  }

  @org.junit.jupiter.api.Test
  void aFailedRunLeavesNoOutputAndNamesTheProblem() throws Exception {
    Contract contract = LOADER.load("omop-base");
    Path out = temp.resolve("never");
    GenerateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            GenerateException.class,
            () ->
                new Generator(DiagnosticsListener.silent())
                    .generate(
                        GenerateRequest.of(contract, out)
                            .with(
                                3,
                                1,
                                List.of(
                                    new Defect(
                                        org.ehrcontracts.engine.problem.Rule.KEY_FOREIGN, 5)))));
    assertEquals(
        "only 1 of 5 key.foreign defects could be planted: they go into every other row of"
            + " person.csv, which has too few rows; generate more persons",
        e.getMessage());
    try (Stream<Path> left = java.nio.file.Files.list(temp)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @TestFactory
  Stream<DynamicTest> rawDataOfAPolicyContractVerifiesAndDeidentifies() {
    return Stream.of("aou-ehr-alpha", "aou-ehr-current-deid")
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      Contract contract = LOADER.load(name);
                      GenerateRequest raw =
                          new GenerateRequest(
                              contract,
                              temp.resolve("raw-" + name),
                              150,
                              5,
                              GenerateRequest.DEFAULT_AS_OF,
                              false,
                              List.of(),
                              List.of(),
                              false,
                              "test");
                      GenerateResult result =
                          new Generator(DiagnosticsListener.silent()).generate(raw);
                      assertTrue(result.crosswalk().isEmpty());
                      assertEquals(
                          List.of(),
                          problems(verify(contract, result, false), Severity.WARNING),
                          name);
                      org.ehrcontracts.engine.deid.DeidResult deid =
                          new org.ehrcontracts.engine.deid.Deidentifier(
                                  DiagnosticsListener.silent())
                              .deidentify(
                                  org.ehrcontracts.engine.deid.DeidRequest.of(
                                      contract,
                                      result.export(),
                                      temp.resolve("deid-" + name)
                                          .resolve(result.export().getFileName()),
                                      temp.resolve("private-" + name + ".csv")));
                      // Ages reach 90: the policy removes those over 80, and its output passes.
                      assertTrue(deid.persons().removedForAge() > 0, name);
                      assertEquals(
                          0, deid.verification().orElseThrow().count(Severity.ERROR), name);
                    }));
  }

  @org.junit.jupiter.api.Test
  void anAlphaExportPassesTheConceptRulesAgainstTheSampleVocabulary() throws Exception {
    Contract contract = LOADER.load("aou-ehr-alpha");
    GenerateResult result =
        new Generator(DiagnosticsListener.silent())
            .generate(GenerateRequest.of(contract, temp.resolve("vocab")).with(300, 11, List.of()));
    org.ehrcontracts.engine.vocab.Vocabulary vocabulary =
        new org.ehrcontracts.engine.vocab.VocabularyLoader(DiagnosticsListener.silent())
            .load(
                new org.ehrcontracts.engine.vocab.VocabularyRequest(
                    Path.of("../it/sample-hpo/vocabulary"), java.util.Optional.empty()));
    VerifyRequest request =
        new VerifyRequest(
                contract,
                result.export(),
                LocalDate.now(),
                true,
                1,
                100,
                Set.of(),
                Set.of(),
                "test")
            .withCrosswalk(result.crosswalk().orElseThrow())
            .withVocabulary(vocabulary);
    VerifyResult verified = new Verifier(DiagnosticsListener.silent()).verify(request);
    assertEquals(List.of(), problems(verified, Severity.WARNING));
    assertTrue(verified.ran("concept.unknown", null));
  }

  static java.util.Map<String, String> digests(Path root) throws Exception {
    java.util.Map<String, String> digests = new java.util.TreeMap<>();
    try (Stream<Path> paths = java.nio.file.Files.walk(root)) {
      for (Path path : paths.filter(java.nio.file.Files::isRegularFile).toList()) {
        byte[] hash =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.nio.file.Files.readAllBytes(path));
        digests.put(root.relativize(path).toString(), java.util.HexFormat.of().formatHex(hash));
      }
    }
    return digests;
  }

  static void copyTree(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> paths = java.nio.file.Files.walk(from)) {
      for (Path path : paths.toList()) {
        java.nio.file.Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  static VerifyResult verify(Contract contract, GenerateResult result, boolean deidentified)
      throws Exception {
    VerifyRequest request =
        new VerifyRequest(
            contract,
            result.export(),
            LocalDate.now(),
            deidentified,
            1,
            100,
            Set.of(),
            Set.of(),
            "test");
    if (deidentified) {
      request = request.withCrosswalk(result.crosswalk().orElseThrow());
    }
    return new Verifier(DiagnosticsListener.silent()).verify(request);
  }

  /** Every rule of at least that severity that fired: file, rule, count and the first sample. */
  static List<String> problems(VerifyResult result, Severity atLeast) {
    List<String> lines = new ArrayList<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        if (rule.severity().compareTo(atLeast) <= 0 && rule.count() > 0) {
          lines.add(
              file.file()
                  + " "
                  + rule.rule()
                  + rule.check().map(c -> "/" + c).orElse("")
                  + " x"
                  + rule.count()
                  + (rule.samples().isEmpty() ? "" : " " + rule.samples().get(0)));
        }
      }
    }
    return lines;
  }
}
