package org.ehrcontracts.engine.verify;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.metrics.ConceptFacts;
import org.ehrcontracts.engine.rules.RuleCatalog;
import org.ehrcontracts.engine.util.Suggestions;
import org.ehrcontracts.engine.vocab.Vocabulary;

/**
 * What to verify and how.
 *
 * @param contract the loaded contract
 * @param export the export directory
 * @param asOf the reference date: dates after it are in the future; ages are taken on it
 * @param deidentified whether the export is meant to be de-identified already, which turns on the
 *     {@code deid.*} compliance rules
 * @param threads how many threads check files and parts of files
 * @param samples how many problems of each rule and file are kept as samples
 * @param onlyRules if not empty, only these rule ids (or check ids, or families such as {@code
 *     type}) run
 * @param skipRules these rule ids, check ids or families do not run
 * @param toolVersion the plugin's version, for reports
 * @param crosswalk the private crosswalk file ({@code original_id,new_id}) that issued the person
 *     ids of a de-identified export; {@code deid.person-id} proves every person reference against
 *     it, and reports the export when it is not given or cannot be read (since 0.2.0)
 * @param vocabulary the site's vocabulary, against which the {@code concept.*} rules check concept
 *     ids; without one they are skipped (since 0.2.0)
 * @param concepts what the vocabulary knows of concept ids, for the scorecard's concept, unit and
 *     route success ({@link #withVocabulary} gives the vocabulary's own); without it those metrics
 *     are reported as needing the vocabulary (since 0.2.0)
 * @param memory the memory budget of the key sets and person facts, and where they spill above it
 *     (since 0.2.0)
 * @param previousUpload the last upload's receipt, whose rows per table {@code table.row-change}
 *     compares with (since 0.2.0)
 * @since 0.1.0
 */
