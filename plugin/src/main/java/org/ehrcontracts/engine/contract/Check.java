package org.ehrcontracts.engine.contract;

import java.util.Optional;
import org.ehrcontracts.engine.expr.Expression;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Severity;

/**
 * A condition every row of a table must meet, written in the check expression language.
 *
 * @param id stable and unique in the contract
 * @param rule the rule family problems are reported under
 * @param assertion the expression that must hold
 * @param when the expression that selects the rows the check applies to, if any
 * @param compiledAssertion {@code assertion} compiled, in a loaded contract: the loader compiles it
 *     once and every run and thread shares it (expressions are immutable and thread-safe)
 * @param compiledWhen {@code when} compiled, in a loaded contract
 * @param severity the check's own severity, if it sets one
 * @param message what a problem says
 * @param description why the check exists
 * @param at where the contract declares it
 * @since 0.1.0
 */
public record Check(
    String id,
    String rule,
    String assertion,
    Optional<String> when,
    Optional<Expression> compiledAssertion,
    Optional<Expression> compiledWhen,
    Optional<Severity> severity,
    String message,
    Optional<String> description,
    Location at) {

  /** The same check with its expressions compiled. */
  Check withCompiled(Expression assertionExpression, Optional<Expression> whenExpression) {
    return new Check(
        id,
        rule,
        assertion,
        when,
        Optional.of(assertionExpression),
        whenExpression,
        severity,
        message,
        description,
        at);
  }

  /**
   * The compiled assertion.
   *
   * @throws IllegalStateException if the check is not of a loaded contract
   */
  public Expression assertionExpression() {
    return compiledAssertion.orElseThrow(
        () -> new IllegalStateException("check '" + id + "' is not compiled"));
  }

  /** The compiled condition, if the check has one. */
  public Optional<Expression> whenExpression() {
    return compiledWhen;
  }
}
