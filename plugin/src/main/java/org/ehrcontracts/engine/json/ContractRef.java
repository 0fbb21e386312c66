package org.ehrcontracts.engine.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code contract} header of every document: the contract a goal ran with.
 *
 * @param name the contract's name
 * @param version its version
 * @param sha256 the SHA-256 of its merged form, in hex
 * @param lineage the contracts it was merged from, base first; only {@code verify.json} lists it,
 *     the other documents leave it {@code null} and out
 * @since 0.1.0
 */
public record ContractRef(
    String name,
    String version,
    String sha256,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Origin> lineage) {

  /** Copies the lineage. */
  public ContractRef {
    lineage = lineage == null ? null : List.copyOf(lineage);
  }

  /**
   * A header without the lineage, as {@code deid.json}, the manifest and {@code deploy.json} write
   * it.
   *
   * @since 0.1.0
   */
  public static ContractRef of(String name, String version, String sha256) {
    return new ContractRef(name, version, sha256, null);
  }

  /**
   * One contract of the lineage.
   *
   * @param name its name
   * @param version its version
   * @param source where it was loaded from
   * @since 0.1.0
   */
  public record Origin(String name, String version, String source) {}
}
