package org.ehrcontracts.engine.report;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.problem.Severity;

/**
 * What reports need besides the result: how to name files, how many problems to list, and where CI
 * output goes.
 *
 * @param paths how to name files relative to the repository root
 * @param maxPerRule how many problems of a rule and file to list one by one
 * @param workflow GitHub Actions' output, when the build runs there
 * @param failing the severities that fail the build
 * @param comparison what changed since the baseline, if there is one
 * @since 0.2.0
 */
public record ReportContext(
    RepositoryPaths paths,
    int maxPerRule,
    Optional<WorkflowOutput> workflow,
    Set<Severity> failing,
    Optional<BaselineComparison> comparison) {

  /** Checks the parts and copies the set. */
  public ReportContext {
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(comparison, "comparison");
    failing = Set.copyOf(failing);
  }

  /**
   * A context without a baseline.
   *
   * @since 0.2.0
   */
  public ReportContext(
      RepositoryPaths paths,
      int maxPerRule,
      Optional<WorkflowOutput> workflow,
      Set<Severity> failing) {
    this(paths, maxPerRule, workflow, failing, Optional.empty());
  }

  /**
   * A context in which errors fail the build.
   *
   * @since 0.2.0
   */
  public ReportContext(RepositoryPaths paths, int maxPerRule, Optional<WorkflowOutput> workflow) {
    this(paths, maxPerRule, workflow, Set.of(Severity.ERROR));
  }

  /**
   * Files named as the problems name them, 20 problems per rule, no CI output.
   *
   * @since 0.2.0
   */
  public static ReportContext plain() {
    return new ReportContext(RepositoryPaths.asShown(), 20, Optional.empty());
  }

  /**
   * This context with what changed since an export's baseline.
   *
   * @since 0.2.0
   */
  public ReportContext withComparison(Optional<BaselineComparison> newComparison) {
    return new ReportContext(paths, maxPerRule, workflow, failing, newComparison);
  }
}
