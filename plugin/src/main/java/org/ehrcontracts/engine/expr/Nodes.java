package org.ehrcontracts.engine.expr;

import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.ParsedDateTime;

/**
 * The compiled form of an expression: small immutable nodes, typed by what they yield.
 *
 * <p>Operands report "not applicable" (an empty or unreadable value) through a sentinel rather than
 * an exception or a wrapper object: {@link Numbers#NA} for integers, NaN for doubles, {@code null}
 * for text and dates.
 */
final class Nodes {
  private Nodes() {}

  /** A condition. */
  sealed interface Cond
      permits And,
          Or,
          Not,
          IsEmpty,
          CompareNumbers,
          CompareText,
          CompareDays,
          CompareTimes,
          BetweenNumbers,
          BetweenLookup,
          InIntegers,
          InNumbers,
          InText,
          Matches {
    Truth eval(RowValues row, Frame frame);
  }

  /** A number; integral ones answer {@link #asLong}, the others {@link #asDouble}. */
  sealed interface Num
      permits IntColumn,
          FloatColumn,
          IntConstant,
          FloatConstant,
          DatePart,
          DaysBetween,
          Length,
          LookupValue,
          ReferencedNumber {
    boolean integral();

    long asLong(RowValues row, Frame frame);

    double asDouble(RowValues row, Frame frame);
  }

  /** Text; {@code null} when the value is empty. */
  sealed interface Text permits TextColumn, TextConstant {
    CharSequence text(RowValues row);
  }

  /** A date or datetime; {@code null} when the value is empty or not in the column's formats. */
  sealed interface Temporal permits TemporalColumn, TemporalConstant, Today, ReferencedDate {
    ParsedDateTime value(RowValues row, Frame frame);
  }

  /** The comparison operators. */
  enum Op {
    EQ("="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String symbol;

    /** Bit 0: holds when less, bit 1: when equal, bit 2: when greater. */
    private final int holds;

    Op(String symbol) {
      this.symbol = symbol;
      this.holds =
          switch (symbol) {
            case "=" -> 0b010;
            case "!=" -> 0b101;
            case "<" -> 0b001;
            case "<=" -> 0b011;
            case ">" -> 0b100;
            default -> 0b110;
          };
    }

    /** Whether a comparison's result (negative, zero or positive) meets the operator. */
    boolean test(int comparison) {
      // Without a branch: the operators of a contract's checks alternate row after row.
      return (holds >> (Integer.signum(comparison) + 1) & 1) != 0;
    }

    Truth truth(int comparison) {
      return test(comparison) ? Truth.TRUE : Truth.FALSE;
    }
  }

  static CharSequence cell(RowValues row, int index) {
    CharSequence value = row.value(index);
    return value == null ? "" : value;
  }

  // A check of each kind in one contract makes the operand and constant call sites of the shared
  // nodes megamorphic (on the 5M-row benchmark, seven checks cost 45 % where each alone cost
  // noise); the usual operands, a column or a literal, are read here without a virtual call.

  /** {@code number.integral()}, without a virtual call. */
  static boolean integral(Num number) {
    if (number instanceof IntColumn || number instanceof IntConstant) {
      return true;
    }
    if (number instanceof FloatColumn || number instanceof FloatConstant) {
      return false;
    }
    if (number instanceof DatePart || number instanceof DaysBetween || number instanceof Length) {
      return true;
    }
    if (number instanceof LookupValue value) {
      return value.integral();
    }
    if (number instanceof ReferencedNumber value) {
      return value.integral();
    }
    return number.integral();
  }

  /** {@code number.asLong}, without a virtual call. */
  static long longOf(Num number, RowValues row, Frame frame) {
    if (number instanceof IntColumn column) {
      return row.integer(column.index());
    }
    if (number instanceof IntConstant constant) {
      return constant.value();
    }
    if (number instanceof DaysBetween days) {
      return days.asLong(row, frame);
    }
    if (number instanceof DatePart part) {
      return part.asLong(row, frame);
    }
    if (number instanceof ReferencedNumber referenced) {
      return referenced.asLong(row, frame);
    }
    if (number instanceof LookupValue value) {
      return value.asLong(row, frame);
    }
    if (number instanceof Length length) {
      return length.asLong(row, frame);
    }
    return number.asLong(row, frame);
  }

