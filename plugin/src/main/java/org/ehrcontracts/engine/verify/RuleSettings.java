package org.ehrcontracts.engine.verify;

import java.util.Optional;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.RuleSetting;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.Threshold;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * The effective setting of a rule for one table: the most specific of the check's own severity, the
 * table's {@code rules}, the contract's {@code rules}, and the rule's default.
 */
final class RuleSettings {

  private final Contract contract;
  private final Table table;
  private final VerifyRequest request;

  RuleSettings(Contract contract, Table table, VerifyRequest request) {
    this.contract = contract;
    this.table = table;
    this.request = request;
  }

  /** Whether a rule of the engine runs at all. */
  boolean enabled(Rule rule) {
    return enabled(rule.id(), null);
  }

  /** Whether a contract check runs at all. */
  boolean enabled(Check check) {
    return enabled(check.rule(), check.id());
  }

  private boolean enabled(String rule, String checkId) {
    if (!request.runs(rule, checkId)) {
      return false;
    }
    return setting(rule, checkId).map(RuleSetting::enabled).orElse(true);
  }

  /** The severity problems of a rule of the engine are reported at, before thresholds. */
  Severity severity(Rule rule) {
    return setting(rule.id(), null).flatMap(RuleSetting::severity).orElse(rule.defaultSeverity());
  }

  /** The severity the contract's {@code rules} give a rule of the engine, if they give one. */
  Optional<Severity> explicitSeverity(Rule rule) {
    return setting(rule.id(), null).flatMap(RuleSetting::severity);
  }

  /** The severity problems of a contract check are reported at, before thresholds. */
  Severity severity(Check check) {
    if (check.severity().isPresent()) {
      return check.severity().get();
    }
    return setting(check.rule(), check.id())
        .flatMap(RuleSetting::severity)
        .orElseGet(() -> Rule.byId(check.rule()).map(Rule::defaultSeverity).orElse(Severity.ERROR));
  }

  /** The contract's note on a rule of the engine, if any. */
  Optional<String> note(Rule rule) {
    return note(rule.id(), null);
  }

  /** The threshold the contract sets for the rule (and check) of a tally, if any. */
  Optional<Threshold> threshold(String rule, String checkId) {
    return setting(rule, checkId).flatMap(RuleSetting::threshold);
  }

  /** The contract's note on the rule (and check) of a tally, if any. */
  Optional<String> note(String rule, String checkId) {
    return setting(rule, checkId).flatMap(RuleSetting::note);
  }

  private Optional<RuleSetting> setting(String rule, String checkId) {
    if (table != null) {
      if (checkId != null && table.rules().containsKey(checkId)) {
        return Optional.of(table.rules().get(checkId));
      }
      if (table.rules().containsKey(rule)) {
        return Optional.of(table.rules().get(rule));
      }
    }
    if (checkId != null && contract.rules().containsKey(checkId)) {
      return Optional.of(contract.rules().get(checkId));
    }
    return Optional.ofNullable(contract.rules().get(rule));
  }
}
