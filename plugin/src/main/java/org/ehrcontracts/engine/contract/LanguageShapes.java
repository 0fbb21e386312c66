package org.ehrcontracts.engine.contract;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ehrcontracts.engine.contract.YNode.ScalarType;
import org.ehrcontracts.engine.metrics.Metric;

/**
 * The contract language's structure, key by key, as documented in {@code
 * docs/contract-language.md}.
 *
 * @since 0.1.0
 */
final class LanguageShapes {

  static final Shape STRING = scalar("a string", ScalarType.STRING);

  /** A string, or a number or date that YAML resolved to another type (versions, {@code 5.3.1}). */
  static final Shape TEXT =
      scalar("a string", ScalarType.STRING, ScalarType.INTEGER, ScalarType.FLOAT);

  static final Shape BOOLEAN = scalar("true or false", ScalarType.BOOLEAN);
  static final Shape INTEGER = scalar("a whole number", ScalarType.INTEGER);
  static final Shape NUMBER = scalar("a number", ScalarType.INTEGER, ScalarType.FLOAT);
  static final Shape NUMBER_OR_TEXT =
      scalar("a number or a date", ScalarType.INTEGER, ScalarType.FLOAT, ScalarType.STRING);
  static final Shape STRINGS = new Shape.ListOf(TEXT, null);

  /** A severity word; YAML 1.1 reads a bare {@code off} as false, which means off here too. */
  static final Shape SEVERITY = scalar("a severity", ScalarType.STRING, ScalarType.BOOLEAN);

  /** A child's {@code tolerated} adds to the parent's: a site tolerates its own files as well. */
  static final Shape.Obj FILES =
      obj(
          "files",
          "folder",
          STRING,
          "tolerated",
          new Shape.MergedList((Shape.ListOf) STRINGS, true));

  static final Shape.Obj DIALECT =
      obj(
          "dialect",
          "delimiter",
          STRING,
          "quote",
          STRING,
          "quoting",
          STRING,
          "header",
          BOOLEAN,
          "columnOrder",
          STRING,
          "lineEnding",
          STRING,
          "encoding",
          STRING,
          "bom",
          STRING,
          "jaggedRows",
          BOOLEAN,
          "embeddedNewlines",
          BOOLEAN,
          "blankLines",
          BOOLEAN);

  static final Shape.Obj FORMATS = obj("formats", "date", STRINGS, "datetime", STRINGS);

  static final Shape.Obj CONCEPT_SET =
      obj(
          "concept set",
          "description",
          STRING,
          "concepts",
          new Shape.ListOf(NUMBER_OR_TEXT, null),
          "file",
          STRING);

  /** A lookup: a CSV beside the contract of values by one or two integer keys. */
  static final Shape.Obj LOOKUP =
      obj(
          "lookup",
          "description",
          STRING,
          "file",
          STRING,
          "keys",
          STRINGS,
          "values",
          new Shape.MapOf(STRING, false),
          "unlisted",
          STRING);

  static final Shape.Obj BIRTH =
      obj("birth", "year", STRING, "month", STRING, "day", STRING, "datetime", STRING);
  static final Shape.Obj DEATH = obj("death", "table", STRING, "date", STRING);
  static final Shape.Obj PERSON =
      obj("person", "table", STRING, "id", STRING, "birth", BIRTH, "death", DEATH);

  static final Shape.Obj THRESHOLD = obj("threshold", "rows", INTEGER, "percent", NUMBER);
  static final Shape.Obj RULE_SETTING_MAP =
      obj("rule setting", "severity", SEVERITY, "threshold", THRESHOLD, "note", STRING);
  static final Shape RULE_SETTING = new Shape.Either(SEVERITY, RULE_SETTING_MAP);
  static final Shape RULES = new Shape.MapOf(RULE_SETTING, true);

  static final Shape.Obj CONCEPT_COLUMN =
      obj(
          "column vocabulary",
          "domain",
          STRING,
          "standard",
          BOOLEAN,
          "zero",
          NUMBER,
          "source",
          STRING,
          "unitOf",
          STRING);

  /** A metric's target: a number, or {@code off} (YAML 1.1 reads a bare {@code off} as false). */
  static final Shape METRIC_TARGET =
      scalar(
          "a target or off",
          ScalarType.INTEGER,
          ScalarType.FLOAT,
          ScalarType.STRING,
          ScalarType.BOOLEAN);

  static final Shape.Obj METRIC_SETTING_MAP =
      obj("metric setting", "target", NUMBER, "severity", SEVERITY, "note", STRING);
  static final Shape METRIC_SETTING = new Shape.Either(METRIC_TARGET, METRIC_SETTING_MAP);

  /** The metrics a scorecard lists, by id: every key is a {@link Metric}'s id. */
  static final Shape.Obj METRIC_TARGETS = metricTargets();

  static final Shape.Obj METRICS =
      obj("metrics", "earliest", STRING, "conceptColumns", STRING, "targets", METRIC_TARGETS);

  static final Shape.Obj ROW_CHANGE_LIMITS =
      obj("row change limits", "drop", NUMBER, "growth", NUMBER);
  static final Shape.Obj ROW_CHANGE =
      obj("rowChange", "warning", ROW_CHANGE_LIMITS, "error", ROW_CHANGE_LIMITS, "note", STRING);

  static final Shape STRING_OR_STRINGS = new Shape.Either(STRING, STRINGS);

