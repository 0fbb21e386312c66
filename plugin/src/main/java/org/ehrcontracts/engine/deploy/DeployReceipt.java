package org.ehrcontracts.engine.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a deploy did: the plan, and for every item whether it was uploaded, already there, failed or
 * never tried; written as {@code deploy.json}.
 *
 * @param plan the plan carried out
 * @param started when the uploads started
 * @param duration how long they took
 * @param objects one entry per plan item, in plan order
 * @param failure why the deploy failed, if it did
 * @since 0.1.0
 */
public record DeployReceipt(
    DeployPlan plan,
    Instant started,
    Duration duration,
    List<ObjectReceipt> objects,
    Optional<String> failure) {

  /** Copies the list. */
  public DeployReceipt {
    Objects.requireNonNull(plan, "plan");
    objects = List.copyOf(objects);
  }

  /** Whether every object is in the bucket with the file's content. */
  public boolean complete() {
    return failure.isEmpty()
        && objects.stream()
            .allMatch(o -> o.action() == Action.UPLOADED || o.action() == Action.ALREADY_THERE);
  }

  /** How many objects had that outcome. */
  public long count(Action action) {
    return objects.stream().filter(o -> o.action() == action).count();
  }

  /** The bytes sent: the sizes of the objects uploaded. */
  public long bytesUploaded() {
    return objects.stream()
        .filter(o -> o.action() == Action.UPLOADED)
        .mapToLong(ObjectReceipt::size)
        .sum();
  }

  /** What happened to one item. */
  public enum Action {
    /** Stored now, and its stored size and CRC32C equal the file's. */
    UPLOADED,
    /** An object with the file's size and CRC32C was there already. */
    ALREADY_THERE,
    /** Tried and failed. */
    FAILED,
    /** Not tried, because the deploy stopped first. */
    NOT_ATTEMPTED
  }

  /**
   * One object of a deploy.
   *
   * @param file the local file name
   * @param object the object name
   * @param size the file's size
   * @param crc32c the file's CRC32C, 8 hex digits
   * @param action what happened
   * @param replaced whether an object with other content was replaced ({@code overwrite})
   * @param generation the stored object's generation, when it is stored
   * @param time when the stored generation was written, if known
   * @param message why it failed, for a failure
   */
  public record ObjectReceipt(
      String file,
      String object,
      long size,
      String crc32c,
      Action action,
      boolean replaced,
      OptionalLong generation,
      Optional<Instant> time,
      Optional<String> message) {

    /** Checks the parts. */
    public ObjectReceipt {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(generation, "generation");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(message, "message");
    }

    static ObjectReceipt stored(PlanItem item, Action action, boolean replaced, StoredBlob blob) {
      return new ObjectReceipt(
          item.file(),
          item.object(),
          item.size(),
          item.crc32c(),
          action,
          replaced,
          OptionalLong.of(blob.generation()),
          blob.updated(),
          Optional.empty());
    }

    static ObjectReceipt failed(PlanItem item, String message) {
      return new ObjectReceipt(
          item.file(),
          item.object(),
          item.size(),
          item.crc32c(),
          Action.FAILED,
          false,
          OptionalLong.empty(),
          Optional.empty(),
          Optional.of(message));
    }

    static ObjectReceipt notAttempted(PlanItem item) {
      return new ObjectReceipt(
          item.file(),
          item.object(),
          item.size(),
          item.crc32c(),
          Action.NOT_ATTEMPTED,
          false,
          OptionalLong.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }
}
