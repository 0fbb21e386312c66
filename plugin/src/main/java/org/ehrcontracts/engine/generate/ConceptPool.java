package org.ehrcontracts.engine.generate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ConceptColumn;
import org.ehrcontracts.engine.contract.ConceptSet;

/**
 * The concept ids a concept column's values are drawn from.
 *
 * <p>In this order: the column's concept set, narrowed to the members the built-in list below has
 * as standard concepts of the column's domain where there are any, else its non-zero ids (0 is "no
 * matching concept"); the units the contract's {@code vocabulary.units} gives for a unit column's
 * measured concept, and those concepts for the measured column; the built-in list of the column's
 * vocabulary domain (the standard concepts of the shipped sample vocabulary {@code
 * it/sample-hpo/vocabulary}, so that an {@code aou-ehr-alpha} export passes the {@code concept.*}
 * rules against it); 0 for source concept columns, columns without a domain or standard flag, and
 * optional columns of a domain the list lacks; and for a required column of such a domain, made-up
 * ids above 2,000,000,000, the range OMOP leaves to local concepts.
 */
final class ConceptPool {

  /** Above the ids of OMOP's own vocabularies: local concepts, obviously not real ones. */
  static final long LOCAL_BASE = 2_000_000_000L;

  /** Standard concepts by domain, as in {@code it/sample-hpo/vocabulary/CONCEPT.csv}. */
  private static final Map<String, long[]> BY_DOMAIN =
      Map.ofEntries(
          Map.entry(
              "condition",
              new long[] {80180, 201826, 255573, 317576, 320128, 433736, 440383, 4112343}),
          Map.entry(
              "drug",
              new long[] {975125, 1125315, 1154343, 1308216, 1332418, 1503297, 1545958, 1777806}),
          Map.entry("ethnicity", new long[] {38003563, 38003564}),
          Map.entry("gender", new long[] {8507, 8532}),
          Map.entry("meas value operator", new long[] {4172703}),
          Map.entry(
              "measurement",
              new long[] {3004249, 3004410, 3012888, 3013682, 3016723, 3025315, 3027018, 3036277}),
          Map.entry("procedure", new long[] {4058335, 4133726, 4163872, 4216130, 4249893, 4295880}),
          Map.entry("race", new long[] {8515, 8516, 8527, 8557, 8657}),
          Map.entry("route", new long[] {4112421, 4128794}),
          Map.entry(
              "type concept",
              new long[] {
                38000177, 38000180, 38000245, 42894222, 44786627, 44786629, 44786630, 44786631,
                44818518, 44818701, 44818702
              }),
          Map.entry("unit", new long[] {8504, 8541, 8554, 8576, 8582, 8840, 8876, 9529, 9655}),
          Map.entry("visit", new long[] {9201, 9202, 9203}));

  /** Where a column without a domain names one by its own name ({@code route_concept_id}). */
  private static final List<String> NAMED_DOMAINS =
      List.of(
          "condition",
          "drug",
          "ethnicity",
          "gender",
          "measurement",
          "procedure",
          "race",
          "route",
          "unit",
          "visit",
          "operator");

  private final long[] ids;
  private final ConceptSet set;
  private final String source;

  private ConceptPool(long[] ids, ConceptSet set, String source) {
    this.ids = ids;
    this.set = set;
    this.source = source;
  }

  /**
   * The pool of a column, if it is a concept column: it has a concept set or a {@code vocabulary:}
   * key, or its name ends in {@code _concept_id}.
   *
   * @param units the contract's plausible units, by measured concept
   * @param measured whether another column's {@code unitOf} names this one
   */
  static Optional<ConceptPool> of(Column column, Map<Long, List<Long>> units, boolean measured) {
    Optional<ConceptColumn> vocabulary = column.vocabulary();
    if (column.concepts().isPresent()) {
      ConceptSet set = column.concepts().get();
      // The set's members the built-in list knows as standard concepts of the column's domain, if
      // any: they pass the concept.* rules too.
      long[] known =
          vocabulary
              .flatMap(ConceptColumn::domain)
              .map(d -> BY_DOMAIN.getOrDefault(d.toLowerCase(Locale.ROOT), new long[0]))
              .map(ids -> java.util.Arrays.stream(ids).filter(set::contains).toArray())
              .orElse(new long[0]);
      return Optional.of(
          known.length > 0
              ? new ConceptPool(known, set, "its concept set")
              : new ConceptPool(null, set, "its concept set"));
    }
    if (vocabulary.isEmpty() && !column.name().endsWith("_concept_id")) {
      return Optional.empty();
    }
    if (vocabulary.flatMap(ConceptColumn::unitOf).isPresent() && !units.isEmpty()) {
      long[] all =
          units.values().stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
      return Optional.of(new ConceptPool(all, null, "vocabulary.units"));
    }
    if (measured && !units.isEmpty()) {
      long[] keys = units.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
      return Optional.of(new ConceptPool(keys, null, "vocabulary.units"));
    }
    Optional<String> domain = vocabulary.flatMap(ConceptColumn::domain);
    if (domain.isEmpty() && column.name().endsWith("_source_concept_id")) {
      return Optional.of(new ConceptPool(new long[] {0}, null, "0 (no mapped concept)"));
    }
    String key = domain.map(d -> d.toLowerCase(Locale.ROOT)).orElse(null);
    if (key == null) {
      String name = column.name();
      for (String named : NAMED_DOMAINS) {
        if (name.startsWith(named + "_") || name.contains("_" + named + "_")) {
          key = named.equals("operator") ? "meas value operator" : named;
          break;
        }
      }
    }
    if (key != null && BY_DOMAIN.containsKey(key)) {
      return Optional.of(
          new ConceptPool(BY_DOMAIN.get(key), null, "built-in " + key + " concepts"));
    }
    boolean standard = vocabulary.map(ConceptColumn::standard).orElse(false);
    // 0, "no matching concept", where nothing better is known and the column allows it: a made-up
    // id would be concept.unknown against a real vocabulary.
    if (!standard || column.name().endsWith("_source_concept_id") || !column.required()) {
      return Optional.of(new ConceptPool(new long[] {0}, null, "0 (no mapped concept)"));
    }
    long base = LOCAL_BASE + 1000L * (Math.abs((long) column.name().hashCode()) % 1000);
    return Optional.of(
        new ConceptPool(
            new long[] {base + 1, base + 2, base + 3}, null, "made-up local concept ids"));
  }

  /** Where the ids come from, for notes. */
  String source() {
    return source;
  }

  /** A concept id. */
  long draw(SplittableRandom random) {
    if (ids != null) {
      return ids[random.nextInt(ids.length)];
    }
    long size = set.size();
    boolean zeroFirst = set.nth(0) == 0;
    if (zeroFirst && size > 1) {
      return set.nth(1 + random.nextLong(size - 1));
    }
    return set.nth(random.nextLong(size));
  }

  /**
   * The {@code n}-th id outside the column's concept set (from 1), for planted {@code
   * value.concept} defects: each a different id, since reports sample each id once.
   */
  long outside(int n) {
    long id = 999_999_000L + n;
    while (set != null && set.contains(id)) {
      id += 1000;
    }
    return id;
  }
}
