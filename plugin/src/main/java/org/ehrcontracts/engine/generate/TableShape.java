package org.ehrcontracts.engine.generate;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.PersonModel;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * How the generator fills each column of one table: what kind of value, drawn from where.
 *
 * <p>Made once per table from the contract; immutable after construction.
 */
final class TableShape {

  /** What a column holds. */
  enum Kind {
    /** The row's own number: the table's single-column primary key. */
    COUNTER,
    /** Filled by a foreign key (see {@link Key}). */
    KEY,
    /** The person table's id. */
    PERSON_ID,
    BIRTH_YEAR,
    BIRTH_MONTH,
    BIRTH_DAY,
    BIRTH_DATETIME,
    DATE,
    DATETIME,
    TIME,
    CONCEPT,
    INTEGER,
    FLOAT,
    STRING,
    TEXT,
    /** Always empty: the policy blanks it in de-identified data. */
    BLANK
  }

  /** What a foreign key points at. */
  enum Target {
    /** The row's person. */
    PERSON,
    /** A row of the same person in another person-linked table, such as a visit. */
    PARENT,
    /** A row of a table without persons, such as location. */
    REFERENCE,
    /** A row of the same table. */
    SELF,
    /** A table that is not generated: the columns stay empty (they are optional). */
    NONE
  }

  /** A foreign key and how it is filled. */
  record Key(ForeignKey key, int[] columns, int[] referenced, Target target, boolean required) {}

  final Table table;
  final Column[] columns;
  final Kind[] kinds;

  /** For date and datetime columns: whether the value is the row's end rather than its start. */
  final boolean[] end;

  final TemporalForm[] forms;
  final ConceptPool[] pools;
  final String[][] alternatives;
  final DeidentificationPolicy.Action[] actions;

  /**
   * Optional columns that are always filled: concept columns with a {@code zero} threshold, which
   * count an empty value beside a source value as concept 0.
   */
  final boolean[] alwaysFilled;

  /** The keys in the order they are filled: person, parents (deepest first), references, rest. */
  final List<Key> keys;

  /** The columns that a check or a conditional key reads. */
  final Set<Integer> checked;

  final boolean personTable;
  final boolean deathTable;

  /** At most one row per person: its key is the person's id. */
  final boolean onePerPerson;

  final List<Check> checks;

  /** Another generated table refers to this one. */
  boolean referenced;

