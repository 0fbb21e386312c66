package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The range of new ids, the room they need, and who gets which, pinned by value. */
class PersonMapTest {

  /** Asks for the range once per draw and answers its smallest or largest value. */
  private static final class Recording implements RandomIds {
    final List<long[]> asked = new ArrayList<>();
    final boolean largest;
    long next;

    Recording(boolean largest) {
      this.largest = largest;
    }

    @Override
    public long next(long min, long max) {
      asked.add(new long[] {min, max});
      long value = largest ? max - next : min + next;
      next++;
      return value;
    }
  }

  @Test
  void newIdsOfEachDigitCountRunFromOneFollowedByZerosToAllNines() throws Exception {
    long min = 1;
    long max = 9;
    for (int digits = 1; digits <= PersonMap.MAX_DIGITS; digits++) {
      PersonMap low = new PersonMap();
      low.addPerson(7, false);
      Recording smallest = new Recording(false);
      low.issue(smallest, digits);
      assertEquals(min, smallest.asked.get(0)[0], digits + " digits: smallest");
      assertEquals(max, smallest.asked.get(0)[1], digits + " digits: largest");
      assertEquals(min, low.lookup(7), digits + " digits: the smallest is given");

      PersonMap high = new PersonMap();
      high.addPerson(7, false);
      high.issue(new Recording(true), digits);
      assertEquals(max, high.lookup(7), digits + " digits: the largest is given");
      assertEquals(1, high.issued());
      min *= 10;
      max = max * 10 + 9;
    }
  }

  @Test
  void aNumberJustOutsideTheRangeIsABugInTheSourceNotAnId() {
    for (long wrong : new long[] {99_999, 1_000_000}) {
      PersonMap map = new PersonMap();
      map.addPerson(7, false);
      assertThrows(IllegalStateException.class, () -> map.issue((min, max) -> wrong, 6));
    }
  }

  @Test
  void digitsOutsideOneToEighteenAreAPolicyError() throws Exception {
    for (int digits : new int[] {0, 19}) {
      DeidException e =
          assertThrows(
              DeidException.class, () -> new PersonMap().issue(new Recording(false), digits));
      assertEquals(DeidException.Reason.POLICY, e.reason());
      assertTrue(e.getMessage().contains("1 to 18 digits, not " + digits), e.getMessage());
    }
    new PersonMap().issue(new Recording(false), 1);
    new PersonMap().issue(new Recording(false), 18);
  }

  @Test
  void theIdSpaceMayBeHalfFullButNoMore() throws Exception {
    // Two digits: 90 ids, half is 45; each person counts once in the map and once as needed.
    PersonMap fits = persons(22);
    fits.issue(new Recording(false), 2);
    assertEquals(22, fits.issued());
    // 10 to 22 are original ids of the export, so never new ones.
    assertEquals(23, fits.lookup(1));
    assertEquals(44, fits.lookup(22));

    DeidException e =
        assertThrows(DeidException.class, () -> persons(23).issue(new Recording(false), 2));
    assertEquals(DeidException.Reason.ID_SPACE, e.reason());
    assertEquals(
        "new person ids of 2 digits leave too little room for 23 persons;"
            + " raise deidentification.personIds.digits in the contract",
        e.getMessage());
  }

  @Test
  void crosswalkIdsAndRemovedPersonsTakeRoomToo() throws Exception {
    // One digit: 9 ids, half is 4. Used ids and every known person count.
    PersonMap map = new PersonMap();
    assertTrue(map.addKnown(1, 5));
    map.addPerson(1, false);
    map.addPerson(2, false);
    // used 1 + needed 1 + persons 2 = 4: fits.
    map.issue(new Recording(false), 1);
    assertEquals(5, map.lookup(1));
    assertEquals(3, map.lookup(2), "1 and 2 are original ids");
    assertEquals(1, map.reused());
    assertEquals(1, map.issued());

    PersonMap full = new PersonMap();
    assertTrue(full.addKnown(1, 5));
    full.addPerson(1, false);
    full.addPerson(2, true);
    full.addPerson(3, false);
    // used 1 + needed 1 + persons 3 = 5: too many, although one of them is removed.
    assertThrows(DeidException.class, () -> full.issue(new Recording(false), 1));
  }

