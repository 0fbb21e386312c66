package org.ehrcontracts.engine.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The document {@code verify.sarif}: the part of SARIF 2.1.0 that {@link SarifReportWriter} writes.
 * Members appear in this order; absent ones are left out, as SARIF has no {@code null}.
 *
 * @param schema the schema's URI
 * @param version always {@code 2.1.0}
 * @param runs one run per verification
 * @since 0.2.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SarifDocument(
    @JsonProperty("$schema") String schema, String version, List<Run> runs) {

  /** Copies the list. */
  public SarifDocument {
    runs = List.copyOf(runs);
  }

  /**
   * One run of the tool.
   *
   * @param tool the tool and the rules that fired
   * @param results the problems
   * @since 0.2.0
   */
  public record Run(Tool tool, List<Result> results) {

    /** Copies the list. */
    public Run {
      results = List.copyOf(results);
    }
  }

  /**
   * The tool.
   *
   * @param driver its main component
   * @since 0.2.0
   */
  public record Tool(Driver driver) {}

  /**
   * The plugin.
   *
   * @param name its name
   * @param version its version
   * @param informationUri its home page
   * @param rules every rule id that fired, in the order it first fired
   * @since 0.2.0
   */
  public record Driver(String name, String version, String informationUri, List<Rule> rules) {

    /** Copies the list. */
    public Driver {
      rules = List.copyOf(rules);
    }
  }

  /**
   * A rule (SARIF's {@code reportingDescriptor}).
   *
   * @param id the rule id
   * @param shortDescription what it finds, in one line
   * @param helpUri its section of {@code docs/rules.md}
   * @param defaultConfiguration the rule's default level
   * @since 0.2.0
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rule(
      String id, Message shortDescription, String helpUri, Configuration defaultConfiguration) {}

  /**
   * A rule's configuration.
   *
   * @param level {@code error}, {@code warning} or {@code note}
   * @since 0.2.0
   */
  public record Configuration(String level) {}

  /**
   * One problem.
   *
   * @param ruleId its rule id
   * @param ruleIndex the rule's index in the driver's {@code rules}
   * @param level {@code error}, {@code warning} or {@code note}
   * @param message what is wrong, without any value
   * @param locations where
   * @since 0.2.0
   */
  public record Result(
      String ruleId, int ruleIndex, String level, Message message, List<Location> locations) {

    /** Copies the list. */
    public Result {
      locations = List.copyOf(locations);
    }
  }

  /**
   * A text.
   *
   * @param text the words
   * @since 0.2.0
   */
  public record Message(String text) {}

  /**
   * A place.
   *
   * @param physicalLocation the file and line
   * @since 0.2.0
   */
  public record Location(PhysicalLocation physicalLocation) {}

  /**
   * A file and, if known, a region in it.
   *
   * @param artifactLocation the file
   * @param region the line, if known
   * @since 0.2.0
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PhysicalLocation(ArtifactLocation artifactLocation, Region region) {}

  /**
   * A file.
   *
   * @param uri its path relative to {@code uriBaseId}, percent-encoded
   * @param uriBaseId always {@code %SRCROOT%}, the repository root
   * @since 0.2.0
   */
  public record ArtifactLocation(String uri, String uriBaseId) {}

  /**
   * A region of a file. Only the line is given: our column is a field's number, not the character
   * column SARIF means.
   *
   * @param startLine the physical line, 1-based
   * @since 0.2.0
   */
  public record Region(long startLine) {}
}
