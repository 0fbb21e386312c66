package org.ehrcontracts.engine.verify;

import java.util.Optional;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.RuleSetting;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.Threshold;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.rules.RuleCatalog;

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

  /** Whether the rule (and check) runs at all. */
  boolean enabled(String rule, Check check) {
    String checkId = check == null ? null : check.id();
    if (!request.runs(rule, checkId)) {
      return false;
    }
    return setting(rule, checkId).map(RuleSetting::enabled).orElse(true);
  }

  /** The severity problems of the rule are reported at, before thresholds. */
  Severity severity(String rule, Check check) {
    if (check != null && check.severity().isPresent()) {
      return check.severity().get();
    }
    return setting(rule, check == null ? null : check.id())
        .flatMap(RuleSetting::severity)
        .orElseGet(
            () ->
                RuleCatalog.find(rule)
                    .map(RuleCatalog.Rule::defaultSeverity)
                    .orElse(Severity.ERROR));
  }

  /** The threshold the contract sets for the rule, if any. */
  Optional<Threshold> threshold(String rule, String checkId) {
    return setting(rule, checkId).flatMap(RuleSetting::threshold);
  }

  /** The contract's note on the rule, if any. */
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
