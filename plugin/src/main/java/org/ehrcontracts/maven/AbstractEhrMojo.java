package org.ehrcontracts.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractException;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;

/**
 * What every ehr goal shares: layered skips ({@code ehr.skip}, then the goal's own) checked before
 * any work, the base directory relative paths resolve against, and the engine's diagnostics in
 * Maven's log.
 *
 * <p>Goals with a contract extend {@link AbstractContractMojo}, goals that reach a bucket {@link
 * AbstractGcsMojo}.
 *
 * @since 0.1.0
 */
public abstract class AbstractEhrMojo extends AbstractMojo {

  /**
   * Skips every ehr goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
  protected boolean skip;

  /** The directory relative paths resolve against: the project's, or the current one. */
  @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
  protected File basedir;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping ehr:" + goal() + " (" + PropertyNames.SKIP + "=true)");
      return;
    }
    if (goalSkip()) {
      getLog().info("Skipping ehr:" + goal() + " (" + goalSkipProperty() + "=true)");
      return;
    }
    run();
  }

  /** The goal's name, for messages. */
  protected abstract String goal();

  /** Whether the goal's own skip flag is set. */
  protected abstract boolean goalSkip();

  /** The property of the goal's own skip flag. */
  protected abstract String goalSkipProperty();

  /** Does the goal's work, once no skip applies. */
  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  /** The engine's diagnostics, shown in this goal's log. */
  protected DiagnosticsListener diagnostics() {
    return new MavenDiagnostics(getLog());
  }

  /**
   * A file parameter resolved against the base directory, absolute and normalized; {@code
   * fallback}, a path relative to the base directory, when the parameter is not set.
   */
  protected Path resolve(File file, String fallback) {
    File f = file != null ? file : new File(fallback);
    return absolute(f).toPath().toAbsolutePath().normalize();
  }

  /** A file parameter, relative to the base directory unless it is absolute. */
  protected File absolute(File file) {
    return file.isAbsolute() ? file : new File(basedir, file.getPath());
  }

  /**
   * Loads a contract, showing every contract problem and failing the build if there are any.
   *
   * @param contract the {@code contract} parameter: a shipped name or a YAML path
   */
  protected Contract loadContract(String contract)
      throws MojoExecutionException, MojoFailureException {
    ContractLoader loader =
        new ContractLoader(
            new StandardContractSource(basedir.toPath(), AbstractEhrMojo.class.getClassLoader()));
    long start = System.nanoTime();
    try {
      Contract loaded = loader.load(contract);
      // Part of what a cold run pays before any data is read; -X shows it.
      getLog()
          .debug(
              String.format(
                  Locale.ROOT,
                  "Contract %s %s loaded and compiled in %d ms",
                  loaded.name(),
                  loaded.version(),
                  (System.nanoTime() - start) / 1_000_000));
      return loaded;
    } catch (ContractException e) {
      DiagnosticsListener listener = diagnostics();
      for (Problem problem : e.problems()) {
        listener.problem(problem);
      }
      throw new MojoFailureException(
          "The contract '"
              + contract
              + "' has "
              + e.problems().size()
              + (e.problems().size() == 1 ? " problem" : " problems")
              + " (listed above); fix the contract before any data is checked.");
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read the contract '" + contract + "'", e);
    }
  }
}
