package org.ehrcontracts.engine.vocab;

import java.util.List;
import org.ehrcontracts.engine.EhrException;
import org.ehrcontracts.engine.problem.Problem;

/**
 * A vocabulary could not be loaded; {@link #problems()} says where and why, with the {@code
 * vocabulary.*} rules.
 *
 * <p>An I/O error while reading is reported as a {@code vocabulary.unreadable} problem and attached
 * as the cause.
 *
 * @since 0.2.0
 */
public final class VocabularyException extends EhrException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  /** With the problems found, at least one. */
  public VocabularyException(String vocabulary, List<Problem> problems) {
    super(message(vocabulary, problems));
    this.problems = List.copyOf(problems);
  }

  /** With the problems found, at least one, and the I/O error behind them. */
  public VocabularyException(String vocabulary, List<Problem> problems, Throwable cause) {
    super(message(vocabulary, problems), cause);
    this.problems = List.copyOf(problems);
  }

  private static String message(String vocabulary, List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a vocabulary exception needs a problem");
    }
    return "the vocabulary '"
        + vocabulary
        + "' has "
        + problems.size()
        + (problems.size() == 1 ? " problem" : " problems");
  }

  /** Every problem found, in file order. */
  public List<Problem> problems() {
    return problems;
  }
}
