package org.ehrcontracts.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A column's list of accepted forms (issue 14): what it says it is, when two are the same, whether
 * it has a time, and what the slow path of date truncation (values with quotes or non-ASCII text,
 * see {@code DateTruncation}) turns a value into, by value.
 */
class DateTimeFormatsTest {

  private static final String DATE = "YYYY-MM-DD";
  private static final String ZONED = "YYYY-MM-DDThh:mm:ss±hh:mm";

  @Test
  void formsAreTheSameWhenTheirPatternsAreTheSameInTheSameOrder() {
    DateTimeFormats formats = DateTimeFormats.of(DATE, ZONED);
    assertEquals("[YYYY-MM-DD, YYYY-MM-DDThh:mm:ss±hh:mm]", formats.toString());
    assertEquals(DateTimeFormats.of(DATE, ZONED), formats);
    assertEquals(DateTimeFormats.of(DATE, ZONED).hashCode(), formats.hashCode());
    assertEquals(
        DateTimeFormats.ofPatterns(
            List.of(DateTimePattern.compile(DATE), DateTimePattern.compile(ZONED))),
        formats);
    assertNotEquals(DateTimeFormats.of(ZONED, DATE), formats, "the order is the order of tries");
    assertNotEquals(DateTimeFormats.of(DATE), formats);
    assertNotEquals(formats.toString(), formats);
    assertEquals(List.of(DATE, ZONED), formats.patterns().stream().map(Object::toString).toList());
  }

  @Test
  void aPatternIsWhatIsWrittenAndEqualToItsLikeOnly() {
    DateTimePattern date = DateTimePattern.compile(DATE);
    assertEquals(DATE, date.toString());
    assertEquals(DateTimePattern.compile(DATE), date);
    assertEquals(DateTimePattern.compile(DATE).hashCode(), date.hashCode());
    assertNotEquals(DateTimePattern.compile("YYYY/MM/DD"), date);
    assertNotEquals(DATE, date);
  }

  @Test
  void formsHaveATimeWhenAnyPatternHasOne() {
    assertFalse(DateTimeFormats.of(DATE).hasTime());
    assertFalse(DateTimeFormats.of(DATE, "YYYY/MM/DD").hasTime());
    assertTrue(DateTimeFormats.of(DATE, ZONED).hasTime());
    assertTrue(DateTimeFormats.of(ZONED).hasTime());
  }

  @Test
  void truncationGivesJanuaryFirstAndTheZonesJanuaryOffsetOrNothing() {
    DateTimeFormats formats = DateTimeFormats.of(DATE, ZONED);
    ZoneId newYork = ZoneId.of("America/New_York");
    assertEquals("2017-01-01", formats.truncateToYear("2017-05-06", newYork));
    // Summer in New York is -04:00; January 1 is -05:00.
    assertEquals(
        "2017-01-01T00:00:00-05:00", formats.truncateToYear("2017-07-06T12:34:56-04:00", newYork));
    assertEquals(
        "2017-01-01T00:00:00+00:00",
        formats.truncateToYear("2017-07-06T12:34:56-04:00", ZoneOffset.UTC));
    assertNull(formats.truncateToYear("2017-13-06", newYork));
    assertNull(formats.truncateToYear("\"2017-05-06\"", newYork));
    assertNull(formats.truncateToYear("", newYork));
  }

  @Test
  void theJanuaryOffsetIsThatOfMidnightOnJanuaryFirst() {
    assertEquals(
        -5 * 3600, DateTimeFormats.januaryOffsetSeconds(ZoneId.of("America/New_York"), 2017));
    assertEquals(19_800, DateTimeFormats.januaryOffsetSeconds(ZoneId.of("Asia/Kolkata"), 2017));
    assertEquals(0, DateTimeFormats.januaryOffsetSeconds(ZoneOffset.UTC, 2017));
    // Southern summer: Sydney is +11:00 on January 1.
    assertEquals(
        11 * 3600, DateTimeFormats.januaryOffsetSeconds(ZoneId.of("Australia/Sydney"), 2017));
  }

