package org.ehrcontracts.engine.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.ehrcontracts.engine.contract.Contract;

/**
 * What to generate and where.
 *
 * @param contract the loaded contract the export is to follow
 * @param output the folder the generator writes, created anew: the export folder (named by the
 *     contract's folder rule for {@code asOf}), {@code generate.json} and, for de-identified data,
 *     the crosswalk that issued its person ids
 * @param persons how many persons the export has, at least 1
 * @param seed the seed every random choice derives from: the same seed, contract, persons and other
 *     settings give byte-identical files
 * @param asOf the reference date: no date lies on or after it, and ages are taken on it
 * @param deidentified whether the data is to satisfy the contract's de-identification policy
 *     already (January 1 dates, no one over its age limit, blanked columns empty, withheld tables
 *     absent, person ids issued by a crosswalk)
 * @param tables the tables to write; empty for every table that is not optional, {@code all} for
 *     every table; tables that written ones require are added
 * @param defects the defects to plant
 * @param overwrite replace a non-empty {@code output}
 * @param toolVersion the plugin's version, for {@code generate.json}
 * @since 0.2.0
 */
public record GenerateRequest(
    Contract contract,
    Path output,
    long persons,
    long seed,
    LocalDate asOf,
    boolean deidentified,
    List<String> tables,
    List<Defect> defects,
    boolean overwrite,
    String toolVersion) {

  /** The seed when none is given. */
  public static final long DEFAULT_SEED = 1;

  /** How many persons when no number is given. */
  public static final long DEFAULT_PERSONS = 100;

  /**
   * The reference date when none is given: fixed, so that the default output does not change with
   * the day it is made.
   */
  public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 1, 1);

  /** The word of {@link #tables} that asks for every table. */
  public static final String ALL_TABLES = "all";

  /** Checks the parts and copies the lists. */
  public GenerateRequest {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(toolVersion, "toolVersion");
    if (persons < 1) {
      throw new IllegalArgumentException("persons must be at least 1");
    }
    tables = List.copyOf(tables);
    defects = List.copyOf(defects);
  }

  /**
   * A request with the defaults: {@value #DEFAULT_PERSONS} persons, seed {@value #DEFAULT_SEED},
   * {@link #DEFAULT_AS_OF}, de-identified when the contract's policy requires it, the tables that
   * are not optional, no defects.
   */
  public static GenerateRequest of(Contract contract, Path output) {
    return new GenerateRequest(
        contract,
        output,
        DEFAULT_PERSONS,
        DEFAULT_SEED,
        DEFAULT_AS_OF,
        requiresDeidentified(contract),
        List.of(),
        List.of(),
        false,
        "dev");
  }

  /**
   * Whether the contract's policy requires de-identified data: the default of {@link
   * #deidentified}.
   */
  public static boolean requiresDeidentified(Contract contract) {
    return contract.deidentification().map(p -> p.required()).orElse(false);
  }

  /** This request with other persons, seed and defects. */
  public GenerateRequest with(long persons, long seed, List<Defect> defects) {
    return new GenerateRequest(
        contract,
        output,
        persons,
        seed,
        asOf,
        deidentified,
        tables,
        defects,
        overwrite,
        toolVersion);
  }
}
