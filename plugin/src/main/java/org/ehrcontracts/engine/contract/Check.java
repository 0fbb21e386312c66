package org.ehrcontracts.engine.contract;

import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Severity;

/**
 * A condition every row of a table must meet, written in the check expression language.
 *
 * @param id stable and unique in the contract
 * @param rule the rule family problems are reported under
 * @param assertion the expression that must hold
 * @param when the expression that selects the rows the check applies to, if any
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
    Optional<Severity> severity,
    String message,
    Optional<String> description,
    Location at) {}
