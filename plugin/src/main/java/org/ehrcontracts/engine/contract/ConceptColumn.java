package org.ehrcontracts.engine.contract;

import java.util.Optional;
import java.util.OptionalDouble;
import org.ehrcontracts.engine.problem.Location;

/**
 * What the vocabulary must say of the concept ids in a column: the column's {@code vocabulary:}
 * key. Every non-zero id must be in CONCEPT ({@code concept.unknown}); the rest is optional.
 *
 * @param domain the Athena {@code domain_id} the column's concepts must have ({@code
 *     concept.wrong-domain}), such as {@code Condition} or {@code Type Concept}
 * @param standard whether the column's concepts must be standard and valid ({@code
 *     concept.not-standard})
 * @param zeroPercent the most rows, in percent of those where the column or its source value is
 *     filled, that may hold concept 0 or none beside a source value ({@code concept.zero}, DQD's
 *     standard concept record completeness); empty when not counted
 * @param source the column of the source value the concept was mapped from
 * @param unitOf for a unit column, the column of the measured concept whose plausible units the
 *     contract's {@code vocabulary.units} gives ({@code concept.unit-implausible})
 * @param at where the contract says so
 * @since 0.2.0
 */
public record ConceptColumn(
    Optional<String> domain,
    boolean standard,
    OptionalDouble zeroPercent,
    Optional<String> source,
    Optional<String> unitOf,
    Location at) {}
