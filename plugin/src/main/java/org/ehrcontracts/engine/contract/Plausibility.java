package org.ehrcontracts.engine.contract;

/**
 * The parameters of the plausibility rules.
 *
 * @param birthYearMin the earliest plausible year of birth
 * @param birthYearMinAge how old a person must at least be in the year of the run
 * @param afterDeathGraceDays events more than this many days after death are reported
 * @since 0.1.0
 */
public record Plausibility(int birthYearMin, int birthYearMinAge, int afterDeathGraceDays) {

  /** The language's defaults. */
  public static final Plausibility DEFAULT = new Plausibility(1900, 0, 30);
}
