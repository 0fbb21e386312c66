/**
 * The DRC's data-quality scorecard: the {@link org.ehrcontracts.engine.metrics.Metric metrics} it
 * shows sites per table, their {@link org.ehrcontracts.engine.metrics.Score scores} against the
 * contract's targets, and the {@link org.ehrcontracts.engine.metrics.ConceptFacts} port through
 * which a vocabulary answers what the concept metrics ask. It depends on nothing else of ours.
 *
 * @since 0.2.0
 */
package org.ehrcontracts.engine.metrics;
