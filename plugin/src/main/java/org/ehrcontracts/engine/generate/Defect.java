package org.ehrcontracts.engine.generate;

import java.util.Objects;
import org.ehrcontracts.engine.problem.Rule;

/**
 * A defect to plant in a generated export: the rule it makes fire, and how often.
 *
 * @param rule the rule that is to fire
 * @param count how many problems of that rule the export is to have, at least 1
 * @since 0.2.0
 */
public record Defect(Rule rule, int count) {

  /** Checks the parts. */
  public Defect {
    Objects.requireNonNull(rule, "rule");
    if (count < 1) {
      throw new IllegalArgumentException("a defect's count must be at least 1");
    }
  }

  /** The form users type: {@code key.duplicate:3}, or the id alone for one. */
  @Override
  public String toString() {
    return count == 1 ? rule.id() : rule.id() + ":" + count;
  }
}
