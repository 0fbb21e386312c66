package org.ehrcontracts.engine.vocab;

import org.ehrcontracts.engine.problem.Problem;

/** A vocabulary file that is not in Athena's format, at the first place found. */
final class AthenaFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  AthenaFormatException(Problem problem) {
    super(problem.format());
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }
}
