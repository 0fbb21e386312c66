package org.ehrcontracts.engine.diff;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ConceptColumn;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.Presence;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/** The tables' part of a contract diff: tables, columns, keys and checks. */
final class TableDiffer {

  private TableDiffer() {}

  static void diff(Contract from, Contract to, Changes changes) {
    for (Table before : from.tables().values()) {
      Optional<Table> after = to.table(before.name());
      if (after.isEmpty()) {
        changes.add(
            ChangeKind.TABLE_REMOVED,
            Impact.BREAKING,
            "table " + before.name(),
            presence(before.presence()) + " table, " + columns(before.columns().size()),
            Changes.ABSENT,
            "its file " + before.file() + " is now an unknown file (file.unknown)",
            null);
      } else {
        table(from, before, to, after.get(), changes);
      }
    }
    for (Table after : to.tables().values()) {
      if (from.table(after.name()).isEmpty()) {
        boolean mustBeThere = after.presence() != Presence.OPTIONAL;
        changes.stricterIf(
            mustBeThere,
            ChangeKind.TABLE_ADDED,
            "table " + after.name(),
            Changes.ABSENT,
            presence(after.presence()) + " table, " + columns(after.columns().size()),
            "an export without " + after.file() + " now fails (file.missing)",
            "an export without "
                + after.file()
                + " still passes; a file of that name is now"
                + " checked",
            after.at());
      }
    }
  }

  private static void table(
      Contract fromContract, Table from, Contract toContract, Table to, Changes changes) {
    String name = to.name();
    Location at = to.at();
    if (from.presence() != to.presence()) {
      changes.stricterIf(
          rank(to.presence()) > rank(from.presence()),
          ChangeKind.TABLE_PRESENCE,
          "table " + name,
          presence(from.presence()),
          presence(to.presence()),
          "stricter: a missing "
              + to.file()
              + " is now "
              + (to.presence() == Presence.REQUIRED ? "an error" : "a warning")
              + " (file.missing)",
          "looser",
          at);
    }
    if (!from.file().equals(to.file())) {
      changes.add(
          ChangeKind.TABLE_FILE,
          Impact.BREAKING,
          "table " + name + " file",
          from.file(),
          to.file(),
          "an export with the old name now lacks the file",
          at);
    }
    if (from.jaggedRows() != to.jaggedRows()) {
      changes.stricterIf(
          !to.jaggedRows(),
          ChangeKind.TABLE_JAGGED_ROWS,
          "table " + name + " jaggedRows",
          Boolean.toString(from.jaggedRows()),
          Boolean.toString(to.jaggedRows()),
          "short rows now fail (csv.row-width)",
          "short rows are taken",
          at);
    }
    if (from.identifying() != to.identifying()) {
      changes.add(
          ChangeKind.TABLE_IDENTIFYING,
          to.identifying() ? Impact.BREAKING : Impact.LOOSENS_DEIDENTIFICATION,
          "table " + name + " identifying",
          Boolean.toString(from.identifying()),
          Boolean.toString(to.identifying()),
          to.identifying()
              ? "ehr:deidentify no longer writes it; de-identified output holding it now fails"
                  + " (deid.identifying-table)"
              : "ehr:deidentify now writes it to de-identified output",
          at);
    }
    columns(from, to, toContract, changes);
    primaryKey(from, to, changes);
    foreignKeys(from, to, changes);
    checks(fromContract, from, toContract, to, changes);
  }

