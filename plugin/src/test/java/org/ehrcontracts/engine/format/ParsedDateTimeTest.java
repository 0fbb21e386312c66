package org.ehrcontracts.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The calendar arithmetic and the in-place rewrites de-identification relies on, by value. */
class ParsedDateTimeTest {

  private static ParsedDateTime parse(String pattern, String value) {
    ParsedDateTime parsed = new ParsedDateTime();
    assertTrue(DateTimePattern.compile(pattern).parse(value, parsed), value);
    return parsed;
  }

  @ParameterizedTest
  @CsvSource({
    "1970, 1, 1, 0",
    "1969, 12, 31, -1",
    "2000, 3, 1, 11017",
    "2016, 2, 29, 16860",
    "2016, 3, 1, 16861",
    "1900, 3, 1, -25508",
    "2100, 2, 28, 47540",
    "1, 1, 1, -719162",
    "9999, 12, 31, 2932896",
  })
  void epochDays(int year, int month, int day, long epochDay) {
    assertEquals(epochDay, ParsedDateTime.epochDay(year, month, day));
  }

  @Test
  void leapYearsAndMonthLengths() {
    assertTrue(ParsedDateTime.isLeap(2016));
    assertTrue(ParsedDateTime.isLeap(2000));
    assertTrue(ParsedDateTime.isLeap(2400));
    assertTrue(ParsedDateTime.isLeap(4));
    assertFalse(ParsedDateTime.isLeap(2015));
    assertFalse(ParsedDateTime.isLeap(1900));
    assertFalse(ParsedDateTime.isLeap(2100));
    assertFalse(ParsedDateTime.isLeap(2018));
    int[] days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int month = 1; month <= 12; month++) {
      assertEquals(days[month - 1], ParsedDateTime.lengthOfMonth(2015, month), "month " + month);
    }
    assertEquals(29, ParsedDateTime.lengthOfMonth(2016, 2));
    assertEquals(28, ParsedDateTime.lengthOfMonth(1900, 2));
    assertEquals(29, ParsedDateTime.lengthOfMonth(2000, 2));
  }

  @ParameterizedTest
  @CsvSource({
    "YYYY-MM-DDThh:mm:ss±hh:mm, 2016-07-01T10:00:00-04:00, -18000, 2016-07-01T10:00:00-05:00",
    "YYYY-MM-DDThh:mm:ss±hh:mm, 2016-07-01T10:00:00-04:00, 19800, 2016-07-01T10:00:00+05:30",
    "YYYY-MM-DDThh:mm:ss±hh:mm, 2016-07-01T10:00:00+09:00, 0, 2016-07-01T10:00:00+00:00",
    "YYYY-MM-DDThh:mm:ss±hh:mm, 2016-07-01T10:00:00+09:00, -45900, 2016-07-01T10:00:00-12:45",
    "YYYY-MM-DDThh:mm:ss±hhmm, 2016-07-01T10:00:00-0400, 50400, 2016-07-01T10:00:00+1400",
    "YYYY-MM-DDThh:mm:ss±hhmm, 2016-07-01T10:00:00-0400, -34200, 2016-07-01T10:00:00-0930",
    "YYYY-MM-DDThh:mm:ssZ, 2016-07-01T10:00:00Z, -18000, 2016-07-01T10:00:00Z",
    "YYYY-MM-DD hh:mm:ss, 2016-07-01 10:00:00, -18000, 2016-07-01 10:00:00",
  })
  void aNumericOffsetIsOverwrittenInItsOwnFormAndNoOtherZoneIs(
      String pattern, String value, int seconds, String expected) {
    ParsedDateTime p = parse(pattern, value);
    byte[] bytes = ("ab" + value + "cd").getBytes(StandardCharsets.US_ASCII);
    p.replaceOffset(bytes, 2, seconds);
    assertEquals("ab" + expected + "cd", new String(bytes, StandardCharsets.US_ASCII));
    StringBuilder chars = new StringBuilder("ab" + value + "cd");
    p.replaceOffset(chars, 2, seconds);
    assertEquals("ab" + expected + "cd", chars.toString());
    assertEquals(!value.equals(expected) || seconds == 0, p.hasNumericOffset());
  }

  @Test
  void truncationSetsMonthAndDayToOneAndTheTimeToZeroWhereverTheValueStarts() {
    String value = "2016-07-14T10:11:12.345+02:00";
    ParsedDateTime p = parse("YYYY-MM-DDThh:mm:ss.f±hh:mm", value);
    byte[] bytes = ("xx" + value).getBytes(StandardCharsets.US_ASCII);
    p.truncateToYear(bytes, 2);
    assertEquals("xx2016-01-01T00:00:00.000+02:00", new String(bytes, StandardCharsets.US_ASCII));
    char[] chars = ("xyz" + value).toCharArray();
    p.truncateToYear(chars, 3);
    assertEquals("xyz2016-01-01T00:00:00.000+02:00", new String(chars));
    StringBuilder out = new StringBuilder("<");
    p.appendTruncatedToYear(value, out);
    assertEquals("<2016-01-01T00:00:00.000+02:00", out.toString());
    ParsedDateTime d = parse("DD/MM/YYYY", "31/12/1999");
    byte[] date = "31/12/1999".getBytes(StandardCharsets.US_ASCII);
    d.truncateToYear(date, 0);
    assertEquals("01/01/1999", new String(date, StandardCharsets.US_ASCII));
  }
}
