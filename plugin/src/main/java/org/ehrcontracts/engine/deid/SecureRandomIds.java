package org.ehrcontracts.engine.deid;

import java.security.SecureRandom;

/**
 * Random numbers in a range from a {@link SecureRandom}, fetched 8 KiB at a time: a native PRNG
 * costs a system call per request, so a few hundred thousand ids would otherwise take seconds.
 */
final class SecureRandomIds implements RandomIds {

  private final SecureRandom random;
  private final byte[] block = new byte[8192];
  private int next = block.length;

  SecureRandomIds(SecureRandom random) {
    this.random = random;
  }

  @Override
  public long next(long min, long max) {
    if (max < min) {
      throw new IllegalArgumentException("empty range");
    }
    long bound = max - min + 1;
    if (bound <= 0) {
      throw new IllegalArgumentException("the range is wider than a long");
    }
    // Rejection sampling: draw 63 bits and reject the top partial copy of the range, so that every
    // value of the range is equally likely.
    long bits = nextBits() >>> 1;
    long value = bits % bound;
    while (bits - value + (bound - 1) < 0) {
      bits = nextBits() >>> 1;
      value = bits % bound;
    }
    return min + value;
  }

  private long nextBits() {
    if (next + 8 > block.length) {
      random.nextBytes(block);
      next = 0;
    }
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (block[next++] & 0xff);
    }
    return bits;
  }
}
