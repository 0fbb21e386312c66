package org.ehrcontracts.engine.deid;

import java.time.LocalDate;
import java.util.OptionalInt;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.ParsedDateTime;

/**
 * The first pass: reads the person table, works out each person's age on the reference date from
 * the full birth date, and records in the {@link PersonMap} who stays and who goes.
 *
 * <p>The birth date is the earliest the data allows, so that a doubtful person is taken as older
 * rather than younger: from the birth datetime (its date as written), and from year, month and day
 * of birth, where a missing or impossible month or day counts as the first (only the year known:
 * January 1). When both sources give a date, the earlier one counts. A person without any year of
 * birth has no age: with an age limit, they are removed.
 */
final class PersonPass implements RecordHandler {

  private final Table table;
  private final Roles roles;
  private final PersonMap persons;
  private final int asOfYear;
  private final int asOfMonth;
  private final int asOfDay;
  private final OptionalInt maxAge;
  private final ParsedDateTime parsed = new ParsedDateTime();
  private boolean awaitingHeader;

  private int idField = -1;
  private int yearField = -1;
  private int monthField = -1;
  private int dayField = -1;
  private int datetimeField = -1;
  private DateTimeFormats datetimeFormats;
  private int width;

  /** Why the person table's header cannot be trusted, or null: then no person is known. */
  String rejected;

  long rows;
  long withoutId;
  long removedForAge;
  long removedWithoutBirthYear;

  /** The budget the person map is held to while the table is read, and the file's name. */
  PersonMap.Budget budget;

  String file = "";

  PersonPass(Table table, Roles roles, PersonMap persons, LocalDate asOf, OptionalInt maxAge) {
    this.table = table;
    this.roles = roles;
    this.persons = persons;
    this.asOfYear = asOf.getYear();
    this.asOfMonth = asOf.getMonthValue();
    this.asOfDay = asOf.getDayOfMonth();
    this.maxAge = maxAge;
    this.awaitingHeader = roles.contract.dialect().header();
    roles
        .person
        .birthDatetime()
        .flatMap(table::column)
        .ifPresent(c -> datetimeFormats = c.dateTimeFormats());
    if (!awaitingHeader) {
      width = table.columns().size();
      for (int i = 0; i < width; i++) {
        bind(i, table.columns().get(i).name());
      }
    }
  }

  private void bind(int field, String name) {
    if (name.equals(roles.person.id()) && idField < 0) {
      idField = field;
    }
    if (roles.person.birthYear().map(name::equals).orElse(false) && yearField < 0) {
      yearField = field;
    }
    if (roles.person.birthMonth().map(name::equals).orElse(false) && monthField < 0) {
      monthField = field;
    }
    if (roles.person.birthDay().map(name::equals).orElse(false) && dayField < 0) {
      dayField = field;
    }
    if (roles.person.birthDatetime().map(name::equals).orElse(false) && datetimeField < 0) {
      datetimeField = field;
    }
  }

  @Override
  public void issue(CsvIssue issue, long line, int field) {}

  @Override
  public void record(CsvRecord record) {
    if (awaitingHeader) {
      awaitingHeader = false;
      java.util.List<String> names = new java.util.ArrayList<>();
      for (int i = 0; i < record.size(); i++) {
        names.add(record.text(i).toString().trim());
      }
      rejected = roles.headerMismatch(table, names).orElse(null);
      width = names.size();
      for (int i = 0; i < width; i++) {
        bind(i, names.get(i));
      }
      return;
    }
    rows++;
    if ((rows & 0xFFF) == 0 && budget != null) {
      budget.check(persons, file, rows);
    }
    if (rejected != null
        || record.size() > width
        || (record.size() < width && !table.jaggedRows())) {
      // Nothing says which value is the id or the birth: the person stays unknown, and every
      // row that names them goes.
      withoutId++;
      return;
    }
    long id = number(record, idField);
    if (id == Bytes.NOT_A_NUMBER) {
      withoutId++;
      return;
    }
    boolean remove = false;
    if (maxAge.isPresent()) {
      int born = birth(record);
      if (born == NO_BIRTH) {
        removedWithoutBirthYear++;
        remove = true;
      } else if (age(born) > maxAge.getAsInt()) {
        removedForAge++;
        remove = true;
      }
    }
    persons.addPerson(id, remove);
  }

  /** Packs a date as {@code year * 10000 + month * 100 + day}, so that order is date order. */
  private static final int NO_BIRTH = Integer.MAX_VALUE;

  /** The earliest birth date the row allows, packed; {@link #NO_BIRTH} when no year is known. */
  private int birth(CsvRecord record) {
    int best = NO_BIRTH;
    if (datetimeField >= 0
        && datetimeField < record.size()
        && !record.isEmpty(datetimeField)
        && datetimeFormats != null
        && datetimeFormats.parse(record.text(datetimeField), parsed) >= 0) {
      best = parsed.year() * 10000 + parsed.month() * 100 + parsed.day();
    }
    long year = number(record, yearField);
    if (year != Bytes.NOT_A_NUMBER && year >= 0 && year <= 9999) {
      int y = (int) year;
      long m = number(record, monthField);
      long d = number(record, dayField);
      int month = m >= 1 && m <= 12 ? (int) m : 1;
      int day =
          month == m && d >= 1 && d <= LocalDate.of(y, month, 1).lengthOfMonth() ? (int) d : 1;
      best = Math.min(best, y * 10000 + month * 100 + day);
    }
    return best;
  }

  /** Completed years on the reference date, as {@link java.time.Period} counts them. */
  int age(int born) {
    int year = born / 10000;
    int month = born / 100 % 100;
    int day = born % 100;
    boolean beforeBirthday = asOfMonth < month || (asOfMonth == month && asOfDay < day);
    return asOfYear - year - (beforeBirthday ? 1 : 0);
  }

  private static long number(CsvRecord record, int field) {
    if (field < 0 || field >= record.size() || record.isEmpty(field)) {
      return Bytes.NOT_A_NUMBER;
    }
    return Bytes.parseLong(record.buffer(), record.start(field), record.end(field));
  }
}
