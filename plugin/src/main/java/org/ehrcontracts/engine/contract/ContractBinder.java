package org.ehrcontracts.engine.contract;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ehrcontracts.engine.contract.YNode.ScalarType;
import org.ehrcontracts.engine.contract.YNode.YList;
import org.ehrcontracts.engine.contract.YNode.YMap;
import org.ehrcontracts.engine.contract.YNode.YScalar;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.rules.RuleCatalog;
import org.ehrcontracts.engine.types.ColumnType;
import org.ehrcontracts.engine.util.Suggestions;

/**
 * Turns a merged contract tree into the {@link Contract} model, checking values and references.
 *
 * <p>Structure was checked per file already; this class checks meaning: allowed words, names that
 * must point somewhere, regular expressions and dates that must compile or parse.
 */
final class ContractBinder {

  static final List<String> DEFAULT_DATE_FORMATS = List.of("YYYY-MM-DD");
  static final List<String> DEFAULT_DATETIME_FORMATS = List.of("YYYY-MM-DDThh:mm:ss±hh:mm");
  private static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");
  private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*\\.\\.\\s*(\\d+)\\s*");

  /**
   * Concept files: RFC 4180, spaces around a field ignored, blank lines kept as records so that
   * each record knows the line it starts on.
   */
  private static final CSVFormat CONCEPT_FILE =
      CSVFormat.RFC4180
          .builder()
          .setIgnoreEmptyLines(false)
          .setIgnoreSurroundingSpaces(true)
          .setTrim(true)
          .get();

  private final ContractSource source;
  private final Map<String, ContractText> files;
  private final MessageDigest digest;
  private final List<Problem> problems;

  ContractBinder(
      ContractSource source,
      Map<String, ContractText> files,
      MessageDigest digest,
      List<Problem> problems) {
    this.source = source;
    this.files = files;
    this.digest = digest;
    this.problems = problems;
  }

  Contract bind(YMap root, List<ContractOrigin> lineage) {
    Dialect dialect = dialect(map(root, "dialect"));
    YMap formats = map(root, "formats");
    List<String> dateFormats = strings(formats, "date").orElse(DEFAULT_DATE_FORMATS);
    List<String> datetimeFormats = strings(formats, "datetime").orElse(DEFAULT_DATETIME_FORMATS);
    Map<String, ConceptSet> conceptSets = conceptSets(map(root, "conceptSets"));

    Map<String, Table> tables = new LinkedHashMap<>();
    YMap tablesNode = map(root, "tables");
    Set<String> checkIds = new HashSet<>();
    if (tablesNode != null) {
      for (YNode.Entry entry : tablesNode.entries().values()) {
        YMap tableNode = (YMap) entry.value();
        tables.put(
            entry.key(),
            table(
                entry.key(),
                tableNode,
                entry.keyAt(),
                dialect,
                dateFormats,
                datetimeFormats,
                conceptSets,
                checkIds));
      }
    }
    checkReferences(tables);
    PersonModel person = person(map(root, "person"), tables);
    Map<String, RuleSetting> rules = rules(map(root, "rules"), checkIds);
    for (Table table : tables.values()) {
      YMap tableRules = map(map(tablesNode, table.name()), "rules");
      tables.put(table.name(), withRules(table, rules(tableRules, checkIds)));
    }
    return new Contract(
        text(root, "contract").orElse(""),
        text(root, "version").orElse(""),
        text(root, "description"),
        text(root, "cdm"),
        lineage,
        ContractLoader.hex(digest),
        fileLayout(map(root, "files")),
        dialect,
        conceptSets,
        person,
        tables,
        rules,
        plausibility(map(root, "plausibility")),
        deidentification(map(root, "deidentification"), tables, person));
  }

  // ---- dialect, files, formats -------------------------------------------------------------

