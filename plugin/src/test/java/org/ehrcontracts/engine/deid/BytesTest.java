package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The numbers the rewrite reads from its rows (person ids, birth parts) and the keys by which it
 * follows a removed row's key into other tables (issue 14): what counts as a number, by value, at
 * the edges of its length and of the digits, and that keys of different values do not collide.
 */
class BytesTest {

  private static long parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Bytes.parseLong(bytes, 0, bytes.length);
  }

  private static long key(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Bytes.key(bytes, 0, bytes.length);
  }

  @Test
  void aNumberIsAnOptionalMinusAndOneToEighteenDigits() {
    assertEquals(0, parse("0"));
    assertEquals(7, parse("007"));
    assertEquals(-5, parse("-5"));
    assertEquals(1234567890, parse("1234567890"));
    assertEquals(999_999_999_999_999_999L, parse("999999999999999999"));
    assertEquals(-999_999_999_999_999_999L, parse("-999999999999999999"));
    assertEquals(Bytes.NOT_A_NUMBER, parse("1000000000000000000"), "19 digits");
    assertEquals(Bytes.NOT_A_NUMBER, parse("-1000000000000000000"), "19 digits");
    assertEquals(Bytes.NOT_A_NUMBER, parse(""));
    assertEquals(Bytes.NOT_A_NUMBER, parse("-"));
    assertEquals(Bytes.NOT_A_NUMBER, parse("--5"));
    assertEquals(Bytes.NOT_A_NUMBER, parse("+5"));
    assertEquals(Bytes.NOT_A_NUMBER, parse(" 5"));
    assertEquals(Bytes.NOT_A_NUMBER, parse("5 "));
    assertEquals(Bytes.NOT_A_NUMBER, parse("1.0"));
    // The bytes just below '0' and just above '9'.
    assertEquals(Bytes.NOT_A_NUMBER, parse("1/"));
    assertEquals(Bytes.NOT_A_NUMBER, parse("1:"));
    assertEquals(Bytes.NOT_A_NUMBER, parse("٣"), "an Arabic-Indic digit is no ASCII digit");
  }

  @Test
  void onlyTheGivenRangeIsRead() {
    byte[] row = "12,-34,,x".getBytes(StandardCharsets.US_ASCII);
    assertEquals(12, Bytes.parseLong(row, 0, 2));
    assertEquals(-34, Bytes.parseLong(row, 3, 6));
    assertEquals(Bytes.NOT_A_NUMBER, Bytes.parseLong(row, 7, 7), "an empty field");
    assertEquals(Bytes.NOT_A_NUMBER, Bytes.parseLong(row, 9, 9), "an empty last field");
    assertEquals(Bytes.NOT_A_NUMBER, Bytes.parseLong(row, 8, 9));
  }

  @Test
  void aNumbersKeyIsTheNumberAndAnyOtherValuesKeyIsNegative() {
    assertEquals(42, key("42"));
    assertEquals(42, key("042"), "the same number written with a leading zero");
    assertEquals(-7, key("-7"));
    for (String text : new String[] {"", "a", "x7", "42 ", "1000000000000000000"}) {
      // Ids are positive: the key of a value that is not a number never equals one.
      assertTrue(key(text) < 0, text);
    }
    byte[] row = "ab,ab".getBytes(StandardCharsets.US_ASCII);
    assertEquals(Bytes.key(row, 0, 2), Bytes.key(row, 3, 5), "equal values, different places");
    assertNotEquals(key("ab"), key("ba"));
    assertNotEquals(key("a"), key("aa"));
  }

  @Test
  void keysOfManyDifferentValuesDoNotCollide() {
    Set<Long> keys = new HashSet<>();
    int values = 0;
    for (int i = 0; i < 20_000; i++) {
      keys.add(key("v" + i));
      keys.add(key("SITE-" + Integer.toHexString(i)));
      values += 2;
    }
    for (char a = 'a'; a <= 'z'; a++) {
      for (char b = 'a'; b <= 'z'; b++) {
        keys.add(key("" + a + b));
        values++;
      }
    }
    assertEquals(values, keys.size());
  }

  @Test
  void writeLongWritesTheDigitsAndReturnsTheirEnd() {
    byte[] out = "..........................".getBytes(StandardCharsets.US_ASCII);
    assertEquals(3, Bytes.writeLong(0, out, 2));
    assertEquals(8, Bytes.writeLong(10, out, 6));
    assertEquals(29, Bytes.writeLong(999_999_999_999_999_999L, new byte[30], 11));
    assertEquals("..0...10..................", new String(out, StandardCharsets.US_ASCII));
    byte[] wide = new byte[20];
    int end = Bytes.writeLong(Long.MAX_VALUE, wide, 0);
    assertEquals("9223372036854775807", new String(wide, 0, end, StandardCharsets.US_ASCII));
  }
}
