package org.ehrcontracts.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal streaming JSON writer with two-space indentation, so that reports need no JSON library.
 *
 * <p>Keys come out in the order they are written, so the same result always gives the same bytes.
 * Strings are escaped so that the output is also safe inside HTML and is valid YAML: control
 * characters, {@code <}, {@code >}, {@code &}, U+2028, U+2029, non-characters and unpaired
 * surrogates become {@code \}{@code uXXXX}.
 *
 * @since 0.1.0
 */
public final class JsonWriter {

  /** An open object or array, and how many members or elements it has so far. */
  private static final class Scope {
    final boolean object;
    int count;

    Scope(boolean object) {
      this.object = object;
    }
  }

  private final StringBuilder out = new StringBuilder();
  private final List<Scope> open = new ArrayList<>();

  private boolean afterName;

  /** Opens an object. */
  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    open.add(new Scope(true));
    return this;
  }

  /** Closes the innermost object. */
  public JsonWriter endObject() {
    return end(true, '}');
  }

  /** Opens an array. */
  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    open.add(new Scope(false));
    return this;
  }

  /** Closes the innermost array. */
  public JsonWriter endArray() {
    return end(false, ']');
  }

  /** Writes the name of the next member of the current object. */
  public JsonWriter name(String name) {
    if (afterName || open.isEmpty() || !current().object) {
      throw new IllegalStateException("a name belongs in an object, before its value");
    }
    nextItem();
    string(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  /** Writes a string, or {@code null}. */
  public JsonWriter value(String value) {
    beforeValue();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /** Writes a whole number. */
  public JsonWriter value(long value) {
    beforeValue();
    out.append(value);
    return this;
  }

  /** Writes {@code true} or {@code false}. */
  public JsonWriter value(boolean value) {
    beforeValue();
    out.append(value);
    return this;
  }

  /** The document written so far, ending in a line break once the top value is complete. */
  @Override
  public String toString() {
    return open.isEmpty() && out.length() > 0 ? out + "\n" : out.toString();
  }

  private JsonWriter end(boolean object, char close) {
    if (open.isEmpty() || afterName || current().object != object) {
      throw new IllegalStateException("no " + (object ? "object" : "array") + " to close here");
    }
    Scope scope = open.remove(open.size() - 1);
    if (scope.count > 0) {
      newline();
    }
    out.append(close);
    return this;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
    } else if (!open.isEmpty()) {
      if (current().object) {
        throw new IllegalStateException("a value in an object needs a name");
      }
      nextItem();
    } else if (out.length() > 0) {
      throw new IllegalStateException("a JSON document has one top value");
    }
  }

  private Scope current() {
    return open.get(open.size() - 1);
  }

  private void nextItem() {
    Scope scope = current();
    if (scope.count++ > 0) {
      out.append(',');
    }
    newline();
  }

  private void newline() {
    out.append('\n');
    out.append("  ".repeat(open.size()));
  }

  private void string(String value) {
    out.append('"');
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < length
              && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (needsEscape(c)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '<'
        || c == '>'
        || c == '&'
        || c == '\u2028'
        || c == '\u2029'
        || c == '\ufeff'
        || c >= '\ufffe'
        || Character.isSurrogate(c);
  }
}
