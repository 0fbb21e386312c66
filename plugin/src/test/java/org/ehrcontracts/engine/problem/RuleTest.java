package org.ehrcontracts.engine.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule constants: names that follow their ids, and ids that problems accept. */
class RuleTest {

  @Test
  void everyConstantIsNamedAfterItsId() {
    List<String> odd = new ArrayList<>();
    for (Rule rule : Rule.values()) {
      String expected = rule.id().replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
      if (!rule.name().equals(expected)) {
        odd.add(rule.name() + " for " + rule.id());
      }
    }
    assertEquals(List.of(), odd);
  }

  @Test
  void everyIdIsAProblemRuleAndFoundAgain() {
    for (Rule rule : Rule.values()) {
      Problem problem = Problem.of(rule, rule.defaultSeverity(), Location.of("f.csv"), "m");
      assertEquals(rule.id(), problem.rule());
      assertEquals(Optional.of(rule), problem.engineRule());
      assertEquals(Optional.of(rule), Rule.byId(rule.id()));
      assertEquals(rule.id(), rule.docAnchor());
    }
  }

  @Test
  void aCheckRuleOutsideTheEngineIsNoEngineRule() {
    Problem problem =
        new Problem(
            "site.own-check",
            Severity.ERROR,
            Location.of("f.csv", 2, 1),
            Optional.empty(),
            Optional.empty(),
            "m");
    assertEquals(Optional.empty(), problem.engineRule());
  }
}
