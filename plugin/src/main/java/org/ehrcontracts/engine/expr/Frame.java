package org.ehrcontracts.engine.expr;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.time.LocalDate;
import java.util.List;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.ParsedDateTime;

/**
 * The scratch space of one thread evaluating one expression: a parse holder per date operand and a
 * matcher per {@code matches()}.
 *
 * <p>Keeping it per thread lets {@link Expression} stay immutable and shareable while evaluation
 * allocates nothing per row.
 */
final class Frame {
  final ParsedDateTime[] slots;

  /** Recent values per pattern, direct-mapped; a power of two. */
  private static final int MATCH_CACHE = 256;

  private final Matcher[] matchers;
  private final String[][] matchedValues;
  private final boolean[][] matchedResults;
  final ParsedDateTime today = new ParsedDateTime();
  private LocalDate todayDate;
  private boolean todayValid;
  private long todayDay = Numbers.NA;

  /**
   * Set when a lookup whose unlisted keys fail met a key it does not list, during one evaluation.
   */
  boolean unlisted;

  /**
   * The last key a lookup found, and its row: {@code x between l.low and l.high} asks twice per
   * row, and rows of one concept and unit often follow each other.
   */
  LookupTable lastTable;

  long lastKey;
  int lastRow;

  Frame(int slots, List<Pattern> patterns) {
    this.slots = new ParsedDateTime[slots];
    for (int i = 0; i < slots; i++) {
      this.slots[i] = new ParsedDateTime();
    }
    this.matchers = new Matcher[patterns.size()];
    this.matchedValues = new String[patterns.size()][];
    this.matchedResults = new boolean[patterns.size()][];
    for (int i = 0; i < matchers.length; i++) {
      matchers[i] = patterns.get(i).matcher("");
      matchedValues[i] = new String[MATCH_CACHE];
      matchedResults[i] = new boolean[MATCH_CACHE];
    }
  }

  /**
   * Whether the whole {@code value} matches the pattern of {@code slot}, remembering the answer for
   * recent values: columns that a pattern checks (codes, units, source values) repeat a few values
   * millions of times, and RE2, linear as it is, costs more per call than a lookup.
   */
  boolean matches(int slot, CharSequence value) {
    int hash = 0;
    for (int i = 0, n = value.length(); i < n; i++) {
      hash = 31 * hash + value.charAt(i);
    }
    int index = (hash ^ (hash >>> 16)) & (MATCH_CACHE - 1);
    String[] values = matchedValues[slot];
    String known = values[index];
    if (known != null && same(known, value)) {
      return matchedResults[slot][index];
    }
    boolean result = matchers[slot].reset(value).matches();
    values[index] = value.toString();
    matchedResults[slot][index] = result;
    return result;
  }

  /**
   * Whether {@code value} has {@code known}'s characters: compared here, not by {@code
   * String.contentEquals}, whose call of {@code charAt} every kind of text in the JVM shares and
   * the JIT cannot inline.
   */
  private static boolean same(String known, CharSequence value) {
    int n = known.length();
    if (value.length() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (known.charAt(i) != value.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  void setToday(LocalDate date) {
    // The same instance row after row: LocalDate.equals is a call the JIT does not inline.
    if (date != todayDate && !date.equals(todayDate)) {
      todayValid = DateTimeFormats.DEFAULT_DATE.parse(date.toString(), today) >= 0;
      todayDay = todayValid ? today.epochDay() : Numbers.NA;
      todayDate = date;
    }
  }

  /** The epoch day of {@code today()}, or {@link Numbers#NA} when it is not set. */
  long todayDay() {
    return todayDay;
  }

  ParsedDateTime today() {
    return todayValid ? today : null;
  }
}
