package org.ehrcontracts.engine.deid;

import java.util.Objects;
import org.ehrcontracts.engine.EhrException;

/**
 * De-identification cannot go on; {@link #reason()} says why, and subtypes carry what the caller
 * needs to report it.
 *
 * <p>Messages name files, tables, columns and counts, never a value from the data.
 *
 * @since 0.1.0
 */
public class DeidException extends EhrException {

  private static final long serialVersionUID = 1L;

  /** Why de-identification stopped. */
  public enum Reason {
    /** The contract has no {@code deidentification:} policy. */
    NO_POLICY,
    /** The contract or its policy asks for something that cannot be carried out safely. */
    POLICY,
    /** An output, input or crosswalk location would mix private, raw and de-identified files. */
    LOCATION,
    /** The input export has errors, and the request does not force the transform. */
    INPUT_REJECTED,
    /** The crosswalk file cannot be used. */
    CROSSWALK,
    /** Too few digits for the number of persons, or an id source that keeps repeating itself. */
    ID_SPACE,
    /** The de-identified export fails the contract; see {@link OutputRejectedException}. */
    OUTPUT_REJECTED
  }

  private final Reason reason;

  /** With a reason and a message. */
  public DeidException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** With a reason, a message and a cause. */
  public DeidException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why de-identification stopped. */
  public Reason reason() {
    return reason;
  }
}
