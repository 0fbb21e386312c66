package org.ehrcontracts.engine.contract;

import static org.ehrcontracts.engine.contract.BinderSupport.bool;
import static org.ehrcontracts.engine.contract.BinderSupport.columnNames;
import static org.ehrcontracts.engine.contract.BinderSupport.map;
import static org.ehrcontracts.engine.contract.BinderSupport.parseDate;
import static org.ehrcontracts.engine.contract.BinderSupport.scalar;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.YNode.YList;
import org.ehrcontracts.engine.contract.YNode.YMap;
import org.ehrcontracts.engine.contract.YNode.YScalar;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/** Binds {@code deidentification:}: the policy and a decision for every column of every table. */
final class PolicyBinder {

  private final BinderSupport support;

  PolicyBinder(BinderSupport support) {
    this.support = support;
  }

  Optional<DeidentificationPolicy> deidentification(
      YMap node, Map<String, Table> tables, PersonModel person) {
    if (node == null) {
      return Optional.empty();
    }
    YMap dates = map(node, "dates");
    List<ColumnRef> except = columnRefs(dates, "except", tables);
    Set<ColumnRef> truncated = new HashSet<>();
    YNode columns = dates == null ? null : dates.get("columns");
    if (columns == null || (columns instanceof YScalar all && all.text().equals("all"))) {
      for (Table table : tables.values()) {
        for (Column column : table.columns()) {
          if (column.type().isTemporal()) {
            truncated.add(new ColumnRef(table.name(), column.name()));
          }
        }
      }
    } else if (columns instanceof YScalar other) {
      support.invalid(other.at(), "dates.columns is 'all' or a list of table.column");
    } else {
      truncated.addAll(columnRefs(dates, "columns", tables));
    }
    truncated.removeAll(except);
    support.word(dates, "truncate", Map.of("year", "year"), "year");
    YMap ids = map(node, "personIds");
    support.word(ids, "replacement", Map.of("random", "random"), "random");
    DeidentificationPolicy.Crosswalk crosswalk =
        support.word(
            ids,
            "crosswalk",
            Map.of(
                "persistent", DeidentificationPolicy.Crosswalk.PERSISTENT,
                "per-submission", DeidentificationPolicy.Crosswalk.PER_SUBMISSION),
            DeidentificationPolicy.Crosswalk.PERSISTENT);
    int digits = support.integer(ids, "digits", 9, 6);
    if (digits > 18) {
      support.invalid(scalar(ids, "digits").at(), "digits must be at most 18");
      digits = 18;
    }
    YMap ageLimit = map(node, "ageLimit");
    Optional<Integer> maxAge = Optional.empty();
    Optional<LocalDate> asOf = Optional.empty();
    if (ageLimit != null) {
      maxAge = Optional.of(support.integer(ageLimit, "maxAge", 80, 1));
      YScalar asOfNode = scalar(ageLimit, "asOf");
      if (asOfNode != null && !asOfNode.text().equals("run-date")) {
        asOf = parseDate(asOfNode.text());
        if (asOf.isEmpty()) {
          support.invalid(asOfNode.at(), "asOf is 'run-date' or a date written YYYY-MM-DD");
        }
      }
      support.word(ageLimit, "action", Map.of("remove-person", "remove-person"), "remove-person");
    }
    ZoneId zone = timeZone(scalar(node, "timeZone"));
    DeidentificationPolicy.TimeAction times =
        support.word(
            node,
            "times",
            Map.of(
                "zero", DeidentificationPolicy.TimeAction.ZERO,
                "blank", DeidentificationPolicy.TimeAction.BLANK),
            DeidentificationPolicy.TimeAction.ZERO);
    List<ColumnRef> blank = columnRefs(node, "blank", tables);
    List<ColumnRef> keep = columnRefs(node, "keep", tables);
    List<String> drop = tableNames(node, "drop", tables);

    Set<String> withheld = new java.util.LinkedHashSet<>();
    for (Table table : tables.values()) {
      if (table.identifying() || drop.contains(table.name())) {
        withheld.add(table.name());
      }
    }
    if (withheld.contains(person.table())) {
      support.invalid(
          node.get("drop") != null ? node.get("drop").at() : node.at(),
          "the person table '" + person.table() + "' cannot be withheld: every row hangs on it");
    }
    Map<ColumnRef, DeidentificationPolicy.ColumnDecision> decisions =
        decisions(node, tables, person, truncated, zone, times, blank, keep, withheld);
    List<ColumnRef> dateColumns =
        decisions.entrySet().stream()
            .filter(e -> e.getValue().action() == DeidentificationPolicy.Action.TRUNCATE_DATE)
            .map(Map.Entry::getKey)
            .toList();
    return Optional.of(
        new DeidentificationPolicy(
            bool(node, "required", true),
            dateColumns,
            crosswalk,
            digits,
            maxAge,
            asOf,
            blank,
            zone,
            times,
            keep,
            drop,
            withheld,
            decisions));
  }

