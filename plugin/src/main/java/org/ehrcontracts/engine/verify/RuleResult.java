package org.ehrcontracts.engine.verify;

import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * What one rule (or check) found in one file: an exact count and the first problems as samples.
 *
 * @param rule the rule id the problems are reported under
 * @param check the contract check id, for {@code checks:} entries; empty for built-in rules
 * @param severity the severity the problems were reported at, after thresholds
 * @param count how many problems the rule found, exactly
 * @param samples the first problems in file order, at most the sample limit
 * @param note the contract's note on the rule setting, if any
 * @param thresholdHeld true when a contract threshold tolerated the count, so it was shown at info
 * @since 0.1.0
 */
public record RuleResult(
    String rule,
    Optional<String> check,
    Severity severity,
    long count,
    List<Problem> samples,
    Optional<String> note,
    boolean thresholdHeld) {

  /** Copies the samples. */
  public RuleResult {
    samples = List.copyOf(samples);
  }

  /** The result of one of the engine's rules, which has no check. */
  public RuleResult(
      Rule rule,
      Severity severity,
      long count,
      List<Problem> samples,
      Optional<String> note,
      boolean thresholdHeld) {
    this(rule.id(), Optional.empty(), severity, count, samples, note, thresholdHeld);
  }
}
