package org.ehrcontracts.maven;

import java.util.function.Supplier;
import org.apache.maven.plugin.logging.Log;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;

/** Shows the engine's diagnostics in Maven's log: errors at error, warnings at warn, and so on. */
final class MavenDiagnostics implements DiagnosticsListener {

  private final Log log;

  MavenDiagnostics(Log log) {
    this.log = log;
  }

  @Override
  public void problem(Problem problem) {
    log(log, problem.severity(), problem.format());
  }

  /**
   * Logs a line at the level of its severity: the one mapping of {@link Severity} to Maven's log,
   * for problems and for the report lines of every goal.
   *
   * @param severity the line's severity; {@code null} (a plain line) is logged at info
   */
  static void log(Log log, Severity severity, String text) {
    if (severity == null) {
      log.info(text);
      return;
    }
    switch (severity) {
      case ERROR -> log.error(text);
      case WARNING -> log.warn(text);
      case INFO -> log.info(text);
    }
  }

  @Override
  public void progress(String message) {
    log.info(message);
  }

  @Override
  public void debug(Supplier<String> message) {
    if (log.isDebugEnabled()) {
      log.debug(message.get());
    }
  }

  /**
   * What to say when a goal ran out of memory: the file, the rows, the heap or the budget, and the
   * setting that fixes it.
   */
  static String notEnoughMemory(org.ehrcontracts.engine.verify.NotEnoughMemoryException e) {
    long heapMb = e.maxHeapBytes() >> 20;
    if (e.overBudget()) {
      return "Not enough memory: "
          + e.getMessage()
          + ". Raise the budget with -D"
          + PropertyNames.MEMORY
          + "=2g (or a share of the heap, such as -D"
          + PropertyNames.MEMORY
          + "=70%; the heap is "
          + heapMb
          + " MB), giving Maven more heap if needed (MAVEN_OPTS=-Xmx4g, or -Xmx4g in the"
          + " project's .mvn/jvm.config); nothing was written.";
    }
    String budget =
        e.budget()
            .map(
                b ->
                    b.budgetBytes() >= e.maxHeapBytes() / 2
                        ? " The memory budget ("
                            + b.words()
                            + ") leaves too little of the heap for the rest: lower it with -D"
                            + PropertyNames.MEMORY
                            + "=40% (key sets then spill to disk), or"
                        : " Key sets over the memory budget ("
                            + b.words()
                            + ") spill to disk; what overflowed was the rest of the heap:")
            .orElse("");
    return "Not enough memory: "
        + e.getMessage()
        + "."
        + budget
        + (budget.isEmpty() ? " Give" : " give")
        + " Maven more heap, for instance MAVEN_OPTS=-Xmx2g, or -Xmx2g in the project's"
        + " .mvn/jvm.config; nothing was written.";
  }
}