  private ZoneId timeZone(YScalar value) {
    if (value == null) {
      return ZoneOffset.UTC;
    }
    if (value.text().equals("UTC")) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(value.text());
    } catch (DateTimeException e) {
      support.invalid(
          value.at(),
          "timeZone '"
              + value.text()
              + "' is not a time zone; write UTC or a region such as America/New_York");
      return ZoneOffset.UTC;
    }
  }

  /**
   * Decides every column of every table: by the policy where it says, else by the column's type. A
   * string column the policy is silent about is an error: it may hold anything, so the contract
   * must say whether it leaves.
   */
  private Map<ColumnRef, DeidentificationPolicy.ColumnDecision> decisions(
      YMap node,
      Map<String, Table> tables,
      PersonModel person,
      Set<ColumnRef> truncated,
      ZoneId zone,
      DeidentificationPolicy.TimeAction times,
      List<ColumnRef> blank,
      List<ColumnRef> keep,
      Set<String> withheld) {
    Map<ColumnRef, Optional<ForeignKey.Condition>> people = new HashMap<>();
    people.put(person.idColumn(), Optional.empty());
    for (Table table : tables.values()) {
      for (ForeignKey key : table.foreignKeys()) {
        if (key.table().equals(person.table())
            && key.columns().size() == 1
            && key.referencedColumns().equals(List.of(person.id()))) {
          people.put(new ColumnRef(table.name(), key.columns().get(0)), key.when());
        }
      }
    }
    Set<ColumnRef> births = new HashSet<>();
    person.birthMonth().ifPresent(c -> births.add(new ColumnRef(person.table(), c)));
    person.birthDay().ifPresent(c -> births.add(new ColumnRef(person.table(), c)));
    String zoneWords = zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();

    Map<ColumnRef, DeidentificationPolicy.ColumnDecision> decisions = new LinkedHashMap<>();
    for (Table table : tables.values()) {
      boolean tableWithheld = withheld.contains(table.name());
      for (Column column : table.columns()) {
        ColumnRef ref = new ColumnRef(table.name(), column.name());
        DeidentificationPolicy.Action action;
        String why;
        if (tableWithheld) {
          action = DeidentificationPolicy.Action.WITHHELD;
          why =
              table.identifying()
                  ? "identifying table: never written"
                  : "table dropped by the policy (deidentification.drop)";
        } else if (blank.contains(ref)) {
          action = DeidentificationPolicy.Action.BLANK;
          why = "blanked by the policy (deidentification.blank)";
          if (keep.contains(ref)) {
            support.invalid(
                node.get("keep").at(), "'" + ref + "' is listed under both keep and blank");
          }
        } else if (people.containsKey(ref)) {
          action = DeidentificationPolicy.Action.REPLACE_PERSON;
          why =
              "person reference: replaced by the person's new number"
                  + people.get(ref).map(c -> " where " + c).orElse("");
          if (keep.contains(ref)) {
            support.invalid(
                node.get("keep").at(),
                "'" + ref + "' refers to a person and cannot be kept: its ids are replaced");
          }
        } else if (keep.contains(ref)) {
          action = DeidentificationPolicy.Action.KEEP;
          why = "kept by the policy (deidentification.keep)";
        } else if (births.contains(ref)) {
          action = DeidentificationPolicy.Action.BIRTH_PART;
          why = "birth month or day: set to 1";
        } else if (column.type().isTemporal()) {
          if (truncated.contains(ref)) {
            action = DeidentificationPolicy.Action.TRUNCATE_DATE;
            why =
                column.type() == ColumnType.DATE
                    ? "date: January 1 of its year"
                    : "datetime: January 1 00:00:00 of its year, in the offset of " + zoneWords;
          } else {
            action = DeidentificationPolicy.Action.KEEP;
            why = "date left as it is by the policy (dates.except)";
          }
        } else if (column.type().isTime()) {
          action =
              times == DeidentificationPolicy.TimeAction.ZERO
                  ? DeidentificationPolicy.Action.TRUNCATE_TIME
                  : DeidentificationPolicy.Action.BLANK;
          why =
              times == DeidentificationPolicy.TimeAction.ZERO
                  ? "time: 00:00:00"
                  : "time: emptied (times: blank)";
        } else if (column.type().isNumeric()) {
          action = DeidentificationPolicy.Action.KEEP;
          why = column.type().keyword() + ": kept (a number holds no text)";
        } else if (column.type() == ColumnType.TEXT) {
          action = DeidentificationPolicy.Action.BLANK;
          why = "free text: blanked";
        } else {
          support.report(
              Problem.of(
                  Rule.CONTRACT_UNDECIDED_COLUMN,
                  Severity.ERROR,
                  column.at(),
                  "column '"
                      + ref
                      + "' ("
                      + column.type().keyword()
                      + ") has no de-identification decision: a string can hold anything, so"
                      + " list it under deidentification.keep or deidentification.blank (the"
                      + " policy at "
                      + where(node.at())
                      + ")"));
          action = DeidentificationPolicy.Action.BLANK;
          why = "undecided";
        }
        if (action == DeidentificationPolicy.Action.BLANK && column.required()) {
          support.invalid(
              blank.contains(ref) ? blankEntry(node, ref) : column.at(),
              "column '"
                  + ref
                  + "' is required, so the de-identified export could not be empty there and"
                  + " meet its own contract; keep it (deidentification.keep), drop the table"
                  + " (deidentification.drop) or make the column optional");
        }
        decisions.put(ref, new DeidentificationPolicy.ColumnDecision(action, why));
      }
    }
    return decisions;
  }

  private static String where(Location at) {
    return at == null ? "?" : at.toString();
  }

  private static Location blankEntry(YMap node, ColumnRef ref) {
    if (node.get("blank") instanceof YList list) {
      for (YNode item : list.items()) {
        if (item instanceof YScalar value && value.text().equals(ref.toString())) {
          return value.at();
        }
      }
    }
    return node.at();
  }

  private List<String> tableNames(YMap node, String key, Map<String, Table> tables) {
    List<String> names = new ArrayList<>();
    if (node == null || !(node.get(key) instanceof YList list)) {
      return names;
    }
    for (YNode item : list.items()) {
      YScalar value = (YScalar) item;
      if (tables.containsKey(value.text())) {
        names.add(value.text());
      } else {
        support.unknownReference(
            value.at(), "'" + value.text() + "' is not a table", value.text(), tables.keySet());
      }
    }
    return names;
  }

  private List<ColumnRef> columnRefs(YMap node, String key, Map<String, Table> tables) {
    List<ColumnRef> refs = new ArrayList<>();
    if (node == null || !(node.get(key) instanceof YList list)) {
      return refs;
    }
    for (YNode item : list.items()) {
      YScalar value = (YScalar) item;
      Optional<ColumnRef> ref = support.columnRef(value);
      if (ref.isEmpty()) {
        continue;
      }
      Table table = tables.get(ref.get().table());
      if (table == null) {
        support.unknownReference(
            value.at(),
            "'" + ref.get().table() + "' is not a table",
            ref.get().table(),
            tables.keySet());
      } else if (table.column(ref.get().column()).isEmpty()) {
        support.unknownReference(
            value.at(),
            "'" + ref.get().column() + "' is not a column of '" + table.name() + "'",
            ref.get().column(),
            columnNames(table));
      } else {
        refs.add(ref.get());
      }
    }
    return refs;
  }
}
