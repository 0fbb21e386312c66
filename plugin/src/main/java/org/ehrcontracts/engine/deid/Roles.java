package org.ehrcontracts.engine.deid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ColumnRef;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.PersonModel;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.export.HeaderMatch;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.types.ColumnType;

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

  /** A time of day: becomes midnight. */
  static final byte TIME = 5;

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
  private final Map<ColumnRef, ForeignKey.Condition> conditions = new HashMap<>();

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
    for (Table table : contract.tables().values()) {
      for (ForeignKey key : table.foreignKeys()) {
        if (key.table().equals(person.table())
            && key.columns().size() == 1
            && key.referencedColumns().equals(List.of(person.id()))
            && key.when().isPresent()) {
          conditions.put(new ColumnRef(table.name(), key.columns().get(0)), key.when().get());
        }
      }
    }

    for (Map.Entry<ColumnRef, DeidentificationPolicy.ColumnDecision> entry :
        policy.decisions().entrySet()) {
      ColumnRef ref = entry.getKey();
      Column column = column(ref).orElse(null);
      byte role =
          switch (entry.getValue().action()) {
            case KEEP, WITHHELD -> COPY;
            case BLANK -> BLANK;
            case TRUNCATE_DATE -> DATE;
            case TRUNCATE_TIME -> TIME;
            case REPLACE_PERSON -> PERSON;
            case BIRTH_PART -> BIRTH_PART;
          };
      if (role == BLANK && column != null && column.required()) {
        throw new DeidException(
            DeidException.Reason.POLICY,
            "the policy blanks "
                + ref
                + ", which the contract requires; the de-identified export could not meet its"
                + " own contract. Make the column optional, keep it or drop its table");
      }
      if (role == DATE) {
        formats.put(ref, column.dateTimeFormats());
      }
      roles.put(ref, role);
    }
    // A column named like the person id but not declared a reference would carry original ids
    // into the output untouched: refuse rather than guess.
    for (Table table : contract.tables().values()) {
      if (table.name().equals(person.table()) || policy.withholds(table.name())) {
        continue;
      }
      ColumnRef ref = new ColumnRef(table.name(), person.id());
      if (table.column(person.id()).isPresent()
          && roles.getOrDefault(ref, COPY) != PERSON
          && roles.getOrDefault(ref, COPY) != BLANK) {
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
    this.personColumns = select(PERSON);
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
    return roles.getOrDefault(new ColumnRef(table, column), COPY) == PERSON;
  }

  /** The rows in which a person reference holds a person id, if not all. */
  Optional<ForeignKey.Condition> condition(String table, String column) {
    return Optional.ofNullable(conditions.get(new ColumnRef(table, column)));
  }

  /** Whether the table is never written to the output. */
  boolean withholds(Table table) {
    return policy.withholds(table.name());
  }

  /**
   * Why a header cannot be trusted to say where each column is, or empty when it can: with a strict
   * column order it must list the contract's columns in order (jagged tables may stop after the
   * last required one); by name, each of the contract's required columns exactly once and nothing
   * else. A header that fails goes with its whole table: a shifted column would carry original ids
   * or dates into the output under another column's decision. The reason names no header cell.
   */
  Optional<String> headerMismatch(Table table, List<String> names) {
    HeaderMatch match = HeaderMatch.of(table, names, contract.dialect().strictColumnOrder());
    if (!match.duplicates().isEmpty()) {
      return Optional.of("its header names a column twice");
    }
    int unknown = match.unknown().size();
    if (unknown > 0) {
      return Optional.of(
          "its header has "
              + unknown
              + (unknown == 1 ? " name that is not a column" : " names that are not columns")
              + " of "
              + table.name());
    }
    int[] fieldOf = match.fieldOf();
    for (int c = 0; c < fieldOf.length; c++) {
      // A person reference is needed even where the table may leave out trailing columns: a row
      // without it could not be resolved, and would keep its person.
      String name = table.columns().get(c).name();
      if (fieldOf[c] < 0
          && (match.missing().contains(c) || isPersonReference(table.name(), name))) {
        return Optional.of("its header lacks column " + name);
      }
    }
    if (match.outOfOrder() >= 0) {
      return Optional.of("its header does not list the columns in the contract's order");
    }
    return Optional.empty();
  }

  private Optional<Column> column(ColumnRef ref) {
    return contract.table(ref.table()).flatMap(t -> t.column(ref.column()));
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
