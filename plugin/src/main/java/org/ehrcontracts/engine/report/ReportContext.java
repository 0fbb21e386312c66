package org.ehrcontracts.engine.report;

import java.util.Objects;
import java.util.Optional;

/**
 * What reports need besides the result: how to name files, how many problems to list, and where CI
 * output goes.
 *
 * @param paths how to name files relative to the repository root
 * @param maxPerRule how many problems of a rule and file to list one by one
 * @param workflow GitHub Actions' output, when the build runs there
 * @since 0.2.0
 */
public record ReportContext(
    RepositoryPaths paths, int maxPerRule, Optional<WorkflowOutput> workflow) {

  /** Checks the parts. */
  public ReportContext {
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(workflow, "workflow");
  }

  /**
   * Files named as the problems name them, 20 problems per rule, no CI output.
   *
   * @since 0.2.0
   */
  public static ReportContext plain() {
    return new ReportContext(RepositoryPaths.asShown(), 20, Optional.empty());
  }
}
