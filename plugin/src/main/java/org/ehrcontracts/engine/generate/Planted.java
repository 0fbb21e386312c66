package org.ehrcontracts.engine.generate;

/**
 * Where a defect was planted: the place the verifier is to report it at.
 *
 * @param rule the rule id that is to fire there
 * @param file the file, relative to the export folder
 * @param line the physical line (1-based; 0 for a whole file)
 * @param column the 1-based field (0 for the whole line or file)
 * @param columnName the contract column of that field, or empty
 * @since 0.2.0
 */
public record Planted(String rule, String file, long line, int column, String columnName) {}
