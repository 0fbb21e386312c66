package org.ehrcontracts.engine.contract;

import static org.ehrcontracts.engine.contract.BinderSupport.bool;
import static org.ehrcontracts.engine.contract.BinderSupport.columnNames;
import static org.ehrcontracts.engine.contract.BinderSupport.map;
import static org.ehrcontracts.engine.contract.BinderSupport.parseLong;
import static org.ehrcontracts.engine.contract.BinderSupport.scalar;
import static org.ehrcontracts.engine.contract.BinderSupport.strings;
import static org.ehrcontracts.engine.contract.BinderSupport.text;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.YNode.YMap;
import org.ehrcontracts.engine.contract.YNode.YScalar;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.rules.RuleCatalog;

/**
 * Turns a merged contract tree into the {@link Contract} model, checking values and references.
 *
 * <p>Structure was checked per file already; this class checks meaning: allowed words, names that
 * must point somewhere, regular expressions and dates that must compile or parse.
 *
 * <p>This class reads the dialect, the file layout, the person model, the rule settings and the
 * plausibility limits itself, and hands concept sets, tables and the de-identification policy to
 * {@link ConceptSetBinder}, {@link TableBinder} and {@link PolicyBinder}. They all report into one
 * problem list through {@link BinderSupport}, in the order {@link #bind} calls them.
 */
final class ContractBinder {

  static final List<String> DEFAULT_DATE_FORMATS = List.of("YYYY-MM-DD");
  static final List<String> DEFAULT_DATETIME_FORMATS = List.of("YYYY-MM-DDThh:mm:ss±hh:mm");

  private final MessageDigest digest;
  private final BinderSupport support;
  private final ConceptSetBinder conceptSetBinder;
  private final TableBinder tableBinder;
  private final PolicyBinder policyBinder;
  private final LookupBinder lookupBinder;

  ContractBinder(
      ContractSource source,
      Map<String, ContractText> files,
      MessageDigest digest,
      List<Problem> problems) {
    this.digest = digest;
    this.support = new BinderSupport(problems);
    this.conceptSetBinder = new ConceptSetBinder(source, files, digest, support);
    this.tableBinder = new TableBinder(conceptSetBinder, support);
    this.policyBinder = new PolicyBinder(support);
    this.lookupBinder = new LookupBinder(source, files, digest, support);
  }

  /** After {@link #bind}: the tables with a column that could not be bound. */
  Set<String> incompleteTables() {
    return tableBinder.incompleteTables();
  }

