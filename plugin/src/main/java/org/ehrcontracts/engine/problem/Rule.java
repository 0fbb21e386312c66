package org.ehrcontracts.engine.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every rule the engine reports, with its stable id, default severity and a one-line summary.
 *
 * <p>The id is the user-facing form: reports print it, users type it in contracts' {@code rules:}
 * maps and in the verify goal's {@code rules}/{@code skipRules}, and {@code docs/rules.md} has a
 * section for each (kept so by {@code RuleCatalogCoverageTest}). Code uses the constant, so that a
 * mistyped id does not compile. The ids of a contract's own checks are the contract's, not the
 * engine's, and stay strings.
 *
 * <p>The constants are in documentation order.
 *
 * @since 0.1.0
 */
public enum Rule {
  // Contract loading.
  CONTRACT_SYNTAX("contract.syntax", Severity.ERROR, "the contract file is not well-formed YAML"),
  CONTRACT_NOT_FOUND(
      "contract.not-found", Severity.ERROR, "a contract, parent or concept file does not exist"),
  CONTRACT_UNKNOWN_KEY(
      "contract.unknown-key", Severity.ERROR, "a key the contract language does not have"),
  CONTRACT_TYPE("contract.type", Severity.ERROR, "a value of the wrong kind"),
  CONTRACT_MISSING_KEY("contract.missing-key", Severity.ERROR, "a required key is absent"),
  CONTRACT_INVALID_VALUE(
      "contract.invalid-value", Severity.ERROR, "a value outside its allowed set"),
  CONTRACT_UNKNOWN_REFERENCE(
      "contract.unknown-reference", Severity.ERROR, "a name that points nowhere"),
  CONTRACT_UNDECIDED_COLUMN(
      "contract.undecided-column",
      Severity.ERROR,
      "a string column the de-identification policy neither keeps nor blanks"),
  CONTRACT_EXPRESSION(
      "contract.expression", Severity.ERROR, "a check expression that does not compile"),
  CONTRACT_EXTENDS_CYCLE(
      "contract.extends-cycle", Severity.ERROR, "contracts that extend each other in a circle"),
  // Vocabulary loading.
  VOCABULARY_NOT_FOUND(
      "vocabulary.not-found",
      Severity.ERROR,
      "the vocabulary folder, or its CONCEPT.csv, does not exist"),
  VOCABULARY_UNREADABLE(
      "vocabulary.unreadable", Severity.ERROR, "a vocabulary file that cannot be read"),
  VOCABULARY_MALFORMED(
      "vocabulary.malformed", Severity.ERROR, "a vocabulary file not in Athena's format"),
  // Files.
  FILE_UNKNOWN("file.unknown", Severity.WARNING, "a file the contract does not know"),
  FILE_MISSING(
      "file.missing", Severity.ERROR, "a table file is missing (severity by its presence)"),
  FILE_ENCODING(
      "file.encoding", Severity.ERROR, "a byte-order mark where none is allowed, or invalid UTF-8"),
  FILE_EMPTY("file.empty", Severity.ERROR, "a file without even a header line"),
  // CSV syntax.
  CSV_SYNTAX("csv.syntax", Severity.ERROR, "an unclosed or stray quote"),
  CSV_ROW_WIDTH("csv.row-width", Severity.ERROR, "a row with the wrong number of fields"),
  CSV_BLANK_LINE("csv.blank-line", Severity.ERROR, "an empty line between records"),
  CSV_LINE_ENDING(
      "csv.line-ending", Severity.ERROR, "a line that does not end as the dialect says"),
  CSV_UNQUOTED("csv.unquoted", Severity.ERROR, "a field without quotes where all must be quoted"),
  CSV_EMBEDDED_NEWLINE(
      "csv.embedded-newline", Severity.ERROR, "a line break inside a quoted field"),
  // Header.
  HEADER_MISSING_COLUMN(
      "header.missing-column", Severity.ERROR, "a contract column absent from the header"),
  HEADER_UNKNOWN_COLUMN(
      "header.unknown-column", Severity.ERROR, "a header column the contract does not know"),
  HEADER_ORDER("header.order", Severity.ERROR, "header columns out of the contract's order"),
  HEADER_DUPLICATE_COLUMN(
      "header.duplicate-column", Severity.ERROR, "a column named twice in the header"),
  // Values.
  VALUE_REQUIRED("value.required", Severity.ERROR, "an empty value in a required column"),
  TYPE_INTEGER("type.integer", Severity.ERROR, "a value that is not a whole number"),
  TYPE_FLOAT("type.float", Severity.ERROR, "a value that is not a number"),
  TYPE_DATE("type.date", Severity.ERROR, "a value that is not a real date in an accepted form"),
  TYPE_DATETIME(
      "type.datetime", Severity.ERROR, "a value that is not a datetime in an accepted form"),
  TYPE_TIME("type.time", Severity.ERROR, "a value that is not a time of day hh:mm[:ss[.f]]"),
  VALUE_LENGTH("value.length", Severity.ERROR, "a value longer than the column allows"),
  VALUE_CONCEPT("value.concept", Severity.ERROR, "a concept id outside the column's concept set"),
  VALUE_PATTERN(
      "value.pattern", Severity.ERROR, "a value that does not match the column's pattern"),
  VALUE_RANGE("value.range", Severity.ERROR, "a value outside the column's range"),
  // Vocabulary.
  CONCEPT_UNKNOWN("concept.unknown", Severity.ERROR, "a non-zero concept id not in the vocabulary"),
  CONCEPT_NOT_STANDARD(
      "concept.not-standard",
      Severity.WARNING,
      "a concept that is not standard or not valid where a standard one belongs"),
  CONCEPT_WRONG_DOMAIN(
      "concept.wrong-domain", Severity.WARNING, "a concept of another domain than the column's"),
  CONCEPT_ZERO(
      "concept.zero",
      Severity.WARNING,
      "a column holding concept 0 in more rows than its threshold allows"),
  CONCEPT_UNIT_IMPLAUSIBLE(
      "concept.unit-implausible",
      Severity.WARNING,
      "a measurement's unit that is not among its concept's plausible units"),
  // Keys.
  KEY_DUPLICATE("key.duplicate", Severity.ERROR, "a primary key seen before in the file"),
  KEY_FOREIGN("key.foreign", Severity.ERROR, "a reference to a row the referenced table lacks"),
  // Plausibility.
  PLAUSIBILITY_DATE_ORDER("plausibility.date-order", Severity.WARNING, "an end before its start"),
  PLAUSIBILITY_FUTURE_DATE(
      "plausibility.future-date", Severity.WARNING, "a date after the run's reference date"),
  PLAUSIBILITY_BEFORE_BIRTH(
      "plausibility.before-birth", Severity.WARNING, "an event before the person's birth"),
  PLAUSIBILITY_BIRTH_YEAR(
      "plausibility.birth-year", Severity.WARNING, "an implausible year of birth"),
  PLAUSIBILITY_AFTER_DEATH(
      "plausibility.after-death", Severity.WARNING, "an event long after the person's death"),
  PLAUSIBILITY_DATE_DATETIME(
      "plausibility.date-datetime",
      Severity.WARNING,
      "a datetime whose date differs from the date"),
  // Cross-field checks without a family of their own.
  CHECK_EXPRESSION("check.expression", Severity.ERROR, "a contract check that does not hold"),
  // De-identification compliance.
  DEID_DATE_NOT_TRUNCATED(
      "deid.date-not-truncated", Severity.ERROR, "a date that is not January 1"),
  DEID_AGE_LIMIT("deid.age-limit", Severity.ERROR, "a person older than the policy's age limit"),
  DEID_PERSON_ID(
      "deid.person-id",
      Severity.ERROR,
      "a person reference that is not a new id issued by the crosswalk"),
  DEID_IDENTIFYING_TABLE(
      "deid.identifying-table",
      Severity.ERROR,
      "a file of an identifying or dropped table in de-identified data"),
  DEID_OFFSET(
      "deid.offset",
      Severity.ERROR,
      "a datetime offset or zone other than January 1's in the policy's zone"),
  DEID_TIME_NOT_TRUNCATED(
      "deid.time-not-truncated", Severity.ERROR, "a time of day that is not midnight"),
  DEID_NOT_BLANKED("deid.not-blanked", Severity.ERROR, "a value in a column the policy empties"),
  // The DRC's data-quality scorecard.
  METRIC_TARGET_MISSED(
      "metric.target-missed",
      Severity.INFO,
      "a data-quality metric of the scorecard that misses its target"),
  // Since the last upload.
  TABLE_ROW_CHANGE(
      "table.row-change",
      Severity.WARNING,
      "a table whose rows changed more since the last upload than the contract allows");

