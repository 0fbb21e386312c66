package org.ehrcontracts.maven;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractOrigin;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.export.ExportInventory;
import org.ehrcontracts.engine.problem.Problem;

/**
 * Verifies export directories against a contract.
 *
 * <p>Loads the contract (every contract problem is reported before any data is read) and checks
 * what each export directory holds against it.
 *
 * @since 0.1.0
 */
@Mojo(
    name = "verify",
    defaultPhase = LifecyclePhase.VERIFY,
    requiresProject = false,
    threadSafe = true)
public class VerifyMojo extends AbstractEhrMojo {

  /**
   * The export directories to verify, each holding one file per table.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.EXPORTS, required = true)
  private List<File> exports;

  /**
   * Where the reports go; each export gets a folder named after its directory.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = PropertyNames.REPORT_DIRECTORY,
      defaultValue = "${project.build.directory}/ehr")
  private File reportDirectory;

  /**
   * The least severity of problem that fails the build: {@code error}, {@code warning} or {@code
   * never}.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.FAIL_ON, defaultValue = "error")
  private FailOn failOn;

  /**
   * Skips this goal only.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.VERIFY_SKIP, defaultValue = "false")
  private boolean verifySkip;

  @Override
  protected String goal() {
    return "verify";
  }

  @Override
  protected boolean goalSkip() {
    return verifySkip;
  }

  @Override
  protected String goalSkipProperty() {
    return PropertyNames.VERIFY_SKIP;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    Contract loaded = loadContract();
    DiagnosticsListener diagnostics = diagnostics();
    diagnostics.progress(describe(loaded));
    int failing = 0;
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
      ExportInventory inventory;
      try {
        inventory = ExportInventory.scan(loaded, directory.toPath());
      } catch (IOException e) {
        throw new MojoExecutionException("Cannot list the export directory " + directory, e);
      }
      diagnostics.progress("Export " + directory.getName() + " (" + directory + ")");
      for (ExportInventory.TableFile entry : inventory.tables()) {
        diagnostics.progress(
            String.format(
                Locale.ROOT,
                "  %-32s %-9s %s",
                entry.table().file(),
                entry.table().presence().name().toLowerCase(Locale.ROOT),
                entry.found()
                    ? String.format(Locale.ROOT, "found %,d bytes", entry.bytes())
                    : "missing"));
      }
      for (Problem problem : inventory.problems()) {
        diagnostics.problem(problem);
        if (failOn.fails(problem.severity())) {
          failing++;
        }
      }
      long found = inventory.tables().stream().filter(ExportInventory.TableFile::found).count();
      diagnostics.progress(
          String.format(
              Locale.ROOT,
              "  %d of %d table files found, %d tolerated, %d unknown",
              found,
              inventory.tables().size(),
              inventory.tolerated().size(),
              inventory.unknown().size()));
    }
    if (failing > 0) {
      throw new MojoFailureException(
          failing
              + (failing == 1 ? " problem fails" : " problems fail")
              + " the build (failOn="
              + failOn.name()
              + "); see the lines above, or set -D"
              + PropertyNames.FAIL_ON
              + "=never to only report them.");
    }
  }

  private static String describe(Contract contract) {
    String parents =
        contract.lineage().stream()
            .limit(Math.max(0, contract.lineage().size() - 1L))
            .map(ContractOrigin::name)
            .collect(Collectors.joining(", "));
    return "Contract "
        + contract.name()
        + " "
        + contract.version()
        + (parents.isEmpty() ? "" : " (extends " + parents + ")")
        + ", "
        + contract.tables().size()
        + " tables, sha256 "
        + contract.digest().substring(0, 12);
  }
}
