package org.ehrcontracts.engine.expr;

import java.time.LocalDate;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.ParsedDateTime;

/**
 * The scratch space of one thread evaluating one expression: a parse holder per date operand.
 *
 * <p>Keeping it per thread lets {@link Expression} stay immutable and shareable while evaluation
 * allocates nothing per row.
 */
final class Frame {
  final ParsedDateTime[] slots;
  final ParsedDateTime today = new ParsedDateTime();
  private LocalDate todayDate;
  private boolean todayValid;

  Frame(int slots) {
    this.slots = new ParsedDateTime[slots];
    for (int i = 0; i < slots; i++) {
      this.slots[i] = new ParsedDateTime();
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