  @Test
  void aPatternKnowsTheShortestAndLongestValueItCanMatch() {
    // Digits two each, the year four, a literal one, an offset with colon six, without five, a
    // fraction a dot and 1 to 9 digits; an optional group adds to the longest only.
    List<String> bounds = new java.util.ArrayList<>();
    for (String pattern :
        List.of(
            DATE,
            ZONED,
            "YYYY-MM-DDThh:mm:ss±hhmm",
            "YYYY-MM-DDThh:mm:ss[.f]Z",
            "YYYY-MM-DD[Thh:mm]",
            "YYYY-MM-DD hh:mm:ss.f")) {
      DateTimePattern compiled = DateTimePattern.compile(pattern);
      bounds.add(pattern + " " + compiled.minLength() + ".." + compiled.maxLength());
    }
    assertEquals(
        List.of(
            "YYYY-MM-DD 10..10",
            "YYYY-MM-DDThh:mm:ss±hh:mm 25..25",
            "YYYY-MM-DDThh:mm:ss±hhmm 24..24",
            "YYYY-MM-DDThh:mm:ss[.f]Z 20..30",
            "YYYY-MM-DD[Thh:mm] 10..16",
            "YYYY-MM-DD hh:mm:ss.f 21..29"),
        bounds);
  }

  @Test
  void aPatternHasAZoneWhenItHasAnOffsetUtcOrAZoneName() {
    List<String> zoned = new java.util.ArrayList<>();
    for (String pattern :
        List.of(
            DATE,
            "YYYY-MM-DD[Thh:mm]",
            "YYYY-MM-DD hh:mm:ss.f",
            ZONED,
            "YYYY-MM-DDThh:mm:ss±hhmm",
            "YYYY-MM-DDThh:mm:ssZ",
            "YYYY-MM-DD hh:mm:ss ZONE",
            "YYYY-MM-DDThh:mm:ss[±hh:mm]")) {
      if (DateTimePattern.compile(pattern).hasZone()) {
        zoned.add(pattern);
      }
    }
    assertEquals(
        List.of(
            ZONED,
            "YYYY-MM-DDThh:mm:ss±hhmm",
            "YYYY-MM-DDThh:mm:ssZ",
            "YYYY-MM-DD hh:mm:ss ZONE",
            "YYYY-MM-DDThh:mm:ss[±hh:mm]"),
        zoned);
  }

  @Test
  void valuesOfTheShortestAndLongestLengthAreReadAndOneCharacterMoreOrLessIsNot() {
    DateTimeFormats formats = DateTimeFormats.of(DATE, ZONED);
    ParsedDateTime parsed = new ParsedDateTime();
    assertTrue(formats.matches("2017-05-06"));
    assertTrue(formats.matches("2017-05-06T12:34:56-04:00"));
    assertFalse(formats.matches("2017-05-6"));
    assertFalse(formats.matches("2017-05-06T12:34:56-04:000"));
    assertEquals(0, formats.parse("2017-05-06", parsed));
    assertEquals(1, formats.parse("2017-05-06T12:34:56-04:00", parsed));
    assertEquals(-1, formats.parse("2017-05-6", parsed));
    assertEquals(-1, formats.parse("2017-05-06T12:34:56-04:000", parsed));
    // Of a length in range, but no form: -1, after trying each form once.
    assertEquals(-1, formats.parse("2017-13-06", parsed));
    assertEquals(-1, formats.parse("2017-05-06T12:34:56-04:0x", parsed));
  }

  @Test
  void theOrderDecidesOnlyWhereTwoFormsCanReadOneValue() {
    assertFalse(DateTimeFormats.of(DATE).ordered(), "one form");
    assertFalse(DateTimeFormats.of(DATE, ZONED).ordered(), "no value fits both");
    assertTrue(DateTimeFormats.of(DATE, "YYYY-DD-MM").ordered(), "2017-05-06 fits both");
  }
}
