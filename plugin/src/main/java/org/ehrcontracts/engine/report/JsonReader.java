package org.ehrcontracts.engine.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser for the small documents the goals hand each other ({@code verify.json}, the
 * de-identification manifest, {@code deploy.json}), so that reading them needs no JSON library.
 *
 * <p>Objects become {@link Map}s that keep the member order, arrays {@link List}s, numbers {@link
 * Long} when they are whole and fit, else {@link BigDecimal}, and {@code null} stays {@code null}.
 * Everything returned is unmodifiable.
 *
 * @since 0.1.0
 */
public final class JsonReader {

  /** Deeper nesting than any of our documents has; a guard against hostile input. */
  private static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  private JsonReader(String text) {
    this.text = text;
  }

  /**
   * Parses one JSON document.
   *
   * @param text the document
   * @return its value: a map, list, string, number, boolean or {@code null}
   * @throws IllegalArgumentException if the text is not exactly one JSON value, with the offset
   * @since 0.1.0
   */
  public static Object parse(String text) {
    JsonReader reader = new JsonReader(text);
    reader.skipSpace();
    Object value = reader.value(0);
    reader.skipSpace();
    if (reader.pos != text.length()) {
      throw reader.error("unexpected text after the document");
    }
    return value;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested too deeply");
    }
    if (pos >= text.length()) {
      throw error("unexpected end of the document");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, Object> object(int depth) {
    pos++;
    Map<String, Object> members = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(members);
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (members.containsKey(name)) {
        throw error("duplicate member \"" + name + "\"");
      }
      members.put(name, value(depth + 1));
      skipSpace();
      char c = next();
      if (c == '}') {
        return Collections.unmodifiableMap(members);
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) {
    pos++;
    List<Object> elements = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(elements);
    }
    while (true) {
      skipSpace();
      elements.add(value(depth + 1));
      skipSpace();
      char c = next();
      if (c == ']') {
        return Collections.unmodifiableList(elements);
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escape = next();
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException e) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("unknown escape \\" + escape);
      }
    }
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = digits();
    if (digits == 0 || (digits > 1 && text.charAt(pos - digits) == '0')) {
      throw error("malformed number");
    }
    boolean whole = true;
    if (peek() == '.') {
      pos++;
      whole = false;
      if (digits() == 0) {
        throw error("malformed number");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      whole = false;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (digits() == 0) {
        throw error("malformed number");
      }
    }
    String literal = text.substring(start, pos);
    if (whole && literal.length() < 19) {
      return Long.parseLong(literal);
    }
    return new BigDecimal(literal);
  }

  private int digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos - start;
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected word");
    }
    pos += word.length();
    return value;
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= text.length()) {
      throw error("unexpected end of the document");
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      pos--;
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("not valid JSON at offset " + pos + ": " + message);
  }
}
