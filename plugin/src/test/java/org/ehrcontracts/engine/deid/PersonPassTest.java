package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who the age limit removes: the 80-year limit on both sides of the first and last day of every
 * month, leap years and February 29 birthdays, and the birth parts a row may get wrong.
 */
class PersonPassTest {

  @TempDir Path dir;

  /** A pass over person rows (after the fixture's header) with a limit of 80 on a date. */
  private record Run(PersonPass pass, PersonMap persons) {
    String fate(long id) {
      long value = persons.lookup(id);
      return value == PersonMap.GONE ? "removed" : value == PersonMap.UNKNOWN ? "unknown" : "kept";
    }
  }

  private Run run(LocalDate asOf, OptionalInt maxAge, String rows) throws Exception {
    return run(new DeidFixture(dir).loadContract(), asOf, maxAge, DeidFixture.PERSON_HEADER + rows);
  }

  private Run run(Contract contract, LocalDate asOf, OptionalInt maxAge, String text)
      throws Exception {
    PersonMap persons = new PersonMap();
    PersonPass pass =
        new PersonPass(
            contract.table("person").orElseThrow(), Roles.of(contract), persons, asOf, maxAge);
    new CsvScanner(contract.dialect()).scan(text.getBytes(StandardCharsets.UTF_8), pass);
    return new Run(pass, persons);
  }

  private Run run(LocalDate asOf, String rows) throws Exception {
    return run(asOf, OptionalInt.of(80), rows);
  }

  private static String parts(long id, LocalDate born) {
    return id
        + ","
        + born.getYear()
        + ","
        + born.getMonthValue()
        + ","
        + born.getDayOfMonth()
        + ",,\n";
  }

  private static String datetime(long id, LocalDate born) {
    return id + ",,,," + born + "T12:00:00Z,\n";
  }

