package org.ehrcontracts.engine.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * What changed since a baseline, an earlier {@code verify.json} of the same export: per file and
 * rule, how many problems are new, fixed and unchanged.
 *
 * <p>Problems are matched by rule, check, file, data column and the message's shape (its digits
 * left out), not by line: a row added above moves every line below it. Where both runs kept every
 * problem of a rule and file as a sample, they are matched one by one; where either run found more
 * than it kept, only the counts can be compared, and the difference is taken as new or fixed.
 *
 * @param baseline the baseline's file, as the user should see it
 * @param changes one entry per file and rule that has problems in either run, current order first
 *     and then those only the baseline had
 * @since 0.2.0
 */
public record BaselineComparison(String baseline, List<Change> changes) {

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /** Copies the list. */
  public BaselineComparison {
    Objects.requireNonNull(baseline, "baseline");
    changes = List.copyOf(changes);
  }

  /**
   * What changed in one rule's problems in one file.
   *
   * @param file the file, relative to the export
   * @param rule the rule id
   * @param check the check id, for a contract's check
   * @param severity the severity now, or the baseline's for a rule that no longer fires
   * @param added the problems that are new
   * @param fixed the problems of the baseline that are gone
   * @param unchanged the problems in both
   * @since 0.2.0
   */
  public record Change(
      String file,
      String rule,
      Optional<String> check,
      Severity severity,
      long added,
      long fixed,
      long unchanged) {}

  /**
   * All new problems.
   *
   * @since 0.2.0
   */
  public long added() {
    return changes.stream().mapToLong(Change::added).sum();
  }

  /**
   * The new problems of a severity.
   *
   * @since 0.2.0
   */
  public long added(Severity severity) {
    return changes.stream().filter(c -> c.severity() == severity).mapToLong(Change::added).sum();
  }

  /**
   * All fixed problems.
   *
   * @since 0.2.0
   */
  public long fixed() {
    return changes.stream().mapToLong(Change::fixed).sum();
  }

  /**
   * Compares a verification with its baseline.
   *
   * @param baseline the earlier report
   * @param name the baseline's file, as the user should see it
   * @param current what verification found now
   * @return the changes
   * @since 0.2.0
   */
  public static BaselineComparison compare(
      VerifyDocument baseline, String name, VerifyResult current) {
    Map<String, Group> before = new LinkedHashMap<>();
    // verify.json lists the samples in file and rule order, each rule saying how many it has.
    List<VerifyDocument.Problem> problems = baseline.problems();
    int next = 0;
    for (VerifyDocument.File file : baseline.files()) {
      for (VerifyDocument.Rule rule : file.rules()) {
        Group group =
            before.computeIfAbsent(
                key(file.file(), rule.rule(), rule.check()),
                k ->
                    new Group(
                        file.file(),
                        rule.rule(),
                        Optional.ofNullable(rule.check()),
                        Severity.fromLabel(rule.severity()).orElse(Severity.ERROR)));
        group.count += rule.count();
        group.complete &= rule.samples() == rule.count();
        for (long i = 0; i < rule.samples() && next < problems.size(); i++, next++) {
          VerifyDocument.Problem problem = problems.get(next);
          group.shapes.merge(shape(problem.column(), problem.message()), 1L, Long::sum);
        }
      }
    }
    List<Change> changes = new ArrayList<>();
    for (FileResult file : current.files()) {
      for (RuleResult rule : file.rules()) {
        Group now = new Group(file.file(), rule.rule(), rule.check(), rule.severity());
        now.count = rule.count();
        now.complete = rule.samples().size() == rule.count();
        for (Problem problem : rule.samples()) {
          now.shapes.merge(shape(problem.field().orElse(null), problem.message()), 1L, Long::sum);
        }
        Group then = before.remove(key(file.file(), rule.rule(), rule.check().orElse(null)));
        changes.add(change(now, then));
      }
    }
    for (Group gone : before.values()) {
      if (gone.count > 0) {
        changes.add(new Change(gone.file, gone.rule, gone.check, gone.severity, 0, gone.count, 0));
      }
    }
    return new BaselineComparison(name, changes);
  }

  private static Change change(Group now, Group then) {
    if (then == null) {
      return new Change(now.file, now.rule, now.check, now.severity, now.count, 0, 0);
    }
    if (!now.complete || !then.complete) {
      long unchanged = Math.min(now.count, then.count);
      return new Change(
          now.file,
          now.rule,
          now.check,
          now.severity,
          now.count - unchanged,
          then.count - unchanged,
          unchanged);
    }
    long unchanged = 0;
    for (Map.Entry<String, Long> shape : now.shapes.entrySet()) {
      unchanged += Math.min(shape.getValue(), then.shapes.getOrDefault(shape.getKey(), 0L));
    }
    return new Change(
        now.file,
        now.rule,
        now.check,
        now.severity,
        now.count - unchanged,
        then.count - unchanged,
        unchanged);
  }

  /** The part of a problem that does not move with the lines around it. */
  static String shape(String column, String message) {
    return (column == null ? "" : column) + "\u0000" + DIGITS.matcher(message).replaceAll("#");
  }

  private static String key(String file, String rule, String check) {
    return file + "\u0000" + rule + "\u0000" + (check == null ? "" : check);
  }

  /** One file and rule's problems in one run. */
  private static final class Group {
    final String file;
    final String rule;
    final Optional<String> check;
    final Severity severity;
    long count;
    boolean complete = true;
    final Map<String, Long> shapes = new HashMap<>();

    Group(String file, String rule, Optional<String> check, Severity severity) {
      this.file = file;
      this.rule = rule;
      this.check = check;
      this.severity = severity;
    }
  }
}
