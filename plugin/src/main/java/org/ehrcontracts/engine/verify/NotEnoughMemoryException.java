package org.ehrcontracts.engine.verify;

import java.util.Locale;

/**
 * The heap ran out while a file was checked: most often its key set (about 16 bytes a row of a
 * table whose primary key is checked or referenced), or its parts' buffers. Nothing was written.
 *
 * <p>An unchecked exception, as the {@link OutOfMemoryError} it stands for is unforeseeable; the
 * goals turn it into words that name the file, the rows read, the heap and how to give more.
 *
 * @since 0.2.0
 */
public final class NotEnoughMemoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final long rows;
  private final long maxHeapBytes;

  /**
   * With the file (or export) being worked on, the rows read (0 when not known) and the heap.
   *
   * @since 0.2.0
   */
  public NotEnoughMemoryException(String file, long rows, long maxHeapBytes, Throwable cause) {
    super(
        String.format(
            Locale.ROOT,
            "the heap (%,d MB) ran out while %s was worked on%s",
            maxHeapBytes >> 20,
            file,
            rows > 0 ? String.format(Locale.ROOT, ", after %,d rows", rows) : ""),
        cause);
    this.file = file;
    this.rows = rows;
    this.maxHeapBytes = maxHeapBytes;
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
}