  TableShape(
      Contract contract,
      Table table,
      Set<String> generated,
      Set<String> personLinked,
      Map<String, Integer> depth,
      Optional<DeidentificationPolicy> policy,
      boolean[] measured,
      List<String> notes)
      throws GenerateException {
    this.table = table;
    int n = table.columns().size();
    columns = table.columns().toArray(new Column[0]);
    kinds = new Kind[n];
    end = new boolean[n];
    forms = new TemporalForm[n];
    pools = new ConceptPool[n];
    alternatives = new String[n][];
    actions = new DeidentificationPolicy.Action[n];
    alwaysFilled = new boolean[n];
    checks = table.checks().stream().filter(c -> c.compiledAssertion().isPresent()).toList();
    PersonModel person = contract.person();
    personTable = table.name().equals(person.table());
    deathTable = person.deathTable().map(table.name()::equals).orElse(false);

    boolean[] keyColumn = new boolean[n];
    List<Key> ordered = new ArrayList<>();
    Set<String> personRefColumns = new HashSet<>();
    checked = new HashSet<>();
    for (ForeignKey fk : table.foreignKeys()) {
      int[] cols = fk.columns().stream().mapToInt(table::indexOf).toArray();
      Table target = contract.tables().get(fk.table());
      int[] refs = fk.referencedColumns().stream().mapToInt(target::indexOf).toArray();
      boolean required = false;
      for (int c : cols) {
        required |= columns[c].required();
        keyColumn[c] = true;
      }
      fk.when().ifPresent(w -> checked.add(table.indexOf(w.column())));
      Target kind;
      if (fk.table().equals(table.name())) {
        kind = Target.SELF;
      } else if (!generated.contains(fk.table())) {
        kind = Target.NONE;
        notes.add(
            table.name()
                + "."
                + String.join(",", fk.columns())
                + ": left empty, it refers to table "
                + fk.table()
                + ", which is not generated");
      } else if (fk.table().equals(person.table())
          && fk.referencedColumns().equals(List.of(person.id()))) {
        kind = Target.PERSON;
        if (fk.when().isEmpty()) {
          personRefColumns.addAll(fk.columns());
        }
      } else if (personLinked.contains(fk.table())) {
        kind = Target.PARENT;
      } else {
        kind = Target.REFERENCE;
      }
      if (kind == Target.NONE && required) {
        throw new GenerateException(
            "table " + table.name() + " requires table " + fk.table() + ", which is not generated");
      }
      ordered.add(new Key(fk, cols, refs, kind, required));
    }
    ordered.sort(
        (a, b) -> {
          int ra = rank(a);
          int rb = rank(b);
          if (ra != rb) {
            return Integer.compare(ra, rb);
          }
          if (a.target() == Target.PARENT) {
            return Integer.compare(
                depth.getOrDefault(b.key().table(), 0), depth.getOrDefault(a.key().table(), 0));
          }
          return 0;
        });
    keys = List.copyOf(ordered);
    onePerPerson =
        !table.primaryKey().isEmpty() && personRefColumns.containsAll(table.primaryKey());

    for (Check check : checks) {
      for (String name : check.assertionExpression().columns()) {
        checked.add(table.indexOf(name));
      }
      check
          .whenExpression()
          .ifPresent(w -> w.columns().forEach(c -> checked.add(table.indexOf(c))));
    }

    Map<Long, List<Long>> units = contract.vocabulary().map(v -> v.units()).orElse(Map.of());
    Map<String, List<String>> bySource = new java.util.LinkedHashMap<>();
    for (int c = 0; c < n; c++) {
      Column column = columns[c];
      String name = column.name();
      if (policy.isPresent()) {
        actions[c] = policy.get().decision(table.name(), name).action();
      }
      alwaysFilled[c] = column.vocabulary().map(v -> v.zeroPercent().isPresent()).orElse(false);
      if (keyColumn[c]) {
        kinds[c] = Kind.KEY;
      } else if (personTable && name.equals(person.id())) {
        kinds[c] = Kind.PERSON_ID;
      } else if (table.primaryKey().equals(List.of(name))) {
        kinds[c] = Kind.COUNTER;
      } else if (actions[c] == DeidentificationPolicy.Action.BLANK) {
        if (column.required()) {
          throw new GenerateException(
              "column "
                  + table.name()
                  + "."
                  + name
                  + " is required, but the de-identification policy blanks it: no de-identified"
                  + " row can satisfy both");
        }
        kinds[c] = Kind.BLANK;
      } else if (personTable && person.birthYear().map(name::equals).orElse(false)) {
        kinds[c] = Kind.BIRTH_YEAR;
      } else if (personTable && person.birthMonth().map(name::equals).orElse(false)) {
        kinds[c] = Kind.BIRTH_MONTH;
      } else if (personTable && person.birthDay().map(name::equals).orElse(false)) {
        kinds[c] = Kind.BIRTH_DAY;
      } else if (personTable && person.birthDatetime().map(name::equals).orElse(false)) {
        kinds[c] = Kind.BIRTH_DATETIME;
      } else if (column.type().isTemporal()) {
        kinds[c] = column.type() == ColumnType.DATE ? Kind.DATE : Kind.DATETIME;
        end[c] = name.contains("end_") || name.startsWith("end") || name.endsWith("_end");
      } else if (column.type() == ColumnType.TIME) {
        kinds[c] = Kind.TIME;
      } else if (column.type() == ColumnType.INTEGER
          && ConceptPool.of(column, units, measured[c]).isPresent()) {
        kinds[c] = Kind.CONCEPT;
        pools[c] = ConceptPool.of(column, units, measured[c]).get();
        if (column.concepts().isEmpty()) {
          bySource.computeIfAbsent(pools[c].source(), s -> new ArrayList<>()).add(name);
        }
      } else if (column.type() == ColumnType.INTEGER) {
        kinds[c] = Kind.INTEGER;
      } else if (column.type() == ColumnType.FLOAT) {
        kinds[c] = Kind.FLOAT;
      } else if (column.type() == ColumnType.TEXT) {
        kinds[c] = Kind.TEXT;
      } else {
        kinds[c] = Kind.STRING;
      }
      if (kinds[c] == Kind.DATE || kinds[c] == Kind.DATETIME || kinds[c] == Kind.BIRTH_DATETIME) {
        forms[c] = TemporalForm.of(table.name(), column);
      }
      if (column.pattern().isPresent()) {
        alternatives[c] = literalAlternatives(column.pattern().get());
        if (alternatives[c] == null && column.required()) {
          throw new GenerateException(
              "cannot write a value that column "
                  + table.name()
                  + "."
                  + name
                  + " accepts: its pattern is not a list of literal alternatives (a|b|c), the"
                  + " only patterns the generator writes values for");
        }
      }
    }
    bySource.forEach(
        (source, names) ->
            notes.add(
                table.name()
                    + ": no concept set, ids from "
                    + source
                    + ": "
                    + String.join(", ", names)));
  }

  private static int rank(Key key) {
    if (key.key().when().isPresent()) {
      return 5;
    }
    return switch (key.target()) {
      case PERSON -> 0;
      case PARENT -> 1;
      case REFERENCE -> 2;
      case SELF -> 3;
      case NONE -> 4;
    };
  }

  /**
   * The alternatives of a pattern of literal words ({@code match|no_match|missing}), or null when
   * the pattern is anything else.
   */
  static String[] literalAlternatives(Pattern pattern) {
    String text = pattern.pattern();
    List<String> words = new ArrayList<>();
    for (String word : text.split("\\|", -1)) {
      if (word.isEmpty() || !word.matches("[A-Za-z0-9_ .:-]+") || word.contains(".")) {
        return null;
      }
      if (!pattern.matches(word)) {
        return null;
      }
      words.add(word);
    }
    return words.toArray(new String[0]);
  }

  /** The file name. */
  String file() {
    return table.file();
  }

  /** The header names. */
  String[] header() {
    String[] names = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      names[i] = columns[i].name();
    }
    return names;
  }
}
