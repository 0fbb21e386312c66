package org.ehrcontracts.engine.format;

import java.util.Objects;

/**
 * A compiled date or datetime pattern of the contract language, such as {@code
 * YYYY-MM-DDThh:mm:ss±hh:mm} or {@code YYYY-MM-DD[ hh:mm[:ss[.f]]]}.
 *
 * <p>The tokens are {@code YYYY}, {@code MM}, {@code DD}, {@code hh}, {@code mm}, {@code ss},
 * {@code .f} (a dot and 1 to 9 fraction digits), {@code ±hh:mm} and {@code ±hhmm} (an offset whose
 * sign is {@code +} or {@code -} in the value), {@code Z}, {@code ZONE} (a time-zone name known to
 * {@link java.time.ZoneId}, such as {@code UTC} or {@code America/New_York}) and optional groups
 * {@code [ ... ]}, which nest. Every other character stands for itself. A value matches only if it
 * is a real calendar date and time: {@code 2016-02-29} matches {@code YYYY-MM-DD}, {@code
 * 2015-02-29} does not.
 *
 * <p>To catch typing mistakes, the letters {@code Y}, {@code M}, {@code D}, {@code h}, {@code m}
 * and {@code s} may only appear as whole tokens, and each token at most once. The date part must
 * not be optional, {@code mm} needs {@code hh}, {@code ss} needs {@code mm} and {@code .f} needs
 * {@code ss}.
 *
 * <p>Matching reads the value in one pass without regular expressions or exceptions. An optional
 * group is tried first and skipped when the rest does not match, so backtracking only happens on
 * values that do not match. The fraction and {@code ZONE} take as many characters as they can.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DateTimePattern {
  /** The longest pattern accepted. */
  static final int MAX_LENGTH = 200;

  /** The most optional groups a pattern may have; it bounds backtracking to 2^10 paths. */
  static final int MAX_GROUPS = 10;

  static final int LITERAL = 0;
  static final int YEAR = 1;
  static final int MONTH = 2;
  static final int DAY = 3;
  static final int HOUR = 4;
  static final int MINUTE = 5;
  static final int SECOND = 6;
  static final int FRACTION = 7;
  static final int OFFSET_COLON = 8;
  static final int OFFSET_PLAIN = 9;
  static final int UTC = 10;
  static final int ZONE = 11;
  static final int GROUP = 12;
  static final int GROUP_END = 13;

  static final int MAX_OFFSET_SECONDS = 18 * 3600;
  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private final String pattern;
  private final int[] ops;

  /** The character of a literal; for a group, the instruction after its end. */
  private final int[] args;

  /** For a group, the fields that instructions after it set, to forget when it is skipped. */
  private final int[] masks;

  private final int minLength;
  private final int maxLength;
  private final boolean hasTime;
  private final boolean hasZone;

  /**
   * The fixed-layout prefix: the tokens before the first group, fraction or zone name, each at a
   * known position, read straight off those positions without interpreting instructions; for most
   * patterns the prefix is the whole pattern. Null when the pattern starts with a group.
   */
  private final FixedPrefix prefix;

  DateTimePattern(
      String pattern, int[] ops, int[] args, int[] masks, int minLength, int maxLength) {
    this.pattern = pattern;
    this.ops = ops;
    this.args = args;
    this.masks = masks;
    this.minLength = minLength;
    this.maxLength = maxLength;
    boolean time = false;
    boolean zone = false;
    for (int op : ops) {
      time |= op == HOUR;
      zone |= op >= OFFSET_COLON && op <= ZONE;
    }
    this.hasTime = time;
    this.hasZone = zone;
    this.prefix = FixedPrefix.of(ops, args);
  }

  /**
   * Compiles a pattern.
   *
   * @param pattern the pattern, such as {@code YYYY-MM-DD}
   * @return the compiled pattern
   * @throws PatternException when the pattern is not valid; its index points at the problem
   * @since 0.1.0
   */
  public static DateTimePattern compile(String pattern) {
    return new PatternCompiler(Objects.requireNonNull(pattern, "pattern")).compile();
  }

  /**
   * The pattern as written.
   *
   * @since 0.1.0
   */
  public String pattern() {
    return pattern;
  }

  /**
   * Whether the pattern has a time of day, that is an {@code hh} token (perhaps optional).
   *
   * @since 0.1.0
   */
  public boolean hasTime() {
    return hasTime;
  }

  /**
   * Whether the pattern has an offset or zone token (perhaps optional).
   *
   * @since 0.1.0
   */
  public boolean hasZone() {
    return hasZone;
  }

  /**
   * Whether the whole of {@code value} matches this pattern and is a real date and time.
   *
   * <p>This allocates a small holder per call; on a hot path, reuse one with {@link
   * #parse(CharSequence, ParsedDateTime)}.
   *
   * @since 0.1.0
   */
  public boolean matches(CharSequence value) {
    int length = value.length();
    return length >= minLength && length <= maxLength && parse(value, new ParsedDateTime());
  }

  /**
   * Parses {@code value} into a reusable holder.
   *
   * @param value the whole value
   * @param into the holder to fill; its contents are unspecified when this returns {@code false}
   * @return whether the value matches this pattern and is a real date and time
   * @since 0.1.0
   */
  public boolean parse(CharSequence value, ParsedDateTime into) {
    int length = value.length();
    if (length < minLength || length > maxLength) {
      return false;
    }
    into.reset();
    FixedPrefix p = prefix;
    if (p == null) {
      return run(value, length, 0, 0, into);
    }
    if (p.complete) {
      if (length != p.length || !p.parse(value, length, into)) {
        return false;
      }
      into.fixedSpans(p.spans, p.present);
      return into.day <= ParsedDateTime.lengthOfMonth(into.year, into.month);
    }
    if (length < p.length || !p.parse(value, length, into)) {
      return false;
    }
    System.arraycopy(p.spans, 0, into.spans, 0, p.spans.length);
    into.present = p.present;
    return run(value, length, p.ops, p.length, into);
  }

  /** Parses with the general matcher only, without the fixed-layout prefix; for tests. */
  boolean parseGeneral(CharSequence value, ParsedDateTime into) {
    int length = value.length();
    if (length < minLength || length > maxLength) {
      return false;
    }
    into.reset();
    return run(value, length, 0, 0, into);
  }

  /** Matches {@code Z} at {@code pos}; returns the position after it, or -1, without the span. */
  static int utc(CharSequence s, int length, int pos, ParsedDateTime r) {
    if (pos >= length || s.charAt(pos) != 'Z') {
      return -1;
    }
    r.zoneKind = ParsedDateTime.OFFSET;
    r.offsetSeconds = 0;
    r.offsetKnown = true;
    return pos + 1;
  }

  /**
   * Matches {@code ±hh:mm} or {@code ±hhmm} at {@code pos}; returns the position after it, or -1,
   * without the span.
   */
  static int offset(CharSequence s, int length, int pos, boolean colon, ParsedDateTime r) {
    int end = pos + (colon ? 6 : 5);
    if (end > length) {
      return -1;
    }
    char sign = s.charAt(pos);
    int hours = twoDigits(s, pos + 1);
    if ((sign != '+' && sign != '-') || hours < 0 || hours > 18) {
      return -1;
    }
    if (colon && s.charAt(pos + 3) != ':') {
      return -1;
    }
    int minutes = twoDigits(s, end - 2);
    int total = hours * 3600 + minutes * 60;
    if (minutes < 0 || minutes > 59 || total > MAX_OFFSET_SECONDS) {
      return -1;
    }
    r.zoneKind = ParsedDateTime.OFFSET;
    r.offsetSeconds = sign == '-' ? -total : total;
    r.offsetKnown = true;
    return end;
  }

  /**
   * Truncates a value to January 1 of its year, keeping its form.
   *
   * <p>{@code 1985-03-12T14:05:00.123-05:00} becomes {@code 1985-01-01T00:00:00.000-05:00}: month
   * and day become {@code 01}, the time {@code 00}, fraction digits {@code 0}; the offset or zone
   * and the literals stay.
   *
   * @param value the value
   * @return the truncated value, or {@code null} when the value does not match
   * @since 0.1.0
   */
  public String truncateToYear(CharSequence value) {
    ParsedDateTime parsed = new ParsedDateTime();
    if (!parse(value, parsed)) {
      return null;
    }
    StringBuilder out = new StringBuilder(value.length());
    parsed.appendTruncatedToYear(value, out);
    return out.toString();
  }

  /** The instructions, for {@link FormOverlap}; not to be changed. */
  int[] ops() {
    return ops;
  }

  /** The instructions' arguments, for {@link FormOverlap}; not to be changed. */
  int[] args() {
    return args;
  }

  /** The shortest value that can match. */
  int minLength() {
    return minLength;
  }

  /** The longest value that can match, or {@link Integer#MAX_VALUE}. */
  int maxLength() {
    return maxLength;
  }

  private boolean run(CharSequence s, int length, int pc, int pos, ParsedDateTime r) {
    final int[] ops = this.ops;
    while (pc < ops.length) {
      switch (ops[pc]) {
        case LITERAL -> {
          if (pos >= length || s.charAt(pos) != args[pc]) {
            return false;
          }
          pos++;
        }
        case YEAR -> {
          if (pos + 4 > length) {
            return false;
          }
          int high = twoDigits(s, pos);
          int low = twoDigits(s, pos + 2);
          if (high < 0 || low < 0) {
            return false;
          }
          r.year = high * 100 + low;
          if (r.year == 0) {
            return false;
          }
          r.span(DateTimeField.YEAR, pos, pos + 4);
          pos += 4;
        }
        case MONTH -> {
          int v = pos + 2 <= length ? twoDigits(s, pos) : -1;
          if (v < 1 || v > 12) {
            return false;
          }
          r.month = v;
          r.span(DateTimeField.MONTH, pos, pos += 2);
        }
        case DAY -> {
          // The day is checked against its month and year at the end, where all three are known.
          int v = pos + 2 <= length ? twoDigits(s, pos) : -1;
          if (v < 1 || v > 31) {
            return false;
          }
          r.day = v;
          r.span(DateTimeField.DAY, pos, pos += 2);
        }
        case HOUR -> {
          int v = pos + 2 <= length ? twoDigits(s, pos) : -1;
          if (v < 0 || v > 23) {
            return false;
          }
          r.hour = v;
          r.span(DateTimeField.HOUR, pos, pos += 2);
        }
        case MINUTE -> {
          int v = pos + 2 <= length ? twoDigits(s, pos) : -1;
          if (v < 0 || v > 59) {
            return false;
          }
          r.minute = v;
          r.span(DateTimeField.MINUTE, pos, pos += 2);
        }
        case SECOND -> {
          int v = pos + 2 <= length ? twoDigits(s, pos) : -1;
          if (v < 0 || v > 59) {
            return false;
          }
          r.second = v;
          r.span(DateTimeField.SECOND, pos, pos += 2);
        }
        case FRACTION -> {
          if (pos >= length || s.charAt(pos) != '.') {
            return false;
          }
          int start = pos + 1;
          int end = start;
          int v = 0;
          while (end < length) {
            int d = s.charAt(end) - '0';
            if (d < 0 || d > 9) {
              break;
            }
            if (end - start == 9) {
              return false;
            }
            v = v * 10 + d;
            end++;
          }
          int digits = end - start;
          if (digits == 0) {
            return false;
          }
          r.nanos = v * POW10[9 - digits];
          r.fractionDigits = digits;
          r.span(DateTimeField.FRACTION, start, end);
          pos = end;
        }
        case OFFSET_COLON, OFFSET_PLAIN -> {
          int end = offset(s, length, pos, ops[pc] == OFFSET_COLON, r);
          if (end < 0) {
            return false;
          }
          r.span(DateTimeField.OFFSET, pos, end);
          pos = end;
        }
        case UTC -> {
          int end = utc(s, length, pos, r);
          if (end < 0) {
            return false;
          }
          r.span(DateTimeField.OFFSET, pos, end);
          pos = end;
        }
        case ZONE -> {
          int end = pos;
          if (end >= length || !isAsciiLetter(s.charAt(end))) {
            return false;
          }
          do {
            end++;
          } while (end < length && isZoneChar(s.charAt(end)));
          int index = ZoneNames.find(s, pos, end);
          if (index < 0) {
            return false;
          }
          ZoneNames.Zone zone = ZoneNames.zone(index);
          r.zoneKind = ParsedDateTime.NAMED;
          r.zoneIndex = index;
          r.offsetKnown = zone.fixed();
          r.offsetSeconds = zone.fixedOffsetSeconds();
          r.span(DateTimeField.OFFSET, pos, end);
          pos = end;
        }
        case GROUP -> {
          if (run(s, length, pc + 1, pos, r)) {
            return true;
          }
          r.clear(masks[pc]);
          pc = args[pc];
          continue;
        }
        default -> {
          // GROUP_END: nothing to match.
        }
      }
      pc++;
    }
    return pos == length && r.day <= ParsedDateTime.lengthOfMonth(r.year, r.month);
  }

  static int twoDigits(CharSequence s, int pos) {
    int high = s.charAt(pos) - '0';
    int low = s.charAt(pos + 1) - '0';
    if (high < 0 || high > 9 || low < 0 || low > 9) {
      return -1;
    }
    return high * 10 + low;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isZoneChar(char c) {
    return isAsciiLetter(c)
        || (c >= '0' && c <= '9')
        || c == '/'
        || c == '_'
        || c == '+'
        || c == '-';
  }

  /**
   * Returns the pattern as written.
   *
   * @since 0.1.0
   */
  @Override
  public String toString() {
    return pattern;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DateTimePattern that && pattern.equals(that.pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }
}
