package org.ehrcontracts.engine.diff;

import java.util.List;
import org.ehrcontracts.engine.json.ToolRef;

/**
 * {@code diff.json}: what {@code ehr:diff} found, written through {@code JsonDocuments}.
 *
 * @param tool the tool that wrote it
 * @param from the older contract
 * @param to the newer contract
 * @param summary the counts by impact
 * @param changes every change, breaking first
 * @param exports the effect on each export given, empty when none was
 * @since 0.2.0
 */
public record DiffDocument(
    ToolRef tool,
    ContractDiff.Side from,
    ContractDiff.Side to,
    Summary summary,
    List<Item> changes,
    List<Export> exports) {

  /** Copies the lists. */
  public DiffDocument {
    changes = List.copyOf(changes);
    exports = List.copyOf(exports);
  }

  /**
   * The counts.
   *
   * @param breaking changes that may fail an export that passed
   * @param loosensDeidentification changes that let more of a person out
   * @param compatible the others
   * @param status {@code breaking} when there is a breaking change, else {@code
   *     loosens-deidentification} when there is such a change, else {@code compatible}
   * @since 0.2.0
   */
  public record Summary(
      long breaking, long loosensDeidentification, long compatible, String status) {}

  /**
   * One change.
   *
   * @param kind its kind's id ({@code column.max-length})
   * @param impact {@code breaking}, {@code loosens-deidentification} or {@code compatible}
   * @param subject the part it names
   * @param before the part before, in words
   * @param after the part after, in words
   * @param why why it has its impact
   * @param at {@code file:line:column} in the newer contract, or null
   * @since 0.2.0
   */
  public record Item(
      String kind,
      String impact,
      String subject,
      String before,
      String after,
      String why,
      String at) {}

  /**
   * The effect on one export.
   *
   * @param export its name
   * @param before its verdict under the older contract
   * @param after its verdict under the newer one
   * @param changes each file and rule whose problems appear or disappear
   * @since 0.2.0
   */
  public record Export(String export, Verdict before, Verdict after, List<Problems> changes) {

    /** Copies the list. */
    public Export {
      changes = List.copyOf(changes);
    }
  }

  /**
   * A verdict.
   *
   * @param status {@code passed} or {@code failed}
   * @param errors errors found
   * @param warnings warnings found
   * @param infos infos found
   * @since 0.2.0
   */
  public record Verdict(String status, long errors, long warnings, long infos) {}

  /**
   * The problems of one rule in one file that appear or disappear.
   *
   * @param file the file
   * @param rule the rule id
   * @param check the check id, or null
   * @param severity the severity under the newer contract (or the older, for a rule that no longer
   *     fires)
   * @param appeared problems only the newer contract finds
   * @param disappeared problems only the older contract found
   * @since 0.2.0
   */
  public record Problems(
      String file, String rule, String check, String severity, long appeared, long disappeared) {}
}