  private Dialect dialect(YMap node) {
    Dialect d = Dialect.DEFAULT;
    if (node == null) {
      return d;
    }
    return new Dialect(
        character(node, "delimiter", d.delimiter()),
        character(node, "quote", d.quote()),
        word(node, "quoting", Map.of("all", true, "optional", false), d.quoteAll()),
        bool(node, "header", d.header()),
        word(node, "columnOrder", Map.of("strict", true, "by-name", false), true),
        word(
            node,
            "lineEnding",
            Map.of(
                "crlf", Dialect.LineEnding.CRLF,
                "lf", Dialect.LineEnding.LF,
                "any", Dialect.LineEnding.ANY),
            d.lineEnding()),
        encodingAndBom(node),
        bool(node, "jaggedRows", d.jaggedRows()),
        bool(node, "embeddedNewlines", d.embeddedNewlines()),
        bool(node, "blankLines", d.blankLines()));
  }

  private boolean encodingAndBom(YMap node) {
    YScalar encoding = scalar(node, "encoding");
    if (encoding != null && !encoding.text().equalsIgnoreCase("UTF-8")) {
      invalid(encoding.at(), "encoding '" + encoding.text() + "' is not supported; use UTF-8");
    }
    return word(node, "bom", Map.of("allowed", true, "forbidden", false), false);
  }

  private char character(YMap node, String key, char fallback) {
    YScalar value = scalar(node, key);
    if (value == null) {
      return fallback;
    }
    if (value.text().length() != 1 || value.text().charAt(0) == '\n' || value.text().equals("\r")) {
      invalid(value.at(), "'" + key + "' must be exactly one character");
      return fallback;
    }
    return value.text().charAt(0);
  }

  private FileLayout fileLayout(YMap node) {
    Optional<FolderNaming> folder = Optional.empty();
    YScalar template = scalar(node, "folder");
    if (template != null) {
      try {
        folder = Optional.of(FolderNaming.compile(template.text()));
      } catch (IllegalArgumentException e) {
        invalid(template.at(), "folder: " + e.getMessage());
      }
    }
    return new FileLayout(folder, strings(node, "tolerated").orElse(List.of()));
  }

  // ---- concept sets ---------------------------------------------------------------------------

  private Map<String, ConceptSet> conceptSets(YMap node) {
    Map<String, ConceptSet> sets = new LinkedHashMap<>();
    if (node == null) {
      return sets;
    }
    for (YNode.Entry entry : node.entries().values()) {
      YMap set = (YMap) entry.value();
      List<long[]> ranges = new ArrayList<>();
      YNode concepts = set.get("concepts");
      if (concepts instanceof YList list) {
        ranges.addAll(conceptList(list));
      }
      YScalar file = scalar(set, "file");
      if (file != null) {
        ranges.addAll(conceptFile(file));
      }
      if (concepts == null && file == null) {
        missing(entry.keyAt(), "concept set '" + entry.key() + "' needs 'concepts:' or 'file:'");
      }
      sets.put(
          entry.key(),
          ConceptSet.of(
              entry.key(), text(set, "description"), ranges.toArray(long[][]::new), entry.keyAt()));
    }
    return sets;
  }

  private List<long[]> conceptList(YList list) {
    List<long[]> ranges = new ArrayList<>();
    for (YNode item : list.items()) {
      YScalar value = (YScalar) item;
      if (value.type() == ScalarType.INTEGER) {
        Optional<Long> id = parseLong(value.text());
        if (id.isPresent()) {
          ranges.add(new long[] {id.get(), id.get()});
          continue;
        }
      } else {
        var range = RANGE.matcher(value.text());
        if (range.matches()) {
          long first = Long.parseLong(range.group(1));
          long last = Long.parseLong(range.group(2));
          if (first <= last) {
            ranges.add(new long[] {first, last});
            continue;
          }
        }
      }
      invalid(
          value.at(),
          "a concept must be a concept id or a range \"first..last\" (first <= last), not '"
              + value.text()
              + "'");
    }
    return ranges;
  }

