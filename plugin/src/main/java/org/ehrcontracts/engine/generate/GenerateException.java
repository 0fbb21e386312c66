package org.ehrcontracts.engine.generate;

import org.ehrcontracts.engine.EhrException;

/**
 * A synthetic export that cannot be generated as asked: a parameter the contract cannot meet (an
 * unknown table, a defect that has no place in the contract), a check the generator cannot satisfy,
 * or an output folder that is not empty.
 *
 * @since 0.2.0
 */
public final class GenerateException extends EhrException {

  private static final long serialVersionUID = 1L;

  /** With a message that says what to change. */
  public GenerateException(String message) {
    super(message);
  }
}