public record VerifyRequest(
    Contract contract,
    Path export,
    LocalDate asOf,
    boolean deidentified,
    int threads,
    int samples,
    Set<String> onlyRules,
    Set<String> skipRules,
    String toolVersion,
    Optional<Path> crosswalk,
    Optional<Vocabulary> vocabulary,
    Optional<ConceptFacts> concepts,
    Memory memory,
    Optional<PreviousUpload> previousUpload) {

  /** Checks the parts and copies the sets. */
  public VerifyRequest {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(crosswalk, "crosswalk");
    Objects.requireNonNull(vocabulary, "vocabulary");
    Objects.requireNonNull(concepts, "concepts");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(previousUpload, "previousUpload");
    if (threads < 1 || samples < 1) {
      throw new IllegalArgumentException("threads and samples must be at least 1");
    }
    onlyRules = Set.copyOf(onlyRules);
    skipRules = Set.copyOf(skipRules);
  }

  /**
   * A request with the default memory budget ({@link Memory#defaults}) that compares with no
   * earlier upload.
   *
   * @since 0.2.0
   */
  public VerifyRequest(
      Contract contract,
      Path export,
      LocalDate asOf,
      boolean deidentified,
      int threads,
      int samples,
      Set<String> onlyRules,
      Set<String> skipRules,
      String toolVersion,
      Optional<Path> crosswalk,
      Optional<Vocabulary> vocabulary,
      Optional<ConceptFacts> concepts) {
    this(
        contract,
        export,
        asOf,
        deidentified,
        threads,
        samples,
        onlyRules,
        skipRules,
        toolVersion,
        crosswalk,
        vocabulary,
        concepts,
        Memory.defaults(),
        Optional.empty());
  }

  /**
   * This request with another memory budget and spill folder.
   *
   * @since 0.2.0
   */
  public VerifyRequest withMemory(Memory budget) {
    return new VerifyRequest(
        contract,
        export,
        asOf,
        deidentified,
        threads,
        samples,
        onlyRules,
        skipRules,
        toolVersion,
        crosswalk,
        vocabulary,
        concepts,
        budget,
        previousUpload);
  }

  /**
   * A request without a vocabulary: the {@code concept.*} rules do not run, and the scorecard's
   * concept metrics are reported as needing one.
   *
   * @since 0.2.0
   */
  public VerifyRequest(
      Contract contract,
      Path export,
      LocalDate asOf,
      boolean deidentified,
      int threads,
      int samples,
      Set<String> onlyRules,
      Set<String> skipRules,
      String toolVersion,
      Optional<Path> crosswalk) {
    this(
        contract,
        export,
        asOf,
        deidentified,
        threads,
        samples,
        onlyRules,
        skipRules,
        toolVersion,
        crosswalk,
        Optional.empty(),
        Optional.empty());
  }

  /** A request without a crosswalk: enough for raw data, and for de-identified data it says so. */
  public VerifyRequest(
      Contract contract,
      Path export,
      LocalDate asOf,
      boolean deidentified,
      int threads,
      int samples,
      Set<String> onlyRules,
      Set<String> skipRules,
      String toolVersion) {
    this(
        contract,
        export,
        asOf,
        deidentified,
        threads,
        samples,
        onlyRules,
        skipRules,
        toolVersion,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * This request with the site's vocabulary: the {@code concept.*} rules check concept ids against
   * it, and the scorecard's concept metrics use it.
   *
   * @since 0.2.0
   */
  public VerifyRequest withVocabulary(Vocabulary vocabulary) {
    return new VerifyRequest(
        contract,
        export,
        asOf,
        deidentified,
        threads,
        samples,
        onlyRules,
        skipRules,
        toolVersion,
        crosswalk,
        Optional.of(vocabulary),
        Optional.of(new VocabularyConcepts(vocabulary)),
        memory,
        previousUpload);
  }

  /**
   * This request with the crosswalk that issued the export's person ids.
   *
   * @since 0.2.0
   */
  public VerifyRequest withCrosswalk(Path file) {
    return new VerifyRequest(
        contract,
        export,
        asOf,
        deidentified,
        threads,
        samples,
        onlyRules,
        skipRules,
        toolVersion,
        Optional.of(file),
        vocabulary,
        concepts,
        memory,
        previousUpload);
  }

  /**
   * This request with other facts of concept ids for the scorecard's concept, unit and route
   * success (tests give small ones); the {@code concept.*} rules still need {@link
   * #withVocabulary}.
   *
   * @since 0.2.0
   */
  public VerifyRequest withConcepts(ConceptFacts facts) {
    return new VerifyRequest(
        contract,
        export,
        asOf,
        deidentified,
        threads,
        samples,
        onlyRules,
        skipRules,
        toolVersion,
        crosswalk,
        vocabulary,
        Optional.of(facts),
        memory,
        previousUpload);
  }

  /**
   * This request, comparing each table's rows with the last upload's ({@code table.row-change}).
   *
   * @since 0.2.0
   */
  public VerifyRequest withPreviousUpload(PreviousUpload upload) {
    return new VerifyRequest(
        contract,
        export,
        asOf,
        deidentified,
        threads,
        samples,
        onlyRules,
        skipRules,
        toolVersion,
        crosswalk,
        vocabulary,
        concepts,
        memory,
        Optional.of(upload));
  }

  /** A request with the defaults: today, raw data, one thread per core, 100 samples. */
  public static VerifyRequest of(Contract contract, Path export) {
    return new VerifyRequest(
        contract,
        export,
        LocalDate.now(),
        false,
        Runtime.getRuntime().availableProcessors(),
        100,
        Set.of(),
        Set.of(),
        "dev");
  }

  /**
   * The names of a rule filter that name nothing a run could leave out: no rule id or family of the
   * engine, and no id, rule or family of the contract's checks. Each comes with a hint at the name
   * meant, if one is close.
   *
   * @param contract the contract the filter applies to
   * @param names the filter's names
   * @return the unknown names, sorted, each quoted and followed by its hint
   */
  public static List<String> unknownRuleNames(Contract contract, Collection<String> names) {
    Map<String, String> checks = new LinkedHashMap<>();
    for (Table table : contract.tables().values()) {
      for (Check check : table.checks()) {
        checks.put(check.id(), check.rule());
      }
    }
    Set<String> known = RuleCatalog.filterNames(checks);
    return RuleCatalog.unknown(new TreeSet<>(names), known).stream()
        .map(name -> "'" + name + "'" + Suggestions.hint(name, known))
        .toList();
  }

  /** Whether a rule (by its id, its check id, or its family) is to run. */
  public boolean runs(String rule, String check) {
    return runs(onlyRules, skipRules, rule, check);
  }

  /**
   * Whether a rule (by its id, its check id, or its family) runs under these filters.
   *
   * @param onlyRules if not empty, only these rule ids, check ids or families run
   * @param skipRules these do not run
   * @param rule the rule id
   * @param check the check id, or {@code null}
   */
  public static boolean runs(
      Set<String> onlyRules, Set<String> skipRules, String rule, String check) {
    String family = rule.substring(0, rule.indexOf('.'));
    if (!onlyRules.isEmpty()
        && !onlyRules.contains(rule)
        && !onlyRules.contains(family)
        && (check == null || !onlyRules.contains(check))) {
      return false;
    }
    return !skipRules.contains(rule)
        && !skipRules.contains(family)
        && (check == null || !skipRules.contains(check));
  }
}
