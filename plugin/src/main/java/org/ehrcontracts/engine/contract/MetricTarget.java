package org.ehrcontracts.engine.contract;

import java.util.Optional;
import java.util.OptionalDouble;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Severity;

/**
 * A contract's setting for one metric of the scorecard ({@code metrics.targets.<id>}).
 *
 * @param metric the metric
 * @param enabled false when the contract turns the metric off: it is neither computed nor shown
 * @param target the target, if any: at least this for a success rate or completeness, at most this
 *     for the others (a percentage, or a count of groups or keys)
 * @param severity the severity of the {@code metric.target-missed} problem a miss is reported as,
 *     if the setting names one (else the rule's setting)
 * @param reported false when the setting's severity is {@code off}: a miss shows in the scorecard
 *     but is no problem
 * @param note why the target is what it is; shown in reports
 * @param at where the contract says it
 * @since 0.2.0
 */
public record MetricTarget(
    Metric metric,
    boolean enabled,
    OptionalDouble target,
    Optional<Severity> severity,
    boolean reported,
    Optional<String> note,
    Location at) {}
