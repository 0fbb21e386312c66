package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.junit.jupiter.api.Test;

/** Which words a rule filter may use: rule ids and families, and the contract's checks. */
class RuleFilterNamesTest {

  private final Contract contract =
      load(
          new ContractLoader(
              new StandardContractSource(Path.of("."), getClass().getClassLoader())));

  @Test
  void ruleIdsFamiliesAndTheContractsChecksAreKnown() {
    Check check =
        contract.tables().values().stream().flatMap(t -> t.checks().stream()).findFirst().get();
    assertEquals(
        List.of(),
        VerifyRequest.unknownRuleNames(
            contract, List.of("deid.person-id", "plausibility", check.id(), check.rule())));
  }

  @Test
  void anythingElseIsUnknownWithTheNearestName() {
    assertEquals(
        List.of("'nothing.at-all'", "'type.dates' (did you mean 'type.date'?)"),
        VerifyRequest.unknownRuleNames(
            contract, List.of("type.dates", "type", "nothing.at-all", "type.dates")));
  }

  private static Contract load(ContractLoader loader) {
    try {
      return loader.load("aou-ehr-current");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
