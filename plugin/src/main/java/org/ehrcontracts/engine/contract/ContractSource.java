package org.ehrcontracts.engine.contract;

import java.io.IOException;
import java.util.Optional;

/**
 * Finds contract files: the port between the loader and where contracts live.
 *
 * @since 0.1.0
 */
public interface ContractSource {

  /** The prefix of class-path sources. */
  String CLASSPATH = "classpath:";

  /** Where shipped contracts live on the class path. */
  String SHIPPED = "ehr/contracts/";

  /**
   * Opens the contract a reference names.
   *
   * @param reference a shipped name ({@code aou-ehr-alpha}), a path ending in {@code .yaml} or
   *     {@code .yml}, or {@code classpath:...}
   * @param from the contract that refers to it, for relative paths; empty at the top
   * @return the file, or empty if there is none
   * @throws IOException if it exists but cannot be read
   */
  Optional<ContractText> open(String reference, Optional<ContractText> from) throws IOException;

  /** Whether a reference names a shipped contract rather than a path. */
  static boolean isName(String reference) {
    return reference.matches("[a-z0-9][a-z0-9._-]*")
        && !reference.endsWith(".yaml")
        && !reference.endsWith(".yml");
  }
}