  private static void columns(Table from, Table to, Contract toContract, Changes changes) {
    String table = to.name();
    for (Column before : from.columns()) {
      Optional<Column> after = to.column(before.name());
      if (after.isEmpty()) {
        changes.add(
            ChangeKind.COLUMN_REMOVED,
            Impact.BREAKING,
            "column " + table + "." + before.name(),
            describe(before),
            Changes.ABSENT,
            "files that have it now fail (header.unknown-column)",
            to.at());
      } else {
        column(table, before, after.get(), changes);
      }
    }
    for (Column after : to.columns()) {
      if (from.column(after.name()).isEmpty()) {
        changes.add(
            ChangeKind.COLUMN_ADDED,
            Impact.BREAKING,
            "column " + table + "." + after.name(),
            Changes.ABSENT,
            describe(after),
            "files without it now fail (header.missing-column)",
            after.at());
      }
    }
    List<String> orderBefore = new ArrayList<>();
    for (Column c : from.columns()) {
      if (to.column(c.name()).isPresent()) {
        orderBefore.add(c.name());
      }
    }
    List<String> orderAfter = new ArrayList<>();
    for (Column c : to.columns()) {
      if (from.column(c.name()).isPresent()) {
        orderAfter.add(c.name());
      }
    }
    if (!orderBefore.equals(orderAfter)) {
      boolean strict = toContract.dialect().strictColumnOrder();
      changes.stricterIf(
          strict,
          ChangeKind.COLUMN_ORDER,
          "table " + table + " columns",
          String.join(", ", orderBefore),
          String.join(", ", orderAfter),
          "files in the old order now fail (header.order)",
          "the dialect's columnOrder is by-name",
          to.at());
    }
  }

  private static void column(String table, Column from, Column to, Changes changes) {
    String subject = "column " + table + "." + to.name();
    Location at = to.at();
    if (from.type() != to.type()) {
      boolean wider = wider(from.type(), to.type());
      changes.stricterIf(
          !wider,
          ChangeKind.COLUMN_TYPE,
          subject + " type",
          from.type().keyword(),
          to.type().keyword(),
          "values of the old type may now fail (type.*)",
          "every " + from.type().keyword() + " value is a " + to.type().keyword() + " value",
          at);
    }
    if (from.required() != to.required()) {
      changes.stricterIf(
          to.required(),
          ChangeKind.COLUMN_REQUIRED,
          subject + " required",
          Boolean.toString(from.required()),
          Boolean.toString(to.required()),
          "empty values now fail (value.required)",
          "empty values are taken",
          to.at(Rule.VALUE_REQUIRED));
    }
    if (!from.maxLength().equals(to.maxLength())) {
      boolean stricter =
          to.maxLength().isPresent()
              && (from.maxLength().isEmpty()
                  || to.maxLength().getAsInt() < from.maxLength().getAsInt());
      changes.stricterIf(
          stricter,
          ChangeKind.COLUMN_MAX_LENGTH,
          subject + " maxLength",
          length(from.maxLength()),
          length(to.maxLength()),
          "stricter: longer values now fail (value.length)",
          "looser",
          to.at(Rule.VALUE_LENGTH));
    }
    bound(subject + " min", from.min(), to.min(), true, at, changes);
    bound(subject + " max", from.max(), to.max(), false, at, changes);
    Optional<String> patternBefore = from.pattern().map(p -> p.pattern());
    Optional<String> patternAfter = to.pattern().map(p -> p.pattern());
    if (!patternBefore.equals(patternAfter)) {
      changes.stricterIf(
          patternAfter.isPresent(),
          ChangeKind.COLUMN_PATTERN,
          subject + " pattern",
          patternBefore.map(p -> "'" + p + "'").orElse(Changes.ABSENT),
          patternAfter.map(p -> "'" + p + "'").orElse(Changes.ABSENT),
          "values the old pattern took may now fail (value.pattern)",
          "any value is taken",
          to.at(Rule.VALUE_PATTERN));
    }
    List<String> formsRemoved = new ArrayList<>(from.formats());
    formsRemoved.removeAll(to.formats());
    List<String> formsAdded = new ArrayList<>(to.formats());
    formsAdded.removeAll(from.formats());
    if (!formsRemoved.isEmpty() && from.type() == to.type()) {
      changes.add(
          ChangeKind.COLUMN_FORMATS,
          Impact.BREAKING,
          subject + " formats",
          formCount(from.formats()),
          formCount(to.formats()),
          "removed: "
              + forms(formsRemoved)
              + "; values in it now fail (type."
              + to.type().keyword()
              + ")",
          at);
    }
    if (!formsAdded.isEmpty() && from.type() == to.type()) {
      changes.add(
          ChangeKind.COLUMN_FORMATS,
          Impact.COMPATIBLE,
          subject + " formats",
          formCount(from.formats()),
          formCount(to.formats()),
          "added: " + forms(formsAdded),
          at);
    }
    if (from.concepts().isEmpty() && to.concepts().isPresent()) {
      changes.add(
          ChangeKind.COLUMN_CONCEPTS,
          Impact.BREAKING,
          subject + " concepts",
          "any",
          "set " + to.concepts().get().name() + " (" + ConceptIds.count(to.concepts().get()) + ")",
          "other ids now fail (value.concept)",
          at);
    } else if (from.concepts().isPresent() && to.concepts().isEmpty()) {
      changes.add(
          ChangeKind.COLUMN_CONCEPTS,
          Impact.COMPATIBLE,
          subject + " concepts",
          "set " + from.concepts().get().name(),
          "any",
          "",
          at);
    } else if (from.concepts().isPresent()) {
      ConceptIds.compare(
          ChangeKind.COLUMN_CONCEPTS,
          subject + " concepts",
          from.concepts().get(),
          to.concepts().get(),
          at,
          changes);
    }
    vocabulary(subject, from.vocabulary(), to.vocabulary(), at, changes);
  }