  private static final Map<String, Rule> BY_ID;

  static {
    Map<String, Rule> byId = new LinkedHashMap<>();
    for (Rule rule : values()) {
      byId.put(rule.id, rule);
    }
    BY_ID = Collections.unmodifiableMap(byId);
  }

  private final String id;
  private final Severity defaultSeverity;
  private final String summary;

  Rule(String id, Severity defaultSeverity, String summary) {
    this.id = id;
    this.defaultSeverity = defaultSeverity;
    this.summary = summary;
  }

  /** The stable, user-facing id, lower-kebab words in dotted families ({@code type.date}). */
  public String id() {
    return id;
  }

  /** The family: the id's first word ({@code type} for {@code type.date}). */
  public String family() {
    return id.substring(0, id.indexOf('.'));
  }

  /** The severity problems of the rule have unless a contract says otherwise. */
  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  /** What the rule finds, in one line. */
  public String summary() {
    return summary;
  }

  /** The anchor of the rule's section in {@code docs/rules.md}, which is the id itself. */
  public String docAnchor() {
    return id;
  }

  /** The rule with that id, if the engine has one. */
  public static Optional<Rule> byId(String id) {
    return Optional.ofNullable(BY_ID.get(id));
  }

  /** The id, as users read and type it. */
  @Override
  public String toString() {
    return id;
  }
}
