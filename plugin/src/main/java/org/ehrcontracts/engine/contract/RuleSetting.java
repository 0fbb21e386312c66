package org.ehrcontracts.engine.contract;

import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Severity;

/**
 * A contract's setting for one rule id or check id.
 *
 * @param enabled false when the contract turns the rule off
 * @param severity the severity it sets, if any
 * @param threshold the rows it tolerates, if any
 * @param note why the setting is what it is
 * @param at where the contract says it
 * @since 0.1.0
 */
public record RuleSetting(
    boolean enabled,
    Optional<Severity> severity,
    Optional<Threshold> threshold,
    Optional<String> note,
    Location at) {}
