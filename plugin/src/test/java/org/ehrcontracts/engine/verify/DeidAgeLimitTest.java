package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deid.age-limit} on de-identified data, where only the year of birth is left: a person is
 * reported only when they are over the limit even if born on December 31 of that year.
 */
class DeidAgeLimitTest {

  @TempDir Path dir;

  @Test
  void onlyPersonsCertainlyOverTheLimitAreReported() throws Exception {
    Files.writeString(
        dir.resolve("contract.yaml"),
        """
        contract: age-test
        version: 1.0.0
        person: { table: person, id: person_id, birth: { year: year_of_birth, month: month_of_birth, day: day_of_birth } }
        tables:
          person:
            columns:
              - { name: person_id, type: integer, required: true }
              - { name: year_of_birth, type: integer }
              - { name: month_of_birth, type: integer }
              - { name: day_of_birth, type: integer }
        deidentification:
          ageLimit: { maxAge: 80 }
        """);
    Path export = dir.resolve("export");
    Files.createDirectories(export);
    // On 2017-12-01: born 1936-12-02 is 80 and kept by ehr:deidentify, then reads as 1936-01-01;
    // born in 1935 is 81 even on December 31; an untruncated birth date is checked exactly.
    Files.writeString(
        export.resolve("person.csv"),
        "person_id,year_of_birth,month_of_birth,day_of_birth\n"
            + "1,1936,1,1\n"
            + "2,1935,1,1\n"
            + "3,1936,11,30\n"
            + "4,1936,12,2\n");
    Contract contract =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
            .load("contract.yaml");
    VerifyResult result =
        new Verifier(DiagnosticsListener.silent())
            .verify(
                new VerifyRequest(
                    contract,
                    export,
                    LocalDate.of(2017, 12, 1),
                    true,
                    1,
                    10,
                    Set.of("deid"),
                    Set.of(),
                    "test"));
    RuleResult rule =
        result.files().get(0).rules().stream()
            .filter(r -> r.rule().equals("deid.age-limit"))
            .findFirst()
            .orElseThrow();
    assertEquals(2, rule.count());
    assertEquals(
        java.util.List.of(3L, 4L), rule.samples().stream().map(p -> p.at().line()).toList());
  }
}
