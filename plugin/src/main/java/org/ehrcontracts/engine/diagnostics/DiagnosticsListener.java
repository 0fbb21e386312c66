package org.ehrcontracts.engine.diagnostics;

import java.util.function.Supplier;
import org.ehrcontracts.engine.problem.Problem;

/**
 * The engine's only way to talk to the user: problems, progress lines and debug detail.
 *
 * <p>The Maven goals adapt it to Maven's log; tests collect what it receives. Nothing passed here
 * may contain a cell value from a data file.
 *
 * @since 0.1.0
 */
public interface DiagnosticsListener {

  /** A problem found, to show as it is found (the caller caps how many per rule). */
  void problem(Problem problem);

  /** A line of progress or summary, shown at info level. */
  void progress(String message);

  /** Detail for debugging, computed only when debug output is on. */
  void debug(Supplier<String> message);

  /** A listener that drops everything. */
  static DiagnosticsListener silent() {
    return new DiagnosticsListener() {
      @Override
      public void problem(Problem problem) {}

      @Override
      public void progress(String message) {}

      @Override
      public void debug(Supplier<String> message) {}
    };
  }
}
