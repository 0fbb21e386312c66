package org.ehrcontracts.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateTimePatternTest {
  private static ParsedDateTime parse(String pattern, String value) {
    ParsedDateTime parsed = new ParsedDateTime();
    assertTrue(DateTimePattern.compile(pattern).parse(value, parsed), value + " ~ " + pattern);
    return parsed;
  }

  private static String span(ParsedDateTime parsed, String value, DateTimeField field) {
    return parsed.isPresent(field) ? value.substring(parsed.start(field), parsed.end(field)) : null;
  }

  @Test
  void everyFieldOfAFullDatetime() {
    String value = "1985-03-12T14:05:09.123-05:00";
    ParsedDateTime p = parse("YYYY-MM-DDThh:mm:ss.f±hh:mm", value);
    assertEquals(1985, p.year());
    assertEquals(3, p.month());
    assertEquals(12, p.day());
    assertEquals(14, p.hour());
    assertEquals(5, p.minute());
    assertEquals(9, p.second());
    assertEquals(123_000_000, p.nanos());
    assertEquals(3, p.fractionDigits());
    assertTrue(p.hasTime());
    assertTrue(p.hasZone());
    assertEquals(-5 * 3600, p.offsetSeconds());
    assertEquals("1985", span(p, value, DateTimeField.YEAR));
    assertEquals("03", span(p, value, DateTimeField.MONTH));
    assertEquals("12", span(p, value, DateTimeField.DAY));
    assertEquals("14", span(p, value, DateTimeField.HOUR));
    assertEquals("05", span(p, value, DateTimeField.MINUTE));
    assertEquals("09", span(p, value, DateTimeField.SECOND));
    assertEquals("123", span(p, value, DateTimeField.FRACTION));
    assertEquals("-05:00", span(p, value, DateTimeField.OFFSET));
    assertEquals(LocalDate.of(1985, 3, 12), p.toLocalDate());
    assertEquals(
        OffsetDateTime.of(1985, 3, 12, 14, 5, 9, 123_000_000, ZoneOffset.ofHours(-5)),
        p.toOffsetDateTime());
    assertEquals(p.toOffsetDateTime().toEpochSecond(), p.epochSecond());
    assertEquals(p.toLocalDateTime().toEpochSecond(ZoneOffset.UTC), p.localEpochSecond());
  }

  @Test
  void aDateAloneIsMidnightWithoutZone() {
    ParsedDateTime p = parse("YYYY-MM-DD", "2016-02-29");
    assertFalse(p.hasTime());
    assertFalse(p.hasZone());
    assertEquals(0, p.hour());
    assertEquals(-1, p.start(DateTimeField.HOUR));
    assertEquals(0, p.offsetSeconds());
    assertEquals(null, p.zone());
    assertEquals(LocalDate.of(2016, 2, 29).toEpochDay(), p.epochDay());
    assertThrows(IllegalStateException.class, p::toOffsetDateTime);
  }

  @ParameterizedTest
  @CsvSource({
    "YYYY-MM-DD, 2016-02-29, true",
    "YYYY-MM-DD, 2000-02-29, true",
    "YYYY-MM-DD, 2015-02-29, false",
    "YYYY-MM-DD, 1900-02-29, false",
    "YYYY-MM-DD, 2016-02-30, false",
    "YYYY-MM-DD, 2015-02-28, true",
    "YYYY-MM-DD, 2015-12-31, true",
    "YYYY-MM-DD, 2015-12-32, false",
    "YYYY-MM-DD, 2015-04-30, true",
    "YYYY-MM-DD, 2015-04-31, false",
    "YYYY-MM-DD, 2015-06-31, false",
    "YYYY-MM-DD, 2015-09-31, false",
    "YYYY-MM-DD, 2015-11-31, false",
    "YYYY-MM-DD, 2015-01-31, true",
    "YYYY-MM-DD, 2015-13-01, false",
    "YYYY-MM-DD, 2015-00-10, false",
    "YYYY-MM-DD, 2015-01-00, false",
    // There is no year 0 (issue 13): BigQuery's dates start at 0001-01-01.
    "YYYY-MM-DD, 0000-01-01, false",
    "YYYY-MM-DD, 0001-01-01, true",
    "YYYY-MM-DD, 9999-12-31, true",
    "YYYY-MM-DD, 2015-1-01, false",
    "YYYY-MM-DD, 15-01-01, false",
    "YYYY-MM-DD, 2015-01-01x, false",
    "YYYY-MM-DD, 2015/01/01, false",
    "YYYY-MM-DD, 2O15-01-01, false",
    "YYYY-MM-DD, '', false",
    "DD/MM/YYYY, 29/02/2016, true",
    "DD/MM/YYYY, 29/02/2015, false",
    "YYYYMMDD, 20161231, true",
    "YYYY-MM-DD hh:mm:ss, 2015-12-31 23:59:59, true",
    "YYYY-MM-DD hh:mm:ss, 2015-12-31 24:00:00, false",
    "YYYY-MM-DD hh:mm:ss, 2015-12-31 23:60:00, false",
    "YYYY-MM-DD hh:mm:ss, 2015-12-31 23:59:60, false",
    "YYYY-MM-DD hh:mm:ss, 2015-12-31 00:00:00, true",
    "YYYY-MM-DD hh:mm:ss, 2015-12-31 0:00:00, false",
  })
  void calendarValidity(String pattern, String value, boolean matches) {
    assertEquals(matches, DateTimePattern.compile(pattern).matches(value));
  }

  @ParameterizedTest
  @CsvSource({
    "+05:00, 18000",
    "-05:00, -18000",
    "+00:00, 0",
    "-00:00, 0",
    "+05:30, 19800",
    "-03:45, -13500",
    "+18:00, 64800",
    "-18:00, -64800",
  })
  void offsetsWithColon(String offset, int seconds) {
    ParsedDateTime p = parse("YYYY-MM-DDThh:mm:ss±hh:mm", "2020-06-01T10:00:00" + offset);
    assertEquals(seconds, p.offsetSeconds());
    assertEquals(ZoneOffset.ofTotalSeconds(seconds), p.zone());
  }

  @ParameterizedTest
  @CsvSource({"+0500, 18000", "-0130, -5400", "+0000, 0"})
  void offsetsWithoutColon(String offset, int seconds) {
    assertEquals(
        seconds, parse("YYYY-MM-DDThh:mm:ss±hhmm", "2020-06-01T10:00:00" + offset).offsetSeconds());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"+18:01", "+19:00", "+05:60", "05:00", "+5:00", "+0500", "Z", "+05:00 ", "*05:00"})
  void badOffsetsWithColon(String offset) {
    assertFalse(
        DateTimePattern.compile("YYYY-MM-DDThh:mm:ss±hh:mm")
            .matches("2020-06-01T10:00:00" + offset));
  }

  @ParameterizedTest
  @ValueSource(strings = {"+05:00", "+1900", "+0560", "+050"})
  void badOffsetsWithoutColon(String offset) {
    assertFalse(
        DateTimePattern.compile("YYYY-MM-DDThh:mm:ss±hhmm")
            .matches("2020-06-01T10:00:00" + offset));
  }

  @Test
  void zuluIsUtc() {
    ParsedDateTime p = parse("YYYY-MM-DDThh:mm:ssZ", "2020-06-01T10:00:00Z");
    assertTrue(p.hasZone());
    assertEquals(0, p.offsetSeconds());
    assertEquals(ZoneOffset.UTC, p.zone());
    assertFalse(DateTimePattern.compile("YYYY-MM-DDThh:mm:ssZ").matches("2020-06-01T10:00:00z"));
  }

  @Test
  void zoneNames() {
    DateTimePattern pattern = DateTimePattern.compile("YYYY-MM-DD hh:mm:ss ZONE");
    ParsedDateTime utc = new ParsedDateTime();
    assertTrue(pattern.parse("2010-09-20 05:00:00 UTC", utc));
    assertEquals(0, utc.offsetSeconds());
    assertEquals(ZoneId.of("UTC"), utc.zone());

    ParsedDateTime ny = new ParsedDateTime();
    assertTrue(pattern.parse("2010-07-20 05:00:00 America/New_York", ny));
    assertEquals(-4 * 3600, ny.offsetSeconds()); // daylight saving time in July
    assertEquals(ZoneId.of("America/New_York"), ny.zone());
    assertTrue(pattern.parse("2010-01-20 05:00:00 America/New_York", ny));
    assertEquals(-5 * 3600, ny.offsetSeconds());

    assertTrue(pattern.matches("2010-01-20 05:00:00 Etc/GMT+5"));
    assertTrue(pattern.matches("2010-01-20 05:00:00 America/Port-au-Prince"));
    assertFalse(pattern.matches("2010-01-20 05:00:00 Mars/Olympus_Mons"));
    assertFalse(pattern.matches("2010-01-20 05:00:00 utc"));
    assertFalse(pattern.matches("2010-01-20 05:00:00 "));
    assertFalse(pattern.matches("2010-01-20 05:00:00 /UTC"));
  }

  @ParameterizedTest
  @CsvSource({
    "1, 100000000",
    "12, 120000000",
    "123, 123000000",
    "1234, 123400000",
    "12345, 123450000",
    "123456, 123456000",
    "1234567, 123456700",
    "12345678, 123456780",
    "123456789, 123456789",
    "000000001, 1",
  })
  void fractionOfOneToNineDigits(String digits, int nanos) {
    String value = "2020-06-01 10:00:00." + digits;
    ParsedDateTime p = parse("YYYY-MM-DD hh:mm:ss.f", value);
    assertEquals(nanos, p.nanos());
    assertEquals(digits.length(), p.fractionDigits());
    assertEquals(digits, span(p, value, DateTimeField.FRACTION));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1234567890", "", "1a", "-1"})
  void badFractions(String digits) {
    assertFalse(
        DateTimePattern.compile("YYYY-MM-DD hh:mm:ss.f").matches("2020-06-01 10:00:00." + digits));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2017-01-01| true | false",
        "2017-01-01 10:11| true | true",
        "2017-01-01 10:11:12| true | true",
        "2017-01-01 10:11:12.5| true | true",
        "2017-01-01 10:11:12.123456| true | true",
        "2017-01-01 10| false | false",
        "2017-01-01 10:11:| false | false",
        "2017-01-01 10:11:12.| false | false",
        "'2017-01-01 ' | false | false",
        "2017-01-01T10:11| false | false",
      })
  void drcOptionalGroups(String value, boolean matches, boolean time) {
    DateTimePattern pattern = DateTimePattern.compile("YYYY-MM-DD[ hh:mm[:ss[.f]]]");
    ParsedDateTime p = new ParsedDateTime();
    assertEquals(matches, pattern.parse(value, p));
    if (matches) {
      assertEquals(time, p.hasTime());
      assertEquals(value.length() > 16, p.isPresent(DateTimeField.SECOND));
    }
  }

  @Test
  void drcUtcForms() {
    DateTimeFormats formats =
        DateTimeFormats.of("YYYY-MM-DD[ hh:mm[:ss[.f]]][ UTC]", "YYYY-MM-DDThh:mm:ss[.f]Z");
    for (String value :
        List.of(
            "2010-09-20",
            "2010-09-20 UTC",
            "2010-09-20 05:00 UTC",
            "2010-09-20 05:00:00.000000 UTC",
            "2010-09-20T05:00:00Z",
            "2010-09-20T05:00:00.1Z")) {
      assertTrue(formats.matches(value), value);
    }
    assertFalse(formats.matches("2010-09-20T05:00:00"));
    assertFalse(formats.matches("2010-09-20  UTC"));
  }

  @Test
  void aSkippedGroupForgetsWhatItMatched() {
    // The group matches hh:mm, then the rest fails; the skip path must not keep the hour.
    DateTimePattern pattern = DateTimePattern.compile("YYYY-MM-DD[ hh:mm]X");
    assertFalse(pattern.matches("2017-01-01 10:11"));
    ParsedDateTime p = new ParsedDateTime();
    assertTrue(pattern.parse("2017-01-01X", p));
    assertFalse(p.hasTime());
    // Backtracking: the group could match " 1", but only skipping it lets the rest match.
    ParsedDateTime q = new ParsedDateTime();
    assertTrue(DateTimePattern.compile("YYYY-MM-DD[ hh] 1").parse("2017-01-01 1", q));
    assertFalse(q.hasTime());
  }

  @Test
  void nestedGroups() {
    DateTimePattern nested = DateTimePattern.compile("YYYY-MM-DD[ [at ]hh:mm]");
    assertTrue(nested.matches("2017-01-01 at 10:11"));
    assertTrue(nested.matches("2017-01-01 10:11"));
    assertTrue(nested.matches("2017-01-01"));
    assertFalse(nested.matches("2017-01-01 at"));
    assertFalse(nested.matches("2017-01-01 at "));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "YYYY-MM-DDThh:mm:ss±hh:mm | 1985-03-12T14:05:00-05:00 | 1985-01-01T00:00:00-05:00",
        "YYYY-MM-DDThh:mm:ss.f±hh:mm | 1985-03-12T14:05:00.123-05:00 | 1985-01-01T00:00:00.000-05:00",
        "YYYY-MM-DD hh:mm:ss[.f] ZONE | 2010-09-20 05:00:00.000000 UTC | 2010-01-01 00:00:00.000000 UTC",
        "YYYY-MM-DD | 2016-02-29 | 2016-01-01",
        "DD/MM/YYYY | 31/12/1999 | 01/01/1999",
        "YYYY-MM-DD[ hh:mm[:ss[.f]]] | 2016-12-31 23:59 | 2016-01-01 00:00",
        "YYYY-MM-DDThh:mm:ssZ | 2016-12-31T23:59:59Z | 2016-01-01T00:00:00Z",
        "YYYY-MM-DDThh:mm:ss±hhmm | 2016-12-31T23:59:59+0130 | 2016-01-01T00:00:00+0130",
      })
  void truncateToYear(String pattern, String value, String truncated) {
    assertEquals(truncated, DateTimePattern.compile(pattern).truncateToYear(value));
    assertEquals(truncated, DateTimeFormats.of(pattern).truncateToYear(value));
  }

  @Test
  void truncateToYearInPlaceAndAppending() {
    DateTimePattern pattern = DateTimePattern.compile("YYYY-MM-DDThh:mm:ss.f±hh:mm");
    String value = "1985-03-12T14:05:00.123-05:00";
    ParsedDateTime p = new ParsedDateTime();
    assertTrue(pattern.parse(value, p));
    char[] row = ("x," + value + ",y").toCharArray();
    p.truncateToYear(row, 2);
    assertEquals("x,1985-01-01T00:00:00.000-05:00,y", new String(row));
    StringBuilder out = new StringBuilder("a,");
    p.appendTruncatedToYear(value, out);
    assertEquals("a,1985-01-01T00:00:00.000-05:00", out.toString());
    byte[] bytes = ("\"" + value + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    p.truncateToYear(bytes, 1);
    assertEquals(
        "\"1985-01-01T00:00:00.000-05:00\"",
        new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void truncateToYearOfANonMatchIsNull() {
    assertNull(DateTimePattern.compile("YYYY-MM-DD").truncateToYear("2016-02-30"));
    assertNull(DateTimeFormats.DEFAULT_DATE.truncateToYear("yesterday"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "YY-MM-DD | 0 | the year is written YYYY",
        "YYYYY-MM-DD | 4 | the year is written YYYY",
        "YYYY-M-DD | 5 | the month is written MM",
        "YYYY-MM-D | 8 | the day is written DD",
        "YYYY-MM-DD h | 11 | the hour is written hh",
        "YYYY-MM-DD hh:m | 14 | the minute is written mm",
        "YYYY-MM-DD hh:mm:s | 17 | the second is written ss",
        "YYYY-MM-DD hh:mm:ss.ff | 19 | write .f for a dot and 1 to 9 fraction digits",
        "YYYY-MM-DD hh:mm:ss±hh | 19 | '± starts an offset, written ±hh:mm or ±hhmm'",
        "YYYY-MM-DD[ hh:mm | 10 | the optional group [ is not closed with ]",
        "YYYY-MM-DD] | 10 | ] closes no optional group [",
        "YYYY-MM-DD[] | 10 | the optional group [] is empty",
        "hh:mm | 0 | 'a pattern needs a date: YYYY, MM and DD'",
        "'' | 0 | 'a pattern needs a date: YYYY, MM and DD'",
        "YYYY-MM | 0 | 'a pattern needs a date: YYYY, MM and DD'",
        "YYYY-MM[-DD] | 9 | DD must not be optional",
        "YYYY-MM-DD/MM | 11 | the pattern has MM twice",
        "YYYY-MM-DDZ±hh:mm | 11 | the pattern has more than one offset or zone",
        "YYYY-MM-DD mm | 11 | mm needs hh",
        "YYYY-MM-DD hh:ss | 14 | ss needs mm",
        "YYYY-MM-DD hh:mm.f | 16 | .f needs ss",
        "YYYY-MM-DD[ hh]:mm | 16 | mm can match without hh; make it optional together with it",
      })
  void invalidPatterns(String pattern, int index, String message) {
    PatternException e =
        assertThrows(PatternException.class, () -> DateTimePattern.compile(pattern));
    assertEquals(message, e.getMessage());
    assertEquals(index, e.index());
  }

  @Test
  void limits() {
    String groups = "YYYY-MM-DD" + "[x]".repeat(DateTimePattern.MAX_GROUPS);
    DateTimePattern.compile(groups);
    PatternException tooMany =
        assertThrows(PatternException.class, () -> DateTimePattern.compile(groups + "[y]"));
    assertEquals(groups.length(), tooMany.index());
    String tooLong = "YYYY-MM-DD" + "x".repeat(DateTimePattern.MAX_LENGTH);
    assertThrows(PatternException.class, () -> DateTimePattern.compile(tooLong));
  }

  @Test
  void otherCharactersAreLiterals() {
    DateTimePattern pattern = DateTimePattern.compile("on DD.MM.YYYY at hh:mm o'clock");
    assertTrue(pattern.matches("on 24.12.2020 at 18:30 o'clock"));
    assertFalse(pattern.matches("on 24.12.2020 at 18:30 oclock"));
    assertTrue(pattern.hasTime());
    assertFalse(pattern.hasZone());
    assertFalse(DateTimePattern.compile("YYYY-MM-DD").hasTime());
    assertTrue(DateTimePattern.compile("YYYY-MM-DD[ hh:mm]").hasTime());
  }

  @Test
  void aHolderIsReusable() {
    DateTimeFormats formats = DateTimeFormats.of("YYYY-MM-DDThh:mm:ss±hh:mm", "YYYY-MM-DD");
    ParsedDateTime p = new ParsedDateTime();
    assertEquals(0, formats.parse("2020-06-01T10:11:12+02:00", p));
    assertEquals(1, formats.parse("2021-07-02", p));
    assertFalse(p.hasTime());
    assertFalse(p.hasZone());
    assertEquals(LocalDateTime.of(2021, 7, 2, 0, 0), p.toLocalDateTime());
    assertEquals(-1, formats.parse("2021-07-02T", p));
    assertEquals(List.of("YYYY-MM-DDThh:mm:ss±hh:mm", "YYYY-MM-DD"), patterns(formats));
  }

  private static List<String> patterns(DateTimeFormats formats) {
    return formats.patterns().stream().map(DateTimePattern::pattern).toList();
  }

  /** The fixed-layout prefix takes a fast path; it must agree with the general matcher. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "YYYY-MM-DD",
        "DD/MM/YYYY",
        "YYYYMMDD",
        "YYYY-MM-DDThh:mm:ss±hh:mm",
        "YYYY-MM-DDThh:mm:ss±hhmm",
        "YYYY-MM-DDThh:mm:ssZ",
        "YYYY-MM-DD hh:mm",
        "YYYY-MM-DD hh:mm:ss.f UTC",
        "YYYY-MM-DD hh:mm[:ss[.f]] ZONE",
        "YYYY-MM-DD[ hh:mm[:ss[.f]]]",
        "YYYY-MM-DDThh:mm:ss[.f]±hh:mm",
      })
  void fastPathAgreesWithGeneralMatcher(String text) {
    DateTimePattern pattern = DateTimePattern.compile(text);
    java.util.Random random = new java.util.Random(text.hashCode());
    String sample =
        text.replace("±hh:mm", "-05:30")
            .replace("±hhmm", "+1800")
            .replace("ZONE", "UTC")
            .replace(".f", ".123456")
            .replace("YYYY", "2016")
            .replace("MM", "02")
            .replace("DD", "29")
            .replace("hh:mm:ss", "23:59:58")
            .replace("hh:mm", "23:59")
            .replace("ss", "58")
            .replace("[", "")
            .replace("]", "");
    assertTrue(pattern.matches(sample), sample);
    String alphabet = "0123456789-+:/TZ .9";
    ParsedDateTime fast = new ParsedDateTime();
    ParsedDateTime general = new ParsedDateTime();
    for (int i = 0; i < 20_000; i++) {
      char[] chars = sample.toCharArray();
      for (int k = random.nextInt(3); k >= 0; k--) {
        chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String value = new String(chars);
      boolean matched = pattern.parse(value, fast);
      assertEquals(matched, pattern.parseGeneral(value, general), value);
      if (matched) {
        assertEquals(general.toLocalDateTime(), fast.toLocalDateTime(), value);
        assertEquals(general.hasZone(), fast.hasZone(), value);
        assertEquals(general.offsetSeconds(), fast.offsetSeconds(), value);
        for (DateTimeField field : DateTimeField.values()) {
          assertEquals(general.start(field), fast.start(field), value + " " + field);
          assertEquals(general.end(field), fast.end(field), value + " " + field);
        }
      }
    }
  }

  @Test
  void epochDayAgreesWithLocalDate() {
    DateTimePattern pattern = DateTimePattern.compile("YYYY-MM-DD");
    ParsedDateTime p = new ParsedDateTime();
    for (LocalDate d = LocalDate.of(1, 1, 1); d.getYear() < 10000; d = d.plusDays(997)) {
      assertTrue(pattern.parse(d.toString(), p), d.toString());
      assertEquals(d.toEpochDay(), p.epochDay(), d.toString());
    }
    assertFalse(pattern.parse("0000-03-01", p), "there is no year 0");
  }
}
