package org.ehrcontracts.engine.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.ContractOrigin;
import org.ehrcontracts.engine.json.VocabularyRef;
import org.ehrcontracts.engine.metrics.Scorecard;
import org.ehrcontracts.engine.problem.Severity;

/**
 * Everything one verification of one export found: the input of every report.
 *
 * @param contract the contract's name
 * @param contractVersion its version
 * @param contractDigest the SHA-256 of the contract's files
 * @param lineage the contract files, from the furthest ancestor to the contract itself
 * @param export the export's name (its directory's own name)
 * @param directory the export directory
 * @param toolVersion the plugin's version
 * @param started when verification started
 * @param duration how long it took
 * @param deidentified whether the export was checked as de-identified data ({@code deid.*} rules)
 * @param onlyRules the request's {@link VerifyRequest#onlyRules() onlyRules}: if not empty, only
 *     these rule ids, check ids or families ran
 * @param skipRules the request's {@link VerifyRequest#skipRules() skipRules}: these did not run
 * @param files one result per file: the contract's tables in contract order, then other files
 * @param vocabulary the vocabulary the concept ids were checked against, if any (since 0.2.0)
 * @param scorecard the DRC data-quality scorecard of the tables read, {@link Scorecard#NONE} when
 *     the contract lists no metrics (since 0.2.0)
 * @param previousUpload each table's rows now and at the last upload, when the request gave its
 *     receipt (since 0.2.0)
 * @since 0.1.0
 */
public record VerifyResult(
    String contract,
    String contractVersion,
    String contractDigest,
    List<ContractOrigin> lineage,
    String export,
    Path directory,
    String toolVersion,
    Instant started,
    Duration duration,
    boolean deidentified,
    Set<String> onlyRules,
    Set<String> skipRules,
    List<FileResult> files,
    Optional<VocabularyRef> vocabulary,
    Scorecard scorecard,
    Optional<RowComparison> previousUpload) {

  /** Copies the lists and sets. */
  public VerifyResult {
    Objects.requireNonNull(vocabulary, "vocabulary");
    lineage = List.copyOf(lineage);
    onlyRules = Set.copyOf(onlyRules);
    skipRules = Set.copyOf(skipRules);
    files = List.copyOf(files);
    Objects.requireNonNull(scorecard, "scorecard");
    Objects.requireNonNull(previousUpload, "previousUpload");
  }

  /**
   * The result of a verification that compared with no earlier upload.
   *
   * @since 0.2.0
   */
  public VerifyResult(
      String contract,
      String contractVersion,
      String contractDigest,
      List<ContractOrigin> lineage,
      String export,
      Path directory,
      String toolVersion,
      Instant started,
      Duration duration,
      boolean deidentified,
      Set<String> onlyRules,
      Set<String> skipRules,
      List<FileResult> files,
      Optional<VocabularyRef> vocabulary,
      Scorecard scorecard) {
    this(
        contract,
        contractVersion,
        contractDigest,
        lineage,
        export,
        directory,
        toolVersion,
        started,
        duration,
        deidentified,
        onlyRules,
        skipRules,
        files,
        vocabulary,
        scorecard,
        Optional.empty());
  }

  /** The result of a verification without a vocabulary or a scorecard. */
  public VerifyResult(
      String contract,
      String contractVersion,
      String contractDigest,
      List<ContractOrigin> lineage,
      String export,
      Path directory,
      String toolVersion,
      Instant started,
      Duration duration,
      boolean deidentified,
      Set<String> onlyRules,
      Set<String> skipRules,
      List<FileResult> files) {
    this(
        contract,
        contractVersion,
        contractDigest,
        lineage,
        export,
        directory,
        toolVersion,
        started,
        duration,
        deidentified,
        onlyRules,
        skipRules,
        files,
        Optional.empty(),
        Scorecard.NONE);
  }

  /**
   * The result of a verification that ran every rule: no {@code onlyRules}, no {@code skipRules}.
   */
  public VerifyResult(
      String contract,
      String contractVersion,
      String contractDigest,
      List<ContractOrigin> lineage,
      String export,
      Path directory,
      String toolVersion,
      Instant started,
      Duration duration,
      boolean deidentified,
      List<FileResult> files) {
    this(
        contract,
        contractVersion,
        contractDigest,
        lineage,
        export,
        directory,
        toolVersion,
        started,
        duration,
        deidentified,
        Set.of(),
        Set.of(),
        files);
  }

  /** Whether a rule (by its id, its check id, or its family) ran, as far as the filters say. */
  public boolean ran(String rule, String check) {
    return VerifyRequest.runs(onlyRules, skipRules, rule, check);
  }

  /** How many problems of that severity the export has. */
  public long count(Severity severity) {
    return files.stream().mapToLong(f -> f.count(severity)).sum();
  }

  /** The total number of data rows read. */
  public long rows() {
    return files.stream().mapToLong(FileResult::rows).sum();
  }
}
