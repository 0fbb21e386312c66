package org.ehrcontracts.engine.problem;

/**
 * Describes a cell value without revealing it, for messages about health data.
 *
 * <p>The shape keeps the length and the classes of characters, never the characters: {@code
 * 2016-02-30} becomes {@code 9999-99-99}, {@code M:Male} becomes {@code A:Aaaa}, and values longer
 * than 24 characters are described by length only.
 *
 * @since 0.1.0
 */
public final class Redaction {

  private static final int MAX_SHAPE = 24;

  private Redaction() {}

  /**
   * The redacted shape of a value: digits as {@code 9}, letters as {@code A} or {@code a},
   * punctuation kept, other characters as {@code ?}; long values as {@code <N chars>}.
   */
  public static String shape(CharSequence value) {
    return shape(value, MAX_SHAPE);
  }

  /**
   * The redacted shape of a value, as {@link #shape(CharSequence)}, with another length limit: for
   * date and datetime columns, whose shapes show the written form and nothing of a person.
   *
   * @since 0.1.0
   */
  public static String shape(CharSequence value, int maxShape) {
    int length = value.length();
    if (length == 0) {
      return "<empty>";
    }
    if (length > maxShape) {
      return "<" + length + " chars>";
    }
    StringBuilder shape = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        shape.append('9');
      } else if (Character.isUpperCase(c)) {
        shape.append('A');
      } else if (Character.isLetter(c)) {
        shape.append('a');
      } else if (c == ' ') {
        shape.append('_');
      } else if (c < 0x7f && c > 0x20) {
        shape.append(c);
      } else {
        shape.append('?');
      }
    }
    return shape.toString();
  }
}
