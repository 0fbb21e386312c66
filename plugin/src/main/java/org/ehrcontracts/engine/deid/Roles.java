package org.ehrcontracts.engine.deid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ColumnRef;
import org.ehrcontracts.engine.contract.ColumnType;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.PersonModel;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.format.DateTimeFormats;

/**
 * What the policy does to each column of the contract, worked out once per run and checked for what
 * cannot be carried out safely.
 */
final class Roles {

  /** Copied as it is. */
  static final byte COPY = 0;

  /** A person reference: the original id becomes the person's new id. */
  static final byte PERSON = 1;

  /** A date or datetime: becomes January 1 of its year. */
  static final byte DATE = 2;

  /** The month or day of birth: becomes 1. */
  static final byte BIRTH_PART = 3;

  /** Emptied. */
  static final byte BLANK = 4;

  final Contract contract;
  final DeidentificationPolicy policy;
  final PersonModel person;

  /** Every person reference, the person table's id first. */
  final List<ColumnRef> personColumns;

  final List<ColumnRef> dateColumns;
  final List<ColumnRef> birthParts;
  final List<ColumnRef> blanked;

  private final Map<ColumnRef, Byte> roles = new HashMap<>();
  private final Map<ColumnRef, DateTimeFormats> formats = new HashMap<>();
  private final Set<ColumnRef> personSet;

  private Roles(Contract contract, DeidentificationPolicy policy) throws DeidException {
    this.contract = contract;
    this.policy = policy;
    this.person = contract.person();
    Table personTable =
        contract
            .table(person.table())
            .orElseThrow(
                () ->
                    new DeidException(
                        DeidException.Reason.POLICY,
                        "the person table '" + person.table() + "' is not in the contract"));
    Column id =
        personTable
            .column(person.id())
            .orElseThrow(
                () ->
                    new DeidException(
                        DeidException.Reason.POLICY,
                        "the person id column '" + person.idColumn() + "' is not in the contract"));
    if (id.type() != ColumnType.INTEGER) {
      throw new DeidException(
          DeidException.Reason.POLICY,
          "the person id column "
              + person.idColumn()
              + " must be of type integer to be replaced by random numbers");
    }

    Set<ColumnRef> people = new LinkedHashSet<>();
    people.add(person.idColumn());
    for (Table table : contract.tables().values()) {
      for (ForeignKey key : table.foreignKeys()) {
        if (!key.table().equals(person.table())) {
          continue;
        }
        for (int i = 0; i < key.columns().size(); i++) {
          if (key.referencedColumns().get(i).equals(person.id())) {
            people.add(new ColumnRef(table.name(), key.columns().get(i)));
          }
        }
      }
    }
    personSet = Set.copyOf(people);
    personColumns = List.copyOf(people);

    Set<ColumnRef> blank = new LinkedHashSet<>(policy.blank());
    for (ColumnRef ref : blank) {
      Column column = column(ref);
      if (column != null && column.required()) {
        throw new DeidException(
            DeidException.Reason.POLICY,
            "the policy blanks "
                + ref
                + ", which the contract requires; the de-identified export could not meet its"
                + " own contract. Make the column optional or stop blanking it");
      }
    }
    // A column named like the person id but not declared a reference would carry original ids
    // into the output untouched: refuse rather than guess.
    for (Table table : contract.tables().values()) {
      if (table.name().equals(person.table())) {
        continue;
      }
      ColumnRef ref = new ColumnRef(table.name(), person.id());
      if (table.column(person.id()).isPresent()
          && !personSet.contains(ref)
          && !blank.contains(ref)) {
        throw new DeidException(
            DeidException.Reason.POLICY,
            "column "
                + ref
                + " looks like a person id but declares no reference to "
                + person.idColumn()
                + "; add 'references: "
                + person.idColumn()
                + "' to it, or list it under deidentification.blank");
      }
    }

    List<ColumnRef> births = new ArrayList<>();
    person.birthMonth().ifPresent(c -> births.add(new ColumnRef(person.table(), c)));
    person.birthDay().ifPresent(c -> births.add(new ColumnRef(person.table(), c)));

    for (ColumnRef ref : policy.dateColumns()) {
      Column column = column(ref);
      if (column != null && column.type().isTemporal()) {
        roles.put(ref, DATE);
        formats.put(ref, DateTimeFormats.of(column.formats().toArray(String[]::new)));
      }
    }
    for (ColumnRef ref : births) {
      if (column(ref) != null) {
        roles.put(ref, BIRTH_PART);
      }
    }
    for (ColumnRef ref : personColumns) {
      roles.put(ref, PERSON);
    }
    for (ColumnRef ref : blank) {
      roles.put(ref, BLANK);
    }
    this.dateColumns = select(DATE);
    this.birthParts = select(BIRTH_PART);
    this.blanked = select(BLANK);
  }

  /** Works out the roles of a contract's columns under its policy. */
  static Roles of(Contract contract) throws DeidException {
    DeidentificationPolicy policy =
        contract
            .deidentification()
            .orElseThrow(
                () ->
                    new DeidException(
                        DeidException.Reason.NO_POLICY,
                        "contract "
                            + contract.name()
                            + " "
                            + contract.version()
                            + " has no deidentification: policy, so there is nothing to carry out"));
    return new Roles(contract, policy);
  }

  /** The role of a column. */
  byte role(String table, String column) {
    return roles.getOrDefault(new ColumnRef(table, column), COPY);
  }

  /** The accepted forms of a date column. */
  DateTimeFormats formats(String table, String column) {
    return formats.get(new ColumnRef(table, column));
  }

  /** Whether a column refers to a person, whatever happens to its values. */
  boolean isPersonReference(String table, String column) {
    return personSet.contains(new ColumnRef(table, column));
  }

  private Column column(ColumnRef ref) {
    return contract.table(ref.table()).flatMap(t -> t.column(ref.column())).orElse(null);
  }

  /** The columns of a role, in contract order. */
  private List<ColumnRef> select(byte role) {
    List<ColumnRef> selected = new ArrayList<>();
    for (Table table : contract.tables().values()) {
      for (Column column : table.columns()) {
        ColumnRef ref = new ColumnRef(table.name(), column.name());
        if (roles.getOrDefault(ref, COPY) == role) {
          selected.add(ref);
        }
      }
    }
    return List.copyOf(selected);
  }
}