  @Test
  void countsSayWhoIsPresentRemovedReusedAndReissued() throws Exception {
    PersonMap map = new PersonMap();
    assertTrue(map.addKnown(100, 200)); // 200 is an original id of this export: reissued
    assertTrue(map.addKnown(300, 400)); // reused
    assertTrue(map.addKnown(500, 600)); // not in the export: keeps its pair
    map.addPerson(100, false);
    map.addPerson(200, false);
    map.addPerson(300, false);
    map.addPerson(700, true);
    map.addPerson(700, false); // removed by any of their rows stays removed
    map.issue(DeidFixture.sequence(401, 402), 3);
    assertEquals(4, map.present());
    assertEquals(1, map.removed());
    assertEquals(1, map.reused());
    assertEquals(1, map.issued());
    assertEquals(1, map.reissued());
    assertEquals(401, map.lookup(100));
    assertEquals(402, map.lookup(200));
    assertEquals(400, map.lookup(300));
    assertEquals(PersonMap.GONE, map.lookup(700));
    assertEquals(PersonMap.UNKNOWN, map.lookup(500));
    assertEquals(600, map.idOf(500));
    assertEquals(0, map.idOf(700));
    assertEquals(4, map.pairs());
  }

  @Test
  void aCorruptCrosswalkPairIsRefused() {
    PersonMap map = new PersonMap();
    assertTrue(map.addKnown(1, 1));
    assertEquals(false, map.addKnown(1, 2), "the original twice");
    assertEquals(false, map.addKnown(2, 1), "the new id twice");
    assertEquals(false, map.addKnown(3, 0), "no new id");
    assertEquals(false, map.addKnown(4, (1L << 60)), "more than 18 digits");
    assertTrue(map.addKnown(5, (1L << 60) - 1));
  }

  /**
   * Answers {@code taken} the given number of times, then {@code fresh}, then {@code fresh + 1}
   * ....
   */
  private static RandomIds repeating(long taken, int times, long fresh) {
    long[] calls = {0};
    return (min, max) -> calls[0]++ < times ? taken : fresh + calls[0] - times - 1;
  }

  @Test
  void theSourceMayRepeatANumberInUse9999TimesInARowButNot10000() throws Exception {
    // Person 1 gets 100000; person 2 is then offered 100000 again and again.
    PersonMap ok = persons(2);
    ok.issue(repeating(100_000, 1 + 9_999, 100_001), 6);
    assertEquals(100_000, ok.lookup(1));
    assertEquals(100_001, ok.lookup(2));

    PersonMap stuck = persons(2);
    DeidException e =
        assertThrows(
            DeidException.class, () -> stuck.issue(repeating(100_000, 1 + 10_000, 100_001), 6));
    assertEquals(DeidException.Reason.ID_SPACE, e.reason());
    assertEquals(
        "the id source gave 10000 numbers in a row that are already in use", e.getMessage());
  }

  @Test
  void everyPersonCountsOnceHoweverManyRowsTheyHave() {
    PersonMap map = new PersonMap();
    for (int round = 0; round < 3; round++) {
      for (long id = 1; id <= 100_000; id++) {
        // Every third person is removed, by their second row only.
        map.addPerson(id, round == 1 && id % 3 == 0);
      }
    }
    assertEquals(100_000, map.present());
    assertEquals(33_333, map.removed());
    assertEquals(PersonMap.GONE, map.lookup(3));
    assertEquals(PersonMap.GONE, map.lookup(99_999));
    assertEquals(0, map.idOf(1));
    assertEquals(PersonMap.UNKNOWN, map.lookup(100_001));
  }

  private static PersonMap persons(int n) {
    PersonMap map = new PersonMap();
    for (int i = 1; i <= n; i++) {
      map.addPerson(i, false);
    }
    return map;
  }
}