  private static void vocabulary(
      String subject,
      Optional<ConceptColumn> from,
      Optional<ConceptColumn> to,
      Location at,
      Changes changes) {
    if (from.isEmpty() && to.isEmpty()) {
      return;
    }
    if (to.isEmpty()) {
      changes.add(
          ChangeKind.COLUMN_VOCABULARY,
          Impact.COMPATIBLE,
          subject + " vocabulary",
          "checked",
          Changes.ABSENT,
          "its concepts are no longer checked against the vocabulary",
          at);
      return;
    }
    if (from.isEmpty()) {
      changes.add(
          ChangeKind.COLUMN_VOCABULARY,
          Impact.BREAKING,
          subject + " vocabulary",
          Changes.ABSENT,
          vocabularyWords(to.get()),
          "with a vocabulary, ids not in it now fail (concept.unknown)",
          at);
      return;
    }
    ConceptColumn before = from.get();
    ConceptColumn after = to.get();
    if (!before.domain().equals(after.domain())) {
      changes.stricterIf(
          after.domain().isPresent(),
          ChangeKind.COLUMN_VOCABULARY,
          subject + " vocabulary.domain",
          before.domain().orElse(Changes.ABSENT),
          after.domain().orElse(Changes.ABSENT),
          "concepts of another domain now fail (concept.wrong-domain)",
          "any domain is taken",
          at);
    }
    if (before.standard() != after.standard()) {
      changes.stricterIf(
          after.standard(),
          ChangeKind.COLUMN_VOCABULARY,
          subject + " vocabulary.standard",
          Boolean.toString(before.standard()),
          Boolean.toString(after.standard()),
          "non-standard concepts now fail (concept.not-standard)",
          "non-standard concepts are taken",
          at);
    }
    if (!before.zeroPercent().equals(after.zeroPercent())) {
      boolean stricter =
          after.zeroPercent().isPresent()
              && (before.zeroPercent().isEmpty()
                  || after.zeroPercent().getAsDouble() < before.zeroPercent().getAsDouble());
      changes.stricterIf(
          stricter,
          ChangeKind.COLUMN_VOCABULARY,
          subject + " vocabulary.zero",
          percent(before.zeroPercent()),
          percent(after.zeroPercent()),
          "stricter: fewer rows may hold concept 0 (concept.zero)",
          "looser",
          at);
    }
    if (!before.source().equals(after.source())) {
      changes.stricterIf(
          after.source().isPresent(),
          ChangeKind.COLUMN_VOCABULARY,
          subject + " vocabulary.source",
          before.source().orElse(Changes.ABSENT),
          after.source().orElse(Changes.ABSENT),
          "concept 0 is counted against another source column (concept.zero)",
          "",
          at);
    }
    if (!before.unitOf().equals(after.unitOf())) {
      changes.stricterIf(
          after.unitOf().isPresent(),
          ChangeKind.COLUMN_VOCABULARY,
          subject + " vocabulary.unitOf",
          before.unitOf().orElse(Changes.ABSENT),
          after.unitOf().orElse(Changes.ABSENT),
          "units are checked against another measured concept (concept.unit-implausible)",
          "units are no longer checked",
          at);
    }
  }

