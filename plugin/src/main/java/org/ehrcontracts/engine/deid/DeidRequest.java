package org.ehrcontracts.engine.deid;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.verify.Memory;

/**
 * What to de-identify, where to, and how.
 *
 * @param contract the loaded contract; its {@code deidentification:} policy is what is done
 * @param export the input export directory; it is only read
 * @param output the directory the de-identified export goes to; it is replaced as a whole once
 *     every file is complete and verified, and must not lie inside the input
 * @param crosswalk the private crosswalk file (original id to new id); read first when the policy
 *     keeps a persistent crosswalk, and written at the end. It must lie outside the input and the
 *     output
 * @param asOf the reference date for ages
 * @param force de-identify even when the input has errors against the contract
 * @param verify verify the input before and the output after the transform (switched off only to
 *     time the transform alone)
 * @param threads how many tables are rewritten at once, and how many threads verification uses
 * @param ids where new person ids come from
 * @param toolVersion the plugin's version, for the manifest and reports
 * @param memory the memory budget: the person map must fit in it (it cannot spill), and the
 *     verifications before and after spill their key sets above it (since 0.2.0)
 * @since 0.1.0
 */
public record DeidRequest(
    Contract contract,
    Path export,
    Path output,
    Path crosswalk,
    LocalDate asOf,
    boolean force,
    boolean verify,
    int threads,
    RandomIds ids,
    String toolVersion,
    Memory memory) {

  /** Checks the parts. */
  public DeidRequest {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(crosswalk, "crosswalk");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(toolVersion, "toolVersion");
    Objects.requireNonNull(memory, "memory");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
  }

  /**
   * A request with the default memory budget ({@link Memory#defaults}).
   *
   * @since 0.1.0
   */
  public DeidRequest(
      Contract contract,
      Path export,
      Path output,
      Path crosswalk,
      LocalDate asOf,
      boolean force,
      boolean verify,
      int threads,
      RandomIds ids,
      String toolVersion) {
    this(
        contract,
        export,
        output,
        crosswalk,
        asOf,
        force,
        verify,
        threads,
        ids,
        toolVersion,
        Memory.defaults());
  }

  /**
   * A request with the defaults: reference date today, no force, verification before and after, one
   * thread per core, ids from a {@link java.security.SecureRandom}.
   */
  public static DeidRequest of(Contract contract, Path export, Path output, Path crosswalk) {
    return new DeidRequest(
        contract,
        export,
        output,
        crosswalk,
        LocalDate.now(),
        false,
        true,
        Runtime.getRuntime().availableProcessors(),
        RandomIds.secure(),
        "dev");
  }

  /** The same request with another reference date. */
  public DeidRequest withAsOf(LocalDate date) {
    return new DeidRequest(
        contract,
        export,
        output,
        crosswalk,
        date,
        force,
        verify,
        threads,
        ids,
        toolVersion,
        memory);
  }

  /** The same request with another id source. */
  public DeidRequest withIds(RandomIds source) {
    return new DeidRequest(
        contract,
        export,
        output,
        crosswalk,
        asOf,
        force,
        verify,
        threads,
        source,
        toolVersion,
        memory);
  }

  /** The same request, forced or not. */
  public DeidRequest withForce(boolean forced) {
    return new DeidRequest(
        contract,
        export,
        output,
        crosswalk,
        asOf,
        forced,
        verify,
        threads,
        ids,
        toolVersion,
        memory);
  }

  /** The same request, with verification before and after or without. */
  public DeidRequest withVerify(boolean verified) {
    return new DeidRequest(
        contract,
        export,
        output,
        crosswalk,
        asOf,
        force,
        verified,
        threads,
        ids,
        toolVersion,
        memory);
  }

  /**
   * The same request with another memory budget.
   *
   * @since 0.2.0
   */
  public DeidRequest withMemory(Memory budget) {
    return new DeidRequest(
        contract,
        export,
        output,
        crosswalk,
        asOf,
        force,
        verify,
        threads,
        ids,
        toolVersion,
        budget);
  }
}
