package org.ehrcontracts.engine.contract;

import java.util.List;
import org.ehrcontracts.engine.EhrException;
import org.ehrcontracts.engine.problem.Problem;

/**
 * A contract could not be loaded; {@link #problems()} says every place and why.
 *
 * @since 0.1.0
 */
public final class ContractException extends EhrException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  /** With the problems found, at least one. */
  public ContractException(String contract, List<Problem> problems) {
    super(
        "contract "
            + contract
            + " has "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems"));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file order. */
  public List<Problem> problems() {
    return problems;
  }
}