  Contract bind(YMap root, List<ContractOrigin> lineage) {
    Dialect dialect = dialect(map(root, "dialect"));
    YMap formats = map(root, "formats");
    List<String> dateFormats = strings(formats, "date").orElse(DEFAULT_DATE_FORMATS);
    List<String> datetimeFormats = strings(formats, "datetime").orElse(DEFAULT_DATETIME_FORMATS);
    if (formats != null) {
      support.checkFormats(formats.get("date"), false);
      support.checkFormats(formats.get("datetime"), true);
    }
    Map<String, ConceptSet> conceptSets = conceptSetBinder.conceptSets(map(root, "conceptSets"));
    Map<String, Lookup> lookups = lookupBinder.lookups(map(root, "lookups"));

    Map<String, Table> tables = new LinkedHashMap<>();
    YMap tablesNode = map(root, "tables");
    Set<String> checkIds = new HashSet<>();
    if (tablesNode != null) {
      for (YNode.Entry entry : tablesNode.entries().values()) {
        YMap tableNode = (YMap) entry.value();
        tables.put(
            entry.key(),
            tableBinder.table(
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
    tableBinder.checkReferences(tables);
    for (Lookup lookup : lookups.values()) {
      if (tables.containsKey(lookup.name())) {
        // table.column reads the referenced table: one name must mean one thing.
        support.invalid(
            lookup.at(),
            "lookup '" + lookup.name() + "' has the name of a table; give it another name");
      }
    }
    PersonModel person = person(map(root, "person"), tables);
    Map<String, RuleSetting> rules = rules(map(root, "rules"), checkIds);
    for (Table table : tables.values()) {
      YMap tableRules = map(map(tablesNode, table.name()), "rules");
      tables.put(table.name(), tableBinder.withRules(table, rules(tableRules, checkIds)));
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
        policyBinder.deidentification(map(root, "deidentification"), tables, person),
        vocabulary(map(root, "vocabulary")),
        new MetricsBinder(support).settings(map(root, "metrics")),
        lookups,
        List.of(),
        rowChanges(root, tablesNode));
  }

  // ---- row changes since the last upload --------------------------------------------------

  private RowChange.Settings rowChanges(YMap root, YMap tablesNode) {
    Map<String, RowChange> tables = new LinkedHashMap<>();
    if (tablesNode != null) {
      for (YNode.Entry entry : tablesNode.entries().values()) {
        if (entry.value() instanceof YMap tableNode && map(tableNode, "rowChange") != null) {
          tables.put(entry.key(), rowChange(map(tableNode, "rowChange")));
        }
      }
    }
    YMap top = map(root, "rowChange");
    return new RowChange.Settings(top == null ? RowChange.NONE : rowChange(top), tables);
  }

  private RowChange rowChange(YMap node) {
    YMap warning = map(node, "warning");
    YMap error = map(node, "error");
    return new RowChange(
        limit(warning, "drop"),
        limit(warning, "growth"),
        limit(error, "drop"),
        limit(error, "growth"),
        text(node, "note"));
  }

  private Optional<RowChange.Limit> limit(YMap node, String key) {
    YScalar value = scalar(node, key);
    if (value == null) {
      return Optional.empty();
    }
    double percent;
    try {
      percent = Double.parseDouble(value.text());
    } catch (NumberFormatException e) {
      percent = Double.NaN;
    }
    if (!(percent >= 0) || Double.isInfinite(percent) || (key.equals("drop") && percent > 100)) {
      support.invalid(
          value.at(),
          "rowChange "
              + key
              + " is a percentage of the rows of the last upload, "
              + (key.equals("drop") ? "from 0 to 100" : "0 or more"));
      return Optional.empty();
    }
    return Optional.of(new RowChange.Limit(percent, value.at()));
  }

  // ---- vocabulary --------------------------------------------------------------------------

  private Optional<VocabularySettings> vocabulary(YMap node) {
    if (node == null) {
      return Optional.empty();
    }
    Map<Long, List<Long>> units = new LinkedHashMap<>();
    YMap unitsNode = map(node, "units");
    if (unitsNode != null) {
      for (YNode.Entry entry : unitsNode.entries().values()) {
        Optional<Long> concept = parseLong(entry.key());
        if (concept.isEmpty() || concept.get() <= 0) {
          support.invalid(entry.keyAt(), "units: are keyed by concept id, a positive whole number");
          continue;
        }
        List<Long> allowed = new ArrayList<>();
        if (entry.value() instanceof YNode.YList list) {
          for (YNode item : list.items()) {
            if (item instanceof YNode.YScalar scalar) {
              parseLong(scalar.text()).ifPresent(allowed::add);
            }
          }
        }
        units.put(concept.get(), allowed);
      }
    }
    return Optional.of(new VocabularySettings(text(node, "folder"), units, node.at()));
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
        support.word(node, "quoting", Map.of("all", true, "optional", false), d.quoteAll()),
        bool(node, "header", d.header()),
        support.word(node, "columnOrder", Map.of("strict", true, "by-name", false), true),
        support.word(
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
      support.invalid(
          encoding.at(), "encoding '" + encoding.text() + "' is not supported; use UTF-8");
    }
    return support.word(node, "bom", Map.of("allowed", true, "forbidden", false), false);
  }

  private char character(YMap node, String key, char fallback) {
    YScalar value = scalar(node, key);
    if (value == null) {
      return fallback;
    }
    if (value.text().length() != 1 || value.text().charAt(0) == '\n' || value.text().equals("\r")) {
      support.invalid(value.at(), "'" + key + "' must be exactly one character");
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
        support.invalid(template.at(), "folder: " + e.getMessage());
      }
    }
    return new FileLayout(folder, strings(node, "tolerated").orElse(List.of()));
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
      support.unknownReference(
          node.at(), "person table '" + table + "' is not a table", table, tables.keySet());
      return person;
    }
    for (String key : List.of("year", "month", "day", "datetime")) {
      YScalar column = scalar(birth, key);
      if (column != null && personTable.column(column.text()).isEmpty()) {
        support.unknownReference(
            column.at(),
            "'" + column.text() + "' is not a column of '" + table + "'",
            column.text(),
            columnNames(personTable));
      }
    }
    YScalar deathTable = scalar(death, "table");
    YScalar deathDate = scalar(death, "date");
    if (deathTable != null && !tables.containsKey(deathTable.text())) {
      support.unknownReference(
          deathTable.at(),
          "death table '" + deathTable.text() + "' is not a table",
          deathTable.text(),
          tables.keySet());
    } else if (deathTable != null
        && deathDate != null
        && tables.get(deathTable.text()).column(deathDate.text()).isEmpty()) {
      support.unknownReference(
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
        support.unknownReference(
            entry.keyAt(), "no rule or check has the id '" + id + "'", id, known);
        continue;
      }
      Optional<Optional<Severity>> severity;
      Optional<Threshold> threshold = Optional.empty();
      Optional<String> note = Optional.empty();
      if (entry.value() instanceof YScalar word) {
        severity = support.severity(word);
      } else {
        YMap setting = (YMap) entry.value();
        severity = support.severity(scalar(setting, "severity"));
        threshold = threshold(map(setting, "threshold"));
        note = text(setting, "note");
      }
      boolean enabled = severity.isEmpty() || severity.get().isPresent();
      rules.put(
          id, new RuleSetting(enabled, severity.flatMap(s -> s), threshold, note, entry.keyAt()));
    }
    return rules;
  }

  private Optional<Threshold> threshold(YMap node) {
    if (node == null) {
      return Optional.empty();
    }
    YScalar rows = scalar(node, "rows");
    YScalar percent = scalar(node, "percent");
    if ((rows == null) == (percent == null)) {
      support.invalid(node.at(), "a threshold has either 'rows:' or 'percent:'");
      return Optional.empty();
    }
    if (rows != null) {
      Optional<Long> value = parseLong(rows.text());
      if (value.isEmpty() || value.get() < 0) {
        support.invalid(rows.at(), "threshold rows must be a whole number of at least 0");
        return Optional.empty();
      }
      return Optional.of(new Threshold.Rows(value.get()));
    }
    double value = Double.parseDouble(percent.text());
    if (!(value >= 0 && value <= 100)) {
      support.invalid(percent.at(), "threshold percent must be between 0 and 100");
      return Optional.empty();
    }
    return Optional.of(new Threshold.Percent(value));
  }

  private Plausibility plausibility(YMap node) {
    Plausibility d = Plausibility.DEFAULT;
    YMap birthYear = map(node, "birthYear");
    YMap afterDeath = map(node, "afterDeath");
    return new Plausibility(
        support.integer(birthYear, "min", d.birthYearMin(), 0),
        support.integer(birthYear, "minAge", d.birthYearMinAge(), 0),
        support.integer(afterDeath, "graceDays", d.afterDeathGraceDays(), 0));
  }
}
