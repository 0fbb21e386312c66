package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongObjectHashMap;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ColumnRef;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.PersonModel;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.TableReference;
import org.ehrcontracts.engine.expr.Expression;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;
import org.ehrcontracts.engine.vocab.Vocabulary;

/**
 * One table's checks, planned once per run: per-column bounds and severities, key columns, foreign
 * keys and the checks that run. Date formats and check expressions are the contract's own, compiled
 * once when it was loaded and shared by every run and thread.
 */
final class TablePlan {

  /**
   * A foreign key with its columns as positions.
   *
   * @param keySet the name of the referenced table's key set (see {@link #keySetName})
   * @param integer whether keys are the values of one integer column rather than hashes (decided by
   *     the referenced column, so that both sides agree)
   * @param deferred whether the referenced table is not complete when this one is checked
   * @param when the rows the key applies to, or null for every row
   */
  record Fk(
      ForeignKey key,
      int[] columns,
      String keySet,
      boolean integer,
      boolean deferred,
      RowCondition when) {}

  /** A set of key values this table publishes for the foreign keys into it. */
  record KeySet(String name, int[] columns, boolean integer) {}

  /** A check with its compiled expressions and settings. */
  record CheckPlan(Check check, Expression assertion, Expression when, Severity severity) {}

  final Contract contract;
  final Table table;
  final String file;
  final Column[] columns;
  final DateTimeFormats[] formats;
  final double[] min;
  final double[] max;
  final long[] minDay;
  final long[] maxDay;
  final int[] primaryKey;
  final boolean integerKey;
  final List<Fk> foreignKeys = new ArrayList<>();

  /** The name of the primary key's set, and whether a foreign key of the export refers to it. */
  final String primaryKeyName;

  final boolean primaryKeyReferenced;

  /** The key sets other than the primary key that foreign keys of the export refer to. */
  final List<KeySet> keySets = new ArrayList<>();

  final List<CheckPlan> checks = new ArrayList<>();
  final RuleSettings settings;
  final VerifyRequest request;
  final long asOfDay;

  /** The column that refers to the person, for birth and death plausibility; -1 for none. */
  final int personColumn;

  /** The columns of this table that checks of other tables read ({@code table.column}). */
  final TableReference[] kept;

  /** Their indexes, as {@link #kept}. */
  final int[] keptColumns;

  /** The index of the key they are kept by (the single primary key), or -1. */
  final int keptKey;

  final boolean personTable;
  final int birthYear;
  final int birthMonth;
  final int birthDay;
  final int birthDatetime;
  final boolean deathTable;
  final int deathDate;

  /** Whether each column's values must be January 1 (de-identified data only). */
  final boolean[] truncated;

  /**
   * The columns that hold person ids in de-identified data (the person table's id, and columns with
   * a foreign key to it), which {@code deid.person-id} proves against the crosswalk; empty for raw
   * data.
   */
  final int[] personRefs;

  /** The condition of each of {@link #personRefs}, or null where it holds on every row. */
  final RowCondition[] personRefWhen;

  /**
   * What the policy does to each column, for the {@code deid.*} rules on the written values; all
   * null for raw data or without a policy.
   */
  final DeidentificationPolicy.Action[] actions;

  /**
   * Whether each column is a datetime whose offset must be the January 1 offset of the policy's
   * zone ({@code deid.offset}).
   */
  final boolean[] offsetChecked;

  /** The policy's zone, for {@code deid.offset}; null for raw data. */
  final ZoneId zone;

  /** The policy zone's January 1 offset in seconds, by year from {@link #FIRST_YEAR}. */
  private final int[] januaryOffsets;

  private static final int FIRST_YEAR = 1800;
  private static final int YEARS = 400;

  final Set<String> presentTables;

  /**
   * The plausible units by measured concept ({@code vocabulary.units}), with every descendant of a
   * listed concept when the vocabulary has its rows of CONCEPT_ANCESTOR; empty without a
   * vocabulary. Shared by the parts, read only.
   */
  final LongObjectHashMap<LongHashSet> units;

  /** The scorecard's metrics of the table, and the columns they read. */
  final MetricPlan metrics;

