package org.ehrcontracts.engine.diff;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Every change between two versions of a contract, breaking changes first, then those that loosen
 * de-identification, then the compatible ones; within each, in contract order.
 *
 * @param from the older contract
 * @param to the newer contract
 * @param changes the changes
 * @since 0.2.0
 */
public record ContractDiff(Side from, Side to, List<Change> changes) {

  /** Sorts the changes by impact, keeping contract order within each. */
  public ContractDiff {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    changes = changes.stream().sorted(Comparator.comparing(Change::impact)).toList();
  }

  /**
   * One of the two contracts.
   *
   * @param reference how the user named it ({@code git:HEAD~1:contracts/site.yaml})
   * @param name the contract's name
   * @param version its version
   * @param digest the SHA-256 of its files
   * @since 0.2.0
   */
  public record Side(String reference, String name, String version, String digest) {}

  /** How many changes have that impact. */
  public long count(Impact impact) {
    return changes.stream().filter(c -> c.impact() == impact).count();
  }

  /** The changes of that impact, in order. */
  public List<Change> of(Impact impact) {
    return changes.stream().filter(c -> c.impact() == impact).toList();
  }
}
