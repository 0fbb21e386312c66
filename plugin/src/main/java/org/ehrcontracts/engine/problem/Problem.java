package org.ehrcontracts.engine.problem;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One thing the user can fix, found in a contract or in data.
 *
 * <p>Messages never contain a cell value from a data file: they name the column, the rule and at
 * most a redacted shape of the value (see {@link Redaction}).
 *
 * @param rule the stable rule id, lower-kebab words in dotted families ({@code type.date}): a
 *     {@link Rule}'s id, or the rule a contract's own check reports under
 * @param severity how serious it is
 * @param at where in the data (or in the contract, for {@code contract.*} problems)
 * @param field the data column's name, if the problem concerns one
 * @param contractAt the contract line that declared what was broken, if known
 * @param message what is wrong, in words, without data values
 * @since 0.1.0
 */
public record Problem(
    String rule,
    Severity severity,
    Location at,
    Optional<String> field,
    Optional<Location> contractAt,
    String message) {

  private static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");

  /** Checks the parts. */
  public Problem {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(contractAt, "contractAt");
    Objects.requireNonNull(message, "message");
    if (!RULE_ID.matcher(rule).matches()) {
      throw new IllegalArgumentException("not a rule id: " + rule);
    }
  }

  /** A problem of one of the engine's rules. */
  public Problem(
      Rule rule,
      Severity severity,
      Location at,
      Optional<String> field,
      Optional<Location> contractAt,
      String message) {
    this(rule.id(), severity, at, field, contractAt, message);
  }

  /** A problem of one of the engine's rules, with no data column and no contract location. */
  public static Problem of(Rule rule, Severity severity, Location at, String message) {
    return new Problem(rule, severity, at, Optional.empty(), Optional.empty(), message);
  }

  /** The engine's rule, unless the problem is a contract check's own. */
  public Optional<Rule> engineRule() {
    return Rule.byId(rule);
  }

  /** The same problem at another severity. */
  public Problem withSeverity(Severity newSeverity) {
    return new Problem(rule, newSeverity, at, field, contractAt, message);
  }

  /**
   * The compiler-style line {@code file:line:col: severity: message [rule]}, which IDEs and CI
   * annotators recognise.
   */
  public String format() {
    StringBuilder line = new StringBuilder();
    line.append(at).append(": ").append(severity.label()).append(": ").append(message);
    line.append(" [").append(rule).append(']');
    contractAt.ifPresent(c -> line.append(" (contract ").append(c).append(')'));
    return line.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
