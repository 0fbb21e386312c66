package org.ehrcontracts.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * What every ehr goal shares: layered skips checked before any work, the contract parameter, and
 * the translation of engine outcomes into Maven's failure and execution exceptions.
 *
 * @since 0.1.0
 */
public abstract class AbstractEhrMojo extends AbstractMojo {

  /**
   * The contract: the name of a shipped contract ({@code aou-ehr-alpha}, {@code aou-ehr-current},
   * {@code aou-ehr-current-deid}) or the path of a YAML file, relative to the project directory.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.CONTRACT, required = true)
  protected String contract;

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
    return (f.isAbsolute() ? f : new File(basedir, f.getPath()))
        .toPath()
        .toAbsolutePath()
        .normalize();
  }

  /**
   * The export directories, resolved against the base directory; fails naming the parameter when
   * none is given or one is not a directory.
   */
  protected List<File> exportDirectories(List<File> exports) throws MojoFailureException {
    if (exports == null || exports.isEmpty()) {
      throw new MojoFailureException(
          "No export directory is given: set <exports> or -D" + PropertyNames.EXPORTS + "=DIR");
    }
    List<File> directories = new ArrayList<>();
    for (File export : exports) {
      File directory = export.isAbsolute() ? export : new File(basedir, export.getPath());
      if (!directory.isDirectory()) {
        throw new MojoFailureException(
            "The export directory "
                + directory
                + " does not exist or is not a directory (parameter <exports>, property "
                + PropertyNames.EXPORTS
                + ").");
      }
      directories.add(directory);
    }
    return directories;
  }

  /**
   * The {@code asOf} date parameter, written {@code YYYY-MM-DD}; empty when not set; a failure
   * naming the element and its property otherwise.
   */
  protected static Optional<LocalDate> dateParameter(String value, String property)
      throws MojoFailureException {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value.trim()));
    } catch (DateTimeException e) {
      throw new MojoFailureException(
          "<asOf> (" + property + ") must be a date written YYYY-MM-DD, not '" + value + "'");
    }
  }

  /** Loads the contract, showing every contract problem and failing the build if there are any. */
  protected Contract loadContract() throws MojoExecutionException, MojoFailureException {
    ContractLoader loader =
        new ContractLoader(
            new StandardContractSource(basedir.toPath(), AbstractEhrMojo.class.getClassLoader()));
    try {
      return loader.load(contract);
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
