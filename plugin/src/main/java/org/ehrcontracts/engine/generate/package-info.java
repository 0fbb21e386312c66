/**
 * Writes seeded synthetic exports from a contract ({@code ehr:generate}): persons, visits and
 * events with valid keys, plausible dates and concepts from the contract's sets, in the contract's
 * CSV dialect, optionally with defects planted for chosen rules.
 *
 * <p>Maven-free, like the rest of the engine: driven only by the loaded contract.
 *
 * @since 0.2.0
 */
package org.ehrcontracts.engine.generate;
