package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.junit.jupiter.api.Test;

/**
 * The loader compiles date formats and check expressions once and keeps them on the contract; a
 * run's table plans use those very objects instead of compiling their own.
 */
class CompiledOnceTest {

  private final ContractLoader loader =
      new ContractLoader(
          new StandardContractSource(Path.of("."), CompiledOnceTest.class.getClassLoader()));

  @Test
  void aLoadedContractHoldsItsCompiledFormatsAndExpressions() throws Exception {
    for (String name : Set.of("aou-ehr-alpha", "aou-ehr-current", "aou-ehr-current-deid")) {
      Contract contract = loader.load(name);
      for (Table table : contract.tables().values()) {
        for (Column column : table.columns()) {
          if (column.type().isTemporal()) {
            assertEquals(
                DateTimeFormats.of(column.formats().toArray(String[]::new)),
                column.dateTimeFormats(),
                name + " " + table.name() + "." + column.name());
          } else {
            assertTrue(column.compiledFormats().isEmpty(), column.name());
          }
        }
        for (Check check : table.checks()) {
          assertTrue(check.compiledAssertion().isPresent(), check.id());
          assertEquals(check.when().isPresent(), check.whenExpression().isPresent(), check.id());
        }
      }
    }
  }

  @Test
  void tablePlansShareTheContractsCompiledForms() throws Exception {
    Contract contract = loader.load("aou-ehr-current");
    VerifyRequest request = VerifyRequest.of(contract, Path.of("target", "no-export"));
    int checks = 0;
    for (Table table : contract.tables().values()) {
      TablePlan plan =
          new TablePlan(
              contract, table, table.file(), request, contract.tables().keySet(), Set.of());
      for (int i = 0; i < plan.columns.length; i++) {
        if (plan.columns[i].type().isTemporal()) {
          assertSame(plan.columns[i].dateTimeFormats(), plan.formats[i]);
        }
      }
      for (TablePlan.CheckPlan check : plan.checks) {
        assertSame(check.check().assertionExpression(), check.assertion());
        assertSame(check.check().whenExpression().orElse(null), check.when());
        checks++;
      }
    }
    assertTrue(checks > 0, "aou-ehr-current has checks");
  }
}
