package org.ehrcontracts.engine.deploy;

import java.util.Objects;
import java.util.Optional;
import org.ehrcontracts.engine.EhrException;

/**
 * Uploading failed part way; the receipt says which objects are stored, and a re-run uploads only
 * what is missing.
 *
 * @since 0.1.0
 */
public final class DeployFailedException extends EhrException {

  private static final long serialVersionUID = 1L;

  private final transient DeployReceipt receipt;
  private final BlobStoreException.Kind kind;

  /**
   * A failure.
   *
   * @param message why, in words, with what to do
   * @param receipt what was done before it
   * @param kind the kind of the store failure that stopped the deploy
   * @param cause the store failure, if any
   */
  public DeployFailedException(
      String message, DeployReceipt receipt, BlobStoreException.Kind kind, Throwable cause) {
    super(message, cause);
    this.receipt = Objects.requireNonNull(receipt, "receipt");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** What was done before the failure. */
  public DeployReceipt receipt() {
    return receipt;
  }

  /** The kind of failure that stopped the deploy. */
  public BlobStoreException.Kind kind() {
    return kind;
  }

  /** The store failure, if the deploy stopped on one. */
  public Optional<BlobStoreException> storeFailure() {
    return getCause() instanceof BlobStoreException e ? Optional.of(e) : Optional.empty();
  }
}
