package org.ehrcontracts.engine.deid;

import java.util.List;
import java.util.Objects;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The de-identified export failed its verification against the contract, so it was not moved into
 * place; the previous output, if any, is intact.
 *
 * <p>When {@link #defect()} is true the failure is in what de-identification itself guarantees (the
 * {@code deid.*} rules, or well-formed files whose rows keep their references): a bug in the
 * transform. Otherwise the contract's policy changed values that other rules of the same contract
 * check (a check comparing datetimes with different offsets, a range that starts mid-year): the
 * contract contradicts itself.
 *
 * @since 0.1.0
 */
public final class OutputRejectedException extends DeidException {

  private static final long serialVersionUID = 1L;

  private final transient VerifyResult verification;
  private final boolean defect;
  private final List<String> rules;

  /**
   * With the verification of the output.
   *
   * @param verification what the verification of the output found
   * @param defect whether the failure is a defect of the transform
   * @param rules the rule ids that failed, beyond what the input already had
   */
  public OutputRejectedException(VerifyResult verification, boolean defect, List<String> rules) {
    super(
        Reason.OUTPUT_REJECTED,
        "the de-identified export "
            + verification.export()
            + " fails contract "
            + verification.contract()
            + " "
            + verification.contractVersion()
            + " (rules "
            + String.join(", ", rules)
            + ")");
    this.verification = Objects.requireNonNull(verification, "verification");
    this.defect = defect;
    this.rules = List.copyOf(rules);
  }

  /** What the verification of the output found. */
  public VerifyResult verification() {
    return verification;
  }

  /** Whether the failure is a defect of the transform rather than of the contract. */
  public boolean defect() {
    return defect;
  }

  /** The rule ids that failed, beyond what the input already had. */
  public List<String> rules() {
    return rules;
  }
}
