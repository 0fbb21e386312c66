package org.ehrcontracts.engine.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ColumnRef;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.DeidentificationPolicy.Action;
import org.ehrcontracts.engine.contract.DeidentificationPolicy.ColumnDecision;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.problem.Location;

/**
 * The de-identification policy's part of a contract diff. Whatever lets more of a person out (a
 * column kept that was blanked or truncated, a table written that was withheld, an older age limit,
 * ids that stay the same across submissions) is {@link Impact#LOOSENS_DEIDENTIFICATION}; a tighter
 * policy is breaking, since de-identified output made under the old one may now fail its {@code
 * deid.*} rules and must be made again.
 */
final class PolicyDiffer {

  private PolicyDiffer() {}

  static void diff(Contract from, Contract to, Changes changes) {
    Optional<DeidentificationPolicy> before = from.deidentification();
    Optional<DeidentificationPolicy> after = to.deidentification();
    if (before.isEmpty() && after.isEmpty()) {
      return;
    }
    if (after.isEmpty()) {
      changes.add(
          ChangeKind.DEID_POLICY,
          Impact.LOOSENS_DEIDENTIFICATION,
          "deidentification",
          words(before.get()),
          Changes.ABSENT,
          "the export is sent identified: ehr:deploy no longer asks for de-identified data",
          null);
      return;
    }
    if (before.isEmpty()) {
      changes.add(
          ChangeKind.DEID_POLICY,
          Impact.BREAKING,
          "deidentification",
          Changes.ABSENT,
          words(after.get()),
          after.get().required()
              ? "ehr:deploy now refuses raw data: the export must be de-identified first"
              : "ehr:deidentify now has a policy to carry out",
          null);
      return;
    }
    policy(before.get(), after.get(), to, changes);
  }

  private static void policy(
      DeidentificationPolicy from,
      DeidentificationPolicy to,
      Contract toContract,
      Changes changes) {
    if (from.required() != to.required()) {
      changes.add(
          ChangeKind.DEID_POLICY,
          to.required() ? Impact.BREAKING : Impact.LOOSENS_DEIDENTIFICATION,
          "deidentification.required",
          Boolean.toString(from.required()),
          Boolean.toString(to.required()),
          to.required()
              ? "ehr:deploy now refuses raw data"
              : "ehr:deploy now uploads raw data without de-identification",
          null);
    }
    if (!from.maxAge().equals(to.maxAge())) {
      boolean looser =
          to.maxAge().isEmpty()
              || (from.maxAge().isPresent() && to.maxAge().get() > from.maxAge().get());
      changes.add(
          ChangeKind.DEID_AGE_LIMIT,
          looser ? Impact.LOOSENS_DEIDENTIFICATION : Impact.BREAKING,
          "deidentification.ageLimit.maxAge",
          from.maxAge().map(String::valueOf).orElse(Changes.ABSENT),
          to.maxAge().map(String::valueOf).orElse(Changes.ABSENT),
          looser
              ? "older persons now stay in the output"
              : "more persons are removed; output made before may now fail (deid.age-limit)",
          null);
    }
    if (!from.asOf().equals(to.asOf())) {
      changes.add(
          ChangeKind.DEID_AGE_LIMIT,
          Impact.BREAKING,
          "deidentification.ageLimit.asOf",
          from.asOf().map(Object::toString).orElse("run-date"),
          to.asOf().map(Object::toString).orElse("run-date"),
          "ages are taken on another date (deid.age-limit)",
          null);
    }
    if (from.crosswalk() != to.crosswalk()) {
      boolean looser = to.crosswalk() == DeidentificationPolicy.Crosswalk.PERSISTENT;
      changes.add(
          ChangeKind.DEID_CROSSWALK,
          looser ? Impact.LOOSENS_DEIDENTIFICATION : Impact.BREAKING,
          "deidentification.personIds.crosswalk",
          word(from.crosswalk()),
          word(to.crosswalk()),
          looser
              ? "a person now keeps the same new id across submissions, which links them"
              : "new ids on every run; the crosswalk of earlier runs is no longer used",
          null);
    }
    if (from.idDigits() != to.idDigits()) {
      changes.add(
          ChangeKind.DEID_SETTING,
          Impact.BREAKING,
          "deidentification.personIds.digits",
          Integer.toString(from.idDigits()),
          Integer.toString(to.idDigits()),
          "ids issued before no longer have the policy's form (deid.person-id)",
          null);
    }
    if (!from.timeZone().equals(to.timeZone())) {
      changes.add(
          ChangeKind.DEID_SETTING,
          Impact.BREAKING,
          "deidentification.timeZone",
          zone(from.timeZone()),
          zone(to.timeZone()),
          "datetimes written before have another offset (deid.offset)",
          null);
    }
    if (from.times() != to.times()) {
      changes.add(
          ChangeKind.DEID_SETTING,
          Impact.BREAKING,
          "deidentification.times",
          word(from.times()),
          word(to.times()),
          "times written before are in the other form (deid.time-not-truncated)",
          null);
    }
    // Identifying tables are the table's own change (table.identifying); here only drop:.
    List<String> dropped = new ArrayList<>(to.drop());
    dropped.removeAll(from.drop());
    List<String> undropped = new ArrayList<>(from.drop());
    undropped.removeAll(to.drop());
    for (String table : undropped) {
      changes.add(
          ChangeKind.DEID_TABLE,
          Impact.LOOSENS_DEIDENTIFICATION,
          "deidentification.drop " + table,
          "withheld",
          toContract.table(table).isPresent() ? "written" : Changes.ABSENT,
          toContract.table(table).isPresent()
              ? "ehr:deidentify now writes the table"
              : "the table is gone from the contract",
          toContract.table(table).map(Table::at).orElse(null));
    }
    for (String table : dropped) {
      changes.add(
          ChangeKind.DEID_TABLE,
          Impact.BREAKING,
          "deidentification.drop " + table,
          "written",
          "withheld",
          "de-identified output holding it now fails (deid.identifying-table)",
          toContract.table(table).map(Table::at).orElse(null));
    }
    columns(from, to, toContract, changes);
  }

