package org.ehrcontracts.engine.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site's own contract, extending a shipped one with ranges, a pattern and checks: the generator
 * keeps to them, plants {@code value.range} and {@code value.pattern}, and names a check it cannot
 * satisfy.
 */
class SiteContractTest {

  private static final String SITE =
      """
      contract: my-site
      version: 1.0.0
      extends: omop-base
      tables:
        person:
          columns:
            - { name: provider_id, min: 5, max: 7 }
            - { name: care_site_id, min: 1, max: 3 }
            - { name: person_source_value, pattern: "A1|B2|C3" }
          checks:
            - { id: person.provider-small, assert: "provider_id <= 6" }
      """;

  @TempDir Path temp;

  private Contract load(String text) throws Exception {
    Path file = temp.resolve("site.yaml");
    Files.writeString(file, text);
    return new ContractLoader(
            new StandardContractSource(temp, SiteContractTest.class.getClassLoader()))
        .load(file.toString());
  }

  @Test
  void valuesKeepToRangesPatternsAndChecks() throws Exception {
    Contract contract = load(SITE);
    GenerateResult result =
        new Generator(DiagnosticsListener.silent())
            .generate(GenerateRequest.of(contract, temp.resolve("out")).with(200, 4, List.of()));
    VerifyResult verified = GeneratorTest.verify(contract, result, false);
    assertEquals(List.of(), GeneratorTest.problems(verified, Severity.WARNING));
    List<String> rows = Files.readAllLines(result.export().resolve("person.csv"));
    int provider = List.of(rows.get(0).split(",", -1)).indexOf("provider_id");
    int source = List.of(rows.get(0).split(",", -1)).indexOf("person_source_value");
    boolean sawFive = false;
    for (String row : rows.subList(1, rows.size())) {
      String[] fields = row.split(",", -1);
      assertTrue(fields[provider].matches("|5|6"), row); // the check keeps it below 7
      assertTrue(fields[source].matches("|A1|B2|C3"), row);
      sawFive |= fields[provider].equals("5");
    }
    assertTrue(sawFive);
  }

  @Test
  void rangeAndPatternDefectsFireTheirRulesOnly() throws Exception {
    Contract contract = load(SITE);
    for (Rule rule : List.of(Rule.VALUE_RANGE, Rule.VALUE_PATTERN)) {
      GenerateResult result =
          new Generator(DiagnosticsListener.silent())
              .generate(
                  GenerateRequest.of(contract, temp.resolve(rule.id()))
                      .with(40, 4, List.of(new Defect(rule, 2))));
      VerifyResult verified = GeneratorTest.verify(contract, result, false);
      List<String> found = GeneratorTest.problems(verified, Severity.WARNING);
      assertEquals(1, found.size(), found.toString());
      assertTrue(found.get(0).startsWith("person.csv " + rule.id() + " x2 "), found.toString());
    }
  }

  @Test
  void aCheckThatCannotHoldIsNamed() throws Exception {
    Contract contract =
        load(SITE.replace("assert: \"provider_id <= 6\"", "assert: \"year_of_birth < 1000\""));
    GenerateException e =
        assertThrows(
            GenerateException.class,
            () ->
                new Generator(DiagnosticsListener.silent())
                    .generate(GenerateRequest.of(contract, temp.resolve("never"))));
    assertEquals(
        "cannot generate rows of table person that satisfy its check 'person.provider-small'"
            + " (year_of_birth < 1000): every one of 100 attempts failed it; relax the check, or"
            + " generate this table from other data",
        e.getMessage());
    assertTrue(Files.notExists(temp.resolve("never")));
  }
}
