package org.ehrcontracts.engine.deploy;

import java.util.List;
import java.util.Objects;
import org.ehrcontracts.engine.EhrException;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.RemedyWords;

/**
 * A blob store operation failed; {@link #kind()} says how, {@link #operation()} what was tried.
 *
 * <p>The message never holds credentials, tokens or upload session URLs.
 *
 * @since 0.1.0
 */
public final class BlobStoreException extends EhrException {

  private static final long serialVersionUID = 1L;

  /** How an operation failed. */
  public enum Kind {
    /** The object or bucket does not exist. */
    NOT_FOUND,
    /** The object exists where it must not, or has another generation than expected. */
    PRECONDITION_FAILED,
    /** The account may not do this. */
    PERMISSION_DENIED,
    /** The credentials were missing, expired or rejected. */
    UNAUTHENTICATED,
    /** The bytes the store received do not have the expected checksum. */
    CHECKSUM_MISMATCH,
    /**
     * The store or the network failed in a way that may pass: 408, 429, 5xx, a reset connection.
     */
    TRANSIENT,
    /** Anything else. */
    OTHER
  }

  /** What was tried, with the IAM permission it needs on GCS. */
  public enum Operation {
    /** Listing objects. */
    LIST("storage.objects.list", "roles/storage.objectViewer"),
    /** Reading an object's metadata. */
    STAT("storage.objects.get", "roles/storage.objectViewer"),
    /** Creating or replacing an object. */
    UPLOAD("storage.objects.create", "roles/storage.objectCreator"),
    /** Reading an object's bytes. */
    READ("storage.objects.get", "roles/storage.objectViewer"),
    /** Deleting an object. */
    DELETE("storage.objects.delete", "roles/storage.objectAdmin");

    private final String permission;
    private final String role;

    Operation(String permission, String role) {
      this.permission = permission;
      this.role = role;
    }

    /** The IAM permission the operation needs, such as {@code storage.objects.create}. */
    public String permission() {
      return permission;
    }

    /** The least predefined role that grants it. */
    public String role() {
      return role;
    }
  }

  private final Kind kind;
  private final Operation operation;
  private final String object;

  /**
   * A failure.
   *
   * @param kind how it failed
   * @param operation what was tried
   * @param object the object name or prefix it was tried on
   * @param detail what the store said, without secrets
   * @param cause the store's own exception, if any
   */
  public BlobStoreException(
      Kind kind, Operation operation, String object, String detail, Throwable cause) {
    super(detail, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.object = Objects.requireNonNull(object, "object");
  }

  /** How it failed. */
  public Kind kind() {
    return kind;
  }

  /** What was tried. */
  public Operation operation() {
    return operation;
  }

  /** The object name or prefix. */
  public String object() {
    return object;
  }

  /**
   * What the user can do about the failure, as types: for a denied permission, another account; for
   * a missing bucket or object, another bucket name; otherwise nothing but to wait or to renew
   * credentials, which {@link #explain} says in words.
   */
  public List<Remedy> remedies() {
    return switch (kind) {
      case PERMISSION_DENIED ->
          List.of(
              new Remedy.Give(Remedy.Setting.GCS_CREDENTIALS),
              new Remedy.Give(Remedy.Setting.GCS_SERVER_ID));
      case NOT_FOUND -> List.of(new Remedy.Give(Remedy.Setting.BUCKET));
      default -> List.of();
    };
  }

  /**
   * The failure in words, with what to do about it: "the account ... lacks storage.objects.create
   * on bucket ...", never a stack trace.
   *
   * @param bucket the bucket's name
   * @param principal who the store acts as ({@link BlobStore#principal()})
   * @param words the words of remedies: the plugin's settings
   */
  public String explain(String bucket, String principal, RemedyWords words) {
    String detail = getMessage() == null || getMessage().isBlank() ? "" : " (" + getMessage() + ")";
    return switch (kind) {
      case PERMISSION_DENIED ->
          "the account "
              + principal
              + " lacks "
              + operation.permission()
              + " on bucket "
              + bucket
              + detail
              + ". Ask the bucket's owner (for All of Us, the DRC) to grant it "
              + operation.role()
              + " on gs://"
              + bucket
              + ", or use the account that has it ("
              + words.of(new Remedy.Give(Remedy.Setting.GCS_CREDENTIALS))
              + ", "
              + words.of(new Remedy.Give(Remedy.Setting.GCS_SERVER_ID))
              + ", or gcloud auth application-default login).";
      case UNAUTHENTICATED ->
          "the credentials of "
              + principal
              + " were not accepted"
              + detail
              + ". Renew them (gcloud auth application-default login, or a new key file) and run"
              + " again.";
      case NOT_FOUND ->
          (operation == Operation.STAT
                      || operation == Operation.READ
                      || operation == Operation.DELETE
                  ? "gs://" + bucket + "/" + object + " does not exist"
                  : "the bucket " + bucket + " does not exist, or " + principal + " cannot see it")
              + detail
              + ". Check the bucket name ("
              + words.of(new Remedy.Give(Remedy.Setting.BUCKET))
              + "); the DRC gives each site its bucket.";
      case TRANSIENT ->
          "GCS kept failing while trying to "
              + verb()
              + " gs://"
              + bucket
              + "/"
              + object
              + detail
              + ", even after retries. Run the same command again later: objects already stored are"
              + " checked and skipped.";
      case CHECKSUM_MISMATCH ->
          "the bytes GCS received for gs://"
              + bucket
              + "/"
              + object
              + " do not have the file's CRC32C"
              + detail
              + ", so GCS did not store them.";
      case PRECONDITION_FAILED ->
          "gs://"
              + bucket
              + "/"
              + object
              + " exists already, or was changed meanwhile"
              + detail
              + ".";
      case OTHER -> "cannot " + verb() + " gs://" + bucket + "/" + object + detail + ".";
    };
  }

  private String verb() {
    return switch (operation) {
      case LIST -> "list";
      case STAT -> "look up";
      case UPLOAD -> "upload";
      case READ -> "read";
      case DELETE -> "delete";
    };
  }
}
