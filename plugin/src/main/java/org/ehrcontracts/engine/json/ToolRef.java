package org.ehrcontracts.engine.json;

/**
 * The {@code tool} header of every document: which tool wrote it.
 *
 * @param name always {@value #NAME} when we write it
 * @param version the plugin's version
 * @since 0.1.0
 */
public record ToolRef(String name, String version) {

  /** The tool name our documents give. */
  public static final String NAME = "ehr-maven-plugin";

  /**
   * This plugin, at a version.
   *
   * @since 0.1.0
   */
  public static ToolRef of(String version) {
    return new ToolRef(NAME, version);
  }
}