  TablePlan(
      Contract contract,
      Table table,
      String file,
      VerifyRequest request,
      Set<String> presentTables,
      Set<String> parentsDone) {
    this.contract = contract;
    this.table = table;
    this.file = file;
    this.request = request;
    this.presentTables = presentTables;
    this.settings = new RuleSettings(contract, table, request);
    this.asOfDay = request.asOf().toEpochDay();
    this.units = units(contract, request.vocabulary().orElse(null));
    int n = table.columns().size();
    columns = table.columns().toArray(Column[]::new);
    formats = new DateTimeFormats[n];
    min = new double[n];
    max = new double[n];
    minDay = new long[n];
    maxDay = new long[n];
    truncated = new boolean[n];
    for (int i = 0; i < n; i++) {
      Column column = columns[i];
      if (column.type().isTemporal()) {
        formats[i] = column.dateTimeFormats();
      }
      min[i] = Double.NEGATIVE_INFINITY;
      max[i] = Double.POSITIVE_INFINITY;
      minDay[i] = Long.MIN_VALUE;
      maxDay[i] = Long.MAX_VALUE;
      if (column.type().isNumeric()) {
        column.min().ifPresent(v -> min[indexOf(column)] = Double.parseDouble(v));
        column.max().ifPresent(v -> max[indexOf(column)] = Double.parseDouble(v));
      } else if (column.type().isTemporal()) {
        column.min().ifPresent(v -> minDay[indexOf(column)] = LocalDate.parse(v).toEpochDay());
        column.max().ifPresent(v -> maxDay[indexOf(column)] = LocalDate.parse(v).toEpochDay());
      }
    }
    primaryKey = table.primaryKey().stream().mapToInt(table::indexOf).toArray();
    integerKey = primaryKey.length == 1 && columns[primaryKey[0]].type() == ColumnType.INTEGER;
    for (ForeignKey key : table.foreignKeys()) {
      if (!presentTables.contains(key.table())) {
        continue; // not applicable: the referenced table is not in the export
      }
      int[] positions = key.columns().stream().mapToInt(table::indexOf).toArray();
      foreignKeys.add(
          new Fk(
              key,
              positions,
              keySetName(key.table(), key.referencedColumns()),
              isIntegerKey(contract.tables().get(key.table()), key.referencedColumns()),
              !parentsDone.contains(key.table()),
              RowCondition.of(key, table)));
    }
    primaryKeyName = keySetName(table.name(), table.primaryKey());
    boolean referenced = false;
    for (Table other : contract.tables().values()) {
      if (!presentTables.contains(other.name())) {
        continue;
      }
      for (ForeignKey key : other.foreignKeys()) {
        if (!key.table().equals(table.name())) {
          continue;
        }
        String name = keySetName(table.name(), key.referencedColumns());
        if (name.equals(primaryKeyName)) {
          referenced = true;
        } else if (keySets.stream().noneMatch(k -> k.name().equals(name))) {
          keySets.add(
              new KeySet(
                  name,
                  key.referencedColumns().stream().mapToInt(table::indexOf).toArray(),
                  isIntegerKey(table, key.referencedColumns())));
        }
      }
    }
    primaryKeyReferenced = referenced;
    for (Check check : table.checks()) {
      if (!settings.enabled(check)) {
        continue;
      }
      checks.add(
          new CheckPlan(
              check,
              check.assertionExpression(),
              check.whenExpression().orElse(null),
              settings.severity(check)));
    }

    PersonModel person = contract.person();
    personTable = table.name().equals(person.table());
    birthYear = personTable ? index(person.birthYear().orElse(null)) : -1;
    birthMonth = personTable ? index(person.birthMonth().orElse(null)) : -1;
    birthDay = personTable ? index(person.birthDay().orElse(null)) : -1;
    birthDatetime = personTable ? index(person.birthDatetime().orElse(null)) : -1;
    deathTable = person.deathTable().map(table.name()::equals).orElse(false);
    deathDate = deathTable ? index(person.deathDate().orElse(null)) : -1;
    int personRef = -1;
    for (ForeignKey key : table.foreignKeys()) {
      // A conditional reference names a person on some rows only: not the row's person.
      if (key.table().equals(person.table())
          && key.referencedColumns().equals(List.of(person.id()))
          && key.columns().size() == 1
          && key.when().isEmpty()) {
        personRef = table.indexOf(key.columns().get(0));
      }
    }
    if (personTable) {
      personRef = index(person.id());
    }
    personColumn = personRef;
    List<TableReference> read = new ArrayList<>();
    for (TableReference reference : contract.references()) {
      if (reference.table().equals(table.name())) {
        read.add(reference);
      }
    }
    kept = read.toArray(TableReference[]::new);
    keptColumns = new int[kept.length];
    for (int i = 0; i < kept.length; i++) {
      keptColumns[i] = index(kept[i].column());
    }
    keptKey = kept.length == 0 ? -1 : index(kept[0].key());

    List<Integer> refs = new ArrayList<>();
    List<RowCondition> refWhen = new ArrayList<>();
    actions = new DeidentificationPolicy.Action[n];
    offsetChecked = new boolean[n];
    DeidentificationPolicy policy =
        request.deidentified() ? contract.deidentification().orElse(null) : null;
    if (policy != null) {
      for (int i = 0; i < n; i++) {
        actions[i] = policy.decision(table.name(), columns[i].name()).action();
        offsetChecked[i] =
            columns[i].type() == ColumnType.DATETIME
                && actions[i] == DeidentificationPolicy.Action.TRUNCATE_DATE;
      }
      zone = policy.timeZone();
      januaryOffsets = new int[YEARS];
      for (int y = 0; y < YEARS; y++) {
        januaryOffsets[y] = policy.januaryOffset(FIRST_YEAR + y).getTotalSeconds();
      }
      personReferences(person, refs, refWhen);
      for (ColumnRef ref : policy.dateColumns()) {
        if (ref.table().equals(table.name())) {
          truncated[table.indexOf(ref.column())] = true;
        }
      }
    } else {
      zone = null;
      januaryOffsets = null;
    }
    personRefs = refs.stream().mapToInt(Integer::intValue).toArray();
    personRefWhen = refWhen.toArray(RowCondition[]::new);
    metrics = new MetricPlan(this);
  }

