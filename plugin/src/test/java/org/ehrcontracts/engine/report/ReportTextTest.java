package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReportTextTest {

  @Test
  void countsGroupThousandsWhateverTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("1,234,567", ReportText.count(1_234_567));
      assertEquals("1 row", ReportText.count(1, "row"));
      assertEquals("0 rows", ReportText.count(0, "row"));
      assertEquals("1.2 s", ReportText.duration(Duration.ofMillis(1234)));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void durationsReadNaturally() {
    assertEquals("0.0 s", ReportText.duration(Duration.ZERO));
    assertEquals("59.9 s", ReportText.duration(Duration.ofMillis(59_949)));
    assertEquals("1 min 0 s", ReportText.duration(Duration.ofSeconds(60)));
    assertEquals("59 min 59 s", ReportText.duration(Duration.ofSeconds(3599)));
    assertEquals("2 h 5 min", ReportText.duration(Duration.ofMinutes(125)));
  }

  @Test
  void familyIsThePartBeforeTheFirstDot() {
    assertEquals("plausibility", ReportText.family("plausibility.date-order"));
    assertEquals("deid", ReportText.family("deid.age-limit"));
  }

  @Test
  void oneLineShowsLineBreaksAndHidesControlCharacters() {
    assertEquals("a\\r\\nb ?[31mc?d\te", ReportText.oneLine("a\r\nb \u001b[31mc\u2028d\te"));
  }
}
