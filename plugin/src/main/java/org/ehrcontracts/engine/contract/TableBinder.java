package org.ehrcontracts.engine.contract;

import static org.ehrcontracts.engine.contract.BinderSupport.bool;
import static org.ehrcontracts.engine.contract.BinderSupport.columnNames;
import static org.ehrcontracts.engine.contract.BinderSupport.map;
import static org.ehrcontracts.engine.contract.BinderSupport.parseDate;
import static org.ehrcontracts.engine.contract.BinderSupport.parseLong;
import static org.ehrcontracts.engine.contract.BinderSupport.scalar;
import static org.ehrcontracts.engine.contract.BinderSupport.strings;
import static org.ehrcontracts.engine.contract.BinderSupport.text;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.ehrcontracts.engine.contract.YNode.ScalarType;
import org.ehrcontracts.engine.contract.YNode.YList;
import org.ehrcontracts.engine.contract.YNode.YMap;
import org.ehrcontracts.engine.contract.YNode.YScalar;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.types.ColumnType;
import org.ehrcontracts.engine.util.Suggestions;

/**
 * Binds {@code tables:}: columns, keys, conditions and checks, and the references between tables.
 */
final class TableBinder {

  private static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");

  private final ConceptSetBinder conceptSetBinder;
  private final BinderSupport support;
  private final MetricsBinder metricsBinder;
  private final Set<String> incomplete = new java.util.HashSet<>();

  /** The tables with a column that could not be bound, whose checks are not worth compiling. */
  Set<String> incompleteTables() {
    return Set.copyOf(incomplete);
  }

  TableBinder(ConceptSetBinder conceptSetBinder, BinderSupport support) {
    this.conceptSetBinder = conceptSetBinder;
    this.support = support;
    this.metricsBinder = new MetricsBinder(support);
  }

  Table table(
      String name,
      YMap node,
      Location at,
      Dialect dialect,
      List<String> dateFormats,
      List<String> datetimeFormats,
      Map<String, ConceptSet> conceptSets,
      Set<String> checkIds) {
    List<Column> columns = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<ForeignKey> foreignKeys = new ArrayList<>();
    YNode columnsNode = node.get("columns");
    if (columnsNode instanceof YList list) {
      for (YNode item : list.items()) {
        Column column =
            column(name, (YMap) item, dateFormats, datetimeFormats, conceptSets, foreignKeys);
        if (column == null) {
          incomplete.add(name);
          continue;
        }
        if (!names.add(column.name())) {
          support.invalid(
              column.at(), "table '" + name + "' has two columns named '" + column.name() + "'");
        }
        columns.add(column);
      }
    }
    // Columns that are there but broken are reported themselves; only a table without any is this.
    if (!(columnsNode instanceof YList list) || list.items().isEmpty()) {
      support.missing(at, "table '" + name + "' needs at least one column under 'columns:'");
    }
    List<String> primaryKey = strings(node, "primaryKey").orElse(List.of());
    for (String key : primaryKey) {
      if (!names.contains(key)) {
        support.unknownReference(
            node.get("primaryKey").at(),
            "primary key column '" + key + "' is not a column of '" + name + "'",
            key,
            names);
      }
    }
    if (node.get("foreignKeys") instanceof YList list) {
      for (YNode item : list.items()) {
        foreignKeys.add(foreignKey((YMap) item));
      }
    }
    foreignKeys.replaceAll(key -> withConditionType(name, key, columns));
    List<Check> checks = new ArrayList<>();
    if (node.get("checks") instanceof YList list) {
      for (YNode item : list.items()) {
        Check check = check(name, (YMap) item, checkIds);
        if (check != null) {
          checks.add(check);
        }
      }
    }
    return new Table(
        name,
        text(node, "description"),
        text(node, "file").orElse(name + ".csv"),
        support.word(
            node,
            "presence",
            Map.of(
                "required", Presence.REQUIRED,
                "expected", Presence.EXPECTED,
                "optional", Presence.OPTIONAL),
            Presence.OPTIONAL),
        columns,
        primaryKey,
        foreignKeys,
        bool(node, "jaggedRows", dialect.jaggedRows()),
        bool(node, "identifying", false),
        checks,
        Map.of(),
        metricsBinder.table(name, map(node, "metrics"), columns, foreignKeys),
        at);
  }

