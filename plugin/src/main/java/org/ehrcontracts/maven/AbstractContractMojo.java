package org.ehrcontracts.maven;

import java.io.File;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.ehrcontracts.engine.contract.Contract;

/**
 * The goals that check export directories against a contract ({@code ehr:verify}, {@code
 * ehr:deidentify}): the contract parameter, the export directories and the reference date.
 *
 * <p>{@code ehr:deploy} has a contract too, but reaches a bucket, so it extends {@link
 * AbstractGcsMojo} and declares its own {@code contract}: a class has one superclass, and the
 * contract is one parameter where the bucket's are five.
 *
 * @since 0.2.0
 */
public abstract class AbstractContractMojo extends AbstractEhrMojo {

  /**
   * The contract: the name of a shipped contract ({@code aou-ehr-alpha}, {@code aou-ehr-current},
   * {@code aou-ehr-current-deid}) or the path of a YAML file, relative to the project directory.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.CONTRACT, required = true)
  protected String contract;

  /** Loads the contract, showing every contract problem and failing the build if there are any. */
  protected Contract loadContract() throws MojoExecutionException, MojoFailureException {
    return loadContract(commandLine(PropertyNames.CONTRACT, "contract", contract));
  }

  /**
   * The export directories, resolved against the base directory; fails naming the parameter when
   * none is given or one is not a directory.
   */
  protected List<File> exportDirectories(List<File> configured) throws MojoFailureException {
    List<File> exports = commandLineFiles(PropertyNames.EXPORTS, "exports", configured);
    if (exports == null || exports.isEmpty()) {
      throw new MojoFailureException(
          "No export directory is given: set <exports> or -D" + PropertyNames.EXPORTS + "=DIR");
    }
    List<File> directories = new ArrayList<>();
    for (File export : exports) {
      File directory = absolute(export);
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
}
