package org.ehrcontracts.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which times of day a {@code time} column accepts, and which of them are midnight. */
class TimeOfDayTest {

  @ParameterizedTest
  @CsvSource({
    "00:00, true",
    "23:59, true",
    "24:00, false",
    "23:60, false",
    "09:05, true",
    "9:05, false",
    "09:5, false",
    "0a:00, false",
    "a0:00, false",
    "00:0a, false",
    "/0:00, false",
    "0/:00, false",
    ":0:00, false",
    "00:/0, false",
    "00-00, false",
    "00:00:00, true",
    "23:59:59, true",
    "23:59:60, false",
    "00:00:0a, false",
    "00:00-00, false",
    "00:00:00., false",
    "00:00:00.0, true",
    "00:00:00.123456789, true",
    "00:00:00.1234567890, false",
    "00:00:00.12a, false",
    "00:00:00.12/, false",
    "00:00:00.12:, false",
    "'00:00:00,5', false",
    "00:00:0, false",
    "00:00:000, false",
    "12:30x, false",
  })
  void aTimeIsHoursMinutesAndOptionallySecondsAndAFraction(String text, boolean valid) {
    // Inside a larger buffer, so that the bounds are the arguments, not the array's.
    byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
    assertEquals(valid, TimeOfDay.isValid(bytes, 2, 2 + text.length()), text);
  }

  @ParameterizedTest
  @CsvSource({
    "00:00, true",
    "00:00:00.000, true",
    "00:00:01, false",
    "00:01, false",
    "10:00, false",
    "00:00:00.001, false",
  })
  void midnightHasOnlyZeroDigits(String text, boolean midnight) {
    byte[] bytes = ("9" + text + "9").getBytes(StandardCharsets.US_ASCII);
    assertEquals(midnight, TimeOfDay.isMidnight(bytes, 1, 1 + text.length()), text);
  }
}