  private static String vocabularyWords(ConceptColumn c) {
    List<String> parts = new ArrayList<>();
    c.domain().ifPresent(d -> parts.add("domain " + d));
    if (c.standard()) {
      parts.add("standard");
    }
    c.zeroPercent().ifPresent(z -> parts.add("zero " + number(z) + "%"));
    c.source().ifPresent(s -> parts.add("source " + s));
    c.unitOf().ifPresent(u -> parts.add("unitOf " + u));
    return parts.isEmpty() ? "known concepts" : String.join(", ", parts);
  }

  private static void bound(
      String subject,
      Optional<String> from,
      Optional<String> to,
      boolean min,
      Location at,
      Changes changes) {
    if (from.equals(to)) {
      return;
    }
    boolean stricter;
    if (to.isEmpty()) {
      stricter = false;
    } else if (from.isEmpty()) {
      stricter = true;
    } else {
      int order = compare(from.get(), to.get());
      stricter = min ? order < 0 : order > 0;
    }
    changes.stricterIf(
        stricter,
        ChangeKind.COLUMN_RANGE,
        subject,
        from.orElse(Changes.ABSENT),
        to.orElse(Changes.ABSENT),
        "stricter: values " + (min ? "below" : "above") + " it now fail (value.range)",
        "looser",
        at);
  }

  /** Numbers as numbers, dates and datetimes (ISO forms) as text. */
  private static int compare(String a, String b) {
    try {
      return new BigDecimal(a.strip()).compareTo(new BigDecimal(b.strip()));
    } catch (NumberFormatException e) {
      return a.strip().compareTo(b.strip());
    }
  }

  private static void primaryKey(Table from, Table to, Changes changes) {
    if (from.primaryKey().equals(to.primaryKey())) {
      return;
    }
    // A key over more columns is looser: rows unique on the old columns are unique on more.
    boolean looser =
        to.primaryKey().isEmpty()
            || (!from.primaryKey().isEmpty()
                && Set.copyOf(to.primaryKey()).containsAll(from.primaryKey()));
    changes.stricterIf(
        !looser,
        ChangeKind.KEY_PRIMARY,
        "table " + to.name() + " primaryKey",
        key(from.primaryKey()),
        key(to.primaryKey()),
        "rows unique before may now be duplicates (key.duplicate)",
        "rows unique before are still unique",
        to.at());
  }

  private static void foreignKeys(Table from, Table to, Changes changes) {
    List<String> before = from.foreignKeys().stream().map(TableDiffer::key).toList();
    List<String> after = to.foreignKeys().stream().map(TableDiffer::key).toList();
    for (int i = 0; i < before.size(); i++) {
      if (!after.contains(before.get(i))) {
        changes.add(
            ChangeKind.KEY_FOREIGN,
            Impact.COMPATIBLE,
            "table " + to.name() + " foreign key",
            before.get(i),
            Changes.ABSENT,
            "",
            to.at());
      }
    }
    for (int i = 0; i < after.size(); i++) {
      if (!before.contains(after.get(i))) {
        changes.add(
            ChangeKind.KEY_FOREIGN,
            Impact.BREAKING,
            "table " + to.name() + " foreign key",
            Changes.ABSENT,
            after.get(i),
            "rows referring to missing rows now fail (key.foreign)",
            to.foreignKeys().get(i).at());
      }
    }
  }