  private List<long[]> conceptFile(YScalar file) {
    List<long[]> ranges = new ArrayList<>();
    ContractText declaring = files.get(file.at().file());
    Optional<ContractText> csv;
    try {
      csv = source.open(file.text(), Optional.ofNullable(declaring));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (csv.isEmpty()) {
      problems.add(
          Problem.of(
              Rule.CONTRACT_NOT_FOUND,
              Severity.ERROR,
              file.at(),
              "no concept file at '" + file.text() + "' (paths are relative to the contract)"));
      return ranges;
    }
    digest.update(csv.get().text().getBytes(StandardCharsets.UTF_8));
    String[] lines = firstFields(csv.get());
    if (lines == null) {
      return ranges;
    }
    String header = lines.length == 0 || lines[0] == null ? "" : lines[0];
    if (!header.equals("concept_id")) {
      problems.add(
          Problem.of(
              Rule.CONTRACT_INVALID_VALUE,
              Severity.ERROR,
              Location.of(csv.get().display(), 1, 1),
              "a concept file's first column must be named concept_id"));
      return ranges;
    }
    for (int i = 1; i < lines.length; i++) {
      if (lines[i] == null) {
        continue;
      }
      Optional<Long> id = parseLong(lines[i]);
      if (id.isEmpty()) {
        problems.add(
            Problem.of(
                Rule.CONTRACT_INVALID_VALUE,
                Severity.ERROR,
                Location.of(csv.get().display(), i + 1L, 1),
                "concept_id must be a whole number"));
      } else {
        ranges.add(new long[] {id.get(), id.get()});
      }
    }
    return ranges;
  }

  /**
   * The first field of each record of a concept file, at the index of the line the record starts on
   * (index 0 is line 1); {@code null} where no record starts and for blank lines. {@code null} in
   * all, with a problem, when the file is not CSV.
   */
  private String[] firstFields(ContractText csv) {
    String text = csv.text().startsWith("\uFEFF") ? csv.text().substring(1) : csv.text();
    List<String> byLine = new ArrayList<>();
    try (CSVParser parser =
        CSVParser.builder().setReader(new StringReader(text)).setFormat(CONCEPT_FILE).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      while (true) {
        // Blank lines are records here, so a record starts one past the line breaks before it.
        long line = parser.getCurrentLineNumber() + 1;
        try {
          if (!records.hasNext()) {
            break;
          }
        } catch (UncheckedIOException e) {
          problems.add(
              Problem.of(
                  Rule.CONTRACT_INVALID_VALUE,
                  Severity.ERROR,
                  Location.of(csv.display(), line, 1),
                  "a concept file must be CSV: a quote is not closed, or text follows one"));
          return null;
        }
        CSVRecord record = records.next();
        while (byLine.size() < line - 1) {
          byLine.add(null);
        }
        byLine.add(record.size() == 1 && record.get(0).isEmpty() ? null : record.get(0));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byLine.toArray(String[]::new);
  }

  // ---- tables ---------------------------------------------------------------------------------

  private Table table(
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
          continue;
        }
        if (!names.add(column.name())) {
          invalid(
              column.at(), "table '" + name + "' has two columns named '" + column.name() + "'");
        }
        columns.add(column);
      }
    }
    if (columns.isEmpty()) {
      missing(at, "table '" + name + "' needs at least one column under 'columns:'");
    }
    List<String> primaryKey = strings(node, "primaryKey").orElse(List.of());
    for (String key : primaryKey) {
      if (!names.contains(key)) {
        unknownReference(
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
        word(
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
      unknownReference(
          when.at(),
          "the condition's column '" + when.column() + "' is not a column of '" + table + "'",
          when.column(),
          columns.stream().map(Column::name).toList());
      return key;
    }
    boolean numeric = column.get().type() == ColumnType.INTEGER;
    if (numeric && !when.values().stream().allMatch(v -> v.matches("-?\\d{1,18}"))) {
      invalid(
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
      invalid(
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
      invalid(when.at(), "when: names no value");
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
      missing(node.at(), "a column of '" + table + "' needs 'name:'");
      return null;
    }
    YScalar typeNode = scalar(node, "type");
    if (typeNode == null) {
      missing(node.at(), "column '" + table + "." + name.get() + "' needs 'type:'");
      return null;
    }
    Optional<ColumnType> parsedType = ColumnType.fromKeyword(typeNode.text());
    if (parsedType.isEmpty()) {
      List<String> keywords = new ArrayList<>();
      for (ColumnType t : ColumnType.values()) {
        keywords.add(t.keyword());
      }
      invalid(
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
        invalid(length.at(), "maxLength must be a positive whole number");
      } else if (type != ColumnType.STRING && type != ColumnType.TEXT) {
        invalid(length.at(), "maxLength applies to string and text columns only");
      } else {
        maxLength = OptionalInt.of(value.get().intValue());
      }
    }

    Optional<ConceptSet> concepts = Optional.empty();
    YNode conceptsNode = node.get("concepts");
    if (conceptsNode != null && type != ColumnType.INTEGER) {
      invalid(conceptsNode.at(), "concepts apply to integer columns only");
    } else if (conceptsNode instanceof YScalar setName) {
      concepts = Optional.ofNullable(conceptSets.get(setName.text()));
      if (concepts.isEmpty()) {
        unknownReference(
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
                  conceptList(list).toArray(long[][]::new),
                  list.at()));
    }

    Optional<com.google.re2j.Pattern> pattern = Optional.empty();
    YScalar patternNode = scalar(node, "pattern");
    if (patternNode != null) {
      try {
        pattern = Optional.of(com.google.re2j.Pattern.compile(patternNode.text()));
      } catch (com.google.re2j.PatternSyntaxException e) {
        invalid(
            patternNode.at(),
            "pattern is not a valid regular expression: "
                + e.getDescription()
                + " (RE2 syntax, matched in linear time: no backreferences or look-around)");
      }
    }

    Optional<String> min = bound(node, "min", type);
    Optional<String> max = bound(node, "max", type);
    if (min.isPresent() && max.isPresent() && above(min.get(), max.get(), type)) {
      invalid(
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
    } else if (node.get("formats") != null) {
      invalid(node.get("formats").at(), "formats apply to date and datetime columns only");
    }

    Optional<ColumnRef> references = Optional.empty();
    YScalar referencesNode = scalar(node, "references");
    YScalar whenNode = scalar(node, "when");
    Optional<ForeignKey.Condition> when = Optional.empty();
    if (whenNode != null) {
      if (referencesNode == null) {
        invalid(whenNode.at(), "when: applies to a column with 'references:' only");
      } else {
        when = condition(whenNode);
      }
    }
    if (referencesNode != null) {
      references = columnRef(referencesNode);
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
        text(node, "description"),
        at);
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
      invalid(value.at(), key + " applies to number and date columns only");
      return Optional.empty();
    }
    if (!ok) {
      invalid(
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
      missing(
          node.at(),
          "a foreign key needs 'columns:' and 'references: { table: ..., columns: [...] }'");
    } else if (columns.size() != referenced.size()) {
      invalid(node.at(), "a foreign key must reference as many columns as it has");
    }
    return new ForeignKey(columns, table, referenced, node.at());
  }

  private Check check(String table, YMap node, Set<String> checkIds) {
    Optional<String> id = text(node, "id");
    Optional<String> assertion = text(node, "assert");
    if (id.isEmpty() || assertion.isEmpty()) {
      missing(node.at(), "a check of '" + table + "' needs 'id:' and 'assert:'");
      return null;
    }
    if (!checkIds.add(id.get())) {
      invalid(node.get("id").at(), "two checks have the id '" + id.get() + "'");
    }
    String rule = text(node, "rule").orElse(Rule.CHECK_EXPRESSION.id());
    if (!RULE_ID.matcher(rule).matches()) {
      invalid(
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
        severity(scalar(node, "severity")).flatMap(s -> s),
        text(node, "message").orElse(id.get() + " does not hold"),
        text(node, "description"),
        node.at());
  }

  private void checkReferences(Map<String, Table> tables) {
    for (Table table : tables.values()) {
      for (ForeignKey key : table.foreignKeys()) {
        for (String column : key.columns()) {
          if (table.column(column).isEmpty()) {
            unknownReference(
                key.at(),
                "foreign key column '" + column + "' is not a column of '" + table.name() + "'",
                column,
                columnNames(table));
          }
        }
        Table target = tables.get(key.table());
        if (target == null) {
          if (!key.table().isEmpty()) {
            unknownReference(
                key.at(),
                "the foreign key references table '" + key.table() + "', which the contract lacks",
                key.table(),
                tables.keySet());
          }
          continue;
        }
        for (String column : key.referencedColumns()) {
          if (target.column(column).isEmpty()) {
            unknownReference(
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

  private static List<String> columnNames(Table table) {
    return table.columns().stream().map(Column::name).toList();
  }

  private Table withRules(Table t, Map<String, RuleSetting> rules) {
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
        t.at());
  }

  // ---- person, rules, plausibility ---------------------------------------------------------

  private PersonModel person(YMap node, Map<String, Table> tables) {
    String table = text(node, "table").orElse("person");
    String id = text(node, "id").orElse("person_id");
    YMap birth = map(node, "birth");
    YMap death = map(node, "death");
    PersonModel person =
        new PersonModel(
            table,
            id,
            text(birth, "year"),
            text(birth, "month"),
            text(birth, "day"),
            text(birth, "datetime"),
            text(death, "table"),
            text(death, "date"));
    if (node == null) {
      return person;
    }
    Table personTable = tables.get(table);
    if (personTable == null) {
      unknownReference(
          node.at(), "person table '" + table + "' is not a table", table, tables.keySet());
      return person;
    }
    for (String key : List.of("year", "month", "day", "datetime")) {
      YScalar column = scalar(birth, key);
      if (column != null && personTable.column(column.text()).isEmpty()) {
        unknownReference(
            column.at(),
            "'" + column.text() + "' is not a column of '" + table + "'",
            column.text(),
            columnNames(personTable));
      }
    }
    YScalar deathTable = scalar(death, "table");
    YScalar deathDate = scalar(death, "date");
    if (deathTable != null && !tables.containsKey(deathTable.text())) {
      unknownReference(
          deathTable.at(),
          "death table '" + deathTable.text() + "' is not a table",
          deathTable.text(),
          tables.keySet());
    } else if (deathTable != null
        && deathDate != null
        && tables.get(deathTable.text()).column(deathDate.text()).isEmpty()) {
      unknownReference(
          deathDate.at(),
          "'" + deathDate.text() + "' is not a column of '" + deathTable.text() + "'",
          deathDate.text(),
          columnNames(tables.get(deathTable.text())));
    }
    return person;
  }

  private Map<String, RuleSetting> rules(YMap node, Set<String> checkIds) {
    Map<String, RuleSetting> rules = new LinkedHashMap<>();
    if (node == null) {
      return rules;
    }
    for (YNode.Entry entry : node.entries().values()) {
      String id = entry.key();
      if (!RuleCatalog.isKnown(id) && !checkIds.contains(id)) {
        Set<String> known = new HashSet<>(RuleCatalog.all().keySet());
        known.addAll(checkIds);
        unknownReference(entry.keyAt(), "no rule or check has the id '" + id + "'", id, known);
        continue;
      }
      Optional<Optional<Severity>> severity;
      Optional<Threshold> threshold = Optional.empty();
      Optional<String> note = Optional.empty();
      if (entry.value() instanceof YScalar word) {
        severity = severity(word);
      } else {
        YMap setting = (YMap) entry.value();
        severity = severity(scalar(setting, "severity"));
        threshold = threshold(map(setting, "threshold"));
        note = text(setting, "note");
      }
      boolean enabled = severity.isEmpty() || severity.get().isPresent();
      rules.put(
          id, new RuleSetting(enabled, severity.flatMap(s -> s), threshold, note, entry.keyAt()));
    }
    return rules;
  }

  /** Empty when absent; a present empty optional means {@code off}. */
  private Optional<Optional<Severity>> severity(YScalar word) {
    if (word == null) {
      return Optional.empty();
    }
    if (word.type() == ScalarType.BOOLEAN || word.text().equals("off")) {
      if (word.type() == ScalarType.BOOLEAN && Boolean.parseBoolean(word.text())) {
        invalid(word.at(), "a severity is error, warning, info or off, not true");
        return Optional.empty();
      }
      return Optional.of(Optional.empty());
    }
    Optional<Severity> severity = Severity.fromLabel(word.text());
    if (severity.isEmpty()) {
      invalid(
          word.at(),
          "unknown severity '"
              + word.text()
              + "'; use error, warning, info or off"
              + Suggestions.hint(word.text(), List.of("error", "warning", "info", "off")));
      return Optional.empty();
    }
    return Optional.of(severity);
  }

  private Optional<Threshold> threshold(YMap node) {
    if (node == null) {
      return Optional.empty();
    }
    YScalar rows = scalar(node, "rows");
    YScalar percent = scalar(node, "percent");
    if ((rows == null) == (percent == null)) {
      invalid(node.at(), "a threshold has either 'rows:' or 'percent:'");
      return Optional.empty();
    }
    if (rows != null) {
      Optional<Long> value = parseLong(rows.text());
      if (value.isEmpty() || value.get() < 0) {
        invalid(rows.at(), "threshold rows must be a whole number of at least 0");
        return Optional.empty();
      }
      return Optional.of(new Threshold.Rows(value.get()));
    }
    double value = Double.parseDouble(percent.text());
    if (!(value >= 0 && value <= 100)) {
      invalid(percent.at(), "threshold percent must be between 0 and 100");
      return Optional.empty();
    }
    return Optional.of(new Threshold.Percent(value));
  }

  private Plausibility plausibility(YMap node) {
    Plausibility d = Plausibility.DEFAULT;
    YMap birthYear = map(node, "birthYear");
    YMap afterDeath = map(node, "afterDeath");
    return new Plausibility(
        integer(birthYear, "min", d.birthYearMin(), 0),
        integer(birthYear, "minAge", d.birthYearMinAge(), 0),
        integer(afterDeath, "graceDays", d.afterDeathGraceDays(), 0));
  }

  // ---- de-identification ---------------------------------------------------------------------

  private Optional<DeidentificationPolicy> deidentification(
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
      invalid(other.at(), "dates.columns is 'all' or a list of table.column");
    } else {
      truncated.addAll(columnRefs(dates, "columns", tables));
    }
    truncated.removeAll(except);
    word(dates, "truncate", Map.of("year", "year"), "year");
    YMap ids = map(node, "personIds");
    word(ids, "replacement", Map.of("random", "random"), "random");
    DeidentificationPolicy.Crosswalk crosswalk =
        word(
            ids,
            "crosswalk",
            Map.of(
                "persistent", DeidentificationPolicy.Crosswalk.PERSISTENT,
                "per-submission", DeidentificationPolicy.Crosswalk.PER_SUBMISSION),
            DeidentificationPolicy.Crosswalk.PERSISTENT);
    int digits = integer(ids, "digits", 9, 6);
    if (digits > 18) {
      invalid(scalar(ids, "digits").at(), "digits must be at most 18");
      digits = 18;
    }
    YMap ageLimit = map(node, "ageLimit");
    Optional<Integer> maxAge = Optional.empty();
    Optional<LocalDate> asOf = Optional.empty();
    if (ageLimit != null) {
      maxAge = Optional.of(integer(ageLimit, "maxAge", 80, 1));
      YScalar asOfNode = scalar(ageLimit, "asOf");
      if (asOfNode != null && !asOfNode.text().equals("run-date")) {
        asOf = parseDate(asOfNode.text());
        if (asOf.isEmpty()) {
          invalid(asOfNode.at(), "asOf is 'run-date' or a date written YYYY-MM-DD");
        }
      }
      word(ageLimit, "action", Map.of("remove-person", "remove-person"), "remove-person");
    }
    ZoneId zone = timeZone(scalar(node, "timeZone"));
    DeidentificationPolicy.TimeAction times =
        word(
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
      invalid(
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
      invalid(
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
            invalid(node.get("keep").at(), "'" + ref + "' is listed under both keep and blank");
          }
        } else if (people.containsKey(ref)) {
          action = DeidentificationPolicy.Action.REPLACE_PERSON;
          why =
              "person reference: replaced by the person's new number"
                  + people.get(ref).map(c -> " where " + c).orElse("");
          if (keep.contains(ref)) {
            invalid(
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
          problems.add(
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
          invalid(
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
        unknownReference(
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
      Optional<ColumnRef> ref = columnRef(value);
      if (ref.isEmpty()) {
        continue;
      }
      Table table = tables.get(ref.get().table());
      if (table == null) {
        unknownReference(
            value.at(),
            "'" + ref.get().table() + "' is not a table",
            ref.get().table(),
            tables.keySet());
      } else if (table.column(ref.get().column()).isEmpty()) {
        unknownReference(
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

  private Optional<ColumnRef> columnRef(YScalar value) {
    String text = value.text();
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
      invalid(value.at(), "'" + text + "' must be written table.column");
      return Optional.empty();
    }
    return Optional.of(new ColumnRef(text.substring(0, dot), text.substring(dot + 1)));
  }

  // ---- small readers ------------------------------------------------------------------------

  private static YMap map(YMap node, String key) {
    return node != null && node.get(key) instanceof YMap map ? map : null;
  }

  private static YScalar scalar(YMap node, String key) {
    return node != null
            && node.get(key) instanceof YScalar scalar
            && scalar.type() != ScalarType.NULL
        ? scalar
        : null;
  }

  private static Optional<String> text(YMap node, String key) {
    return Optional.ofNullable(scalar(node, key)).map(YScalar::text);
  }

  private static Optional<List<String>> strings(YMap node, String key) {
    if (node == null || !(node.get(key) instanceof YList list)) {
      return Optional.empty();
    }
    return Optional.of(list.items().stream().map(i -> ((YScalar) i).text()).toList());
  }

  private static boolean bool(YMap node, String key, boolean fallback) {
    YScalar value = scalar(node, key);
    return value == null ? fallback : Boolean.parseBoolean(value.text());
  }

  private int integer(YMap node, String key, int fallback, int min) {
    YScalar value = scalar(node, key);
    if (value == null) {
      return fallback;
    }
    Optional<Long> parsed = parseLong(value.text());
    if (parsed.isEmpty() || parsed.get() < min || parsed.get() > Integer.MAX_VALUE) {
      invalid(value.at(), key + " must be a whole number of at least " + min);
      return fallback;
    }
    return parsed.get().intValue();
  }

  private <T> T word(YMap node, String key, Map<String, T> words, T fallback) {
    YScalar value = scalar(node, key);
    if (value == null) {
      return fallback;
    }
    T result = words.get(value.text());
    if (result == null) {
      List<String> allowed = words.keySet().stream().sorted().toList();
      invalid(
          value.at(),
          key
              + " is one of "
              + String.join(", ", allowed)
              + ", not '"
              + value.text()
              + "'"
              + Suggestions.hint(value.text(), allowed));
      return fallback;
    }
    return result;
  }

  private static Optional<Long> parseLong(String text) {
    try {
      return Optional.of(Long.parseLong(text.replace("_", "")));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<LocalDate> parseDate(String text) {
    if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private void invalid(Location at, String message) {
    problems.add(Problem.of(Rule.CONTRACT_INVALID_VALUE, Severity.ERROR, at, message));
  }

  private void missing(Location at, String message) {
    problems.add(Problem.of(Rule.CONTRACT_MISSING_KEY, Severity.ERROR, at, message));
  }

  private void unknownReference(
      Location at, String message, String typed, java.util.Collection<String> known) {
    problems.add(
        Problem.of(
            Rule.CONTRACT_UNKNOWN_REFERENCE,
            Severity.ERROR,
            at,
            message + Suggestions.hint(typed, known)));
  }
}
