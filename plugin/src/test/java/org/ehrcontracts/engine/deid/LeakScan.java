package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.PersonModel;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.deid.LeakExport.Marker;
import org.ehrcontracts.engine.deid.LeakExport.Person;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * The leak test's checks: what a folder of written files holds that a de-identified export must
 * not, judged from the files and the crosswalk only, never from the transform's state. Each list
 * names places, columns and planted markers, never a cell value.
 */
final class LeakScan {

  private static final Pattern DATE = Pattern.compile("\\d{4}-01-01");
  private static final Pattern DATETIME =
      Pattern.compile("\\d{4}-01-01[T ]00:00(?::00(?:\\.0+)?)?(Z|[+-]\\d\\d:?\\d\\d| \\S+)?");

  private static final Pattern MIDNIGHT = Pattern.compile("00:00(?::00(?:\\.0+)?)?");

  final List<String> withheldFiles = new ArrayList<>();
  final List<String> originalIds = new ArrayList<>();
  final List<String> unissuedIds = new ArrayList<>();
  final List<String> idsAnywhere = new ArrayList<>();
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
   * @param neverKept {@code table.column}s whose markers are leaks even where the policy keeps them
   */
  static LeakScan scan(
      Contract contract,
      LeakExport export,
      Path folder,
      Map<Long, Long> crosswalk,
      Set<String> neverKept)
      throws IOException {
    LeakScan leaks = new LeakScan();
    DeidentificationPolicy policy = contract.deidentification().orElseThrow();
    Set<Long> originals = new HashSet<>();
    LeakExport.PERSONS.forEach(p -> originals.add(p.id()));
    Set<Long> issued = new HashSet<>(crosswalk.values());
    Set<Long> removedIds = new HashSet<>();
    for (Person p : LeakExport.PERSONS) {
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

    // An original person id anywhere, as a number of its own, whatever the column.
    for (Person p : LeakExport.PERSONS) {
      if (Pattern.compile("(?<![0-9])" + p.id() + "(?![0-9])").matcher(bytes).find()) {
        leaks.idsAnywhere.add("the original id of " + p);
      }
    }

    // Markers of blanked, withheld and never-kept columns, and every marker of the removed person's
    // rows.
    Set<String> withheld = policy.withheldTables();
    for (Marker marker : export.markers) {
      DeidentificationPolicy.Action action =
          policy.decision(marker.table(), marker.column()).action();
      boolean present = bytes.contains(marker.token());
      boolean ofRemoved = marker.person().map(Person::removed).orElse(false);
      if (present && ofRemoved) {
        leaks.removedPerson.add("marker " + marker.where() + " of the removed person");
      } else if (present
          && (action != DeidentificationPolicy.Action.KEEP
              || neverKept.contains(marker.table() + "." + marker.column()))) {
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
              contract, table, column.get(), header, record, i, at, originals, issued, removedIds);
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
            .filter(
                k ->
                    k.columns().equals(List.of(column.name()))
                        && LeakExport.isPersonKey(contract, k))
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
}
