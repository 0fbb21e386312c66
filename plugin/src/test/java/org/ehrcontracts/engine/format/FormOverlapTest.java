package org.ehrcontracts.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormOverlapTest {

  /** The datetime forms of aou-ehr-current (§2.3 of the spec: 24 forms in 8 patterns). */
  static final String[] CURRENT = {
    "YYYY-MM-DD hh:mm[:ss[.f]][Z]",
    "YYYY-MM-DD hh:mm[:ss[.f]] ZONE",
    "YYYY-MM-DD hh:mm[:ss[.f]]±hh:mm",
    "YYYY-MM-DD hh:mm[:ss[.f]]±hhmm",
    "YYYY-MM-DDThh:mm[:ss[.f]][Z]",
    "YYYY-MM-DDThh:mm[:ss[.f]] ZONE",
    "YYYY-MM-DDThh:mm[:ss[.f]]±hh:mm",
    "YYYY-MM-DDThh:mm[:ss[.f]]±hhmm",
  };

  private static boolean overlap(String a, String b) {
    return FormOverlap.overlap(DateTimePattern.compile(a), DateTimePattern.compile(b));
  }

  @Test
  void theCurrentContractsFormsAreDisjoint() {
    assertFalse(DateTimeFormats.of(CURRENT).ordered());
    for (String a : CURRENT) {
      assertTrue(overlap(a, a), a + " overlaps itself");
    }
  }

  @ParameterizedTest(name = "{0} and {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "YYYY-MM-DD | YYYY-DD-MM | true", // 2017-01-02 is both
        "YYYY-MM-DD[ hh:mm] | YYYY-MM-DD hh:mm | true",
        "YYYY-MM-DD hh:mm[:ss] | YYYY-MM-DD hh:mm:ss.f | false",
        "YYYY-MM-DD ZONE | YYYY-MM-DD UTC | true", // a literal zone name is a zone name
        "YYYY-MM-DD hh:mm±hh:mm | YYYY-MM-DD hh:mm ZONE | false",
        "YYYY-MM-DD hh:mm±hh:mm | YYYY-MM-DD hh:mm±hhmm | false",
        "YYYYMMDD | YYYY-MM-DD | false",
        "YYYY-MM-DD | YYYY-MM-DD[Z] | true",
        "hh:mm YYYY-MM-DD | YYYY-MM-DD hh:mm | false",
        // The matcher's fraction is greedy, so no value matches the second; the automaton errs
        // on the safe side and calls them overlapping.
        "YYYY-MM-DD hh:mm:ss.f | YYYY-MM-DD hh:mm:ss.f1 | true",
      })
  void overlapIsDecidedOnTheShapesOfValues(String a, String b, boolean expected) {
    assertEquals(expected, overlap(a, b));
    assertEquals(expected, overlap(b, a));
    assertEquals(expected, DateTimeFormats.of(a, b).ordered());
  }

  @Test
  void aHintNeverChangesWhatAValueParsesAs() {
    List<DateTimeFormats> lists =
        List.of(
            DateTimeFormats.of(CURRENT),
            DateTimeFormats.of("YYYY-MM-DD", "YYYY-DD-MM", "YYYYMMDD"),
            DateTimeFormats.of("YYYY-MM-DD[ hh:mm]", "YYYY-MM-DD hh:mm"));
    Random random = new Random(20261207);
    List<String> values = new ArrayList<>();
    String[] times = {"", ":07", ":07.5", ":07.123456789", ":07.1234567890"};
    String[] zones = {"", "Z", " UTC", " America/New_York", "-05:00", "+0530", " Nowhere/Zone"};
    for (int i = 0; i < 400; i++) {
      String date =
          String.format(
              "%04d-%02d-%02d",
              1900 + random.nextInt(200), 1 + random.nextInt(13), 1 + random.nextInt(31));
      String separator = random.nextBoolean() ? "T" : " ";
      String clock = String.format("%02d:%02d", random.nextInt(25), random.nextInt(60));
      values.add(date);
      values.add(date.replace("-", ""));
      values.add(
          date
              + separator
              + clock
              + times[random.nextInt(times.length)]
              + zones[random.nextInt(zones.length)]);
    }
    int matched = 0;
    for (DateTimeFormats formats : lists) {
      int size = formats.patterns().size();
      for (String value : values) {
        ParsedDateTime expected = new ParsedDateTime();
        int index = formats.parse(value, expected);
        matched += index >= 0 ? 1 : 0;
        for (int hint = -1; hint < size; hint++) {
          ParsedDateTime actual = new ParsedDateTime();
          assertEquals(index, formats.parse(value, actual, hint), value + " hint " + hint);
          if (index >= 0) {
            assertEquals(expected.epochSecond(), actual.epochSecond(), value);
            assertEquals(expected.nanos(), actual.nanos(), value);
            assertEquals(expected.hasZone(), actual.hasZone(), value);
          }
        }
      }
    }
    assertTrue(matched > 1000, "the generated values exercise the forms: " + matched);
  }
}
