package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The memory budget's forms: a size with a unit, plain bytes, or a share of the heap. */
class MemoryTest {

  private static final long HEAP = 512L << 20;

  @Test
  void sizesAndSharesAreBytes() {
    assertEquals(256L << 20, Memory.parse("256m", HEAP));
    assertEquals(2L << 30, Memory.parse("2G", HEAP));
    assertEquals(64L << 10, Memory.parse(" 64k ", HEAP));
    assertEquals(1000, Memory.parse("1000", HEAP));
    assertEquals(256L << 20, Memory.parse("50%", HEAP));
    assertEquals(HEAP, Memory.parse("100%", HEAP));
  }

  @Test
  void anythingElseIsRefusedSayingWhatIsAccepted() {
    for (String bad : new String[] {"", "abc", "0", "-5m", "0%", "150%", "12q", "m"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Memory.parse(bad, HEAP), bad);
      assertEquals(
          "the memory budget '"
              + bad
              + "' is neither a size (such as 512k, 256m or 2g) nor a share of the heap (such as"
              + " 50%)",
          e.getMessage());
    }
  }

  @Test
  void theWordsNameTheSizeAndTheShare() {
    assertEquals(
        "256 MB (50% of the heap)", new Memory(256L << 20, "50%", Optional.empty()).words());
    assertEquals("2,048 MB", new Memory(2L << 30, "2g", Optional.empty()).words());
    assertEquals("8,192 bytes", new Memory(8192, "8k", Optional.empty()).words());
  }

  @Test
  void theDefaultIsFortyPercentOfTheHeap() {
    Memory memory = Memory.defaults();
    assertEquals(Runtime.getRuntime().maxMemory() * 40 / 100, memory.budgetBytes(), 1.0);
    assertEquals("40%", memory.described());
    assertEquals(Optional.empty(), memory.spillDirectory());
  }
}
