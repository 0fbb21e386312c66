package org.ehrcontracts.engine.json;

/**
 * The {@code export} of {@code verify.json} and {@code deploy.json}: the export a goal read.
 *
 * @param name the export's name
 * @param directory the directory it was read from
 * @since 0.1.0
 */
public record ExportRef(String name, String directory) {}
