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
  final Matcher[] matchers;
  final ParsedDateTime today = new ParsedDateTime();
  private LocalDate todayDate;
  private boolean todayValid;

  Frame(int slots, List<Pattern> patterns) {
    this.slots = new ParsedDateTime[slots];
    for (int i = 0; i < slots; i++) {
      this.slots[i] = new ParsedDateTime();
    }
    this.matchers = new Matcher[patterns.size()];
    for (int i = 0; i < matchers.length; i++) {
      matchers[i] = patterns.get(i).matcher("");
    }
  }

  void setToday(LocalDate date) {
    if (!date.equals(todayDate)) {
      todayValid = DateTimeFormats.DEFAULT_DATE.parse(date.toString(), today) >= 0;
      todayDate = date;
    }
  }

  ParsedDateTime today() {
    return todayValid ? today : null;
  }
}
