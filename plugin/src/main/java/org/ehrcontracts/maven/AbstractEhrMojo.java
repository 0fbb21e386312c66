package org.ehrcontracts.maven;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.maven.execution.MavenSession;
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

  /** The build's session, for the user properties given on the command line; null in some tests. */
  @Parameter(defaultValue = "${session}", readonly = true)
  private MavenSession session;

  /**
   * What Maven leaves in a path default such as {@code ${project.build.directory}/ehr} when it runs
   * a goal outside any project: its stand-in project has no {@code project.basedir}, so the
   * expression stays as text and would become a folder of that name.
   */
  static final String UNRESOLVED_BASEDIR = "${project.basedir}";

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    resolveStandaloneDefaults();
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

  /**
   * Outside a project, puts the current directory where Maven left {@link #UNRESOLVED_BASEDIR} in
   * any file parameter, so that reports go to {@code ./target/ehr} as they do in a project. Every
   * file parameter of every goal, present and future, is covered by walking the fields, rather than
   * by each goal remembering to.
   */
  private void resolveStandaloneDefaults() throws MojoExecutionException {
    for (Class<?> type = getClass(); type != AbstractMojo.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.getType() != File.class || Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        try {
          field.setAccessible(true);
          File value = (File) field.get(this);
          File resolved = standalone(value, basedir);
          if (resolved != value) {
            field.set(this, resolved);
          }
        } catch (IllegalAccessException | RuntimeException e) {
          throw new MojoExecutionException("Cannot read the parameter " + field.getName(), e);
        }
      }
    }
  }

  /**
   * {@code file} with the part up to {@link #UNRESOLVED_BASEDIR} replaced by {@code basedir}; the
   * same object when it holds no such part.
   */
  static File standalone(File file, File basedir) {
    if (file == null || basedir == null) {
      return file;
    }
    String path = file.getPath();
    int at = path.lastIndexOf(UNRESOLVED_BASEDIR);
    if (at < 0) {
      return file;
    }
    String rest = path.substring(at + UNRESOLVED_BASEDIR.length());
    while (rest.startsWith("/") || rest.startsWith(File.separator)) {
      rest = rest.substring(1);
    }
    return rest.isEmpty() ? basedir : new File(basedir, rest);
  }

  /**
   * The value of a parameter, where {@code -Dproperty} on the command line wins over the POM's
   * {@code <element>}. Maven itself lets the POM win for some parameters and the command line for
   * others, which surprised users; for the contract and the exports the command line always wins,
   * and the log says so when it replaces what the POM configures.
   */
  protected String commandLine(String property, String element, String configured) {
    String given = userProperty(property);
    if (given == null || given.isBlank() || given.trim().equals(configured)) {
      return configured;
    }
    if (configured != null) {
      logReplaced(property, given, "<" + element + ">" + configured + "</" + element + ">");
    }
    return given.trim();
  }

  /**
   * The folders of a list parameter, where {@code -Dproperty=A,B} on the command line wins over the
   * POM's list, as {@link #commandLine(String, String, String)} does for one value.
   */
  protected List<File> commandLineFiles(String property, String element, List<File> configured) {
    String given = userProperty(property);
    if (given == null || given.isBlank()) {
      return configured;
    }
    List<File> files = new ArrayList<>();
    for (String part : given.split(",")) {
      if (!part.isBlank()) {
        files.add(absolute(new File(part.trim())));
      }
    }
    List<File> before =
        configured == null ? List.of() : configured.stream().map(this::absolute).toList();
    if (!before.isEmpty() && !Objects.equals(before, files)) {
      logReplaced(
          property,
          given,
          "<"
              + element
              + "> ("
              + String.join(", ", before.stream().map(File::getPath).toList())
              + ")");
    }
    return files;
  }

  private void logReplaced(String property, String given, String configured) {
    getLog()
        .info("Using -D" + property + "=" + given.trim() + " instead of the POM's " + configured);
  }

  private String userProperty(String property) {
    return session == null ? null : session.getUserProperties().getProperty(property);
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
