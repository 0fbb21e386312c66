package org.ehrcontracts.engine.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Severity;

/**
 * Every rule id the engine reports, with its default severity and a one-line summary.
 *
 * <p>Ids are stable forever: users type them in contracts' {@code rules:} maps and in suppressions,
 * and {@code docs/rules.md} has a section for each.
 *
 * @since 0.1.0
 */
public final class RuleCatalog {

  /** One rule: its id, default severity and what it finds. */
  public record Rule(String id, Severity defaultSeverity, String summary) {}

  private static final Map<String, Rule> RULES = new LinkedHashMap<>();

  static {
    // Contract loading.
    add("contract.syntax", Severity.ERROR, "the contract file is not well-formed YAML");
    add("contract.not-found", Severity.ERROR, "a contract, parent or concept file does not exist");
    add("contract.unknown-key", Severity.ERROR, "a key the contract language does not have");
    add("contract.type", Severity.ERROR, "a value of the wrong kind");
    add("contract.missing-key", Severity.ERROR, "a required key is absent");
    add("contract.invalid-value", Severity.ERROR, "a value outside its allowed set");
    add("contract.unknown-reference", Severity.ERROR, "a name that points nowhere");
    add(
        "contract.undecided-column",
        Severity.ERROR,
        "a string column the de-identification policy neither keeps nor blanks");
    add("contract.expression", Severity.ERROR, "a check expression that does not compile");
    add("contract.extends-cycle", Severity.ERROR, "contracts that extend each other in a circle");
    // Files.
    add("file.unknown", Severity.WARNING, "a file the contract does not know");
    add("file.missing", Severity.ERROR, "a table file is missing (severity by its presence)");
    add(
        "file.encoding",
        Severity.ERROR,
        "a byte-order mark where none is allowed, or invalid UTF-8");
    add("file.empty", Severity.ERROR, "a file without even a header line");
    // CSV syntax.
    add("csv.syntax", Severity.ERROR, "an unclosed or stray quote");
    add("csv.row-width", Severity.ERROR, "a row with the wrong number of fields");
    add("csv.blank-line", Severity.ERROR, "an empty line between records");
    add("csv.line-ending", Severity.ERROR, "a line that does not end as the dialect says");
    add("csv.unquoted", Severity.ERROR, "a field without quotes where all must be quoted");
    add("csv.embedded-newline", Severity.ERROR, "a line break inside a quoted field");
    // Header.
    add("header.missing-column", Severity.ERROR, "a contract column absent from the header");
    add("header.unknown-column", Severity.ERROR, "a header column the contract does not know");
    add("header.order", Severity.ERROR, "header columns out of the contract's order");
    add("header.duplicate-column", Severity.ERROR, "a column named twice in the header");
    // Values.
    add("value.required", Severity.ERROR, "an empty value in a required column");
    add("type.integer", Severity.ERROR, "a value that is not a whole number");
    add("type.float", Severity.ERROR, "a value that is not a number");
    add("type.date", Severity.ERROR, "a value that is not a real date in an accepted form");
    add("type.datetime", Severity.ERROR, "a value that is not a datetime in an accepted form");
    add("value.length", Severity.ERROR, "a value longer than the column allows");
    add("value.concept", Severity.ERROR, "a concept id outside the column's concept set");
    add("value.pattern", Severity.ERROR, "a value that does not match the column's pattern");
    add("value.range", Severity.ERROR, "a value outside the column's range");
    // Keys.
    add("key.duplicate", Severity.ERROR, "a primary key seen before in the file");
    add("key.foreign", Severity.ERROR, "a reference to a row the referenced table lacks");
    // Plausibility.
    add("plausibility.date-order", Severity.WARNING, "an end before its start");
    add("plausibility.future-date", Severity.WARNING, "a date after the run's reference date");
    add("plausibility.before-birth", Severity.WARNING, "an event before the person's birth");
    add("plausibility.birth-year", Severity.WARNING, "an implausible year of birth");
    add("plausibility.after-death", Severity.WARNING, "an event long after the person's death");
    add(
        "plausibility.date-datetime",
        Severity.WARNING,
        "a datetime whose date differs from the date");
    // Cross-field checks without a family of their own.
    add("check.expression", Severity.ERROR, "a contract check that does not hold");
    // De-identification compliance.
    add("deid.date-not-truncated", Severity.ERROR, "a date that is not January 1");
    add("deid.age-limit", Severity.ERROR, "a person older than the policy's age limit");
  }

  private RuleCatalog() {}

  private static void add(String id, Severity severity, String summary) {
    RULES.put(id, new Rule(id, severity, summary));
  }

  /** Every rule, in documentation order. */
  public static Map<String, Rule> all() {
    return Collections.unmodifiableMap(RULES);
  }

  /** The rule with that id, if the engine has it. */
  public static Optional<Rule> find(String id) {
    return Optional.ofNullable(RULES.get(id));
  }

  /** Whether the engine has a rule with that id. */
  public static boolean isKnown(String id) {
    return RULES.containsKey(id);
  }
}
