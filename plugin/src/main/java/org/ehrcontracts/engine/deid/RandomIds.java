package org.ehrcontracts.engine.deid;

import java.security.SecureRandom;

/**
 * Where new person ids come from: a source of random whole numbers.
 *
 * <p>The de-identifier asks for numbers of the policy's digit count and itself rejects any that is
 * already in use or equal to an original id, so a source need not remember what it gave. Tests
 * inject a source that repeats itself to show that no two persons ever share a number.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RandomIds {

  /**
   * A random whole number in {@code [min, max]}, every value equally likely.
   *
   * @param min the smallest allowed value
   * @param max the largest allowed value, at least {@code min}
   * @return the number
   */
  long next(long min, long max);

  /**
   * The default source: a {@link SecureRandom}, read in blocks, with unbiased rejection sampling.
   *
   * <p>Not thread-safe; the de-identifier draws on one thread.
   */
  static RandomIds secure() {
    return new SecureRandomIds(new SecureRandom());
  }
}
