package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our checks agree with test data written by others: the DRC's local file checker's erroneous
 * example, and the curation repository's five-person submission (copied, with their licences, from
 * {@code shared/peer-cases}).
 */
class PeerCasesTest {

  private static final Path CASES = Path.of("src/test/resources/peer-cases");
  private static Contract current;

  @BeforeAll
  static void loadContract() throws Exception {
    current =
        new ContractLoader(
                new StandardContractSource(Path.of("."), PeerCasesTest.class.getClassLoader()))
            .load("aou-ehr-current");
  }

  @Test
  void pittFivePersonHasExactlyTheTwentySixOrphanVisitsAsErrors() throws Exception {
    VerifyResult result = verify("curation-pitt-five-person");

    Map<String, Long> errors = new TreeMap<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        if (rule.severity() == Severity.ERROR) {
          errors.merge(file.file() + " " + rule.rule(), rule.count(), Long::sum);
          for (Problem problem : rule.samples()) {
            assertEquals("visit_occurrence_id", problem.field().orElseThrow());
          }
        }
      }
    }
    assertEquals(
        Map.of(
            "drug_exposure.csv key.foreign", 21L,
            "observation.csv key.foreign", 5L),
        errors);
  }

  @Test
  void fileCheckExampleDefectsAreAllFound() throws Exception {
    VerifyResult result = verify("aou-ehr-file-check");

    // expected_errors/results.csv of the DRC's checker, one line each: file, rule, column, line.
    assertFound(result, "condition.csv", "file.unknown", null, 0);
    assertFound(result, "drug_exposure.csv", "header.unknown-column", "drug_id", 1);
    assertFound(result, "drug_exposure.csv", "header.missing-column", "person_id", 1);
    assertFound(result, "drug_exposure.csv", "header.order", "drug_concept_id", 1);
    assertFound(result, "measurement.csv", "value.required", "person_id", 4);
    assertFound(result, "observation.csv", "type.integer", "observation_type_concept_id", 3);
    assertFound(result, "person.csv", "header.order", "birth_datetime", 1);
  }

  private static void assertFound(
      VerifyResult result, String file, String rule, String column, long line) {
    List<Problem> problems =
        result.files().stream()
            .filter(f -> f.file().equals(file))
            .flatMap(f -> f.rules().stream())
            .filter(r -> r.rule().equals(rule))
            .flatMap(r -> r.samples().stream())
            .toList();
    assertTrue(
        problems.stream()
            .anyMatch(
                p ->
                    (column == null || p.field().orElse("").equals(column))
                        && (line == 0 || p.at().line() == line)),
        () -> file + " " + rule + " " + column + " at line " + line + " not found in " + problems);
  }

  private static VerifyResult verify(String name) throws Exception {
    return new Verifier(DiagnosticsListener.silent())
        .verify(
            new VerifyRequest(
                current,
                CASES.resolve(name),
                LocalDate.of(2026, 11, 27),
                false,
                2,
                100,
                Set.of(),
                Set.of(),
                "test"));
  }
}
