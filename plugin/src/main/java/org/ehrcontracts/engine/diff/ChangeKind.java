package org.ehrcontracts.engine.diff;

/**
 * Every kind of change {@code ehr:diff} reports, with its stable id (the id is in the console line,
 * {@code diff.md} and {@code diff.json}; {@code docs/ci.md} lists them).
 *
 * <p>The constants are in documentation order.
 *
 * @since 0.2.0
 */
public enum ChangeKind {
  CONTRACT_CDM("contract.cdm", "the OMOP CDM version the contract names"),
  FILES_FOLDER("files.folder", "the submission folder naming rule"),
  FILES_TOLERATED("files.tolerated", "the other files an export may hold"),
  DIALECT("dialect", "a setting of the CSV dialect"),
  PERSON("person", "where persons, birth and death live"),
  PLAUSIBILITY("plausibility", "a parameter of the plausibility rules"),
  CONCEPT_SET_ADDED("concept-set.added", "a named concept set added"),
  CONCEPT_SET_REMOVED("concept-set.removed", "a named concept set removed"),
  CONCEPT_SET_CONCEPTS("concept-set.concepts", "concept ids added to or removed from a set"),
  TABLE_ADDED("table.added", "a table added"),
  TABLE_REMOVED("table.removed", "a table removed"),
  TABLE_PRESENCE("table.presence", "whether a table's file must be there"),
  TABLE_FILE("table.file", "the file name of a table"),
  TABLE_JAGGED_ROWS("table.jagged-rows", "whether rows may leave out trailing columns"),
  TABLE_IDENTIFYING("table.identifying", "whether a table identifies people by its nature"),
  COLUMN_ADDED("column.added", "a column added"),
  COLUMN_REMOVED("column.removed", "a column removed"),
  COLUMN_ORDER("column.order", "the columns in another order"),
  COLUMN_TYPE("column.type", "a column's type"),
  COLUMN_REQUIRED("column.required", "whether a column may be empty"),
  COLUMN_MAX_LENGTH("column.max-length", "a column's maximum length"),
  COLUMN_RANGE("column.range", "a column's min or max"),
  COLUMN_PATTERN("column.pattern", "a column's pattern"),
  COLUMN_FORMATS("column.formats", "the date or datetime forms a column accepts"),
  COLUMN_CONCEPTS("column.concepts", "the concept ids a column allows"),
  COLUMN_VOCABULARY("column.vocabulary", "what the vocabulary must say of a column's concepts"),
  KEY_PRIMARY("key.primary", "a table's primary key"),
  KEY_FOREIGN("key.foreign", "a foreign key added or removed"),
  CHECK_ADDED("check.added", "a cross-field check added"),
  CHECK_REMOVED("check.removed", "a cross-field check removed"),
  CHECK_ASSERT("check.assert", "a check's expression"),
  CHECK_WHEN("check.when", "the rows a check applies to"),
  CHECK_RULE("check.rule", "the rule family a check reports under"),
  CHECK_SEVERITY("check.severity", "a check's own severity"),
  RULE_ENABLED("rule.enabled", "a rule turned on or off"),
  RULE_SEVERITY("rule.severity", "the severity a rule's problems have"),
  RULE_THRESHOLD("rule.threshold", "the rows a rule tolerates"),
  DEID_POLICY("deid.policy", "the de-identification policy added, removed, required or not"),
  DEID_TABLE("deid.table", "a table written to de-identified output or withheld"),
  DEID_COLUMN("deid.column", "what de-identification does to a column"),
  DEID_AGE_LIMIT("deid.age-limit", "the age above which persons are removed"),
  DEID_CROSSWALK("deid.crosswalk", "how person-id replacements are kept"),
  DEID_SETTING("deid.setting", "the new ids' digits, the time zone, times"),
  METRIC_TARGET("metric.target", "a scorecard metric's target, severity or presence"),
  METRIC_SETTING("metric.setting", "what a scorecard metric reads"),
  VOCABULARY_FOLDER("vocabulary.folder", "where the site's vocabulary is"),
  VOCABULARY_UNITS("vocabulary.units", "the plausible units of measured concepts");

  private final String id;
  private final String summary;

  ChangeKind(String id, String summary) {
    this.id = id;
    this.summary = summary;
  }

  /** The stable id. */
  public String id() {
    return id;
  }

  /** What the kind covers, in a few words. */
  public String summary() {
    return summary;
  }

  @Override
  public String toString() {
    return id;
  }
}
