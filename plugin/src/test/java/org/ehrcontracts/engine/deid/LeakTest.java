package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ColumnType;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.PersonModel;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's leak test: an export of every table of {@code aou-ehr-current}, built from the loaded
 * contract so that a column added there is covered here, with a unique marker in every string cell,
 * dates and datetimes in summer and winter, times, PII files and person facts in {@code
 * fact_relationship}, de-identified with {@code aou-ehr-current-deid}. Only the written files and
 * the crosswalk are read to judge the result, never the transform's state.
 *
 * <p>Every check is a {@link Leaks} scan that finds leaks rather than asserting their absence, and
 * the same scan is run on the raw input, where each kind of leak must be found: a check that cannot
 * fail would pass on the input too.
 *
 * <p>Markers: every string cell holds {@code M<tt><cc><nn>} (table, column and row number, fixed
 * width, so no marker is part of another), and where the column is long enough the readable {@code
 * MARK-<table>-<column>-<n>} and a date in text. Columns too short for a marker are listed and must
 * not be blanked ones, so no blanked column escapes the marker check.
 */
class LeakTest {

  private static final LocalDate AS_OF = LocalDate.of(2024, 6, 15);
  private static final String FOLDER = "2024-06-10-v1";

  /** Two kept persons and one over 80 on {@link #AS_OF}. */
  private static final List<Person> PERSONS =
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

  private static final Pattern DATE = Pattern.compile("\\d{4}-01-01");
  private static final Pattern DATETIME =
      Pattern.compile("\\d{4}-01-01[T ]00:00(?::00(?:\\.0+)?)?(Z|[+-]\\d\\d:?\\d\\d| \\S+)?");

  private static final Pattern MIDNIGHT = Pattern.compile("00:00(?::00(?:\\.0+)?)?");

  @TempDir Path dir;

  private Contract current;
  private Contract deid;
  private Export export;