  /** {@code temporal.value}, without a virtual call. */
  static ParsedDateTime temporalOf(Temporal temporal, RowValues row, Frame frame) {
    if (temporal instanceof TemporalColumn column) {
      return column.value(row, frame);
    }
    if (temporal instanceof Today) {
      return frame.today();
    }
    if (temporal instanceof TemporalConstant constant) {
      return constant.value();
    }
    if (temporal instanceof ReferencedDate referenced) {
      return referenced.value(row, frame);
    }
    return temporal.value(row, frame);
  }

  /**
   * The epoch day of {@code temporal}'s date (a datetime's date as written), or {@link Numbers#NA}
   * when it has none: the day the caller already knows ({@link RowValues#day}) for a column, the
   * frame's for {@code today()}, the referenced row's as it is kept; otherwise from the value.
   */
  static long dayOf(Temporal temporal, RowValues row, Frame frame) {
    if (temporal instanceof TemporalColumn column) {
      long day = row.day(column.index());
      if (day != Numbers.NA) {
        return day;
      }
    } else if (temporal instanceof Today) {
      return frame.todayDay();
    } else if (temporal instanceof ReferencedDate referenced) {
      return referenced.day(row);
    }
    ParsedDateTime value = temporalOf(temporal, row, frame);
    return value == null ? Numbers.NA : value.epochDay();
  }

  /** {@code number.asDouble}, without a virtual call. */
  static double doubleOf(Num number, RowValues row, Frame frame) {
    if (number instanceof FloatColumn column) {
      return row.number(column.index());
    }
    if (number instanceof FloatConstant constant) {
      return constant.value();
    }
    if (number instanceof LookupValue value) {
      return value.asDouble(row, frame);
    }
    if (number instanceof ReferencedNumber referenced) {
      return referenced.asDouble(row, frame);
    }
    if (integral(number)) {
      long value = longOf(number, row, frame);
      return value == Numbers.NA ? Double.NaN : value;
    }
    return number.asDouble(row, frame);
  }

  /**
   * {@code cond.eval}, without a virtual call: the checks of a contract put a condition of each
   * kind behind one call site, which the JIT then cannot inline (a megamorphic interface call per
   * check and row); a test of each final record class can, and the branch it takes repeats row
   * after row. The order puts the conditions sites write most first.
   */
  static Truth eval(Cond cond, RowValues row, Frame frame) {
    if (cond instanceof CompareNumbers c) {
      return c.eval(row, frame);
    }
    if (cond instanceof CompareDays c) {
      return c.eval(row, frame);
    }
    if (cond instanceof BetweenNumbers c) {
      return c.eval(row, frame);
    }
    if (cond instanceof InIntegers c) {
      return c.eval(row, frame);
    }
    if (cond instanceof BetweenLookup c) {
      return c.eval(row, frame);
    }
    if (cond instanceof Matches c) {
      return c.eval(row, frame);
    }
    if (cond instanceof IsEmpty c) {
      return c.eval(row, frame);
    }
    if (cond instanceof And c) {
      return c.eval(row, frame);
    }
    if (cond instanceof Or c) {
      return c.eval(row, frame);
    }
    return cond.eval(row, frame);
  }

  // ---- conditions

