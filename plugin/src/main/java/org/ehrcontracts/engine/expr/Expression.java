package org.ehrcontracts.engine.expr;

import com.google.re2j.Pattern;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A compiled check expression, such as {@code visit_end_date >= visit_start_date}.
 *
 * <p>The language has column names; number literals; single-quoted string literals ({@code ''}
 * stands for a quote); comparisons {@code = != < <= > >=}; {@code and}, {@code or}, {@code not} and
 * parentheses; {@code x is empty} and {@code x is not empty}; {@code x [not] in (1, 2)} over number
 * or string literals; {@code x [not] between a and b} (inclusive); and the functions {@code
 * date(x)}, {@code year(x)}, {@code month(x)}, {@code day(x)}, {@code days_between(a, b)}, {@code
 * length(x)}, {@code matches(x, 'regex')} (RE2, whole value, compiled here) and {@code today()};
 * and qualified names {@code name.column}, which {@link Qualifiers} resolves to a lookup's value
 * for the row's key columns or to another table's column for the row's reference. Keywords and
 * function names are lower case. There is nothing else: no arithmetic, no method calls, no
 * reflection.
 *
 * <p>Values compare by type, checked when parsing: numbers numerically (integers as 64-bit
 * integers, floats as doubles, mixed exactly), text by its characters, dates and datetimes in time.
 * A date compared with a datetime compares the datetime's date as written; two datetimes compare as
 * instants when both have an offset or zone, else as local date-times. A string literal compared
 * with a date or datetime must be one, in the column's formats or in ISO form ({@code
 * '2017-01-01'}, {@code '2017-01-01T10:00:00Z'}).
 *
 * <p>A comparison or function that meets an empty value, or a value that does not read as its
 * column's type, is {@link Truth#NOT_APPLICABLE}; {@code and}, {@code or} and {@code not} combine
 * that as SQL does, and {@code is [not] empty} is never not applicable.
 *
 * <p>Instances are immutable and thread-safe. Evaluation allocates nothing per row: {@link
 * #evaluate} keeps a small scratch frame per thread for date operands, and an {@link Evaluator}
 * from {@link #newEvaluator()} owns one, for a single thread that wants no thread-local lookup.
 *
 * @since 0.1.0
 */
public final class Expression {
  /**
   * The longest expression accepted, in characters.
   *
   * @since 0.1.0
   */
  public static final int MAX_LENGTH = Parser.MAX_LENGTH;

  /**
   * The deepest nesting of parentheses, {@code not} and function calls accepted.
   *
   * @since 0.1.0
   */
  public static final int MAX_DEPTH = Parser.MAX_DEPTH;

  private final String text;
  private final Set<String> columns;
  private final Nodes.Cond root;
  private final boolean usesToday;
  private final int slots;
  private final List<Pattern> patterns;
  private final Set<Integer> references;
  private final boolean failsUnlisted;
  private final ThreadLocal<Frame> frames;

  private Expression(String text, Parser.Result result) {
    this.text = text;
    this.columns = result.columns();
    this.root = result.root();
    this.usesToday = result.usesToday();
    int slots = result.slots();
    this.slots = slots;
    List<Pattern> patterns = result.patterns();
    this.patterns = patterns;
    this.references = result.references();
    this.failsUnlisted = result.failsUnlisted();
    this.frames =
        slots > 0 || usesToday || !patterns.isEmpty() || result.usesLookups()
            ? ThreadLocal.withInitial(() -> new Frame(slots, patterns))
            : null;
  }

  /**
   * Parses and compiles an expression.
   *
   * @param text the expression
   * @param columns the columns it may name, by name
   * @return the compiled expression
   * @throws ExpressionException when the expression does not parse, names an unknown column or
   *     function, compares values that cannot be compared, or exceeds {@link #MAX_LENGTH} or {@link
   *     #MAX_DEPTH}
   * @since 0.1.0
   */
  public static Expression parse(String text, Map<String, ColumnInfo> columns)
      throws ExpressionException {
    Objects.requireNonNull(text, "text");
    return parse(text, columns, Qualifiers.NONE);
  }

  /**
   * Parses and compiles an expression that may use qualified names {@code name.column}: lookups and
   * other tables' columns, as {@code qualifiers} resolves them.
   *
   * @param text the expression
   * @param columns the columns it may name, by name
   * @param qualifiers what its qualified names read
   * @return the compiled expression
   * @throws ExpressionException as {@link #parse(String, Map)} does, and when a qualified name is
   *     unknown
   * @since 0.3.0
   */
  public static Expression parse(
      String text, Map<String, ColumnInfo> columns, Qualifiers qualifiers)
      throws ExpressionException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(qualifiers, "qualifiers");
    return new Expression(text, Parser.parse(text, columns, qualifiers));
  }

  /**
   * The references ({@link Qualified#reference()}) the expression reads, through {@link
   * RowValues#referenced}.
   *
   * @since 0.3.0
   */
  public Set<Integer> references() {
    return references;
  }

  /**
   * The expression as written.
   *
   * @since 0.1.0
   */
  public String text() {
    return text;
  }

  /**
   * The names of the columns the expression uses, in the order they first appear.
   *
   * @since 0.1.0
   */
  public Set<String> columns() {
    return columns;
  }

  /**
   * Evaluates the expression on one row.
   *
   * @param row the row's cells
   * @param today the run's reference date, for {@code today()}; may be {@code null} when the
   *     expression does not use it
   * @return whether the row meets the condition, or {@link Truth#NOT_APPLICABLE} when a value it
   *     needs is empty or unreadable
   * @since 0.1.0
   */
  public Truth evaluate(RowValues row, LocalDate today) {
    Frame frame = null;
    if (frames != null) {
      frame = frames.get();
      if (usesToday) {
        frame.setToday(Objects.requireNonNull(today, "today"));
      }
    }
    return eval(this, row, frame);
  }

  /** The root's truth; false where a lookup whose unlisted keys fail met one and left it open. */
  private static Truth eval(Expression expression, RowValues row, Frame frame) {
    if (!expression.failsUnlisted) {
      return Nodes.eval(expression.root, row, frame);
    }
    frame.unlisted = false;
    Truth truth = Nodes.eval(expression.root, row, frame);
    return truth == Truth.NOT_APPLICABLE && frame.unlisted ? Truth.FALSE : truth;
  }

  /**
   * Makes an evaluator with its own scratch frame, for use by one thread at a time.
   *
   * @since 0.1.0
   */
  public Evaluator newEvaluator() {
    return new Evaluator(this);
  }

  /**
   * Evaluates an expression with scratch space of its own; not thread-safe.
   *
   * <p>A streaming validator keeps one per check and file, so that nothing outlives the run in
   * thread-local storage.
   *
   * @since 0.1.0
   */
  public static final class Evaluator {
    private final Expression expression;
    private final Frame frame;

    private Evaluator(Expression expression) {
      this.expression = expression;
      this.frame =
          expression.frames != null ? new Frame(expression.slots, expression.patterns) : null;
    }

    /**
     * The expression this evaluates.
     *
     * @since 0.1.0
     */
    public Expression expression() {
      return expression;
    }

    /**
     * Evaluates the expression on one row, as {@link Expression#evaluate} does.
     *
     * @since 0.1.0
     */
    public Truth evaluate(RowValues row, LocalDate today) {
      if (expression.usesToday) {
        frame.setToday(Objects.requireNonNull(today, "today"));
      }
      return eval(expression, row, frame);
    }
  }

  /**
   * Returns the expression as written.
   *
   * @since 0.1.0
   */
  @Override
  public String toString() {
    return text;
  }
}