  private static void checks(
      Contract fromContract, Table from, Contract toContract, Table to, Changes changes) {
    for (Check before : from.checks()) {
      Optional<Check> found =
          to.checks().stream().filter(c -> c.id().equals(before.id())).findAny();
      if (found.isEmpty()) {
        changes.add(
            ChangeKind.CHECK_REMOVED,
            Impact.COMPATIBLE,
            "check " + before.id(),
            "'" + before.assertion() + "'",
            Changes.ABSENT,
            "",
            to.at());
        continue;
      }
      Check after = found.get();
      String subject = "check " + after.id();
      if (!before.assertion().equals(after.assertion())) {
        changes.add(
            ChangeKind.CHECK_ASSERT,
            Impact.BREAKING,
            subject + " assert",
            "'" + before.assertion() + "'",
            "'" + after.assertion() + "'",
            "rows that met the old expression may fail the new one (" + after.rule() + ")",
            after.at());
      }
      if (!before.when().equals(after.when())) {
        changes.stricterIf(
            after.when().isEmpty() || before.when().isPresent(),
            ChangeKind.CHECK_WHEN,
            subject + " when",
            before.when().map(w -> "'" + w + "'").orElse("every row"),
            after.when().map(w -> "'" + w + "'").orElse("every row"),
            "it may apply to rows it did not apply to",
            "it applies to fewer rows",
            after.at());
      }
      Severity was = SettingDiffer.severity(fromContract, from, before);
      Severity now = SettingDiffer.severity(toContract, to, after);
      if (!before.rule().equals(after.rule())) {
        changes.stricterIf(
            now.ordinal() < was.ordinal(),
            ChangeKind.CHECK_RULE,
            subject + " rule",
            before.rule(),
            after.rule(),
            "its problems are now " + now.label() + "s",
            "its problems keep their severity, "
                + now.label()
                + "; filters and settings of the old rule no longer apply",
            after.at());
      } else if (!before.severity().equals(after.severity()) && was != now) {
        changes.stricterIf(
            now.ordinal() < was.ordinal(),
            ChangeKind.CHECK_SEVERITY,
            subject + " severity",
            was.label(),
            now.label(),
            "raised",
            "lowered",
            after.at());
      }
    }
    for (Check after : to.checks()) {
      if (from.checks().stream().noneMatch(c -> c.id().equals(after.id()))) {
        changes.add(
            ChangeKind.CHECK_ADDED,
            Impact.BREAKING,
            "check " + after.id(),
            Changes.ABSENT,
            "'" + after.assertion() + "'" + after.when().map(w -> " when '" + w + "'").orElse(""),
            "rows that break it now fail ("
                + after.rule()
                + ", "
                + SettingDiffer.severity(toContract, to, after).label()
                + ")",
            after.at());
      }
    }
  }

  /** Whether every value of type {@code from} is a value of type {@code to}. */
  static boolean wider(ColumnType from, ColumnType to) {
    if (to == ColumnType.TEXT) {
      return true;
    }
    if (to == ColumnType.STRING) {
      return from != ColumnType.TEXT;
    }
    return from == ColumnType.INTEGER && to == ColumnType.FLOAT;
  }

  private static String describe(Column c) {
    return (c.required() ? "required " : "") + c.type().keyword();
  }

  private static String key(List<String> columns) {
    return columns.isEmpty() ? "none" : "[" + String.join(", ", columns) + "]";
  }

  private static String key(ForeignKey key) {
    return "("
        + String.join(", ", key.columns())
        + ") -> "
        + key.table()
        + "("
        + String.join(", ", key.referencedColumns())
        + ")"
        + key.when().map(w -> " when " + w).orElse("");
  }

  private static int rank(Presence presence) {
    return switch (presence) {
      case OPTIONAL -> 0;
      case EXPECTED -> 1;
      case REQUIRED -> 2;
    };
  }

  private static String presence(Presence presence) {
    return presence.name().toLowerCase(Locale.ROOT);
  }

  private static String columns(int n) {
    return n + (n == 1 ? " column" : " columns");
  }

  private static String length(OptionalInt length) {
    return length.isPresent() ? Integer.toString(length.getAsInt()) : Changes.ABSENT;
  }

  private static String percent(OptionalDouble value) {
    return value.isPresent() ? number(value.getAsDouble()) + "%" : Changes.ABSENT;
  }

  static String number(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String formCount(List<String> forms) {
    return forms.size() + (forms.size() == 1 ? " form" : " forms");
  }

  private static String forms(List<String> forms) {
    return forms.isEmpty()
        ? "none"
        : String.join(", ", forms.stream().map(f -> "'" + f + "'").toList());
  }
}
