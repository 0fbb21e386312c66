package org.ehrcontracts.engine.deid;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A small JSON writer with two-space indentation for the manifest and {@code deid.json}.
 *
 * <p>The report package's writer is package-private there; this one is as small, so the two
 * packages stay independent. Strings are escaped so that the text is also safe inside HTML.
 */
final class Json {

  private final StringBuilder out = new StringBuilder();
  private final Deque<int[]> counts = new ArrayDeque<>();
  private boolean afterName;

  Json begin() {
    value();
    out.append('{');
    counts.push(new int[1]);
    return this;
  }

  Json end() {
    int[] count = counts.pop();
    if (count[0] > 0) {
      newline();
    }
    out.append('}');
    return this;
  }

  Json beginArray() {
    value();
    out.append('[');
    counts.push(new int[1]);
    return this;
  }

  Json endArray() {
    int[] count = counts.pop();
    if (count[0] > 0) {
      newline();
    }
    out.append(']');
    return this;
  }

  Json name(String name) {
    item();
    string(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  Json value(String value) {
    value();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  Json value(long value) {
    value();
    out.append(value);
    return this;
  }

  Json value(boolean value) {
    value();
    out.append(value);
    return this;
  }

  Json field(String name, String value) {
    return name(name).value(value);
  }

  Json field(String name, long value) {
    return name(name).value(value);
  }

  @Override
  public String toString() {
    return out + "\n";
  }

  private void value() {
    if (afterName) {
      afterName = false;
    } else if (!counts.isEmpty()) {
      item();
    }
  }

  private void item() {
    int[] count = counts.peek();
    if (count[0]++ > 0) {
      out.append(',');
    }
    newline();
  }

  private void newline() {
    out.append('\n').append("  ".repeat(counts.size()));
  }

  private void string(String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
