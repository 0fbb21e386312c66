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
        builder(contract, export)
            .run(asOf, deidentified, threads, samples, onlyRules, skipRules, toolVersion)
            .crosswalk(crosswalk)
            .vocabulary(vocabulary)
            .concepts(concepts));
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
        builder(contract, export)
            .run(asOf, deidentified, threads, samples, onlyRules, skipRules, toolVersion)
            .crosswalk(crosswalk));
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
        builder(contract, export)
            .run(asOf, deidentified, threads, samples, onlyRules, skipRules, toolVersion));
  }

  private VerifyRequest(Builder b) {
    this(
        b.contract,
        b.export,
        b.asOf,
        b.deidentified,
        b.threads,
        b.samples,
        b.onlyRules,
        b.skipRules,
        b.toolVersion,
        b.crosswalk,
        b.vocabulary,
        b.concepts,
        b.memory,
        b.previousUpload);
  }

  /**
   * A builder of a request with the defaults of {@link #of}: today, raw data, one thread per core,
   * 100 samples, every rule, no crosswalk, vocabulary or earlier upload, the default memory budget.
   *
   * @since 0.3.0
   */
  public static Builder builder(Contract contract, Path export) {
    return new Builder(contract, export);
  }

  /**
   * A builder that starts from this request.
   *
   * @since 0.3.0
   */
  public Builder toBuilder() {
    Builder b = new Builder(contract, export);
    b.asOf = asOf;
    b.deidentified = deidentified;
    b.threads = threads;
    b.samples = samples;
    b.onlyRules = onlyRules;
    b.skipRules = skipRules;
    b.toolVersion = toolVersion;
    b.crosswalk = crosswalk;
    b.vocabulary = vocabulary;
    b.concepts = concepts;
    b.memory = memory;
    b.previousUpload = previousUpload;
    return b;
  }

  /**
   * This request with another memory budget and spill folder.
   *
   * @since 0.2.0
   */
  public VerifyRequest withMemory(Memory budget) {
    return toBuilder().memory(budget).build();
  }

  /**
   * This request with the site's vocabulary: the {@code concept.*} rules check concept ids against
   * it, and the scorecard's concept metrics use it.
   *
   * @since 0.2.0
   */
  public VerifyRequest withVocabulary(Vocabulary vocabulary) {
    return toBuilder().vocabulary(vocabulary).build();
  }

  /**
   * This request with the crosswalk that issued the export's person ids.
   *
   * @since 0.2.0
   */
  public VerifyRequest withCrosswalk(Path file) {
    return toBuilder().crosswalk(Optional.of(file)).build();
  }

  /**
   * This request with other facts of concept ids for the scorecard's concept, unit and route
   * success (tests give small ones); the {@code concept.*} rules still need {@link
   * #withVocabulary}.
   *
   * @since 0.2.0
   */
  public VerifyRequest withConcepts(ConceptFacts facts) {
    return toBuilder().concepts(Optional.of(facts)).build();
  }

  /**
   * This request, comparing each table's rows with the last upload's ({@code table.row-change}).
   *
   * @since 0.2.0
   */
  public VerifyRequest withPreviousUpload(PreviousUpload upload) {
    return toBuilder().previousUpload(upload).build();
  }

  /** A request with the defaults: today, raw data, one thread per core, 100 samples. */
  public static VerifyRequest of(Contract contract, Path export) {
    return builder(contract, export).build();
  }

  /**
   * Builds a {@link VerifyRequest}; each setter returns the builder, {@link #build} checks the
   * parts as the record's constructor does.
   *
   * @since 0.3.0
   */
  public static final class Builder {
    private final Contract contract;
    private final Path export;
    private LocalDate asOf = LocalDate.now();
    private boolean deidentified;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int samples = 100;
    private Set<String> onlyRules = Set.of();
    private Set<String> skipRules = Set.of();
    private String toolVersion = "dev";
    private Optional<Path> crosswalk = Optional.empty();
    private Optional<Vocabulary> vocabulary = Optional.empty();
    private Optional<ConceptFacts> concepts = Optional.empty();
    private Memory memory = Memory.defaults();
    private Optional<PreviousUpload> previousUpload = Optional.empty();

    private Builder(Contract contract, Path export) {
      this.contract = contract;
      this.export = export;
    }

    /** The reference date: dates after it are in the future; ages are taken on it. */
    public Builder asOf(LocalDate asOf) {
      this.asOf = asOf;
      return this;
    }

    /** Whether the export is meant to be de-identified already ({@code deid.*} rules). */
    public Builder deidentified(boolean deidentified) {
      this.deidentified = deidentified;
      return this;
    }

    /** How many threads check files and parts of files. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** How many problems of each rule and file are kept as samples. */
    public Builder samples(int samples) {
      this.samples = samples;
      return this;
    }

    /** Only these rule ids, check ids or families run (none: all). */
    public Builder onlyRules(Set<String> onlyRules) {
      this.onlyRules = onlyRules;
      return this;
    }

    /** These rule ids, check ids or families do not run. */
    public Builder skipRules(Set<String> skipRules) {
      this.skipRules = skipRules;
      return this;
    }

    /** The plugin's version, for reports. */
    public Builder toolVersion(String toolVersion) {
      this.toolVersion = toolVersion;
      return this;
    }

    /** The parts of a run that every caller sets, in the order of the record's components. */
    Builder run(
        LocalDate asOf,
        boolean deidentified,
        int threads,
        int samples,
        Set<String> onlyRules,
        Set<String> skipRules,
        String toolVersion) {
      return asOf(asOf)
          .deidentified(deidentified)
          .threads(threads)
          .samples(samples)
          .onlyRules(onlyRules)
          .skipRules(skipRules)
          .toolVersion(toolVersion);
    }

    /** The crosswalk that issued the export's person ids, if any. */
    public Builder crosswalk(Optional<Path> crosswalk) {
      this.crosswalk = crosswalk;
      return this;
    }

    /** The site's vocabulary, if any, as given (without concept facts of its own). */
    public Builder vocabulary(Optional<Vocabulary> vocabulary) {
      this.vocabulary = vocabulary;
      return this;
    }

    /**
     * The site's vocabulary, and its facts of concept ids for the scorecard, as {@link
     * VerifyRequest#withVocabulary} gives them.
     */
    public Builder vocabulary(Vocabulary vocabulary) {
      this.vocabulary = Optional.of(vocabulary);
      this.concepts = Optional.of(new VocabularyConcepts(vocabulary));
      return this;
    }

    /** Facts of concept ids for the scorecard's concept metrics, if any. */
    public Builder concepts(Optional<ConceptFacts> concepts) {
      this.concepts = concepts;
      return this;
    }

    /** The memory budget and spill folder. */
    public Builder memory(Memory memory) {
      this.memory = memory;
      return this;
    }

    /** The last upload's receipt, whose rows per table {@code table.row-change} compares with. */
    public Builder previousUpload(PreviousUpload previousUpload) {
      this.previousUpload = Optional.of(previousUpload);
      return this;
    }

    /**
     * The request.
     *
     * @throws NullPointerException when a part is null
     * @throws IllegalArgumentException when threads or samples are below 1
     */
    public VerifyRequest build() {
      return new VerifyRequest(this);
    }
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