  /** Ties a key's condition to the type of its column, which must be a column of the table. */
  private ForeignKey withConditionType(String table, ForeignKey key, List<Column> columns) {
    if (key.when().isEmpty()) {
      return key;
    }
    ForeignKey.Condition when = key.when().get();
    Optional<Column> column =
        columns.stream().filter(c -> c.name().equals(when.column())).findFirst();
    if (column.isEmpty()) {
      support.unknownReference(
          when.at(),
          "the condition's column '" + when.column() + "' is not a column of '" + table + "'",
          when.column(),
          columns.stream().map(Column::name).toList());
      return key;
    }
    boolean numeric = column.get().type() == ColumnType.INTEGER;
    if (numeric && !when.values().stream().allMatch(v -> v.matches("-?\\d{1,18}"))) {
      support.invalid(
          when.at(),
          "'"
              + when.column()
              + "' is an integer column: the condition's values must be whole numbers");
      return key;
    }
    return new ForeignKey(
        key.columns(),
        key.table(),
        key.referencedColumns(),
        Optional.of(new ForeignKey.Condition(when.column(), when.values(), numeric, when.at())),
        key.at());
  }

  /** {@code column = value} or {@code column in (a, b, ...)}. */
  private static final Pattern CONDITION =
      Pattern.compile(
          "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=\\s*([^\\s,()]+)|in\\s*\\(([^()]*)\\))\\s*");