  @BeforeEach
  void build() throws Exception {
    ContractLoader loader =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()));
    current = loader.load("aou-ehr-current");
    deid = loader.load("aou-ehr-current-deid");
    export = new Export(current);
    export.writeTo(dir.resolve("in").resolve(FOLDER));
  }

  @Test
  void theDeidentifiedOutputHoldsNoLeak() throws Exception {
    Path output = dir.resolve("out").resolve(FOLDER);
    Path crosswalkFile = dir.resolve("private/crosswalk.csv");
    // Forced, so that a finding of the verifier in the input cannot hide the leak checks below;
    // that the input is a valid export is theInputIsAValidExport's to prove.
    DeidRequest request =
        DeidRequest.of(deid, dir.resolve("in").resolve(FOLDER), output, crosswalkFile)
            .withAsOf(AS_OF)
            .withForce(true);
    DeidResult result;
    try {
      result = new Deidentifier(DiagnosticsListener.silent()).deidentify(request);
    } catch (InputRejectedException | OutputRejectedException e) {
      throw new AssertionError(e.getMessage() + ":\n" + errors(verification(e)), e);
    }
    Map<Long, Long> crosswalk = readCrosswalk(crosswalkFile);
    Leaks leaks = Leaks.scan(deid, export, output, crosswalk);

    // All of them, so that a failure names every kind of leak at once.
    assertAll(
        () ->
            assertEquals(
                0,
                result.verification().orElseThrow().count(Severity.ERROR),
                () -> "the output's verification:\n" + errors(result.verification().get())),
        () ->
            assertEquals(
                PERSONS.stream().filter(p -> !p.removed()).map(Person::id).toList(),
                List.copyOf(crosswalk.keySet()),
                "the crosswalk holds the kept persons only"),
        () -> assertEquals(List.of(), leaks.withheldFiles, "identifying or dropped table files"),
        () -> assertEquals(List.of(), leaks.originalIds, "person references with an original id"),
        () -> assertEquals(List.of(), leaks.unissuedIds, "person references not an issued id"),
        () -> assertEquals(List.of(), leaks.markers, "markers of blanked or withheld columns"),
        () -> assertEquals(List.of(), leaks.removedPerson, "traces of the person removed for age"),
        () -> assertEquals(List.of(), leaks.dates, "dates or datetimes not January 1, 00:00"),
        () -> assertEquals(1, leaks.offsets.size(), "datetime offsets: " + leaks.offsets),
        () -> assertEquals(List.of(), leaks.times, "times not midnight"),
        () -> assertEquals(List.of(), leaks.notBlank, "blanked columns not empty"),
        // The output is not vacuous: every kept row is there, with the kept markers.
        () -> assertEquals(export.expectedRows(deid), leaks.rows, "rows per output file"),
        () -> assertEquals(List.of(), leaks.keptMissing, "kept markers missing from the output"),
        () -> assertTrue(leaks.personReferences > 0, "person references seen"),
        () -> assertTrue(leaks.conditionalReferences > 0, "conditional person references seen"));
  }

  @Test
  void theInputIsAValidExport() throws Exception {
    VerifyResult result =
        new Verifier(DiagnosticsListener.silent())
            .verify(
                new VerifyRequest(
                    current,
                    dir.resolve("in").resolve(FOLDER),
                    AS_OF,
                    false,
                    2,
                    10,
                    Set.of(),
                    Set.of(),
                    "test"));
    assertEquals(0, result.count(Severity.ERROR), () -> errors(result));
  }

  @Test
  void theChecksFindEveryKindOfLeakInTheRawInput() throws Exception {
    // The same scan over the input, with a crosswalk that would map the kept persons: every check
    // must fire, or it could not fail on the output either.
    Map<Long, Long> crosswalk = new HashMap<>();
    crosswalk.put(PERSONS.get(0).id(), 912_345_671L);
    crosswalk.put(PERSONS.get(1).id(), 912_345_672L);
    Leaks leaks = Leaks.scan(deid, export, dir.resolve("in").resolve(FOLDER), crosswalk);

    assertFalse(leaks.withheldFiles.isEmpty(), "identifying files found");
    assertFalse(leaks.originalIds.isEmpty(), "original ids found");
    assertFalse(leaks.unissuedIds.isEmpty(), "unissued ids found");
    assertFalse(leaks.markers.isEmpty(), "markers found");
    assertTrue(
        leaks.markers.stream().anyMatch(m -> m.contains("pii_name")), "a PII marker is found");
    assertTrue(
        leaks.markers.stream().anyMatch(m -> m.contains("observation.value_as_string")),
        "a free-text marker is found");
    assertTrue(
        leaks.removedPerson.stream().anyMatch(m -> m.contains("person.person_id names")),
        "the removed person's id is found");
    assertTrue(
        leaks.removedPerson.stream().anyMatch(m -> m.contains("fact_relationship.fact_id_2 names")),
        "the person fact naming the removed person is found");
    assertTrue(
        leaks.removedPerson.stream().anyMatch(m -> m.contains("a row key of the removed person")),
        "the removed person's row keys are found");
    assertTrue(
        leaks.removedPerson.stream().anyMatch(m -> m.startsWith("marker ")),
        "the removed person's markers are found");
    assertFalse(leaks.dates.isEmpty(), "dates not on January 1 found");
    assertTrue(leaks.offsets.size() > 1, "more than one offset found");
    assertFalse(leaks.times.isEmpty(), "times found");
    assertFalse(leaks.notBlank.isEmpty(), "filled blanked columns found");
    assertTrue(
        leaks.originalIds.stream().anyMatch(m -> m.contains("fact_relationship.fact_id_2")),
        "a conditional person reference holding an original id is found");
  }

  @Test
  void theExportCoversEveryColumnOfEveryTable() {
    // Each table of the contract has a file and each string column a marker, except those too
    // short for one; those must be kept or withheld, never blanked (their leak would go unseen).
    for (Table table : current.tables().values()) {
      assertTrue(export.rows.containsKey(table.name()), table.name());
      assertFalse(export.rows.get(table.name()).isEmpty(), table.name());
    }
    DeidentificationPolicy policy = deid.deidentification().orElseThrow();
    for (String column : export.unmarked) {
      String[] parts = column.split("\\.");
      DeidentificationPolicy.Action action = policy.decision(parts[0], parts[1]).action();
      assertTrue(
          action == DeidentificationPolicy.Action.KEEP
              || action == DeidentificationPolicy.Action.WITHHELD,
          column + " has no marker but is " + action);
    }
  }

  // ---- the export ----

  /** A synthetic person; {@code removed} ones are over 80 on the reference date. */
  private record Person(long id, LocalDate birth, boolean removed) {
    @Override
    public String toString() {
      return "person " + (PERSONS.indexOf(this) + 1);
    }
  }

  /** One planted string cell: its marker, where it is, and whose row. */
  private record Marker(String token, String table, String column, Optional<Person> person) {
    String where() {
      return token + " (" + table + "." + column + ")";
    }
  }

  /** One generated row: its cells in column order, and the person it belongs to. */
  private record Row(List<String> cells, Optional<Person> person) {}

  /** The export generated from the contract's tables, and what was planted where. */
  private static final class Export {
    final Contract contract;
    final Map<String, List<Row>> rows = new LinkedHashMap<>();
    final List<Marker> markers = new ArrayList<>();
    final Set<String> unmarked = new TreeSet<>();
    final Set<String> removedKeys = new HashSet<>();
    private final List<String> tableNames;

    Export(Contract contract) {
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
      return Stream.of(
              model.birthYear(), model.birthMonth(), model.birthDay(), model.birthDatetime())
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
  }

  private static boolean isPersonKey(Contract contract, ForeignKey key) {
    PersonModel person = contract.person();
    return key.columns().size() == 1
        && key.table().equals(person.table())
        && key.referencedColumns().equals(List.of(person.id()));
  }

  // ---- the checks, on written files only ----

  /** What a scan of a folder found; each list names places and markers, never cell values. */
  private static final class Leaks {
    final List<String> withheldFiles = new ArrayList<>();
    final List<String> originalIds = new ArrayList<>();
    final List<String> unissuedIds = new ArrayList<>();
    final List<String> markers = new ArrayList<>();
    final List<String> removedPerson = new ArrayList<>();
    final List<String> dates = new ArrayList<>();
    final Set<String> offsets = new TreeSet<>();
    final List<String> times = new ArrayList<>();
    final List<String> notBlank = new ArrayList<>();
    final List<String> keptMissing = new ArrayList<>();
    final Map<String, Integer> rows = new LinkedHashMap<>();
    int personReferences;
    int conditionalReferences;

    /**
     * Scans every file under {@code folder} against the policy of {@code contract}.
     *
     * @param crosswalk original id to new id, as the crosswalk file holds it
     */
    static Leaks scan(Contract contract, Export export, Path folder, Map<Long, Long> crosswalk)
        throws IOException {
      Leaks leaks = new Leaks();
      DeidentificationPolicy policy = contract.deidentification().orElseThrow();
      Set<Long> originals = new HashSet<>();
      PERSONS.forEach(p -> originals.add(p.id()));
      Set<Long> issued = new HashSet<>(crosswalk.values());
      Set<Long> removedIds = new HashSet<>();
      for (Person p : PERSONS) {
        if (p.removed()) {
          removedIds.add(p.id());
          Optional.ofNullable(crosswalk.get(p.id())).ifPresent(removedIds::add);
        }
      }

      List<Path> files;
      try (Stream<Path> walk = Files.walk(folder)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      StringBuilder all = new StringBuilder();
      for (Path file : files) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).append('\n');
      }
      String bytes = all.toString();

      // Markers of blanked and withheld columns, and every marker of the removed person's rows.
      Set<String> withheld = policy.withheldTables();
      for (Marker marker : export.markers) {
        DeidentificationPolicy.Action action =
            policy.decision(marker.table(), marker.column()).action();
        boolean present = bytes.contains(marker.token());
        boolean ofRemoved = marker.person().map(Person::removed).orElse(false);
        if (present && ofRemoved) {
          leaks.removedPerson.add("marker " + marker.where() + " of the removed person");
        } else if (present && action != DeidentificationPolicy.Action.KEEP) {
          leaks.markers.add(marker.where());
        } else if (!present && !ofRemoved && action == DeidentificationPolicy.Action.KEEP) {
          leaks.keptMissing.add(marker.where());
        }
      }

      for (Path file : files) {
        String name = folder.relativize(file).toString();
        Optional<Table> found = contract.tableForFile(name);
        if (found.isEmpty()) {
          continue;
        }
        Table table = found.get();
        if (withheld.contains(table.name()) || table.identifying()) {
          leaks.withheldFiles.add(name);
        }
        List<List<String>> records = parse(Files.readString(file, StandardCharsets.UTF_8));
        List<String> header = records.get(0);
        leaks.rows.put(name, records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
          List<String> record = records.get(r);
          String at = name + ":" + (r + 1) + " ";
          for (int i = 0; i < header.size() && i < record.size(); i++) {
            Optional<Column> column = table.column(header.get(i));
            if (column.isEmpty()) {
              continue;
            }
            leaks.cell(policy, table, column.get(), record.get(i), at);
            leaks.personCell(
                contract,
                table,
                column.get(),
                header,
                record,
                i,
                at,
                originals,
                issued,
                removedIds);
            String key = table.name() + "." + header.get(i) + "=" + record.get(i);
            if (table.primaryKey().contains(header.get(i)) && export.removedKeys.contains(key)) {
              leaks.removedPerson.add(at + header.get(i) + ": a row key of the removed person");
            }
          }
        }
      }
      return leaks;
    }

    /** Dates, datetimes, times and blanked columns, by the column's type and decision. */
    private void cell(
        DeidentificationPolicy policy, Table table, Column column, String value, String at) {
      if (value.isEmpty()) {
        return;
      }
      DeidentificationPolicy.Action action = policy.decision(table.name(), column.name()).action();
      if (column.type() == ColumnType.DATE && !DATE.matcher(value).matches()) {
        dates.add(at + column.name());
      } else if (column.type() == ColumnType.DATETIME) {
        Matcher m = DATETIME.matcher(value);
        if (!m.matches()) {
          dates.add(at + column.name());
          // The offset still counts: a kept season is a leak of its own.
          Matcher offset = Pattern.compile("(Z|[+-]\\d\\d:?\\d\\d)$").matcher(value);
          offsets.add(offset.find() ? offset.group(1) : "none");
        } else {
          offsets.add(m.group(1) == null ? "none" : m.group(1));
        }
      } else if (column.type() == ColumnType.TIME && !MIDNIGHT.matcher(value).matches()) {
        // Midnight in the value's own form (00:00 for hh:mm, as the de-identifier writes it, like
        // a datetime's form) tells no time of day.
        times.add(at + column.name());
      } else if (action == DeidentificationPolicy.Action.BLANK) {
        notBlank.add(at + column.name());
      }
    }

    /** Every person reference, conditional ones where their condition holds. */
    private void personCell(
        Contract contract,
        Table table,
        Column column,
        List<String> header,
        List<String> record,
        int i,
        String at,
        Set<Long> originals,
        Set<Long> issued,
        Set<Long> removedIds) {
      PersonModel person = contract.person();
      boolean isId = table.name().equals(person.table()) && column.name().equals(person.id());
      Optional<ForeignKey> key =
          table.foreignKeys().stream()
              .filter(k -> k.columns().equals(List.of(column.name())) && isPersonKey(contract, k))
              .findFirst();
      if (!isId && key.isEmpty()) {
        return;
      }
      Optional<ForeignKey.Condition> when = key.flatMap(ForeignKey::when);
      if (when.isPresent()) {
        int conditionColumn = header.indexOf(when.get().column());
        if (conditionColumn < 0 || !when.get().matches(record.get(conditionColumn))) {
          return;
        }
        conditionalReferences++;
      }
      personReferences++;
      String value = record.get(i);
      long id;
      try {
        id = Long.parseLong(value);
      } catch (NumberFormatException e) {
        unissuedIds.add(at + table.name() + "." + column.name() + " is no number");
        return;
      }
      String where = at + table.name() + "." + column.name();
      if (originals.contains(id)) {
        originalIds.add(where);
      }
      if (!issued.contains(id)) {
        unissuedIds.add(where);
      }
      if (removedIds.contains(id)) {
        removedPerson.add(where + " names the removed person");
      }
    }
  }

  /** RFC 4180 records: quoted fields may hold commas and doubled quotes; LF or CRLF. */
  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
        any = true;
      } else if (ch == ',') {
        fields.add(field.toString());
        field.setLength(0);
        any = true;
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || field.length() > 0) {
          fields.add(field.toString());
          records.add(fields);
        }
        fields = new ArrayList<>();
        field.setLength(0);
        any = false;
      } else {
        field.append(ch);
        any = true;
      }
    }
    if (any || field.length() > 0) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }

  private static VerifyResult verification(DeidException e) {
    return e instanceof InputRejectedException in
        ? in.verification()
        : ((OutputRejectedException) e).verification();
  }

  /** The error lines of a verification; problem messages never hold cell values. */
  private static String errors(VerifyResult result) {
    return result.files().stream()
        .flatMap(f -> f.rules().stream())
        .flatMap(r -> r.samples().stream())
        .filter(p -> p.severity() == Severity.ERROR)
        .map(Problem::format)
        .collect(Collectors.joining("\n"));
  }

  private static Map<Long, Long> readCrosswalk(Path file) throws IOException {
    Map<Long, Long> map = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(CrosswalkFile.HEADER, lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(",");
      map.put(Long.parseLong(parts[0].strip()), Long.parseLong(parts[1].strip()));
    }
    return map;
  }
}
