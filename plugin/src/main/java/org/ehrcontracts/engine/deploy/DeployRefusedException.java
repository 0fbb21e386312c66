package org.ehrcontracts.engine.deploy;

import java.util.List;
import org.ehrcontracts.engine.EhrException;

/**
 * An interlock refused the deploy; nothing was uploaded. Each verdict says why and how to proceed.
 *
 * @since 0.1.0
 */
public final class DeployRefusedException extends EhrException {

  private static final long serialVersionUID = 1L;

  private final transient List<Verdict> refusals;

  /** With the refusing verdicts. */
  public DeployRefusedException(List<Verdict> refusals) {
    super(
        "the deploy was refused: "
            + String.join(" ", refusals.stream().map(Verdict::message).toList()));
    this.refusals = List.copyOf(refusals);
  }

  /** The refusing verdicts. */
  public List<Verdict> refusals() {
    return refusals;
  }
}
