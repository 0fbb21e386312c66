package org.ehrcontracts.engine.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens. */
final class Lexer {
  enum Type {
    NAME,
    NUMBER,
    STRING,
    LEFT,
    RIGHT,
    COMMA,
    COMPARE,
    END
  }

  /**
   * A token; {@code value} is the name, the number's text, the string's content (quotes undone) or
   * the operator.
   */
  record Token(Type type, String value, int start, int end) {
    boolean isKeyword(String keyword) {
      return type == Type.NAME && value.equals(keyword);
    }

    /** How an error message shows the token. */
    String shown() {
      return type == Type.END ? "the end" : "'" + value + "'";
    }
  }

  private Lexer() {}

  static List<Token> tokens(String text) throws ExpressionException {
    List<Token> tokens = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      int start = i;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
      } else if (isNameStart(c)) {
        while (i < n && isNamePart(text.charAt(i))) {
          i++;
        }
        // One dot joins a qualified name, lookup.column or table.column: one token.
        if (i + 1 < n && text.charAt(i) == '.' && isNameStart(text.charAt(i + 1))) {
          i++;
          while (i < n && isNamePart(text.charAt(i))) {
            i++;
          }
        }
        tokens.add(new Token(Type.NAME, text.substring(start, i), start, i));
      } else if (isDigit(c) || (c == '-' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
        i = number(text, i);
        tokens.add(new Token(Type.NUMBER, text.substring(start, i), start, i));
      } else if (c == '\'') {
        StringBuilder value = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw new ExpressionException("the string is not closed with '", start);
          }
          char d = text.charAt(i++);
          if (d == '\'') {
            if (i < n && text.charAt(i) == '\'') {
              value.append('\'');
              i++;
            } else {
              break;
            }
          } else {
            value.append(d);
          }
        }
        tokens.add(new Token(Type.STRING, value.toString(), start, i));
      } else if (c == '(') {
        tokens.add(new Token(Type.LEFT, "(", start, ++i));
      } else if (c == ')') {
        tokens.add(new Token(Type.RIGHT, ")", start, ++i));
      } else if (c == ',') {
        tokens.add(new Token(Type.COMMA, ",", start, ++i));
      } else if (c == '=' || c == '<' || c == '>' || c == '!') {
        i = comparison(text, i);
        tokens.add(new Token(Type.COMPARE, text.substring(start, i), start, i));
      } else {
        throw new ExpressionException(unexpected(text, i), start);
      }
    }
    tokens.add(new Token(Type.END, "", n, n));
    return tokens;
  }

  private static int number(String text, int i) throws ExpressionException {
    int start = i;
    int n = text.length();
    if (text.charAt(i) == '-') {
      i++;
    }
    i = digits(text, i);
    if (i < n && text.charAt(i) == '.') {
      int after = digits(text, i + 1);
      if (after == i + 1) {
        throw new ExpressionException("a number needs digits after its decimal point", start);
      }
      i = after;
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
        j++;
      }
      int after = digits(text, j);
      if (after == j) {
        throw new ExpressionException("a number needs digits after its exponent", start);
      }
      i = after;
    }
    if (i < n && (isNamePart(text.charAt(i)) || text.charAt(i) == '.')) {
      throw new ExpressionException("a number is followed by '" + text.charAt(i) + "'", start);
    }
    return i;
  }

  private static int digits(String text, int i) {
    while (i < text.length() && isDigit(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int comparison(String text, int i) throws ExpressionException {
    char c = text.charAt(i);
    char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
    switch (c) {
      case '=' -> {
        if (next == '=') {
          throw new ExpressionException("write = to test equality, not ==", i);
        }
        return i + 1;
      }
      case '!' -> {
        if (next != '=') {
          throw new ExpressionException("write not to negate, or != to test inequality", i);
        }
        return i + 2;
      }
      case '<' -> {
        if (next == '>') {
          throw new ExpressionException("write != to test inequality, not <>", i);
        }
        return next == '=' ? i + 2 : i + 1;
      }
      default -> {
        return next == '=' ? i + 2 : i + 1;
      }
    }
  }

  private static String unexpected(String text, int i) {
    char c = text.charAt(i);
    if (c == '"') {
      return "strings are written in single quotes: 'text'";
    }
    if (c == '&') {
      return "write and, not &";
    }
    if (c == '|') {
      return "write or, not |";
    }
    if (c == '+' || c == '-' || c == '*' || c == '/') {
      return "there is no arithmetic; '"
          + c
          + "' is not an operator (for dates, write days_between(a, b))";
    }
    if (c < ' ' || c > '~') {
      return String.format("unexpected character U+%04X", (int) c);
    }
    return "unexpected character '" + c + "'";
  }

  static boolean isNameStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  static boolean isNamePart(char c) {
    return isNameStart(c) || isDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
