package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.PersonModel;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * The leak test's export, generated from a contract's tables so that a column added there is
 * covered: a few persons (one over 80 on the test's reference date), every table with rows of each,
 * dates and datetimes in summer ({@code -04:00}) and winter ({@code -05:00}), times, and a marker
 * in every string cell.
 *
 * <p>Markers: every string cell holds {@code M<tt><cc><nn>} (table, column and row number, fixed
 * width, so no marker is part of another), and where the column is long enough the readable {@code
 * MARK-<table>-<column>-<n>} and a date in text. Columns too short for a marker are listed in
 * {@link #unmarked}. Foreign keys point at rows of the same person; the tables with conditional
 * person references get person facts naming kept persons, the removed one, and facts of another
 * domain.
 */
final class LeakExport {

  /** Two kept persons and one over 80 on the leak test's reference date, 2024-06-15. */
  static final List<Person> PERSONS =
      List.of(
          new Person(8_800_001L, LocalDate.of(1960, 5, 20), false),
          new Person(8_800_002L, LocalDate.of(1975, 11, 30), false),
          new Person(8_800_003L, LocalDate.of(1930, 8, 15), true));

  /** Concepts of the 2017 lists (omop-base); one of them is in each set a column names. */
  private static final long[] CONCEPT_CANDIDATES = {
    8507, 8527, 38003564, 9202, 44818518, 38000245, 44786630, 44818702, 38000177, 4128794, 0
  };

  /** A domain concept that is not the Person domain (21: Measurement). */
  private static final String OTHER_DOMAIN = "21";

  /** A synthetic person; {@code removed} ones are over 80 on the reference date. */
  record Person(long id, LocalDate birth, boolean removed) {
    @Override
    public String toString() {
      return "person " + (PERSONS.indexOf(this) + 1);
    }
  }

  /** One planted string cell: its marker, where it is, and whose row. */
  record Marker(String token, String table, String column, Optional<Person> person) {
    String where() {
      return token + " (" + table + "." + column + ")";
    }
  }

  /** One generated row: its cells in column order, and the person it belongs to. */
  record Row(List<String> cells, Optional<Person> person) {}

  final Contract contract;
  final Map<String, List<Row>> rows = new LinkedHashMap<>();
  final List<Marker> markers = new ArrayList<>();
  final Set<String> unmarked = new TreeSet<>();
  final Set<String> removedKeys = new HashSet<>();
  private final List<String> tableNames;

  LeakExport(Contract contract) {
    this.contract = contract;
    this.tableNames = List.copyOf(contract.tables().keySet());
    for (Table table : contract.tables().values()) {
      rows.put(table.name(), generate(table));
    }
  }

  void writeTo(Path folder) throws IOException {
    Files.createDirectories(folder);
    for (Table table : contract.tables().values()) {
      StringBuilder text = new StringBuilder();
      text.append(table.columns().stream().map(Column::name).collect(Collectors.joining(",")));
      text.append('\n');
      for (Row row : rows.get(table.name())) {
        text.append(String.join(",", row.cells())).append('\n');
      }
      Files.writeString(folder.resolve(table.file()), text, StandardCharsets.UTF_8);
    }
  }

  /** The rows each written file must have: all but the removed person's, withheld tables none. */
  Map<String, Integer> expectedRows(Contract deid) {
    Set<String> withheld = deid.deidentification().orElseThrow().withheldTables();
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (Table table : contract.tables().values()) {
      if (!withheld.contains(table.name())) {
        int kept = (int) rows.get(table.name()).stream().filter(r -> !removed(r)).count();
        expected.put(table.file(), kept);
      }
    }
    return expected;
  }

  private static boolean removed(Row row) {
    return row.person().map(Person::removed).orElse(false);
  }

  private List<Row> generate(Table table) {
    PersonModel person = contract.person();
    boolean personTable = table.name().equals(person.table());
    List<ForeignKey> conditional = conditionalPersonKeys(table);
    boolean tied = personTable || personColumn(table).isPresent();
    boolean onePerPerson = table.primaryKey().equals(personColumn(table).stream().toList());
    List<Row> out = new ArrayList<>();
    if (!conditional.isEmpty()) {
      // Person facts: both named persons kept; one kept and one removed; no person at all; and
      // the first a person, the second a fact of another domain.
      Person a = PERSONS.get(0);
      Person b = PERSONS.get(1);
      Person gone = PERSONS.get(2);
      out.add(factRow(table, conditional, 0, List.of(a, b), true, true, Optional.empty()));
      out.add(factRow(table, conditional, 1, List.of(a, gone), true, true, Optional.of(gone)));
      out.add(factRow(table, conditional, 2, List.of(), false, false, Optional.empty()));
      out.add(factRow(table, conditional, 3, List.of(b), true, false, Optional.empty()));
    } else if (personTable || onePerPerson) {
      for (int n = 0; n < PERSONS.size(); n++) {
        out.add(row(table, n, Optional.of(PERSONS.get(n))));
      }
    } else if (tied) {
      for (int n = 0; n < 2 * PERSONS.size(); n++) {
        out.add(row(table, n, Optional.of(PERSONS.get(n / 2))));
      }
    } else {
      out.add(row(table, 0, Optional.empty()));
      out.add(row(table, 1, Optional.empty()));
    }
    return out;
  }

  private Row factRow(
      Table table,
      List<ForeignKey> keys,
      int n,
      List<Person> named,
      boolean firstIsPerson,
      boolean secondIsPerson,
      Optional<Person> owner) {
    Row row = row(table, n, owner);
    List<String> cells = new ArrayList<>(row.cells());
    boolean[] isPerson = {firstIsPerson, secondIsPerson};
    int personsUsed = 0;
    for (int k = 0; k < keys.size(); k++) {
      ForeignKey key = keys.get(k);
      ForeignKey.Condition when = key.when().orElseThrow();
      int conditionColumn = table.indexOf(when.column());
      int idColumn = table.indexOf(key.columns().get(0));
      boolean person = k < isPerson.length && isPerson[k];
      if (person) {
        cells.set(conditionColumn, when.values().get(0));
        cells.set(idColumn, Long.toString(named.get(personsUsed++).id()));
      } else {
        assertFalse(when.matches(OTHER_DOMAIN), "the other domain is not a person's");
        cells.set(conditionColumn, OTHER_DOMAIN);
        // A fact of the other domain: a number that is no person id, kept as it is.
        cells.set(idColumn, Long.toString(rowKey(table.name(), 100 + 10 * k + n)));
      }
    }
    return new Row(cells, owner);
  }

  private Row row(Table table, int n, Optional<Person> person) {
    PersonModel model = contract.person();
    boolean winter = n % 2 == 1;
    int p = person.map(PERSONS::indexOf).orElse(0);
    // Events in 2018 to 2020, deaths after them (March 2021, still standard time in New York).
    boolean death = table.name().equals(model.deathTable().orElse(""));
    LocalDate day =
        death ? LocalDate.of(2021, 3, 5 + p) : LocalDate.of(2018 + p, winter ? 2 : 7, 10 + n);
    List<String> cells = new ArrayList<>();
    for (int c = 0; c < table.columns().size(); c++) {
      Column column = table.columns().get(c);
      String value;
      boolean isPersonTable = table.name().equals(model.table());
      if (isPersonTable && person.isPresent() && isBirth(model, column.name())) {
        value = birthValue(model, column, person.get());
      } else if (column.type() == ColumnType.DATE) {
        value = day.toString();
      } else if (column.type() == ColumnType.DATETIME) {
        value = datetime(day, winter || death);
      } else if (column.type() == ColumnType.TIME) {
        value = winter ? "09:15:30" : "14:05";
      } else if (column.type() == ColumnType.FLOAT) {
        value = "2.5";
      } else if (column.type() == ColumnType.INTEGER) {
        value = integer(table, column, c, n, person);
      } else {
        value = string(table, column, c, n, person);
      }
      cells.add(value);
    }
    // The removed person's row keys (person ids are checked as person references instead).
    if (person.isPresent() && person.get().removed()) {
      for (String key : table.primaryKey()) {
        boolean personKey =
            personColumn(table).filter(key::equals).isPresent()
                || table.name().equals(model.table());
        if (!personKey) {
          removedKeys.add(table.name() + "." + key + "=" + cells.get(table.indexOf(key)));
        }
      }
    }
    return new Row(cells, person);
  }

  private static boolean isBirth(PersonModel model, String column) {
    return Stream.of(model.birthYear(), model.birthMonth(), model.birthDay(), model.birthDatetime())
        .flatMap(Optional::stream)
        .anyMatch(column::equals);
  }

  private static String birthValue(PersonModel model, Column column, Person person) {
    LocalDate birth = person.birth();
    String name = column.name();
    if (model.birthYear().filter(name::equals).isPresent()) {
      return Integer.toString(birth.getYear());
    }
    if (model.birthMonth().filter(name::equals).isPresent()) {
      return Integer.toString(birth.getMonthValue());
    }
    if (model.birthDay().filter(name::equals).isPresent()) {
      return Integer.toString(birth.getDayOfMonth());
    }
    // May to October births fall in daylight saving time in New York.
    int month = birth.getMonthValue();
    return datetime(birth, month < 4 || month > 10);
  }

  private static String datetime(LocalDate day, boolean winter) {
    return winter ? day + " 09:15:27.5-05:00" : day + "T14:33:00-04:00";
  }

  private String integer(Table table, Column column, int c, int n, Optional<Person> person) {
    PersonModel model = contract.person();
    Optional<ForeignKey> key = singleKey(table, column.name());
    if (key.isPresent() && key.get().when().isPresent()) {
      return "0"; // set by factRow
    }
    if (key.isPresent() && key.get().table().equals(model.table())) {
      return person.map(p -> Long.toString(p.id())).orElse("");
    }
    if (table.name().equals(model.table()) && column.name().equals(model.id())) {
      return person.map(p -> Long.toString(p.id())).orElseThrow();
    }
    if (table.primaryKey().equals(List.of(column.name()))) {
      return Long.toString(rowKey(table.name(), n));
    }
    if (key.isPresent()) {
      String target = key.get().table();
      if (target.equals(table.name())) {
        return column.required() ? Long.toString(rowKey(target, n)) : "";
      }
      Table referenced = contract.table(target).orElseThrow();
      boolean targetTied = personColumn(referenced).isPresent();
      int p = person.map(PERSONS::indexOf).orElse(0);
      return Long.toString(rowKey(target, targetTied ? 2 * p : 0));
    }
    if (column.concepts().isPresent()) {
      for (long candidate : CONCEPT_CANDIDATES) {
        if (column.concepts().get().contains(candidate)) {
          return Long.toString(candidate);
        }
      }
    }
    return Integer.toString(c % 5 + 1);
  }

  private String string(Table table, Column column, int c, int n, Optional<Person> person) {
    String token =
        String.format(Locale.ROOT, "M%02d%02d%02d", tableNames.indexOf(table.name()), c, n);
    String readable = "MARK-" + table.name() + "-" + column.name() + "-" + n;
    List<String> candidates = new ArrayList<>();
    if (column.type() == ColumnType.TEXT) {
      candidates.add(
          token + " " + readable + " Dr Synthetic saw the patient on 2009-03-12 at 12 Fake St");
    }
    candidates.add(token + " " + readable + " seen 2009-03-12");
    candidates.add(token + " " + readable);
    candidates.add(token + " 2009-03-12");
    candidates.add(token);
    int limit = column.maxLength().orElse(Integer.MAX_VALUE);
    for (String candidate : candidates) {
      if (candidate.length() <= limit
          && column.pattern().map(p -> p.matcher(candidate).matches()).orElse(true)) {
        markers.add(new Marker(token, table.name(), column.name(), person));
        return candidate;
      }
    }
    unmarked.add(table.name() + "." + column.name());
    if (column.pattern().isPresent()) {
      return "match";
    }
    return "NY".substring(0, Math.min(2, limit));
  }

  /** The key of row {@code n} of a table: distinct over the export and from every person id. */
  long rowKey(String table, int n) {
    return 1_000_000L + 1_000L * tableNames.indexOf(table) + n + 1;
  }

  private Optional<String> personColumn(Table table) {
    return table.foreignKeys().stream()
        .filter(k -> k.when().isEmpty() && isPersonKey(contract, k))
        .map(k -> k.columns().get(0))
        .findFirst();
  }

  private List<ForeignKey> conditionalPersonKeys(Table table) {
    return table.foreignKeys().stream()
        .filter(k -> k.when().isPresent() && isPersonKey(contract, k))
        .toList();
  }

  private static Optional<ForeignKey> singleKey(Table table, String column) {
    return table.foreignKeys().stream()
        .filter(k -> k.columns().equals(List.of(column)))
        .findFirst();
  }

  static boolean isPersonKey(Contract contract, ForeignKey key) {
    PersonModel person = contract.person();
    return key.columns().size() == 1
        && key.table().equals(person.table())
        && key.referencedColumns().equals(List.of(person.id()));
  }
}