  record And(Cond[] parts) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      Truth result = Truth.TRUE;
      for (Cond part : parts) {
        Truth truth = Nodes.eval(part, row, frame);
        if (truth == Truth.FALSE) {
          return Truth.FALSE;
        }
        if (truth == Truth.NOT_APPLICABLE) {
          result = Truth.NOT_APPLICABLE;
        }
      }
      return result;
    }
  }

  record Or(Cond[] parts) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      Truth result = Truth.FALSE;
      for (Cond part : parts) {
        Truth truth = Nodes.eval(part, row, frame);
        if (truth == Truth.TRUE) {
          return Truth.TRUE;
        }
        if (truth == Truth.NOT_APPLICABLE) {
          result = Truth.NOT_APPLICABLE;
        }
      }
      return result;
    }
  }

  record Not(Cond operand) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      return Nodes.eval(operand, row, frame).not();
    }
  }

  record IsEmpty(int index, boolean empty) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      return (cell(row, index).length() == 0) == empty ? Truth.TRUE : Truth.FALSE;
    }
  }

  /** Integers compare as longs, doubles as doubles, and an integer with a double exactly. */
  record CompareNumbers(Num left, Op op, Num right) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      if (integral(left)) {
        long x = longOf(left, row, frame);
        return x == Numbers.NA ? Truth.NOT_APPLICABLE : compare(x, op, right, row, frame);
      }
      double x = doubleOf(left, row, frame);
      return Double.isNaN(x) ? Truth.NOT_APPLICABLE : compare(x, op, right, row, frame);
    }

    /** An integer, not NA, against the right operand. */
    static Truth compare(long x, Op op, Num right, RowValues row, Frame frame) {
      if (right instanceof IntConstant constant) {
        return op.truth(Long.compare(x, constant.value()));
      }
      if (right instanceof FloatConstant constant) {
        return op.truth(Numbers.compare(x, constant.value()));
      }
      if (integral(right)) {
        long y = longOf(right, row, frame);
        return y == Numbers.NA ? Truth.NOT_APPLICABLE : op.truth(Long.compare(x, y));
      }
      double y = doubleOf(right, row, frame);
      return Double.isNaN(y) ? Truth.NOT_APPLICABLE : op.truth(Numbers.compare(x, y));
    }

    /** A double, not NaN, against the right operand. */
    static Truth compare(double x, Op op, Num right, RowValues row, Frame frame) {
      if (right instanceof IntConstant constant) {
        return op.truth(-Numbers.compare(constant.value(), x));
      }
      if (right instanceof FloatConstant constant) {
        return op.truth(Numbers.compare(x, constant.value()));
      }
      if (integral(right)) {
        long y = longOf(right, row, frame);
        return y == Numbers.NA ? Truth.NOT_APPLICABLE : op.truth(-Numbers.compare(y, x));
      }
      double y = doubleOf(right, row, frame);
      return Double.isNaN(y) ? Truth.NOT_APPLICABLE : op.truth(Numbers.compare(x, y));
    }
  }

  record CompareText(Text left, Op op, Text right) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      CharSequence x = left.text(row);
      if (x == null) {
        return Truth.NOT_APPLICABLE;
      }
      if (!(x instanceof String)) {
        // A row may hand out one reusable view for every cell (CsvRecord does): read the right
        // side only once the left is a value of its own, or both would be the right's cell.
        x = x.toString();
      }
      CharSequence y = right.text(row);
      return y == null ? Truth.NOT_APPLICABLE : op.truth(CharSequence.compare(x, y));
    }
  }

  /** Compares calendar dates, as written; a datetime contributes its date part. */
  record CompareDays(Temporal left, Op op, Temporal right) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      long x = dayOf(left, row, frame);
      if (x == Numbers.NA) {
        return Truth.NOT_APPLICABLE;
      }
      long y = dayOf(right, row, frame);
      return y == Numbers.NA ? Truth.NOT_APPLICABLE : op.truth(Long.compare(x, y));
    }
  }

  /** Compares datetimes: as instants when both have an offset or zone, else as local date-times. */
  record CompareTimes(Temporal left, Op op, Temporal right) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      ParsedDateTime x = temporalOf(left, row, frame);
      if (x == null) {
        return Truth.NOT_APPLICABLE;
      }
      ParsedDateTime y = temporalOf(right, row, frame);
      if (y == null) {
        return Truth.NOT_APPLICABLE;
      }
      boolean instants = x.hasZone() && y.hasZone();
      long xs = instants ? x.epochSecond() : x.localEpochSecond();
      long ys = instants ? y.epochSecond() : y.localEpochSecond();
      int comparison = xs != ys ? Long.compare(xs, ys) : Integer.compare(x.nanos(), y.nanos());
      return op.truth(comparison);
    }
  }

  /** {@code x between low and high} on numbers: {@code x >= low and x <= high}, x read once. */
  record BetweenNumbers(Num operand, Num low, Num high) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      if (integral(operand)) {
        long x = longOf(operand, row, frame);
        if (x == Numbers.NA) {
          return Truth.NOT_APPLICABLE;
        }
        return CompareNumbers.compare(x, Op.GE, low, row, frame)
            .and(CompareNumbers.compare(x, Op.LE, high, row, frame));
      }
      double x = doubleOf(operand, row, frame);
      if (Double.isNaN(x)) {
        return Truth.NOT_APPLICABLE;
      }
      return CompareNumbers.compare(x, Op.GE, low, row, frame)
          .and(CompareNumbers.compare(x, Op.LE, high, row, frame));
    }
  }

  /**
   * {@code x between l.a and l.b} with both bounds from one lookup: the row's key read and found
   * once, not once per bound; otherwise as {@link BetweenNumbers}.
   */
  record BetweenLookup(
      Num operand,
      int[] keys,
      LookupTable table,
      int low,
      boolean lowIntegral,
      int high,
      boolean highIntegral)
      implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      boolean integral = integral(operand);
      long x = integral ? longOf(operand, row, frame) : 0;
      double d = integral ? 0 : doubleOf(operand, row, frame);
      if (integral ? x == Numbers.NA : Double.isNaN(d)) {
        return Truth.NOT_APPLICABLE;
      }
      int at = LookupValue.find(keys, table, row, frame);
      if (at < 0) {
        return Truth.NOT_APPLICABLE;
      }
      return bound(integral, x, d, table.raw(at, low), lowIntegral, Op.GE)
          .and(bound(integral, x, d, table.raw(at, high), highIntegral, Op.LE));
    }

    private static Truth bound(
        boolean integral, long x, double d, long raw, boolean rawIntegral, Op op) {
      if (raw == Numbers.NA) {
        return Truth.NOT_APPLICABLE;
      }
      if (integral) {
        return op.truth(
            rawIntegral ? Long.compare(x, raw) : Numbers.compare(x, Double.longBitsToDouble(raw)));
      }
      return op.truth(
          rawIntegral
              ? -Numbers.compare(raw, d)
              : Numbers.compare(d, Double.longBitsToDouble(raw)));
    }
  }

  /** {@code x in (...)} with an integer operand and integer values, sorted at compile time. */
  record InIntegers(Num operand, long[] sorted) implements Cond {
    /** Up to this many values, every one is compared: no branch to mispredict as values vary. */
    private static final int SCANNED = 16;

    @Override
    public Truth eval(RowValues row, Frame frame) {
      long x = longOf(operand, row, frame);
      if (x == Numbers.NA) {
        return Truth.NOT_APPLICABLE;
      }
      if (sorted.length <= SCANNED) {
        boolean found = false;
        for (long value : sorted) {
          found |= value == x;
        }
        return Truth.of(found);
      }
      return Truth.of(java.util.Arrays.binarySearch(sorted, x) >= 0);
    }
  }

  /**
   * {@code x in (...)} where the operand or a value is a float: compared exactly, as {@link
   * CompareNumbers} does; lists are short, so a scan.
   */
  record InNumbers(Num operand, double[] values) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      if (integral(operand)) {
        long x = longOf(operand, row, frame);
        if (x == Numbers.NA) {
          return Truth.NOT_APPLICABLE;
        }
        for (double y : values) {
          if (Numbers.compare(x, y) == 0) {
            return Truth.TRUE;
          }
        }
        return Truth.FALSE;
      }
      double x = doubleOf(operand, row, frame);
      if (Double.isNaN(x)) {
        return Truth.NOT_APPLICABLE;
      }
      for (double y : values) {
        if (x == y) {
          return Truth.TRUE;
        }
      }
      return Truth.FALSE;
    }
  }

  /** {@code x in ('a', 'b')}: the text equals one of the values, character for character. */
  record InText(Text operand, String[] values) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      CharSequence x = operand.text(row);
      if (x == null) {
        return Truth.NOT_APPLICABLE;
      }
      for (String y : values) {
        if (CharSequence.compare(x, y) == 0) {
          return Truth.TRUE;
        }
      }
      return Truth.FALSE;
    }
  }

  /**
   * {@code matches(x, 'regex')}: the whole cell matches; the compiled pattern's matcher, and a
   * memory of recent answers, are the frame's, reused row after row.
   */
  record Matches(int index, int slot) implements Cond {
    @Override
    public Truth eval(RowValues row, Frame frame) {
      CharSequence value = cell(row, index);
      if (value.length() == 0) {
        return Truth.NOT_APPLICABLE;
      }
      return Truth.of(frame.matches(slot, value));
    }
  }

  // ---- numbers

  record IntColumn(int index) implements Num {
    @Override
    public boolean integral() {
      return true;
    }

    @Override
    public long asLong(RowValues row, Frame frame) {
      return row.integer(index);
    }

    @Override
    public double asDouble(RowValues row, Frame frame) {
      long value = asLong(row, frame);
      return value == Numbers.NA ? Double.NaN : value;
    }
  }

  record FloatColumn(int index) implements Num {
    @Override
    public boolean integral() {
      return false;
    }

    @Override
    public long asLong(RowValues row, Frame frame) {
      throw new IllegalStateException("not integral");
    }

    @Override
    public double asDouble(RowValues row, Frame frame) {
      return row.number(index);
    }
  }

  record IntConstant(long value) implements Num {
    @Override
    public boolean integral() {
      return true;
    }

    @Override
    public long asLong(RowValues row, Frame frame) {
      return value;
    }

    @Override
    public double asDouble(RowValues row, Frame frame) {
      return value;
    }
  }

  record FloatConstant(double value) implements Num {
    @Override
    public boolean integral() {
      return false;
    }

    @Override
    public long asLong(RowValues row, Frame frame) {
      throw new IllegalStateException("not integral");
    }

    @Override
    public double asDouble(RowValues row, Frame frame) {
      return value;
    }
  }

  /** {@code year(x)}, {@code month(x)} or {@code day(x)}. */
  record DatePart(Temporal operand, int part) implements Num {
    static final int YEAR = 0;
    static final int MONTH = 1;
    static final int DAY = 2;

    @Override
    public boolean integral() {
      return true;
    }

    @Override
    public long asLong(RowValues row, Frame frame) {
      ParsedDateTime value = temporalOf(operand, row, frame);
      if (value == null) {
        return Numbers.NA;
      }
      return switch (part) {
        case YEAR -> value.year();
        case MONTH -> value.month();
        default -> value.day();
      };
    }

    @Override
    public double asDouble(RowValues row, Frame frame) {
      long value = asLong(row, frame);
      return value == Numbers.NA ? Double.NaN : value;
    }
  }

  /**
   * {@code days_between(a, b)}: the calendar days from {@code a} to {@code b}, negative when {@code
   * b} is earlier; a datetime contributes its date as written, as in {@link CompareDays}.
   */
  record DaysBetween(Temporal from, Temporal to) implements Num {
    @Override
    public boolean integral() {
      return true;
    }

    @Override
    public long asLong(RowValues row, Frame frame) {
      long x = dayOf(from, row, frame);
      if (x == Numbers.NA) {
        return Numbers.NA;
      }
      long y = dayOf(to, row, frame);
      return y == Numbers.NA ? Numbers.NA : y - x;
    }

    @Override
    public double asDouble(RowValues row, Frame frame) {
      long value = asLong(row, frame);
      return value == Numbers.NA ? Double.NaN : value;
    }
  }

  /** {@code length(x)}: the number of characters (code points) of a non-empty value. */
  record Length(int index) implements Num {
    @Override
    public boolean integral() {
      return true;
    }

    @Override
    public long asLong(RowValues row, Frame frame) {
      CharSequence value = cell(row, index);
      int length = value.length();
      return length == 0 ? Numbers.NA : Character.codePointCount(value, 0, length);
    }

    @Override
    public double asDouble(RowValues row, Frame frame) {
      long value = asLong(row, frame);
      return value == Numbers.NA ? Double.NaN : value;
    }
  }

  /**
   * {@code lookup.column}: the lookup's value for the row's key columns; not applicable when a key
   * cell is empty, the key is not listed (then marking the frame, for a lookup whose unlisted keys
   * fail), or the listed cell is empty.
   */
  record LookupValue(int[] keys, LookupTable table, int column, boolean integral) implements Num {
    private long raw(RowValues row, Frame frame) {
      int at = find(keys, table, row, frame);
      return at < 0 ? Numbers.NA : table.raw(at, column);
    }

    /**
     * The table's row for the row's key columns; -1 (the frame marked, for a lookup whose unlisted
     * keys fail) when the key is not listed, -2 when a key cell is empty or not an integer.
     */
    static int find(int[] keys, LookupTable table, RowValues row, Frame frame) {
      long first = row.integer(keys[0]);
      if (first == Numbers.NA) {
        return -2;
      }
      long key;
      if (keys.length == 1) {
        key = LookupTable.pack(first);
      } else {
        long second = row.integer(keys[1]);
        if (second == Numbers.NA) {
          return -2;
        }
        key = LookupTable.pack(first, second);
      }
      int at;
      if (frame.lastTable == table && frame.lastKey == key) {
        at = frame.lastRow;
      } else {
        at = key == LookupTable.NO_KEY ? -1 : table.row(key);
        frame.lastTable = table;
        frame.lastKey = key;
        frame.lastRow = at;
      }
      if (at < 0 && table.unlistedFails()) {
        frame.unlisted = true;
      }
      return at;
    }

    @Override
    public long asLong(RowValues row, Frame frame) {
      return raw(row, frame);
    }

    @Override
    public double asDouble(RowValues row, Frame frame) {
      long raw = raw(row, frame);
      if (raw == Numbers.NA) {
        return Double.NaN;
      }
      return integral ? raw : Double.longBitsToDouble(raw);
    }
  }

  /** {@code table.column}, a number: the referenced row's value, through the row's key column. */
  record ReferencedNumber(int key, int reference, boolean integral) implements Num {
    private long raw(RowValues row) {
      long id = row.integer(key);
      if (id == Numbers.NA) {
        return Numbers.NA;
      }
      long value = row.referenced(reference, id);
      return value == RowValues.ABSENT ? Numbers.NA : value;
    }

    @Override
    public long asLong(RowValues row, Frame frame) {
      return raw(row);
    }

    @Override
    public double asDouble(RowValues row, Frame frame) {
      long raw = raw(row);
      if (raw == Numbers.NA) {
        return Double.NaN;
      }
      return integral ? raw : Double.longBitsToDouble(raw);
    }
  }

  // ---- text

  record TextColumn(int index) implements Text {
    @Override
    public CharSequence text(RowValues row) {
      CharSequence value = cell(row, index);
      return value.length() == 0 ? null : value;
    }
  }

  record TextConstant(String value) implements Text {
    @Override
    public CharSequence text(RowValues row) {
      return value;
    }
  }

  // ---- dates and datetimes

  record TemporalColumn(int index, DateTimeFormats formats, int slot) implements Temporal {
    @Override
    public ParsedDateTime value(RowValues row, Frame frame) {
      ParsedDateTime known = row.parsed(index);
      if (known != null) {
        return known;
      }
      CharSequence value = cell(row, index);
      if (value.length() == 0) {
        return null;
      }
      ParsedDateTime parsed = frame.slots[slot];
      return formats.parse(value, parsed) >= 0 ? parsed : null;
    }
  }

  /** A literal; its holder is filled once at compile time and only read afterwards. */
  record TemporalConstant(ParsedDateTime value) implements Temporal {
    @Override
    public ParsedDateTime value(RowValues row, Frame frame) {
      return value;
    }
  }

  /** {@code table.column}, a date: the referenced row's date, through the row's key column. */
  record ReferencedDate(int key, int reference, int slot) implements Temporal {
    /** The referenced row's epoch day, or {@link Numbers#NA}. */
    long day(RowValues row) {
      long id = row.integer(key);
      if (id == Numbers.NA) {
        return Numbers.NA;
      }
      long day = row.referenced(reference, id);
      return day == RowValues.ABSENT ? Numbers.NA : day;
    }

    @Override
    public ParsedDateTime value(RowValues row, Frame frame) {
      long day = day(row);
      if (day == Numbers.NA) {
        return null;
      }
      ParsedDateTime holder = frame.slots[slot];
      holder.setEpochDay(day);
      return holder;
    }
  }

  record Today() implements Temporal {
    @Override
    public ParsedDateTime value(RowValues row, Frame frame) {
      return frame.today();
    }
  }
}
