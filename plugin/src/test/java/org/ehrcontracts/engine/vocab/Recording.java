package org.ehrcontracts.engine.vocab;

import java.util.List;
import java.util.function.Supplier;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;

/** A listener that keeps progress and debug lines for assertions. */
final class Recording implements DiagnosticsListener {

  private final List<String> progress;
  private final List<String> debug;

  private Recording(List<String> progress, List<String> debug) {
    this.progress = progress;
    this.debug = debug;
  }

  static Recording progress(List<String> progress) {
    return new Recording(progress, null);
  }

  static Recording both(List<String> progress, List<String> debug) {
    return new Recording(progress, debug);
  }

  @Override
  public void problem(Problem problem) {
    throw new AssertionError("a load reports problems by exception: " + problem);
  }

  @Override
  public void progress(String message) {
    progress.add(message);
  }

  @Override
  public void debug(Supplier<String> message) {
    if (debug != null) {
      debug.add(message.get());
    }
  }
}
