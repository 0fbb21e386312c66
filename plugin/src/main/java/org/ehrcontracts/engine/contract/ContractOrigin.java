package org.ehrcontracts.engine.contract;

/**
 * One contract file that a loaded contract is made of.
 *
 * @param name the contract name it declares
 * @param version its version
 * @param source where it was read from ({@code classpath:...} or a path)
 * @since 0.1.0
 */
public record ContractOrigin(String name, String version, String source) {}
