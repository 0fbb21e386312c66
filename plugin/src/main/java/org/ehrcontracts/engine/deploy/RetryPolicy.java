package org.ehrcontracts.engine.deploy;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a whole object is tried again after a transient failure that outlasted the store's own
 * retries, and how long to wait in between.
 *
 * @param attempts how many times an object is tried in all, at least 1
 * @param firstWait the wait before the second attempt
 * @param multiplier by how much each further wait grows
 * @since 0.1.0
 */
public record RetryPolicy(int attempts, Duration firstWait, double multiplier) {

  /** Three attempts, 2 s and then 8 s apart. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2), 4.0);

  /** Checks the parts. */
  public RetryPolicy {
    Objects.requireNonNull(firstWait, "firstWait");
    if (attempts < 1 || multiplier < 1.0 || firstWait.isNegative()) {
      throw new IllegalArgumentException("attempts >= 1, multiplier >= 1, firstWait >= 0");
    }
  }

  /** The wait before attempt {@code attempt} (2 for the first retry). */
  Duration waitBefore(int attempt) {
    double millis = firstWait.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 2));
    return Duration.ofMillis((long) Math.min(millis, 60_000));
  }
}