  @Test
  void theLimitFallsBetweenTheEightyFirstBirthdayAndTheDayBeforeOnEveryMonthsFirstAndLastDay()
      throws Exception {
    List<String> failures = new ArrayList<>();
    for (int year : new int[] {2016, 2017}) {
      for (int month = 1; month <= 12; month++) {
        LocalDate first = LocalDate.of(year, month, 1);
        for (LocalDate asOf : List.of(first, first.withDayOfMonth(first.lengthOfMonth()))) {
          // 81 years ago today: removed; the day after: 80 years and 364 (or 365) days, kept.
          LocalDate eightyFirst = asOf.minusYears(81);
          Run run =
              run(
                  asOf,
                  parts(1, eightyFirst.minusDays(1))
                      + parts(2, eightyFirst)
                      + parts(3, eightyFirst.plusDays(1))
                      + parts(4, asOf.minusYears(80))
                      + datetime(5, eightyFirst)
                      + datetime(6, eightyFirst.plusDays(1)));
          String fates =
              run.fate(1)
                  + " "
                  + run.fate(2)
                  + " "
                  + run.fate(3)
                  + " "
                  + run.fate(4)
                  + " "
                  + run.fate(5)
                  + " "
                  + run.fate(6);
          if (!fates.equals("removed removed kept kept removed kept")) {
            failures.add(asOf + ": " + fates);
          }
          assertEquals(3, run.pass.removedForAge, asOf.toString());
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void aFebruary29BirthdayIsReachedOnMarch1OutsideLeapYears() throws Exception {
    String rows =
        "1,1936,2,28,,\n"
            + "2,1936,2,29,,\n"
            + "3,1936,3,1,,\n"
            + "4,1936,3,2,,\n"
            + "5,,,,1936-02-29T00:00:00Z,\n";
    Run feb28 = run(LocalDate.of(2017, 2, 28), rows);
    assertEquals(
        List.of("removed", "kept", "kept", "kept", "kept"),
        List.of(feb28.fate(1), feb28.fate(2), feb28.fate(3), feb28.fate(4), feb28.fate(5)));
    Run mar1 = run(LocalDate.of(2017, 3, 1), rows);
    assertEquals(
        List.of("removed", "removed", "removed", "kept", "removed"),
        List.of(mar1.fate(1), mar1.fate(2), mar1.fate(3), mar1.fate(4), mar1.fate(5)));
    // In a leap year the 81st birthday of someone born on February 29 is February 29 itself.
    Run leap = run(LocalDate.of(2016, 2, 29), "1,1935,2,28,,\n2,1935,3,1,,\n3,1936,2,29,,\n");
    assertEquals(
        List.of("removed", "kept", "kept"), List.of(leap.fate(1), leap.fate(2), leap.fate(3)));
    Run leapEve = run(LocalDate.of(2016, 2, 28), "1,1935,2,28,,\n2,1935,3,1,,\n");
    assertEquals(List.of("removed", "kept"), List.of(leapEve.fate(1), leapEve.fate(2)));
  }

  @Test
  void aMissingOrImpossibleMonthOrDayCountsAsTheFirst() throws Exception {
    Run run =
        run(
            LocalDate.of(2017, 6, 15),
            "1,1936,12,31,,\n" // December 31: 80
                + "2,1936,13,31,,\n" // no month 13: January 1, 81
                + "3,1936,0,20,,\n" // no month 0: January 1
                + "4,1936,6,30,,\n" // June 30: 80
                + "5,1936,6,31,,\n" // no June 31: June 1, 81
                + "6,1936,6,0,,\n" // no day 0: June 1
                + "7,1936,6,16,,\n" // 80 until tomorrow
                + "8,1936,6,15,,\n" // 81 today
                + "9,1936,6,,,\n" // no day: June 1
                + "10,1936,,16,,\n" // a day without a month: January 1
                + "11,1936,1,,,\n"); // January 1
    assertEquals(
        "kept removed removed kept removed removed kept removed removed removed removed",
        fates(run, 11));
    // The day of an impossible month is not read against January.
    Run january = run(LocalDate.of(2017, 1, 15), "1,1936,13,31,,\n2,1936,1,31,,\n");
    assertEquals("removed kept", fates(january, 2));
    // February has 29 days in leap years only.
    Run leap = run(LocalDate.of(2017, 2, 15), "1,1936,2,29,,\n2,1936,2,30,,\n");
    assertEquals("kept removed", fates(leap, 2));
    Run common = run(LocalDate.of(2018, 2, 15), "1,1937,2,29,,\n2,1937,2,28,,\n");
    assertEquals("removed kept", fates(common, 2));
  }

  @Test
  void aYearOutsideZeroTo9999IsNoYearOfBirth() throws Exception {
    Run run =
        run(
            LocalDate.of(2017, 6, 15),
            "1,9999,1,1,,\n" // born in the future: a negative age, kept
                + "2,10000,1,1,,\n"
                + "3,0,1,1,,\n" // 2017 years old
                + "4,-1,1,1,,\n"
                + "5,19x6,1,1,,\n"
                + "6,1937,1,1,,\n");
    assertEquals("kept removed removed removed removed kept", fates(run, 6));
    assertEquals(1, run.pass.removedForAge);
    assertEquals(3, run.pass.removedWithoutBirthYear);
    assertEquals(6, run.pass.rows);
  }

  @Test
  void whenTheDatetimeAndThePartsDisagreeTheEarlierBirthCounts() throws Exception {
    Run run =
        run(
            LocalDate.of(2017, 12, 1),
            "1,1937,12,1,1936-12-01T00:00:00Z,\n"
                + "2,1936,12,1,1937-12-01T00:00:00Z,\n"
                + "3,1937,12,1,1937-12-02T00:00:00Z,\n"
                + "4,,,,1936-12-01T23:59:59-05:00,\n" // the date as written, not in UTC
                + "5,,,,1936-12-02 00:00:00,\n"
                + "6,1937,,,1936-12-01,\n" // a date is no datetime: the year counts
                + "7,,,,1936-12-01,\n"
                + "8,,,,not a date,\n"
                + "9,1936,11,30,1937-12-01T00:00:00+14:00,\n"
                + "10,1937,12,2,1936-11-30 23:59:59.5,\n");
    assertEquals(
        "removed removed kept removed kept kept removed removed removed removed", fates(run, 10));
    assertEquals(5, run.pass.removedForAge);
    assertEquals(2, run.pass.removedWithoutBirthYear);
  }

  @Test
  void aRowThatCannotBeReadLeavesItsPersonUnknown() throws Exception {
    Run run =
        run(
            LocalDate.of(2017, 12, 1),
            "1,1950,6,15,,,extra\n" // more fields than the header
                + "2,1950,6,15,\n" // fewer
                + ",1950,6,15,,\n" // no id
                + "x4,1950,6,15,,\n" // not a number
                + "5,1950,6,15,,\n");
    assertEquals("unknown unknown unknown unknown kept", fates(run, 5));
    assertEquals(5, run.pass.rows);
    assertEquals(4, run.pass.withoutId);
    assertEquals(1, run.persons.present());
  }

  @Test
  void withoutALimitNobodyIsRemoved() throws Exception {
    Run run = run(LocalDate.of(2017, 12, 1), OptionalInt.empty(), "1,1900,1,1,,\n2,,,,,\n");
    assertEquals("kept kept", fates(run, 2));
    assertEquals(0, run.pass.removedForAge + run.pass.removedWithoutBirthYear);
  }

  @Test
  void withoutAHeaderTheContractsOrderNamesTheFields() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace("lineEnding: any }", "lineEnding: any, header: false }"));
    Run run =
        run(
            f.loadContract(),
            LocalDate.of(2017, 12, 1),
            OptionalInt.of(80),
            "1,1936,12,1,,\n2,1936,12,2,,\n");
    assertEquals("removed kept", fates(run, 2));
    assertEquals(2, run.pass.rows);
  }

  @Test
  void aRowThatLeavesOutTrailingColumnsHasNoDayOrDatetimeOfItsOwn() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace("lineEnding: any }", "lineEnding: any, jaggedRows: true }"));
    Contract jagged = f.loadContract();
    // Person 2's row ends after the month: born on December 1, 81 on the reference date, whatever
    // the day in the row before.
    Run days =
        run(
            jagged,
            LocalDate.of(2017, 12, 15),
            OptionalInt.of(80),
            DeidFixture.PERSON_HEADER + "1,1936,12,31,,\n2,1936,12\n");
    assertEquals("kept removed", fates(days, 2));
    // Person 2's row ends after the day: no birth datetime, whatever the row before had.
    Run datetimes =
        run(
            jagged,
            LocalDate.of(2017, 6, 15),
            OptionalInt.of(80),
            DeidFixture.PERSON_HEADER + "1,1990,1,1,1930-01-01T00:00:00Z,\n2,1936,12,1\n");
    assertEquals("removed kept", fates(datetimes, 2));
    assertEquals(0, datetimes.pass.withoutId);
  }

  @Test
  void aBirthDatetimeInTheFirstColumnIsRead() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    String datetime = "      - { name: birth_datetime, type: datetime }\n";
    String id = "      - { name: person_id, type: integer, required: true }\n";
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace(datetime, "")
            .replace(id, datetime + id));
    Run run =
        run(
            f.loadContract(),
            LocalDate.of(2017, 12, 1),
            OptionalInt.of(80),
            "birth_datetime,person_id,year_of_birth,month_of_birth,day_of_birth,person_source_value\n"
                + "1936-12-01T00:00:00Z,1,,,,\n"
                + "1936-12-02T00:00:00Z,2,,,,\n");
    assertEquals("removed kept", fates(run, 2));
  }

  private static String fates(Run run, int ids) {
    List<String> fates = new ArrayList<>();
    for (int id = 1; id <= ids; id++) {
      fates.add(run.fate(id));
    }
    return String.join(" ", fates);
  }
}
