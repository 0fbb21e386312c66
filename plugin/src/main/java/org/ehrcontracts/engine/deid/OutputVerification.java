package org.ehrcontracts.engine.deid;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The verifications a de-identification runs, and what their results mean for the run: the output
 * must keep what de-identification guarantees, and, when the input was clean, gain no error.
 */
final class OutputVerification {

  private OutputVerification() {}

  static VerifyRequest verifyRequest(DeidRequest request, Path export, boolean deid) {
    return VerifyRequest.builder(request.contract(), export)
        .asOf(request.asOf())
        .deidentified(deid)
        .threads(request.threads())
        // The output's dates are truncated by design, so its date metrics miss what the input's
        // meet: the scorecard still shows them, but a miss must not read as the policy's defect.
        .skipRules(deid ? Set.of(Rule.METRIC_TARGET_MISSED.family()) : Set.of())
        .toolVersion(request.toolVersion())
        .memory(request.memory())
        .build();
  }

  /**
   * Fails the run when the output breaks what de-identification guarantees (a defect), or, when the
   * input was clean, when it has errors the input did not have (the policy and the contract's other
   * rules disagree).
   */
  static void judge(Optional<VerifyResult> input, VerifyResult output, Set<String> notWritten)
      throws OutputRejectedException {
    Map<String, Long> before = new HashMap<>();
    input.ifPresent(
        r -> {
          for (FileResult file : r.files()) {
            for (RuleResult rule : file.rules()) {
              if (rule.severity() == Severity.ERROR) {
                before.merge(file.file() + " " + ruleName(rule), rule.count(), Long::sum);
              }
            }
          }
        });
    boolean inputFailed = input.map(r -> r.count(Severity.ERROR) > 0).orElse(false);
    Set<String> defects = new TreeSet<>();
    Set<String> contradictions = new TreeSet<>();
    for (FileResult file : output.files()) {
      for (RuleResult rule : file.rules()) {
        String id = rule.rule();
        if (id.startsWith("deid.") && rule.count() > 0) {
          defects.add(id);
          continue;
        }
        if (id.equals(Rule.FILE_MISSING.id()) && notWritten.contains(file.file())) {
          // Left out by decision (a header that could not be trusted), not by a defect.
          if (rule.severity() == Severity.ERROR) {
            contradictions.add(ruleName(rule));
          }
          continue;
        }
        if (rule.severity() != Severity.ERROR
            || rule.count() <= before.getOrDefault(file.file() + " " + ruleName(rule), 0L)) {
          continue;
        }
        String family = id.substring(0, id.indexOf('.'));
        if (Set.of("csv", "header", "file", "type").contains(family)
            || id.equals(Rule.KEY_FOREIGN.id())) {
          defects.add(id);
        } else {
          contradictions.add(ruleName(rule));
        }
      }
    }
    if (!defects.isEmpty()) {
      throw new OutputRejectedException(output, true, List.copyOf(defects));
    }
    if (!contradictions.isEmpty() && !inputFailed) {
      throw new OutputRejectedException(output, false, List.copyOf(contradictions));
    }
  }

  private static String ruleName(RuleResult rule) {
    return rule.check().orElse(rule.rule());
  }

  /** The verification of the staged output, as if it had been made where the output now is. */
  static VerifyResult relocate(VerifyResult result, Path output) {
    return new VerifyResult(
        result.contract(),
        result.contractVersion(),
        result.contractDigest(),
        result.lineage(),
        result.export(),
        output,
        result.toolVersion(),
        result.started(),
        result.duration(),
        result.deidentified(),
        Set.of(),
        Set.of(),
        result.files(),
        result.vocabulary(),
        result.scorecard());
  }
}