  private static void columns(
      DeidentificationPolicy from,
      DeidentificationPolicy to,
      Contract toContract,
      Changes changes) {
    // A column that is gone is column.removed's; a new one follows its type unless kept.
    Set<ColumnRef> keptBefore = Set.copyOf(from.keep());
    for (Map.Entry<ColumnRef, ColumnDecision> entry : to.decisions().entrySet()) {
      ColumnRef ref = entry.getKey();
      // A table withheld in one policy and written in the other is a change of its own above.
      if (from.withholds(ref.table()) != to.withholds(ref.table())) {
        continue;
      }
      ColumnDecision now = entry.getValue();
      ColumnDecision was = from.decisions().get(ref);
      Location at = at(toContract, ref);
      String subject = "deidentification of " + ref;
      if (was == null) {
        // A new column: only what the policy itself keeps is news; the rest follows its type.
        if (now.action() == Action.KEEP && to.keep().contains(ref) && !keptBefore.contains(ref)) {
          changes.add(
              ChangeKind.DEID_COLUMN,
              Impact.LOOSENS_DEIDENTIFICATION,
              subject,
              Changes.ABSENT,
              now.action().word(),
              "a new column that the policy copies as it is (" + now.why() + ")",
              at);
        }
        continue;
      }
      if (was.action() == now.action()) {
        continue;
      }
      int rankBefore = rank(was.action());
      int rankAfter = rank(now.action());
      changes.add(
          ChangeKind.DEID_COLUMN,
          rankAfter < rankBefore ? Impact.LOOSENS_DEIDENTIFICATION : Impact.BREAKING,
          subject,
          was.action().word(),
          now.action().word(),
          rankAfter < rankBefore
              ? "more of its values leave (" + now.why() + ")"
              : "output made under the old policy may now fail its deid.* rules ("
                  + now.why()
                  + ")",
          at);
    }
  }

  /** How much of a value an action lets out: 0 all of it, 2 nothing. */
  private static int rank(Action action) {
    return switch (action) {
      case KEEP -> 0;
      case TRUNCATE_DATE, TRUNCATE_TIME, BIRTH_PART, REPLACE_PERSON -> 1;
      case BLANK, WITHHELD -> 2;
    };
  }

  private static Location at(Contract contract, ColumnRef ref) {
    return contract
        .table(ref.table())
        .flatMap(t -> t.column(ref.column()))
        .map(Column::at)
        .orElse(null);
  }

  private static String words(DeidentificationPolicy policy) {
    return (policy.required() ? "required" : "not required")
        + policy.maxAge().map(a -> ", persons over " + a + " removed").orElse("");
  }

  private static String zone(java.time.ZoneId zone) {
    return zone.getId().equals("Z") ? "UTC" : zone.getId();
  }

  private static String word(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
