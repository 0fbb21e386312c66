package org.ehrcontracts.engine.report;

import java.io.IOException;
import java.util.List;

/**
 * Where a CI runner takes workflow commands and a job summary (GitHub Actions: standard output and
 * the {@code GITHUB_STEP_SUMMARY} file); the goal provides it.
 *
 * @since 0.2.0
 */
public interface WorkflowOutput {

  /**
   * Prints workflow commands, each at the start of a line.
   *
   * @since 0.2.0
   */
  void annotate(List<String> commands);

  /**
   * Appends Markdown to the job summary.
   *
   * @throws IOException if the summary cannot be written
   * @since 0.2.0
   */
  void summarize(String markdown) throws IOException;
}
