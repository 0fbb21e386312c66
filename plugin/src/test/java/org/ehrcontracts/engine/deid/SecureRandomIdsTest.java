package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The default id source over a random source whose bytes the test writes (issue 14): which drawn
 * bits give which id, which draws are rejected so that every id is equally likely, the ranges it
 * refuses, and that no bits are lost or reused where one block of random bytes ends.
 */
class SecureRandomIdsTest {

  /**
   * Gives the scripted 64-bit words, big-endian, then 0, 2, 4, ... (whose top 63 bits are 0, 1, 2
   * ...).
   */
  private static final class Scripted extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final long[] script;
    private int at;
    private long counter;

    Scripted(long... script) {
      this.script = script;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i + 8 <= bytes.length; i += 8) {
        long word = at < script.length ? script[at++] : (counter++) << 1;
        for (int b = 0; b < 8; b++) {
          bytes[i + b] = (byte) (word >>> (56 - 8 * b));
        }
      }
    }
  }

  /** The 64-bit word whose top 63 bits, the ones drawn, are {@code bits}. */
  private static long drawn(long bits) {
    return bits << 1;
  }

  private static final long LONG_TOP = Long.MAX_VALUE; // 9223372036854775807

  @Test
  void theDrawnBitsModuloTheRangeGiveTheId() {
    assertEquals(100, new SecureRandomIds(new Scripted(drawn(0))).next(100, 109));
    assertEquals(104, new SecureRandomIds(new Scripted(drawn(4))).next(100, 109));
    assertEquals(109, new SecureRandomIds(new Scripted(drawn(19))).next(100, 109));
    assertEquals(103, new SecureRandomIds(new Scripted(drawn(1_000_000_003))).next(100, 109));
    // The lowest bit of the word is dropped: 0b1011 draws 5.
    assertEquals(105, new SecureRandomIds(new Scripted(0b1011)).next(100, 109));
  }

  @Test
  void theTopPartialCopyOfTheRangeIsRejectedAndTheNextDrawTaken() {
    // For ten ids, the 63-bit draws from 9223372036854775800 up cover only 8 of them (...800 to
    // ...807 give 0 to 7), so they are drawn again; ...799 is the last one kept.
    assertEquals(
        109, new SecureRandomIds(new Scripted(drawn(9_223_372_036_854_775_799L))).next(100, 109));
    assertEquals(
        104,
        new SecureRandomIds(new Scripted(drawn(9_223_372_036_854_775_800L), drawn(4)))
            .next(100, 109));
    assertEquals(106, new SecureRandomIds(new Scripted(drawn(LONG_TOP), drawn(6))).next(100, 109));
    assertEquals(
        101,
        new SecureRandomIds(new Scripted(drawn(LONG_TOP), drawn(LONG_TOP - 1), drawn(1)))
            .next(100, 109));
  }

  @Test
  void aRangeOfOneNumberGivesThatNumber() {
    // Every draw fits a range of one; a zero draw is not drawn again.
    assertEquals(5, new SecureRandomIds(new Scripted(drawn(0))).next(5, 5));
    assertEquals(5, new SecureRandomIds(new Scripted(drawn(LONG_TOP))).next(5, 5));
  }

  @Test
  void anEmptyRangeOrOneWiderThanALongIsRefused() {
    SecureRandomIds ids = new SecureRandomIds(new Scripted());
    assertEquals(
        "empty range",
        assertThrows(IllegalArgumentException.class, () -> ids.next(6, 5)).getMessage());
    assertEquals(
        "the range is wider than a long",
        assertThrows(IllegalArgumentException.class, () -> ids.next(Long.MIN_VALUE, Long.MAX_VALUE))
            .getMessage());
    assertEquals(
        "the range is wider than a long",
        assertThrows(IllegalArgumentException.class, () -> ids.next(-1, Long.MAX_VALUE))
            .getMessage());
    // The widest range that fits, 0 to 2^63 - 2: only the one draw 2^63 - 1 is drawn again.
    assertEquals(
        LONG_TOP - 1, new SecureRandomIds(new Scripted(drawn(LONG_TOP - 1))).next(0, LONG_TOP - 1));
    assertEquals(
        7, new SecureRandomIds(new Scripted(drawn(LONG_TOP), drawn(7))).next(0, LONG_TOP - 1));
  }

  @Test
  void everyWordOfEveryBlockIsDrawnOnceInOrder() {
    // A block is 8 KiB: 1,024 words. Draws 0 to 2,999 span three blocks.
    SecureRandomIds ids = new SecureRandomIds(new Scripted());
    for (long expected = 0; expected < 3000; expected++) {
      assertEquals(expected, ids.next(0, 1L << 40), "draw " + expected);
    }
  }
}
