package org.ehrcontracts.engine.util;

import java.nio.charset.StandardCharsets;

/**
 * ASCII bytes seen as characters, without copying: one view, reset for each value, so that the hot
 * paths parse bytes with code written for {@link CharSequence}. Not thread-safe; one per thread.
 *
 * @since 0.2.0
 */
public final class AsciiChars implements CharSequence {
  private byte[] bytes;
  private int from;
  private int to;

  /** Views {@code source[start, end)}, whose bytes must all be ASCII. */
  public void set(byte[] source, int start, int end) {
    bytes = source;
    from = start;
    to = end;
  }

  @Override
  public int length() {
    return to - from;
  }

  @Override
  public char charAt(int index) {
    return (char) bytes[from + index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new String(bytes, from + start, end - start, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
  }
}
