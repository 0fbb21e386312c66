package org.ehrcontracts.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.LocalDate;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.ParsedDateTime;

/**
 * Any text against the date and datetime forms of the shipped contracts: parsing throws nothing,
 * and a value that parses is a real date and time whose truncation parses again as January 1,
 * midnight, with the same year.
 */
class DateTimeFuzzTest {

  private static final DateTimeFormats FORMS =
      DateTimeFormats.of(
          "YYYY-MM-DD",
          "YYYY-MM-DD hh:mm[:ss[.f]][Z]",
          "YYYY-MM-DD hh:mm[:ss[.f]] ZONE",
          "YYYY-MM-DD hh:mm[:ss[.f]]±hh:mm",
          "YYYY-MM-DD hh:mm[:ss[.f]]±hhmm",
          "YYYY-MM-DDThh:mm[:ss[.f]][Z]",
          "YYYY-MM-DDThh:mm[:ss[.f]] ZONE",
          "YYYY-MM-DDThh:mm[:ss[.f]]±hh:mm",
          "YYYY-MM-DDThh:mm:ss±hh:mm");

  @FuzzTest(maxDuration = "15s")
  void anyTextParsesSafely(byte[] data) {
    String value = new String(data, java.nio.charset.StandardCharsets.UTF_8);
    ParsedDateTime parsed = new ParsedDateTime();
    if (FORMS.parse(value, parsed) < 0) {
      return;
    }
    LocalDate date = LocalDate.of(parsed.year(), parsed.month(), parsed.day());
    assertTrue(date.getYear() >= 1, "no year 0");
    assertTrue(parsed.hour() < 24 && parsed.minute() < 60 && parsed.second() < 60, value);
    String truncated = FORMS.truncateToYear(value, java.time.ZoneOffset.UTC);
    ParsedDateTime again = new ParsedDateTime();
    assertTrue(FORMS.parse(truncated, again) >= 0, "a truncated value parses");
    assertEquals(parsed.year(), again.year(), "the year stays");
    assertEquals(1, again.month());
    assertEquals(1, again.day());
    assertEquals(0, again.hour() + again.minute() + again.second() + again.nanos());
    assertEquals(value.length(), truncated.length(), "truncation keeps the length");
  }
}