  static final Shape.Obj TABLE_METRICS =
      obj(
          "table's metrics",
          "domain",
          STRING,
          "concept",
          STRING,
          "unit",
          STRING,
          "route",
          STRING,
          "start",
          STRING_OR_STRINGS,
          "end",
          STRING_OR_STRINGS,
          "visit",
          STRING,
          "earliest",
          STRING,
          "targets",
          METRIC_TARGETS);

  static final Shape.Obj COLUMN =
      obj(
          "column",
          "name",
          STRING,
          "type",
          STRING,
          "required",
          BOOLEAN,
          "maxLength",
          INTEGER,
          "concepts",
          new Shape.Either(STRING, new Shape.ListOf(NUMBER_OR_TEXT, null)),
          "pattern",
          STRING,
          "min",
          NUMBER_OR_TEXT,
          "max",
          NUMBER_OR_TEXT,
          "formats",
          STRINGS,
          "references",
          STRING,
          "when",
          STRING,
          "vocabulary",
          CONCEPT_COLUMN,
          "description",
          STRING,
          "after",
          STRING,
          "drop",
          BOOLEAN);

  static final Shape.Obj CHECK =
      obj(
          "check",
          "id",
          STRING,
          "rule",
          STRING,
          "assert",
          STRING,
          "when",
          STRING,
          "severity",
          STRING,
          "message",
          STRING,
          "description",
          STRING,
          "drop",
          BOOLEAN);

  static final Shape.Obj FOREIGN_KEY_TARGET =
      obj("foreign key target", "table", STRING, "columns", STRINGS);
  static final Shape.Obj FOREIGN_KEY =
      obj("foreign key", "columns", STRINGS, "references", FOREIGN_KEY_TARGET);

  static final Shape.Obj TABLE =
      obj(
          "table",
          "description",
          STRING,
          "file",
          STRING,
          "presence",
          STRING,
          "columns",
          new Shape.ListOf(COLUMN, "name"),
          "primaryKey",
          STRINGS,
          "foreignKeys",
          new Shape.ListOf(FOREIGN_KEY, null),
          "jaggedRows",
          BOOLEAN,
          "identifying",
          BOOLEAN,
          "checks",
          new Shape.ListOf(CHECK, "id"),
          "rules",
          RULES,
          "metrics",
          TABLE_METRICS,
          "rowChange",
          ROW_CHANGE,
          "drop",
          BOOLEAN);

  static final Shape.Obj BIRTH_YEAR = obj("birthYear", "min", INTEGER, "minAge", INTEGER);
  static final Shape.Obj AFTER_DEATH = obj("afterDeath", "graceDays", INTEGER);
  static final Shape.Obj PLAUSIBILITY =
      obj("plausibility", "birthYear", BIRTH_YEAR, "afterDeath", AFTER_DEATH);

  static final Shape.Obj DATES =
      obj(
          "dates",
          "columns",
          new Shape.Either(STRING, STRINGS),
          "except",
          STRINGS,
          "truncate",
          STRING);
  static final Shape.Obj PERSON_IDS =
      obj("personIds", "replacement", STRING, "crosswalk", STRING, "digits", INTEGER);
  static final Shape.Obj AGE_LIMIT =
      obj("ageLimit", "maxAge", INTEGER, "asOf", TEXT, "action", STRING);
  static final Shape.Obj DEIDENTIFICATION =
      obj(
          "deidentification",
          "required",
          BOOLEAN,
          "dates",
          DATES,
          "personIds",
          PERSON_IDS,
          "ageLimit",
          AGE_LIMIT,
          "timeZone",
          STRING,
          "times",
          STRING,
          "keep",
          STRINGS,
          "blank",
          STRINGS,
          "drop",
          STRINGS);

  static final Shape.Obj VOCABULARY =
      obj(
          "vocabulary",
          "folder",
          STRING,
          "units",
          new Shape.MapOf(new Shape.ListOf(INTEGER, null), false));

  static final Shape.Obj CONTRACT =
      obj(
          "contract",
          "contract",
          STRING,
          "version",
          TEXT,
          "description",
          STRING,
          "cdm",
          TEXT,
          "extends",
          STRING,
          "files",
          FILES,
          "dialect",
          DIALECT,
          "formats",
          FORMATS,
          "conceptSets",
          new Shape.MapOf(CONCEPT_SET, false),
          "lookups",
          new Shape.MapOf(LOOKUP, false),
          "person",
          PERSON,
          "tables",
          new Shape.MapOf(TABLE, true),
          "rules",
          RULES,
          "plausibility",
          PLAUSIBILITY,
          "vocabulary",
          VOCABULARY,
          "deidentification",
          DEIDENTIFICATION,
          "metrics",
          METRICS,
          "rowChange",
          ROW_CHANGE);

  private LanguageShapes() {}

  private static Shape.Obj metricTargets() {
    Map<String, Shape> keys = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      keys.put(metric.id(), METRIC_SETTING);
    }
    return new Shape.Obj(keys, "targets");
  }

  private static Shape scalar(String describe, ScalarType first, ScalarType... rest) {
    return new Shape.Scalar(EnumSet.of(first, rest), describe);
  }

  private static Shape.Obj obj(String name, Object... keysAndShapes) {
    Map<String, Shape> keys = new LinkedHashMap<>();
    for (int i = 0; i < keysAndShapes.length; i += 2) {
      keys.put((String) keysAndShapes[i], (Shape) keysAndShapes[i + 1]);
    }
    return new Shape.Obj(keys, name);
  }
}