  private Optional<ForeignKey.Condition> condition(YScalar when) {
    java.util.regex.Matcher m = CONDITION.matcher(when.text());
    if (!m.matches()) {
      support.invalid(
          when.at(),
          "when: is written 'column = value' or 'column in (value, value, ...)', not '"
              + when.text()
              + "'");
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    if (m.group(2) != null) {
      values.add(m.group(2));
    } else {
      for (String value : m.group(3).split(",")) {
        if (!value.isBlank()) {
          values.add(value.strip());
        }
      }
    }
    if (values.isEmpty()) {
      support.invalid(when.at(), "when: names no value");
      return Optional.empty();
    }
    return Optional.of(new ForeignKey.Condition(m.group(1), values, false, when.at()));
  }

  private Column column(
      String table,
      YMap node,
      List<String> dateFormats,
      List<String> datetimeFormats,
      Map<String, ConceptSet> conceptSets,
      List<ForeignKey> foreignKeys) {
    Optional<String> name = text(node, "name");
    if (name.isEmpty()) {
      support.missing(node.at(), "a column of '" + table + "' needs 'name:'");
      return null;
    }
    YScalar typeNode = scalar(node, "type");
    if (typeNode == null) {
      support.missing(node.at(), "column '" + table + "." + name.get() + "' needs 'type:'");
      return null;
    }
    Optional<ColumnType> parsedType = ColumnType.fromKeyword(typeNode.text());
    if (parsedType.isEmpty()) {
      List<String> keywords = new ArrayList<>();
      for (ColumnType t : ColumnType.values()) {
        keywords.add(t.keyword());
      }
      support.invalid(
          typeNode.at(),
          "unknown type '"
              + typeNode.text()
              + "'; the types are "
              + String.join(", ", keywords)
              + Suggestions.hint(typeNode.text(), keywords));
      return null;
    }
    ColumnType type = parsedType.get();
    Location at = node.at();

    OptionalInt maxLength = OptionalInt.empty();
    YScalar length = scalar(node, "maxLength");
    if (length != null) {
      Optional<Long> value = parseLong(length.text());
      if (value.isEmpty() || value.get() < 1 || value.get() > Integer.MAX_VALUE) {
        support.invalid(length.at(), "maxLength must be a positive whole number");
      } else if (type != ColumnType.STRING && type != ColumnType.TEXT) {
        support.invalid(length.at(), "maxLength applies to string and text columns only");
      } else {
        maxLength = OptionalInt.of(value.get().intValue());
      }
    }

    Optional<ConceptSet> concepts = Optional.empty();
    YNode conceptsNode = node.get("concepts");
    if (conceptsNode != null && type != ColumnType.INTEGER) {
      support.invalid(conceptsNode.at(), "concepts apply to integer columns only");
    } else if (conceptsNode instanceof YScalar setName) {
      concepts = Optional.ofNullable(conceptSets.get(setName.text()));
      if (concepts.isEmpty()) {
        support.unknownReference(
            setName.at(),
            "no concept set is named '" + setName.text() + "'",
            setName.text(),
            conceptSets.keySet());
      }
    } else if (conceptsNode instanceof YList list) {
      concepts =
          Optional.of(
              ConceptSet.of(
                  table + "." + name.get(),
                  Optional.empty(),
                  conceptSetBinder.conceptList(list).toArray(long[][]::new),
                  list.at()));
    }

    Optional<com.google.re2j.Pattern> pattern = Optional.empty();
    YScalar patternNode = scalar(node, "pattern");
    if (patternNode != null) {
      try {
        pattern = Optional.of(com.google.re2j.Pattern.compile(patternNode.text()));
      } catch (com.google.re2j.PatternSyntaxException e) {
        support.invalid(
            patternNode.at(),
            "pattern is not a valid regular expression: "
                + e.getDescription()
                + " (RE2 syntax, matched in linear time: no backreferences or look-around)");
      }
    }

    Optional<String> min = bound(node, "min", type);
    Optional<String> max = bound(node, "max", type);
    if (min.isPresent() && max.isPresent() && above(min.get(), max.get(), type)) {
      support.invalid(
          scalar(node, "min").at(),
          "min "
              + min.get()
              + " is above max "
              + max.get()
              + " for column '"
              + table
              + "."
              + name.get()
              + "': no value could pass");
      min = Optional.empty();
      max = Optional.empty();
    }

    List<String> formats = List.of();
    if (type.isTemporal()) {
      formats =
          strings(node, "formats").orElse(type == ColumnType.DATE ? dateFormats : datetimeFormats);
      support.checkFormats(node.get("formats"), type == ColumnType.DATETIME);
    } else if (node.get("formats") != null) {
      support.invalid(node.get("formats").at(), "formats apply to date and datetime columns only");
    }

    Optional<ColumnRef> references = Optional.empty();
    YScalar referencesNode = scalar(node, "references");
    YScalar whenNode = scalar(node, "when");
    Optional<ForeignKey.Condition> when = Optional.empty();
    if (whenNode != null) {
      if (referencesNode == null) {
        support.invalid(whenNode.at(), "when: applies to a column with 'references:' only");
      } else {
        when = condition(whenNode);
      }
    }
    if (referencesNode != null) {
      references = support.columnRef(referencesNode);
      Optional<ForeignKey.Condition> condition = when;
      references.ifPresent(
          ref ->
              foreignKeys.add(
                  new ForeignKey(
                      List.of(name.get()),
                      ref.table(),
                      List.of(ref.column()),
                      condition,
                      referencesNode.at())));
    }

    return new Column(
        name.get(),
        type,
        bool(node, "required", false),
        maxLength,
        concepts,
        pattern,
        min,
        max,
        formats,
        Optional.empty(),
        references,
        conceptColumn(map(node, "vocabulary"), type),
        text(node, "description"),
        at,
        keysAt(node));
  }

  /** Where the column stands in the file that wrote each of its keys. */
  private static Map<String, Location> keysAt(YMap node) {
    Map<String, Location> keys = new java.util.HashMap<>();
    for (String key : node.entries().keySet()) {
      keys.put(key, node.atOf(key));
    }
    return keys;
  }

  /** A column's {@code vocabulary:}; its column names are checked with the table's. */
  private Optional<ConceptColumn> conceptColumn(YMap node, ColumnType type) {
    if (node == null) {
      return Optional.empty();
    }
    if (type != ColumnType.INTEGER) {
      support.invalid(node.at(), "vocabulary: applies to integer (concept id) columns only");
      return Optional.empty();
    }
    OptionalDouble zero = OptionalDouble.empty();
    YScalar zeroNode = scalar(node, "zero");
    if (zeroNode != null) {
      double value = Double.parseDouble(zeroNode.text());
      if (!(value >= 0 && value <= 100)) {
        support.invalid(zeroNode.at(), "zero: is a percent, between 0 and 100");
      } else {
        zero = OptionalDouble.of(value);
      }
    }
    Optional<String> domain = text(node, "domain");
    if (domain.isPresent() && domain.get().isBlank()) {
      support.invalid(scalar(node, "domain").at(), "domain: names an Athena domain_id");
      domain = Optional.empty();
    }
    return Optional.of(
        new ConceptColumn(
            domain,
            bool(node, "standard", false),
            zero,
            text(node, "source"),
            text(node, "unitOf"),
            node.at()));
  }

  private Optional<String> bound(YMap node, String key, ColumnType type) {
    YScalar value = scalar(node, key);
    if (value == null) {
      return Optional.empty();
    }
    boolean ok;
    if (type.isNumeric()) {
      ok = value.type() == ScalarType.INTEGER || value.type() == ScalarType.FLOAT;
    } else if (type == ColumnType.DATE || type == ColumnType.DATETIME) {
      ok = parseDate(value.text()).isPresent();
    } else {
      support.invalid(value.at(), key + " applies to number and date columns only");
      return Optional.empty();
    }
    if (!ok) {
      support.invalid(
          value.at(),
          key
              + " of a "
              + type.keyword()
              + " column must be "
              + (type.isNumeric() ? "a number" : "a date written YYYY-MM-DD"));
      return Optional.empty();
    }
    return Optional.of(value.text());
  }

  /** Whether a checked lower bound is above a checked upper bound of the same column. */
  private static boolean above(String min, String max, ColumnType type) {
    if (type.isNumeric()) {
      try {
        return new java.math.BigDecimal(min.replace("_", ""))
                .compareTo(new java.math.BigDecimal(max.replace("_", "")))
            > 0;
      } catch (NumberFormatException e) {
        return false; // .inf and the like: compared as the checks compare them, in doubles
      }
    }
    return LocalDate.parse(min).isAfter(LocalDate.parse(max));
  }

  private ForeignKey foreignKey(YMap node) {
    List<String> columns = strings(node, "columns").orElse(List.of());
    YMap target = map(node, "references");
    String table = text(target, "table").orElse("");
    List<String> referenced = strings(target, "columns").orElse(List.of());
    if (columns.isEmpty() || table.isEmpty() || referenced.isEmpty()) {
      support.missing(
          node.at(),
          "a foreign key needs 'columns:' and 'references: { table: ..., columns: [...] }'");
    } else if (columns.size() != referenced.size()) {
      support.invalid(node.at(), "a foreign key must reference as many columns as it has");
    }
    return new ForeignKey(columns, table, referenced, node.at());
  }

  private Check check(String table, YMap node, Set<String> checkIds) {
    Optional<String> id = text(node, "id");
    Optional<String> assertion = text(node, "assert");
    if (id.isEmpty() || assertion.isEmpty()) {
      support.missing(node.at(), "a check of '" + table + "' needs 'id:' and 'assert:'");
      return null;
    }
    if (!checkIds.add(id.get())) {
      support.invalid(node.get("id").at(), "two checks have the id '" + id.get() + "'");
    }
    String rule = text(node, "rule").orElse(Rule.CHECK_EXPRESSION.id());
    if (!RULE_ID.matcher(rule).matches()) {
      support.invalid(
          node.get("rule").at(),
          "'" + rule + "' is not a rule id (lower-case words in dotted families)");
      rule = Rule.CHECK_EXPRESSION.id();
    }
    return new Check(
        id.get(),
        rule,
        assertion.get(),
        text(node, "when"),
        Optional.empty(),
        Optional.empty(),
        support.severity(scalar(node, "severity")).flatMap(s -> s),
        text(node, "message").orElse(id.get() + " does not hold"),
        text(node, "description"),
        // A check is its assertion: located where the contract that wrote the assert has it.
        node.atOf("assert"));
  }

  void checkReferences(Map<String, Table> tables) {
    for (Table table : tables.values()) {
      for (Column column : table.columns()) {
        if (column.vocabulary().isEmpty()) {
          continue;
        }
        ConceptColumn facts = column.vocabulary().get();
        for (Optional<String> other : List.of(facts.source(), facts.unitOf())) {
          if (other.isPresent() && table.column(other.get()).isEmpty()) {
            support.unknownReference(
                facts.at(),
                "vocabulary: of '"
                    + table.name()
                    + "."
                    + column.name()
                    + "' names '"
                    + other.get()
                    + "', which is not a column of '"
                    + table.name()
                    + "'",
                other.get(),
                columnNames(table));
          }
        }
      }
      for (ForeignKey key : table.foreignKeys()) {
        for (String column : key.columns()) {
          if (table.column(column).isEmpty()) {
            support.unknownReference(
                key.at(),
                "foreign key column '" + column + "' is not a column of '" + table.name() + "'",
                column,
                columnNames(table));
          }
        }
        Table target = tables.get(key.table());
        if (target == null) {
          if (!key.table().isEmpty()) {
            support.unknownReference(
                key.at(),
                "the foreign key references table '" + key.table() + "', which the contract lacks",
                key.table(),
                tables.keySet());
          }
          continue;
        }
        for (String column : key.referencedColumns()) {
          if (target.column(column).isEmpty()) {
            support.unknownReference(
                key.at(),
                "the foreign key references '"
                    + key.table()
                    + "."
                    + column
                    + "', which is not a column",
                column,
                columnNames(target));
          }
        }
      }
    }
  }

  Table withRules(Table t, Map<String, RuleSetting> rules) {
    return new Table(
        t.name(),
        t.description(),
        t.file(),
        t.presence(),
        t.columns(),
        t.primaryKey(),
        t.foreignKeys(),
        t.jaggedRows(),
        t.identifying(),
        t.checks(),
        rules,
        t.metrics(),
        t.at());
  }
}