  /** The offset in seconds that January 1 00:00 of the year has in the policy's zone. */
  int januaryOffset(int year) {
    int y = year - FIRST_YEAR;
    return y >= 0 && y < YEARS
        ? januaryOffsets[y]
        : zone.getRules().getOffset(java.time.LocalDateTime.of(year, 1, 1, 0, 0)).getTotalSeconds();
  }

  /**
   * The person-id columns, whether or not the person table is in the export: an id must be a new
   * one even where no foreign key can be checked.
   */
  private void personReferences(
      PersonModel person, List<Integer> refs, List<RowCondition> refWhen) {
    if (personTable && index(person.id()) >= 0) {
      refs.add(index(person.id()));
      refWhen.add(null);
    }
    for (ForeignKey key : table.foreignKeys()) {
      if (key.table().equals(person.table())
          && key.referencedColumns().equals(List.of(person.id()))
          && key.columns().size() == 1) {
        int column = table.indexOf(key.columns().get(0));
        if (column >= 0 && !refs.contains(column)) {
          refs.add(column);
          refWhen.add(RowCondition.of(key, table));
        }
      }
    }
  }

  /** The name under which a table's key values over some columns are shared. */
  static String keySetName(String table, List<String> columns) {
    return table + "(" + String.join(",", columns) + ")";
  }

  /** Whether keys over these columns are the values of one integer column. */
  static boolean isIntegerKey(Table table, List<String> columns) {
    return columns.size() == 1
        && table.column(columns.get(0)).map(c -> c.type() == ColumnType.INTEGER).orElse(false);
  }

  private int indexOf(Column column) {
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] == column) {
        return i;
      }
    }
    return -1;
  }

  private int index(String column) {
    return column == null ? -1 : table.indexOf(column);
  }

  /** The severity of a built-in rule for this table, or null when it does not run. */
  Severity severity(Rule rule) {
    return settings.enabled(rule) ? settings.severity(rule) : null;
  }

  private static LongObjectHashMap<LongHashSet> units(Contract contract, Vocabulary vocabulary) {
    LongObjectHashMap<LongHashSet> units = new LongObjectHashMap<>();
    if (vocabulary == null || contract.vocabulary().isEmpty()) {
      return units;
    }
    for (Map.Entry<Long, List<Long>> entry : contract.vocabulary().get().units().entrySet()) {
      LongHashSet allowed = new LongHashSet();
      entry.getValue().forEach(allowed::add);
      units.put(entry.getKey(), allowed);
    }
    // A concept listed itself keeps its own list; a descendant takes its first listed ancestor's.
    for (Map.Entry<Long, List<Long>> entry : contract.vocabulary().get().units().entrySet()) {
      long ancestor = entry.getKey();
      if (vocabulary.hasAncestors() && vocabulary.ancestorScope().includes(ancestor)) {
        LongHashSet allowed = units.get(ancestor);
        for (int descendant : vocabulary.descendants(ancestor)) {
          if (!units.containsKey(descendant)) {
            units.put(descendant, allowed);
          }
        }
      }
    }
    return units;
  }
}
