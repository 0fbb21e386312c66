package org.ehrcontracts.engine.verify;

import java.util.Locale;
import java.util.Optional;

/**
 * A run needed more memory than it had: either the heap ran out while a file was worked on (most
 * often a set that grew past what the heap holds although the budget allowed it, or its parts'
 * buffers), or something that cannot spill to disk (what other rows look up by key: the persons'
 * births and deaths, the visits' days, a column other tables' checks read, the crosswalk's ids, the
 * de-identification's person map and its sets) needs more than the {@link Memory} budget. Nothing
 * was written.
 *
 * <p>An unchecked exception, as the {@link OutOfMemoryError} it stands for is unforeseeable; the
 * goals turn it into words that name the file, the rows read, the heap, the budget and how to give
 * more.
 *
 * @since 0.2.0
 */
public final class NotEnoughMemoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final long rows;
  private final long maxHeapBytes;
  private final transient Memory budget;
  private final boolean overBudget;
  private final String what;

  /**
   * The heap ran out, with the file (or export) being worked on, the rows read (0 when not known)
   * and the heap.
   *
   * @since 0.2.0
   */
  public NotEnoughMemoryException(String file, long rows, long maxHeapBytes, Throwable cause) {
    this(file, rows, maxHeapBytes, null, false, null, cause);
  }

  /**
   * The heap ran out ({@code what} null), or {@code what} needs more than the budget and cannot
   * spill ({@code overBudget}).
   *
   * @since 0.2.0
   */
  public NotEnoughMemoryException(
      String file,
      long rows,
      long maxHeapBytes,
      Memory budget,
      boolean overBudget,
      String what,
      Throwable cause) {
    super(message(file, rows, maxHeapBytes, budget, overBudget, what), cause);
    this.file = file;
    this.rows = rows;
    this.maxHeapBytes = maxHeapBytes;
    this.budget = budget;
    this.overBudget = overBudget;
    this.what = what;
  }

  /**
   * The same refusal with {@code before} more rows read: a part of a file counts its own rows, and
   * the file's rows before the part are added when the parts are merged.
   */
  NotEnoughMemoryException afterRows(long before) {
    NotEnoughMemoryException moved =
        new NotEnoughMemoryException(
            file, before + rows, maxHeapBytes, budget, overBudget, what, getCause());
    moved.setStackTrace(getStackTrace());
    return moved;
  }

  private static String message(
      String file, long rows, long maxHeap, Memory budget, boolean overBudget, String what) {
    String after = rows > 0 ? String.format(Locale.ROOT, ", after %,d rows", rows) : "";
    if (overBudget) {
      return what
          + " of "
          + file
          + " need more than the memory budget ("
          + budget.words()
          + ")"
          + after
          + ", and cannot spill to disk";
    }
    return String.format(
        Locale.ROOT,
        "the heap (%,d MB) ran out while %s was worked on%s%s",
        maxHeap >> 20,
        file,
        after,
        budget == null ? "" : " (memory budget " + budget.words() + ")");
  }

  /** The file being checked, as reports name it ({@code export/measurement.csv}). */
  public String file() {
    return file;
  }

  /** How many of its rows had been read. */
  public long rows() {
    return rows;
  }

  /** The heap's limit ({@code -Xmx}), in bytes. */
  public long maxHeapBytes() {
    return maxHeapBytes;
  }

  /** The run's memory budget, when known. */
  public Optional<Memory> budget() {
    return Optional.ofNullable(budget);
  }

  /** Whether the budget, not the heap, was the limit: a larger budget (or heap) is the fix. */
  public boolean overBudget() {
    return overBudget;
  }
}
