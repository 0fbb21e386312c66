package org.ehrcontracts.engine.deid;

import java.util.Objects;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The input export has errors against the contract, so it was not de-identified; nothing was
 * written. {@link DeidRequest#force()} transforms it anyway.
 *
 * @since 0.1.0
 */
public final class InputRejectedException extends DeidException {

  private static final long serialVersionUID = 1L;

  private final transient VerifyResult verification;

  /** With the verification of the input. */
  public InputRejectedException(VerifyResult verification) {
    super(
        Reason.INPUT_REJECTED,
        "the export "
            + verification.export()
            + " has "
            + verification.count(Severity.ERROR)
            + (verification.count(Severity.ERROR) == 1 ? " error" : " errors")
            + " against contract "
            + verification.contract()
            + " "
            + verification.contractVersion());
    this.verification = Objects.requireNonNull(verification, "verification");
  }

  /** What the verification of the input found. */
  public VerifyResult verification() {
    return verification;
  }
}
