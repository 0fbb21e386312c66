package org.ehrcontracts.engine.expr;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ehrcontracts.engine.expr.Lexer.Token;
import org.ehrcontracts.engine.expr.Lexer.Type;
import org.ehrcontracts.engine.expr.Nodes.Cond;
import org.ehrcontracts.engine.expr.Nodes.Num;
import org.ehrcontracts.engine.expr.Nodes.Op;
import org.ehrcontracts.engine.expr.Nodes.Temporal;
import org.ehrcontracts.engine.expr.Nodes.Text;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.ParsedDateTime;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * Parses, type-checks and compiles an expression in one recursive-descent pass.
 *
 * <p>Precedence, loosest first: {@code or}, {@code and}, {@code not}, then a comparison or {@code
 * is [not] empty}, {@code [not] in (...)} or {@code [not] between a and b}, then operands:
 * parentheses, literals, function calls and column names.
 */
final class Parser {
  static final int MAX_LENGTH = 2000;
  static final int MAX_DEPTH = 50;

  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "not", "is", "empty", "in", "between");
  private static final List<String> FUNCTIONS =
      List.of("date", "day", "days_between", "length", "matches", "month", "today", "year");

  /** The most values an {@code in} list may hold; a longer list belongs in a concept set. */
  static final int MAX_IN_VALUES = 1000;

  /** How a string literal may write a date or datetime, besides the compared column's formats. */
  private static final DateTimeFormats LITERAL_FORMATS =
      DateTimeFormats.of(
          "YYYY-MM-DD[Thh:mm[:ss[.f]][Z]]",
          "YYYY-MM-DDThh:mm[:ss[.f]]±hh:mm",
          "YYYY-MM-DD hh:mm[:ss[.f]][ ZONE]");

  /** What an operand yields. */
  enum Kind {
    CONDITION("a condition"),
    INTEGER("a number"),
    FLOAT("a number"),
    TEXT("text"),
    DATE("a date"),
    DATETIME("a datetime");

    final String description;

    Kind(String description) {
      this.description = description;
    }

    boolean isNumber() {
      return this == INTEGER || this == FLOAT;
    }

    boolean isTemporal() {
      return this == DATE || this == DATETIME;
    }
  }

  /**
   * A compiled operand with its type and where it was written; {@code column} is set for a bare
   * column name and {@code literal} for a string literal.
   */
  private record Typed(
      Kind kind, Object node, int start, String column, ColumnInfo info, String literal) {
    Typed(Kind kind, Object node, int start) {
      this(kind, node, start, null, null, null);
    }

    Typed at(int newStart) {
      return new Typed(kind, node, newStart, column, info, literal);
    }
  }

  /** The compiled expression. */
  record Result(
      Cond root,
      Set<String> columns,
      int slots,
      List<Pattern> patterns,
      boolean usesToday,
      Set<Integer> references,
      boolean failsUnlisted,
      boolean usesLookups) {}

  private final Map<String, ColumnInfo> columns;
  private final Qualifiers qualifiers;
  private final Set<Integer> references = new LinkedHashSet<>();
  private boolean failsUnlisted;
  private boolean usesLookups;
  private final List<Token> tokens;
  private final Set<String> used = new LinkedHashSet<>();
  private int position;
  private int depth;
  private int slots;
  private final List<Pattern> patterns = new ArrayList<>();
  private boolean usesToday;

  private Parser(Map<String, ColumnInfo> columns, Qualifiers qualifiers, List<Token> tokens) {
    this.columns = columns;
    this.qualifiers = qualifiers;
    this.tokens = tokens;
  }

  static Result parse(String text, Map<String, ColumnInfo> columns, Qualifiers qualifiers)
      throws ExpressionException {
    if (text.length() > MAX_LENGTH) {
      throw new ExpressionException(
          "the expression is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
    }
    List<Token> tokens = Lexer.tokens(text);
    if (tokens.size() == 1) {
      throw new ExpressionException("the expression is empty", 0);
    }
    Parser parser = new Parser(columns, qualifiers, tokens);
    Typed result = parser.or();
    Token rest = parser.peek();
    if (rest.type() != Type.END) {
      throw new ExpressionException(
          "expected and, or or the end of the expression, found "
              + rest.shown()
              + keywordHint(rest),
          rest.start());
    }
    Cond root = parser.condition(result, "the expression");
    return new Result(
        root,
        Collections.unmodifiableSet(new LinkedHashSet<>(parser.used)),
        parser.slots,
        List.copyOf(parser.patterns),
        parser.usesToday,
        Collections.unmodifiableSet(new LinkedHashSet<>(parser.references)),
        parser.failsUnlisted,
        parser.usesLookups);
  }

  // ---- logic

  private Typed or() throws ExpressionException {
    Typed first = and();
    if (!peek().isKeyword("or")) {
      return first;
    }
    List<Cond> parts = new ArrayList<>();
    parts.add(condition(first, "or"));
    while (peek().isKeyword("or")) {
      next();
      parts.add(condition(and(), "or"));
    }
    return new Typed(Kind.CONDITION, new Nodes.Or(parts.toArray(new Cond[0])), first.start());
  }

  private Typed and() throws ExpressionException {
    Typed first = not();
    if (!peek().isKeyword("and")) {
      return first;
    }
    List<Cond> parts = new ArrayList<>();
    parts.add(condition(first, "and"));
    while (peek().isKeyword("and")) {
      next();
      parts.add(condition(not(), "and"));
    }
    return new Typed(Kind.CONDITION, new Nodes.And(parts.toArray(new Cond[0])), first.start());
  }

  private Typed not() throws ExpressionException {
    if (!peek().isKeyword("not")) {
      return comparison();
    }
    Token not = next();
    enter(not);
    Typed operand = not();
    depth--;
    return new Typed(Kind.CONDITION, new Nodes.Not(condition(operand, "not")), not.start());
  }

  private Cond condition(Typed typed, String context) throws ExpressionException {
    if (typed.kind() != Kind.CONDITION) {
      throw new ExpressionException(
          describe(typed)
              + " is not a condition; "
              + context
              + " needs a comparison such as x > 1, or x is not empty",
          typed.start());
    }
    return (Cond) typed.node();
  }

  // ---- comparisons

  private Typed comparison() throws ExpressionException {
    Typed left = operand();
    Token token = peek();
    if (token.isKeyword("is")) {
      next();
      boolean negated = peek().isKeyword("not");
      if (negated) {
        next();
      }
      Token empty = next();
      if (!empty.isKeyword("empty")) {
        throw new ExpressionException(
            "expected empty after " + (negated ? "is not" : "is") + ", found " + empty.shown(),
            empty.start());
      }
      if (left.column() == null) {
        throw new ExpressionException(
            "is " + (negated ? "not " : "") + "empty applies to a column, not to " + describe(left),
            token.start());
      }
      return new Typed(
          Kind.CONDITION, new Nodes.IsEmpty(left.info().index(), !negated), left.start());
    }
    boolean negated =
        token.isKeyword("not") && (peekAt(1).isKeyword("in") || peekAt(1).isKeyword("between"));
    Token keyword = negated ? peekAt(1) : token;
    if (keyword.isKeyword("in") || keyword.isKeyword("between")) {
      if (negated) {
        next();
      }
      next();
      Cond cond = keyword.isKeyword("in") ? in(left, keyword) : between(left, keyword);
      Token after = peek();
      if (after.type() == Type.COMPARE) {
        throw new ExpressionException(
            "comparisons cannot be chained; join them with and", after.start());
      }
      return new Typed(Kind.CONDITION, negated ? new Nodes.Not(cond) : cond, left.start());
    }
    if (token.type() != Type.COMPARE) {
      return left;
    }
    next();
    Typed right = operand();
    Token after = peek();
    if (after.type() == Type.COMPARE) {
      throw new ExpressionException(
          "comparisons cannot be chained; join them with and", after.start());
    }
    return new Typed(Kind.CONDITION, compare(left, token, right), left.start());
  }

  /** {@code x between a and b}: {@code x >= a and x <= b}, type-checked as those comparisons. */
  private Cond between(Typed left, Token keyword) throws ExpressionException {
    Typed low = operand();
    Token and = next();
    if (!and.isKeyword("and")) {
      throw new ExpressionException(
          "expected and between the bounds of between, found " + and.shown(), and.start());
    }
    Typed high = operand();
    Cond atLeast = compare(left, Op.GE, "between", keyword.start(), low);
    Cond atMost = compare(left, Op.LE, "between", keyword.start(), high);
    if (atLeast instanceof Nodes.CompareNumbers ge
        && atMost instanceof Nodes.CompareNumbers le
        && ge.right() instanceof Nodes.LookupValue a
        && le.right() instanceof Nodes.LookupValue b
        && a.table() == b.table()
        && Arrays.equals(a.keys(), b.keys())) {
      // A range from one lookup (low and high of the row's concept and unit): one key, one find.
      return new Nodes.BetweenLookup(
          ge.left(), a.keys(), a.table(), a.column(), a.integral(), b.column(), b.integral());
    }
    if (atLeast instanceof Nodes.CompareNumbers ge && atMost instanceof Nodes.CompareNumbers le) {
      // Numbers (days_between among them) are read once rather than once per bound.
      return new Nodes.BetweenNumbers(ge.left(), ge.right(), le.right());
    }
    return new Nodes.And(new Cond[] {atLeast, atMost});
  }

  /** {@code x in (a, b, ...)}: a list of number or string literals, read once here. */
  private Cond in(Typed left, Token keyword) throws ExpressionException {
    Token open = next();
    if (open.type() != Type.LEFT) {
      throw new ExpressionException(
          "expected '(' and a list of values after in, found " + open.shown(), open.start());
    }
    List<Token> values = new ArrayList<>();
    do {
      Token value = next();
      if (value.type() != Type.NUMBER && value.type() != Type.STRING) {
        throw new ExpressionException(
            "in lists numbers or strings, such as x in (8507, 8532), found " + value.shown(),
            value.start());
      }
      values.add(value);
    } while (accept(Type.COMMA));
    expect(Type.RIGHT, "')' to close the list of in");
    if (values.size() > MAX_IN_VALUES) {
      throw new ExpressionException(
          "in lists more than " + MAX_IN_VALUES + " values; put them in a concept set",
          open.start());
    }
    if (left.kind() == Kind.CONDITION) {
      throw new ExpressionException(
          "in tests a value, not a condition; combine conditions with and, or, not",
          keyword.start());
    }
    if (left.kind().isNumber()) {
      boolean integral = left.kind() == Kind.INTEGER;
      long[] longs = new long[values.size()];
      double[] doubles = new double[values.size()];
      for (int i = 0; i < values.size(); i++) {
        Token value = values.get(i);
        if (value.type() != Type.NUMBER) {
          throw new ExpressionException(
              "cannot test "
                  + describe(left)
                  + " against the string '"
                  + value.value().replace("'", "''")
                  + "'",
              value.start());
        }
        Num number = (Num) number(value).node();
        if (number.integral()) {
          longs[i] = number.asLong(null, null);
          doubles[i] = longs[i];
        } else {
          integral = false;
          doubles[i] = number.asDouble(null, null);
        }
      }
      if (integral) {
        Arrays.sort(longs);
        return new Nodes.InIntegers((Num) left.node(), longs);
      }
      return new Nodes.InNumbers((Num) left.node(), doubles);
    }
    if (left.kind() == Kind.TEXT) {
      String[] texts = new String[values.size()];
      for (int i = 0; i < values.size(); i++) {
        Token value = values.get(i);
        if (value.type() != Type.STRING) {
          throw new ExpressionException(
              "cannot test " + describe(left) + " against a number; write the value in quotes",
              value.start());
        }
        texts[i] = value.value();
      }
      return new Nodes.InText((Text) left.node(), texts);
    }
    throw new ExpressionException(
        "in tests numbers or text, not " + describe(left) + "; compare dates with between",
        keyword.start());
  }

  private Cond compare(Typed left, Token token, Typed right) throws ExpressionException {
    return compare(left, op(token.value()), token.value(), token.start(), right);
  }

  private Cond compare(Typed left, Op op, String symbol, int at, Typed right)
      throws ExpressionException {
    if (left.kind() == Kind.CONDITION || right.kind() == Kind.CONDITION) {
      throw new ExpressionException(
          symbol + " compares values, not conditions; combine conditions with and, or, not", at);
    }
    if (left.kind().isNumber() && right.kind().isNumber()) {
      return new Nodes.CompareNumbers((Num) left.node(), op, (Num) right.node());
    }
    if (left.kind() == Kind.TEXT && right.kind() == Kind.TEXT) {
      return new Nodes.CompareText((Text) left.node(), op, (Text) right.node());
    }
    if (left.kind().isTemporal() && right.literal() != null) {
      right = temporalLiteral(right, left);
    } else if (right.kind().isTemporal() && left.literal() != null) {
      left = temporalLiteral(left, right);
    }
    if (left.kind().isTemporal() && right.kind().isTemporal()) {
      Temporal x = (Temporal) left.node();
      Temporal y = (Temporal) right.node();
      return left.kind() == Kind.DATE || right.kind() == Kind.DATE
          ? new Nodes.CompareDays(x, op, y)
          : new Nodes.CompareTimes(x, op, y);
    }
    throw new ExpressionException(
        "cannot compare " + describe(left) + " with " + describe(right), at);
  }

  private static Op op(String symbol) {
    for (Op op : Op.values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    throw new IllegalStateException("no operator " + symbol);
  }

  /** Reads a string literal as a date or datetime, in the other column's formats or ISO form. */
  private Typed temporalLiteral(Typed literal, Typed other) throws ExpressionException {
    ParsedDateTime parsed = new ParsedDateTime();
    boolean ok = false;
    if (other.info() != null) {
      ok = formatsOf(other.info()).parse(literal.literal(), parsed) >= 0;
    }
    if (!ok) {
      ok = LITERAL_FORMATS.parse(literal.literal(), parsed) >= 0;
    }
    if (!ok) {
      throw new ExpressionException(
          describe(literal)
              + " is not a date or datetime; write it as '2017-01-01' or '2017-01-01T10:00:00Z'",
          literal.start());
    }
    parsed.offsetSeconds(); // resolves a zone's offset now, so the holder is never written again
    Kind kind = parsed.hasTime() ? Kind.DATETIME : Kind.DATE;
    return new Typed(kind, new Nodes.TemporalConstant(parsed), literal.start());
  }

  // ---- operands

  private Typed operand() throws ExpressionException {
    Token token = next();
    switch (token.type()) {
      case LEFT -> {
        enter(token);
        Typed inner = or();
        expect(Type.RIGHT, "')' to close the '(' at offset " + token.start());
        depth--;
        return inner.at(token.start());
      }
      case NUMBER -> {
        return number(token);
      }
      case STRING -> {
        return new Typed(
            Kind.TEXT,
            new Nodes.TextConstant(token.value()),
            token.start(),
            null,
            null,
            token.value());
      }
      case NAME -> {
        if (KEYWORDS.contains(token.value())) {
          throw new ExpressionException(
              "expected a value before " + token.shown() + ": a column, number, string or function",
              token.start());
        }
        return peek().type() == Type.LEFT ? function(token) : column(token);
      }
      case END ->
          throw new ExpressionException(
              "the expression ends where a value is expected", token.start());
      default ->
          throw new ExpressionException(
              "expected a column, number, string or function, found " + token.shown(),
              token.start());
    }
  }

  private static Typed number(Token token) {
    String value = token.value();
    boolean integral = value.indexOf('.') < 0 && value.indexOf('e') < 0 && value.indexOf('E') < 0;
    if (integral) {
      long parsed = Numbers.parseLong(value);
      if (parsed != Numbers.NA) {
        return new Typed(Kind.INTEGER, new Nodes.IntConstant(parsed), token.start());
      }
    }
    return new Typed(Kind.FLOAT, new Nodes.FloatConstant(Double.parseDouble(value)), token.start());
  }

  private Typed column(Token token) throws ExpressionException {
    String name = token.value();
    int dot = name.indexOf('.');
    if (dot > 0) {
      return qualified(token, name.substring(0, dot), name.substring(dot + 1));
    }
    ColumnInfo info = columns.get(name);
    if (info == null) {
      String hint = keywordHint(token);
      if (hint.isEmpty()) {
        hint = Suggestions.didYouMean(name, columns.keySet());
      }
      throw new ExpressionException("unknown column '" + name + "'" + hint, token.start());
    }
    used.add(name);
    Object node;
    Kind kind;
    switch (info.type()) {
      case INTEGER -> {
        kind = Kind.INTEGER;
        node = new Nodes.IntColumn(info.index());
      }
      case FLOAT -> {
        kind = Kind.FLOAT;
        node = new Nodes.FloatColumn(info.index());
      }
      case DATE, DATETIME -> {
        kind = info.type() == ColumnType.DATE ? Kind.DATE : Kind.DATETIME;
        node = new Nodes.TemporalColumn(info.index(), formatsOf(info), slots++);
      }
      default -> {
        kind = Kind.TEXT;
        node = new Nodes.TextColumn(info.index());
      }
    }
    return new Typed(kind, node, token.start(), name, info, null);
  }

  /**
   * {@code name.column}: a lookup's value, or a referenced table's column, as the contract says.
   */
  private Typed qualified(Token token, String name, String column) throws ExpressionException {
    Qualified target;
    try {
      target = qualifiers.resolve(name, column);
    } catch (ExpressionException e) {
      throw new ExpressionException(e.getMessage(), token.start());
    }
    int[] keys = target.keyColumns();
    if (target.lookup() != null) {
      LookupTable table = target.lookup();
      failsUnlisted |= table.unlistedFails();
      usesLookups = true;
      boolean integral = target.type() == ColumnType.INTEGER;
      return new Typed(
          integral ? Kind.INTEGER : Kind.FLOAT,
          new Nodes.LookupValue(keys, table, target.valueColumn(), integral),
          token.start());
    }
    references.add(target.reference());
    return switch (target.type()) {
      case INTEGER ->
          new Typed(
              Kind.INTEGER,
              new Nodes.ReferencedNumber(keys[0], target.reference(), true),
              token.start());
      case FLOAT ->
          new Typed(
              Kind.FLOAT,
              new Nodes.ReferencedNumber(keys[0], target.reference(), false),
              token.start());
      case DATE ->
          new Typed(
              Kind.DATE,
              new Nodes.ReferencedDate(keys[0], target.reference(), slots++),
              token.start());
      default ->
          throw new ExpressionException(
              "'"
                  + token.value()
                  + "' is "
                  + target.type().keyword()
                  + "; a reference reads"
                  + " integer, float, date and datetime columns",
              token.start());
    };
  }

  private static DateTimeFormats formatsOf(ColumnInfo info) {
    if (info.formats() != null) {
      return info.formats();
    }
    return switch (info.type()) {
      case DATETIME -> DateTimeFormats.DEFAULT_DATETIME;
      default -> DateTimeFormats.DEFAULT_DATE;
    };
  }

  private Typed function(Token name) throws ExpressionException {
    String function = name.value();
    if (!FUNCTIONS.contains(function)) {
      throw new ExpressionException(
          "unknown function '"
              + function
              + "'"
              + Suggestions.didYouMean(function, FUNCTIONS)
              + "; the functions are "
              + String.join(", ", FUNCTIONS),
          name.start());
    }
    Token left = next();
    enter(left);
    List<Typed> arguments = new ArrayList<>();
    if (peek().type() != Type.RIGHT) {
      do {
        arguments.add(or());
      } while (accept(Type.COMMA));
    }
    expect(Type.RIGHT, "')' after the arguments of " + function + "()");
    depth--;
    int expected =
        switch (function) {
          case "today" -> 0;
          case "days_between", "matches" -> 2;
          default -> 1;
        };
    if (arguments.size() != expected) {
      throw new ExpressionException(
          function
              + "() takes "
              + (expected == 0 ? "no arguments" : expected == 1 ? "one argument" : "two arguments")
              + ", not "
              + arguments.size(),
          name.start());
    }
    int start = name.start();
    switch (function) {
      case "today" -> {
        usesToday = true;
        return new Typed(Kind.DATE, new Nodes.Today(), start);
      }
      case "date" -> {
        return new Typed(Kind.DATE, temporalArgument(function, arguments.get(0)), start);
      }
      case "days_between" -> {
        Temporal from = temporalArgument(function, arguments.get(0));
        Temporal to = temporalArgument(function, arguments.get(1));
        return new Typed(Kind.INTEGER, new Nodes.DaysBetween(from, to), start);
      }
      case "matches" -> {
        return new Typed(Kind.CONDITION, matches(arguments.get(0), arguments.get(1)), start);
      }
      case "length" -> {
        Typed argument = arguments.get(0);
        if (argument.column() != null) {
          return new Typed(Kind.INTEGER, new Nodes.Length(argument.info().index()), start);
        }
        if (argument.literal() != null) {
          String literal = argument.literal();
          long length = literal.codePointCount(0, literal.length());
          return new Typed(Kind.INTEGER, new Nodes.IntConstant(length), start);
        }
        throw new ExpressionException(
            "length() needs a column or a string, not " + describe(argument), argument.start());
      }
      default -> {
        int part =
            switch (function) {
              case "year" -> Nodes.DatePart.YEAR;
              case "month" -> Nodes.DatePart.MONTH;
              default -> Nodes.DatePart.DAY;
            };
        Temporal operand = temporalArgument(function, arguments.get(0));
        return new Typed(Kind.INTEGER, new Nodes.DatePart(operand, part), start);
      }
    }
  }

  /**
   * {@code matches(x, 'regex')}: the whole cell must match; RE2, so linear in the cell's length.
   */
  private Cond matches(Typed value, Typed regex) throws ExpressionException {
    if (value.column() == null) {
      throw new ExpressionException(
          "matches() tests a column, not " + describe(value), value.start());
    }
    if (regex.literal() == null) {
      throw new ExpressionException(
          "matches() needs a regular expression in a string such as '[A-Z]{2}', not "
              + describe(regex),
          regex.start());
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex.literal());
    } catch (PatternSyntaxException e) {
      throw new ExpressionException(
          describe(regex)
              + " is not a valid regular expression: "
              + e.getDescription()
              + " (RE2 syntax, matched in linear time: no backreferences or look-around)",
          regex.start());
    }
    patterns.add(pattern);
    return new Nodes.Matches(value.info().index(), patterns.size() - 1);
  }

  private Temporal temporalArgument(String function, Typed argument) throws ExpressionException {
    if (argument.kind().isTemporal()) {
      return (Temporal) argument.node();
    }
    if (argument.literal() != null) {
      return (Temporal) temporalLiteral(argument, argument).node();
    }
    throw new ExpressionException(
        function + "() needs a date or datetime, not " + describe(argument), argument.start());
  }

  // ---- helpers

  private static String describe(Typed typed) {
    if (typed.column() != null) {
      return "the " + typed.info().type().keyword() + " column '" + typed.column() + "'";
    }
    if (typed.literal() != null) {
      return "the string '" + typed.literal().replace("'", "''") + "'";
    }
    return typed.kind().description;
  }

  /** A hint for a keyword written in the wrong case, such as {@code AND}. */
  private static String keywordHint(Token token) {
    String lower = token.value().toLowerCase(Locale.ROOT);
    return token.type() == Type.NAME && !lower.equals(token.value()) && KEYWORDS.contains(lower)
        ? "; keywords are lower case: " + lower
        : "";
  }

  private void enter(Token token) throws ExpressionException {
    if (++depth > MAX_DEPTH) {
      throw new ExpressionException(
          "the expression nests deeper than " + MAX_DEPTH + " levels", token.start());
    }
  }

  private Token peek() {
    return tokens.get(position);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(position + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token token = tokens.get(position);
    if (token.type() != Type.END) {
      position++;
    }
    return token;
  }

  private boolean accept(Type type) {
    if (peek().type() == type) {
      next();
      return true;
    }
    return false;
  }

  private void expect(Type type, String what) throws ExpressionException {
    Token token = next();
    if (token.type() != type) {
      throw new ExpressionException("expected " + what + ", found " + token.shown(), token.start());
    }
  }

  /** "Did you mean" hints, from the engine's one suggestion helper. */
  static final class Suggestions {
    private Suggestions() {}

    static String didYouMean(String name, Iterable<String> candidates) {
      TreeSet<String> sorted = new TreeSet<>();
      candidates.forEach(sorted::add);
      return org.ehrcontracts.engine.util.Suggestions.closest(name, sorted)
          .map(best -> "; did you mean '" + best + "'?")
          .orElse("");
    }
  }
}
