package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of the policy, one edge case at a time, on small exports written here. */
class DeidentifierTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  // ---- dates ----

  @Test
  void everyDateBecomesJanuaryFirstOfItsOwnYear() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.visits(
        "1,100001,1985-03-12,1985-03-12T14:05:00-05:00,plain\n",
        "2,100001,2016-02-29,2016-02-29T23:59:59.123456+14:00,leap day\n",
        "3,100001,1999-12-31,2016-12-31T23:30:00-05:00,last day; UTC would say 2017\n",
        "4,100001,2000-01-01,2000-02-29 13:45:10,no offset\n",
        "5,100001,,2017-06-30T08:00:00Z,empty date\n",
        "6,100001,\"2012-07-04\",\"2012-07-04 08:09:10.5\",quoted\n");
    DeidResult result = f.run(AS_OF);

    List<String> lines = f.outLines("visit.csv");
    assertEquals(DeidFixture.VISIT_HEADER.strip(), lines.get(0));
    assertEquals("1985-01-01,1985-01-01T00:00:00-05:00,plain", after(lines.get(1), 2));
    // Every numeric offset becomes January's in the policy's zone (America/New_York: -05:00), so
    // no offset says where or in which season the value was written; Z stays Z.
    assertEquals("2016-01-01,2016-01-01T00:00:00.000000-05:00,leap day", after(lines.get(2), 2));
    assertEquals(
        "1999-01-01,2016-01-01T00:00:00-05:00,last day; UTC would say 2017",
        after(lines.get(3), 2));
    assertEquals("2000-01-01,2000-01-01 00:00:00,no offset", after(lines.get(4), 2));
    assertEquals(",2017-01-01T00:00:00Z,empty date", after(lines.get(5), 2));
    assertEquals("\"2012-01-01\",\"2012-01-01 00:00:00.0\",quoted", after(lines.get(6), 2));
    DeidResult.FileStats visits = result.files().get(1);
    assertEquals(11, visits.datesTruncated());
    assertEquals(0, visits.datesUnparseable());
  }

  @Test
  void aRepeatedDateIsTruncatedLikeTheFirstAndABadOneIsNot() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.visits(
        "1,100001,2016-02-29,,a\n",
        "2,100001,2016-02-29,,b\n",
        "3,100001,2016-02-30,,c\n",
        "4,100001,2016-02-29,,d\n",
        "5,100001,2015-02-28,,e\n");
    DeidResult result = f.run(AS_OF);
    List<String> lines = f.outLines("visit.csv");
    assertEquals(
        List.of("2016-01-01,,a", "2016-01-01,,b", ",,c", "2016-01-01,,d", "2015-01-01,,e"),
        lines.subList(1, 6).stream().map(l -> after(l, 2)).toList());
    assertEquals(1, result.files().get(1).datesUnparseable());
    assertEquals(4, result.files().get(1).datesTruncated());
  }

  @Test
  void birthMonthAndDayBecomeOneAndBlankedColumnsBecomeEmpty() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons(
        "100001,1950,6,15,1950-06-15T10:20:30-04:00,MRN-1\n", "100002,1960,,,,\"MRN, two\"\n");
    DeidResult result = f.run(AS_OF);
    List<String> lines = f.outLines("person.csv");
    // A summer offset would tell the season: every datetime gets January's offset in the zone.
    assertEquals("1950,1,1,1950-01-01T00:00:00-05:00,", after(lines.get(1), 1));
    assertEquals("1960,,,,\"\"", after(lines.get(2), 1));
    assertEquals(2, result.files().get(0).valuesBlanked());
  }

  @Test
  void aDateInNoAcceptedFormIsEmptiedAndCounted() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.visits("1,100001,03/12/1985,1985-02-30T00:00:00Z,bad\n");
    DeidResult result = f.run(AS_OF);
    assertEquals(",,bad", after(f.outLines("visit.csv").get(1), 2));
    assertEquals(2, result.files().get(1).datesUnparseable());
  }

  // ---- age ----

  @Test
  void theAgeLimitFallsOnTheDayAfterTheEightyFirstBirthday() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons(
        "100001,1936,12,1,,\n", // 81 today: removed
        "100002,1936,12,2,,\n", // 80 years 364 days: stays
        "100003,1937,12,1,,\n", // 80 today: stays
        "100004,1936,11,30,,\n", // 81 and a day: removed
        "100005,1937,,,,\n", // only the year: January 1, 1937, so 80: stays
        "100006,1936,,,,\n", // only the year: January 1, 1936, so 81: removed
        "100007,,,,1936-12-02T23:00:00-05:00,\n", // only the datetime: 80, stays
        "100008,1937,1,1,1936-06-01T00:00:00Z,\n", // sources disagree: the earlier, 81, counts
        "100009,,,,,\n", // no year of birth at all: removed
        "100010,1936,2,30,,\n"); // an impossible day counts as the first: 1936-02-01, 81
    f.visits(
        "1,100001,2017-01-05,,a\n",
        "2,100002,2017-01-05,,b\n",
        "3,100001,2017-02-05,,c\n",
        "4,100006,2017-02-05,,d\n");
    DeidResult result = f.run(AS_OF);

    assertEquals(10, result.persons().rows());
    assertEquals(4, result.persons().kept());
    assertEquals(5, result.persons().removedForAge());
    assertEquals(1, result.persons().removedWithoutBirthYear());
    Map<Long, Long> ids = f.crosswalk();
    assertEquals(Set.of(100002L, 100003L, 100005L, 100007L), ids.keySet());
    List<String> persons = f.outLines("person.csv");
    assertEquals(6, persons.size()); // header, four persons, and the empty rest after the last \n
    DeidResult.FileStats visits = result.files().get(1);
    assertEquals(4, visits.rowsIn());
    assertEquals(1, visits.rowsOut());
    assertEquals(3, visits.removedWithPersons());
    assertEquals(ids.get(100002L) + ",2017-01-01,,b", f.outLines("visit.csv").get(1).substring(2));
  }

  @Test
  void aLeapDayBirthdayIsReachedOnMarchFirstInOtherYears() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1936,2,29,,\n");
    assertEquals(1, f.run(LocalDate.of(2017, 2, 28)).persons().kept());
    assertEquals(0, f.run(LocalDate.of(2017, 3, 1)).persons().kept());
    // In a leap year the 80th birthday is on February 29 itself.
    assertEquals(1, f.run(LocalDate.of(2016, 2, 29)).persons().kept());
  }

  @Test
  void ageMatchesPeriodOnEveryDayOfALeapYear() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,1,1,,\n");
    PersonPass pass =
        new PersonPass(
            f.loadContract().table("person").orElseThrow(),
            Roles.of(f.loadContract()),
            new PersonMap(),
            LocalDate.of(2016, 3, 1),
            java.util.OptionalInt.of(80));
    for (LocalDate born = LocalDate.of(1935, 1, 1);
        born.isBefore(LocalDate.of(1937, 1, 1));
        born = born.plusDays(1)) {
      int packed = born.getYear() * 10000 + born.getMonthValue() * 100 + born.getDayOfMonth();
      assertEquals(
          java.time.Period.between(born, LocalDate.of(2016, 3, 1)).getYears(),
          pass.age(packed),
          born.toString());
    }
  }

  // ---- person ids ----

  @Test
  void everyPersonReferenceGetsThePersonsNewId() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n", "100003,1970,3,4,,\n");
    f.visits("1,100002,2017-01-05,,a\n", "2,100001,2017-01-05,,b\n", "3,100002,,,c\n");
    f.observations("7,100002,1,2017-01-05\n", "8,100003,,2017-02-05\n");
    f.run(AS_OF);

    Map<Long, Long> ids = f.crosswalk();
    assertEquals(3, new HashSet<>(ids.values()).size());
    for (long id : ids.values()) {
      assertTrue(id >= 100_000 && id <= 999_999, "six digits, the first not zero: " + id);
      assertFalse(ids.containsKey(id), "never an original id");
    }
    assertEquals(
        List.of(ids.get(100001L) + ",1950", ids.get(100002L) + ",1960", ids.get(100003L) + ",1970"),
        f.outLines("person.csv").subList(1, 4).stream()
            .map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1)))
            .toList());
    assertEquals("1," + ids.get(100002L) + ",2017-01-01,,a", f.outLines("visit.csv").get(1));
    assertEquals("2," + ids.get(100001L) + ",2017-01-01,,b", f.outLines("visit.csv").get(2));
    assertEquals("7," + ids.get(100002L) + ",1,2017-01-01", f.outLines("observation.csv").get(1));
    assertEquals("8," + ids.get(100003L) + ",,2017-01-01", f.outLines("observation.csv").get(2));
    String all = f.out("person.csv") + f.out("visit.csv") + f.out("observation.csv");
    for (String original : List.of("100001", "100002", "100003")) {
      assertFalse(all.contains(original), "no original id is left");
    }
  }

  @Test
  void aForcedCollisionInTheRandomSourceNeverGivesTwoPersonsOneId() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n", "100003,1970,3,4,,\n");
    // The source repeats itself and once offers an original id: both are skipped.
    f.run(f.request(AS_OF, DeidFixture.sequence(555555, 555555, 100002, 555555, 777777, 888888)));
    assertEquals(Map.of(100001L, 555555L, 100002L, 777777L, 100003L, 888888L), f.crosswalk());
  }

  @Test
  void aSourceThatOnlyRepeatsItselfStopsTheRun() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n");
    DeidException e =
        assertThrows(DeidException.class, () -> f.run(f.request(AS_OF, (min, max) -> 424242)));
    assertEquals(DeidException.Reason.ID_SPACE, e.reason());
    assertFalse(Files.exists(f.output), "no output");
    assertFalse(Files.exists(f.crosswalk), "no crosswalk");
  }

  @Test
  void aRerunWithTheCrosswalkGivesTheSamePersonTheSameNumber() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n");
    f.run(AS_OF);
    Map<Long, Long> first = f.crosswalk();
    String firstPersons = f.out("person.csv");

    // Next quarter: one person more, one older than the limit now.
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n", "100003,1970,3,4,,\n");
    DeidResult second = f.run(AS_OF);
    Map<Long, Long> again = f.crosswalk();
    assertEquals(first.get(100001L), again.get(100001L));
    assertEquals(first.get(100002L), again.get(100002L));
    assertTrue(again.containsKey(100003L));
    assertFalse(first.containsValue(again.get(100003L)));
    assertEquals(2, second.ids().reused());
    assertEquals(1, second.ids().issued());
    assertTrue(f.out("person.csv").startsWith(firstPersons));
    assertEquals(
        List.of(DeidFixture.class.getSimpleName().isEmpty() ? "" : "original_id,new_id"),
        Files.readAllLines(f.crosswalk).subList(0, 1));
  }

  @Test
  void aRemovedPersonKeepsTheirCrosswalkEntryForLaterRuns() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1940,6,15,,\n");
    f.run(AS_OF);
    long id = f.crosswalk().get(100001L);
    assertEquals(0, f.run(LocalDate.of(2030, 1, 1)).persons().kept());
    assertEquals(id, f.crosswalk().get(100001L));
  }

  @Test
  void anOldNumberThatIsAnOriginalIdOfTheExportIsReplaced() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    Files.createDirectories(f.crosswalk.getParent());
    Files.writeString(f.crosswalk, "original_id,new_id\n100001,100002\n");
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n");
    DeidResult result = f.run(f.request(AS_OF, DeidFixture.sequence(300001, 300002)));
    assertEquals(1, result.ids().reissued());
    assertEquals(1, result.ids().issued());
    // Persons draw in the order of their original ids.
    assertEquals(Map.of(100001L, 300001L, 100002L, 300002L), f.crosswalk());
  }

  @Test
  void perSubmissionIgnoresTheOldCrosswalk() throws Exception {
    DeidFixture f = new DeidFixture(dir).perSubmission();
    Files.createDirectories(f.crosswalk.getParent());
    Files.writeString(f.crosswalk, "original_id,new_id\n100001,555555\n");
    f.persons("100001,1950,6,15,,\n");
    DeidResult result = f.run(f.request(AS_OF, DeidFixture.sequence(666666)));
    assertEquals(0, result.ids().reused());
    assertEquals(Map.of(100001L, 666666L), f.crosswalk());
  }

  @Test
  void theCrosswalkIsPrivateSortedAndOutsideTheOutput() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100003,1950,6,15,,\n", "100001,1960,1,2,,\n", "100002,1970,1,2,,\n");
    f.run(AS_OF);
    assertEquals(List.of(100001L, 100002L, 100003L), List.copyOf(f.crosswalk().keySet()));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.crosswalk)));
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(f.crosswalk.getParent())));
    }
    assertFalse(f.outTree().stream().anyMatch(p -> p.contains("crosswalk")));
  }

  @Test
  void aCorruptCrosswalkStopsTheRunWithoutSayingAnId() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    Files.createDirectories(f.crosswalk.getParent());
    Files.writeString(f.crosswalk, "original_id,new_id\n100001,555555\n100002,555555\n");
    f.persons("100001,1950,6,15,,\n");
    DeidException e = assertThrows(DeidException.class, () -> f.run(AS_OF));
    assertEquals(DeidException.Reason.CROSSWALK, e.reason());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertFalse(e.getMessage().contains("555555"));
    assertFalse(e.getMessage().contains("100002"));
  }

  // ---- unknown persons, removed rows, empty tables ----

  @Test
  void rowsOfAPersonMissingFromThePersonTableAreDroppedAndCounted() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.visits("1,100001,2017-01-05,,a\n", "2,199999,2017-01-05,,b\n", "3,199999,2017-01-06,,c\n");
    f.observations("1,199998,,2017-01-05\n", "2,abc,,2017-01-05\n");
    DeidResult result = f.run(AS_OF);
    assertEquals(2, result.files().get(1).removedUnlinked());
    assertEquals(2, result.files().get(2).removedUnlinked());
    assertEquals(2, result.persons().unknownReferenced());
    assertEquals(List.of("visit_id", "1", ""), firstFields(f.outLines("visit.csv")));
    assertFalse(f.out("visit.csv").contains("199999"));
  }

  @Test
  void rowsThatReferToARemovedRowGoWithIt() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1930,6,15,,\n", "100002,1960,1,2,,\n");
    f.visits("1,100001,2017-01-05,,old\n", "2,100002,2017-01-05,,young\n");
    // Observation 8 belongs to the kept person but points at the removed person's visit.
    f.observations("7,100002,2,2017-01-05\n", "8,100002,1,2017-01-05\n");
    DeidResult result = f.run(AS_OF);
    assertEquals(1, result.files().get(2).removedCascade());
    assertEquals(List.of("observation_id", "7", ""), firstFields(f.outLines("observation.csv")));
  }

  @Test
  void anEmptyTableStaysAHeaderLine() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.visits();
    f.file("observation.csv", "");
    DeidResult result = f.run(AS_OF);
    assertEquals(DeidFixture.VISIT_HEADER, f.out("visit.csv"));
    assertEquals("", f.out("observation.csv"));
    assertEquals(0, result.files().get(1).rowsIn());
  }

  // ---- bytes ----

  @Test
  void untouchedFieldsQuotingAndLineEndingsAreKept() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    String visits =
        "\"visit_id\",person_id,start_date,start_datetime,note\r\n"
            + "\"1\",100001,2017-05-06,,\"a \"\"quoted\"\" note, with a comma\"\r\n"
            + "2,\"100001\",\"2017-05-06\",,  spaced  \n"
            + "3,100001,2017-05-06,,\"é ✓\"";
    f.file("visit.csv", visits);
    f.run(AS_OF);
    long id = f.crosswalk().get(100001L);
    assertEquals(
        "\"visit_id\",person_id,start_date,start_datetime,note\r\n"
            + "\"1\","
            + id
            + ",2017-01-01,,\"a \"\"quoted\"\" note, with a comma\"\r\n"
            + "2,\""
            + id
            + "\",\"2017-01-01\",,  spaced  \n"
            + "3,"
            + id
            + ",2017-01-01,,\"é ✓\"",
        f.out("visit.csv"));
  }

  @Test
  void withQuotingAllEveryFieldIsQuoted() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace("quoting: optional, lineEnding: any", "quoting: all, lineEnding: crlf"));
    f.file(
        "person.csv",
        "\"person_id\",\"year_of_birth\",\"month_of_birth\",\"day_of_birth\","
            + "\"birth_datetime\",\"person_source_value\"\r\n"
            + "\"100001\",\"1950\",\"6\",\"15\",\"\",\"x\"\r\n"
            + "100002,1960,1,2,,y\r\n");
    f.run(AS_OF);
    Map<Long, Long> ids = f.crosswalk();
    assertEquals(
        List.of(
            "\"" + ids.get(100001L) + "\",\"1950\",\"1\",\"1\",\"\",\"\"",
            "\"" + ids.get(100002L) + "\",\"1960\",\"1\",\"1\",\"\",\"\""),
        List.of(f.out("person.csv").split("\r\n")).subList(1, 3));
  }

  @Test
  void theManifestListsEveryFileWithItsRowsSizeAndChecksum() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n", "100002,1930,6,15,,\n");
    f.visits("1,100001,2017-01-05,,a\n");
    DeidResult result = f.run(AS_OF);
    String manifest = f.out(Deidentifier.MANIFEST);
    assertTrue(manifest.contains("\"asOf\": \"2017-12-01\""), manifest);
    assertTrue(manifest.contains("\"name\": \"deid-test\""), manifest);
    for (String file : List.of("person.csv", "visit.csv")) {
      byte[] bytes = Files.readAllBytes(f.output.resolve(file));
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      String hex = String.format("%08x", (int) crc.getValue());
      assertTrue(
          manifest.contains(
              "\""
                  + file
                  + "\": {\n      \"rows\": 1,\n      \"bytes\": "
                  + bytes.length
                  + ",\n      \"crc32c\": \""
                  + hex
                  + "\""),
          manifest);
    }
    assertEquals(
        List.of("person.csv", "visit.csv"), result.files().stream().map(s -> s.file()).toList());
  }

  // ---- locations and failures ----

  @Test
  void theInputIsNeverModifiedAndAFailedRunLeavesThePreviousOutput() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.visits("1,100001,2017-01-05,,a\n");
    byte[] input = Files.readAllBytes(f.export.resolve("visit.csv"));
    f.run(AS_OF);
    String before = f.out("visit.csv");
    List<String> tree = f.outTree();

    Files.writeString(f.crosswalk, "not a crosswalk\n");
    assertThrows(DeidException.class, () -> f.run(AS_OF));
    assertEquals(before, f.out("visit.csv"));
    assertEquals(tree, f.outTree(), "no temporary folder is left");
    assertEquals(
        new String(input, StandardCharsets.UTF_8), Files.readString(f.export.resolve("visit.csv")));
  }

  @Test
  void anOutputInsideTheInputIsRefused() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    DeidRequest request = f.request(AS_OF, RandomIds.secure());
    DeidRequest inside =
        new DeidRequest(
            request.contract(),
            f.export,
            f.export.resolve("deid"),
            f.crosswalk,
            AS_OF,
            false,
            false,
            1,
            RandomIds.secure(),
            "test");
    assertEquals(
        DeidException.Reason.LOCATION,
        assertThrows(DeidException.class, () -> f.run(inside)).reason());
    assertFalse(Files.exists(f.export.resolve("deid")));
  }

  @Test
  void aCrosswalkInsideTheOutputIsRefused() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    DeidRequest request = f.request(AS_OF, RandomIds.secure());
    DeidRequest beside =
        new DeidRequest(
            request.contract(),
            f.export,
            f.output,
            f.output.resolve("crosswalk.csv"),
            AS_OF,
            false,
            false,
            1,
            RandomIds.secure(),
            "test");
    DeidException e = assertThrows(DeidException.class, () -> f.run(beside));
    assertEquals(DeidException.Reason.LOCATION, e.reason());
    assertTrue(
        e.getMessage().contains("must never sit beside the de-identified files"), e.getMessage());
  }

  @Test
  void anOutputFolderThatIsNotADeidentifiedExportIsNotReplaced() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    Files.createDirectories(f.output);
    Files.writeString(f.output.resolve("thesis.docx"), "precious");
    DeidException e = assertThrows(DeidException.class, () -> f.run(AS_OF));
    assertEquals(DeidException.Reason.LOCATION, e.reason());
    assertEquals("precious", Files.readString(f.output.resolve("thesis.docx")));
  }

  @Test
  void aContractWithoutAPolicyIsRefused() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    String text = DeidFixture.CONTRACT.formatted("persistent");
    f.contract(text.substring(0, text.indexOf("deidentification:")));
    f.persons("100001,1950,6,15,,\n");
    assertEquals(
        DeidException.Reason.NO_POLICY,
        assertThrows(DeidException.class, () -> f.run(AS_OF)).reason());
  }

  @Test
  void aPersonIdColumnWithoutAReferenceIsRefused() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replaceFirst(", references: person.person_id", ""));
    f.persons("100001,1950,6,15,,\n");
    DeidException e = assertThrows(DeidException.class, () -> f.run(AS_OF));
    assertEquals(DeidException.Reason.POLICY, e.reason());
    assertTrue(e.getMessage().contains("visit.person_id looks like a person id"), e.getMessage());
  }

  private static List<String> firstFields(List<String> lines) {
    return lines.stream().map(l -> l.split(",", -1)[0]).toList();
  }

  /** The line without its first {@code n} fields (the ids). */
  private static String after(String line, int n) {
    int at = 0;
    for (int i = 0; i < n; i++) {
      at = line.indexOf(',', at) + 1;
    }
    return line.substring(at);
  }
}
