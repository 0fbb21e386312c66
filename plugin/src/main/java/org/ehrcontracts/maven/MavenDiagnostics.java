package org.ehrcontracts.maven;

import java.util.function.Supplier;
import org.apache.maven.plugin.logging.Log;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;

/** Shows the engine's diagnostics in Maven's log: errors at error, warnings at warn, and so on. */
final class MavenDiagnostics implements DiagnosticsListener {

  private final Log log;

  MavenDiagnostics(Log log) {
    this.log = log;
  }

  @Override
  public void problem(Problem problem) {
    switch (problem.severity()) {
      case ERROR -> log.error(problem.format());
      case WARNING -> log.warn(problem.format());
      case INFO -> log.info(problem.format());
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
}
