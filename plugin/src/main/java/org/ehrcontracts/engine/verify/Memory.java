package org.ehrcontracts.engine.verify;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The memory budget of a run: the bytes its key sets, row fingerprints, person facts, visits'
 * spans, referenced columns, crosswalk ids and (for de-identification) its person map and the sets
 * of its rewrite may hold, and the folder its key sets spill to above it.
 *
 * <p>What is counted is the arrays of the primitive sets themselves (a set of 64-bit keys holds
 * about 10.7 to 21.3 bytes a key at HPPC's 0.75 load factor and power-of-two growth, and twice its
 * array while it grows), not a sample of the heap. Above the budget a table's primary keys and key
 * sets, and the foreign keys that refer to them, go to sorted runs of 64-bit keys in {@code
 * spillDirectory}, merged when the file is done. What other rows look up by key cannot spill: the
 * persons' facts, the visits' spans, the columns other tables' checks read ({@code
 * person.year_of_birth}), the crosswalk's ids for {@code deid.person-id}, and the
 * de-identification's person map, the ids of persons the person table lacks and the keys of dropped
 * rows; above the budget the run stops with a {@link NotEnoughMemoryException} that names the
 * budget.
 *
 * @param budgetBytes the bytes the sets may hold together
 * @param described how the budget was given ({@code 256m}, {@code 50%}, or the default), for
 *     messages
 * @param spillDirectory the folder under which a run makes its own spill folder; empty for the
 *     system's temporary folder
 * @since 0.2.0
 */
public record Memory(long budgetBytes, String described, Optional<Path> spillDirectory) {

  /** The default share of the heap: the rest is for the parts' buffers, samples and Maven. */
  public static final int DEFAULT_PERCENT = 40;

  /** Checks the parts. */
  public Memory {
    Objects.requireNonNull(described, "described");
    Objects.requireNonNull(spillDirectory, "spillDirectory");
    if (budgetBytes < 1) {
      throw new IllegalArgumentException("the memory budget must be at least one byte");
    }
  }

  /**
   * The default: {@value #DEFAULT_PERCENT}% of the heap's limit, spilling to the temporary folder.
   */
  public static Memory defaults() {
    return of(DEFAULT_PERCENT + "%", Optional.empty());
  }

  /**
   * A budget given as bytes with an optional unit ({@code 512k}, {@code 256m}, {@code 2g}) or as a
   * share of the heap's limit ({@code 50%}).
   *
   * @throws IllegalArgumentException when the text is neither, naming what is accepted
   */
  public static Memory of(String text, Optional<Path> spillDirectory) {
    return new Memory(parse(text, Runtime.getRuntime().maxMemory()), text.trim(), spillDirectory);
  }

  /** The bytes of a budget's text against a heap of {@code maxHeap} bytes. */
  static long parse(String text, long maxHeap) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("%")) {
        double share = Double.parseDouble(t.substring(0, t.length() - 1).trim());
        if (share > 0 && share <= 100) {
          return Math.max(1, (long) (maxHeap * share / 100));
        }
      } else if (!t.isEmpty()) {
        char unit = t.charAt(t.length() - 1);
        long factor =
            switch (unit) {
              case 'k' -> 1L << 10;
              case 'm' -> 1L << 20;
              case 'g' -> 1L << 30;
              default -> 1;
            };
        String number = factor == 1 ? t : t.substring(0, t.length() - 1).trim();
        long value = Long.parseLong(number);
        if (value > 0 && value <= Long.MAX_VALUE / factor) {
          return value * factor;
        }
      }
    } catch (NumberFormatException e) {
      // worded below
    }
    throw new IllegalArgumentException(
        "the memory budget '"
            + text
            + "' is neither a size (such as 512k, 256m or 2g) nor a share of the heap (such as 50%)");
  }

  /** The budget for messages: {@code 256 MB (50% of the heap)}. */
  public String words() {
    String size =
        budgetBytes >= 1 << 20
            ? String.format(Locale.ROOT, "%,d MB", budgetBytes >> 20)
            : String.format(Locale.ROOT, "%,d bytes", budgetBytes);
    return described.endsWith("%") ? size + " (" + described + " of the heap)" : size;
  }
}
