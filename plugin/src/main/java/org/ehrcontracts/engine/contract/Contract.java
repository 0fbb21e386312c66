package org.ehrcontracts.engine.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, merged and checked contract.
 *
 * @param name the contract's name
 * @param version its version
 * @param description what it is for
 * @param cdm the OMOP CDM version its tables follow
 * @param lineage the files it is made of, from the furthest ancestor to itself
 * @param digest the SHA-256 (hex) of every file it is made of, concept files included
 * @param files the file layout
 * @param dialect the CSV dialect
 * @param conceptSets the named concept sets
 * @param person where persons, birth and death live
 * @param tables the tables in declaration order
 * @param rules contract-wide rule settings by rule or check id
 * @param plausibility parameters of the plausibility rules
 * @param deidentification the de-identification policy, if the export is to be de-identified
 * @param vocabulary where the site's vocabulary is, and the plausible units of measurements
 * @param metrics the DRC scorecard's metrics and targets (since 0.2.0)
 * @param lookups the lookups by name (since 0.3.0)
 * @param references the other tables' columns that checks read, numbered by their ids (since 0.3.0)
 * @param rowChange how much each table's rows may change since the last upload (since 0.2.0)
 * @since 0.1.0
 */
public record Contract(
    String name,
    String version,
    Optional<String> description,
    Optional<String> cdm,
    List<ContractOrigin> lineage,
    String digest,
    FileLayout files,
    Dialect dialect,
    Map<String, ConceptSet> conceptSets,
    PersonModel person,
    Map<String, Table> tables,
    Map<String, RuleSetting> rules,
    Plausibility plausibility,
    Optional<DeidentificationPolicy> deidentification,
    Optional<VocabularySettings> vocabulary,
    MetricSettings metrics,
    Map<String, Lookup> lookups,
    List<TableReference> references,
    RowChange.Settings rowChange) {

  /** Copies the collections, keeping the tables' order. */
  public Contract {
    lineage = List.copyOf(lineage);
    conceptSets = Map.copyOf(conceptSets);
    tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
    rules = Map.copyOf(rules);
    lookups = Map.copyOf(lookups);
    references = List.copyOf(references);
  }

  /** The same contract with other (compiled) tables. */
  Contract withTables(Map<String, Table> compiledTables, List<TableReference> read) {
    return new Contract(
        name,
        version,
        description,
        cdm,
        lineage,
        digest,
        files,
        dialect,
        conceptSets,
        person,
        compiledTables,
        rules,
        plausibility,
        deidentification,
        vocabulary,
        metrics,
        lookups,
        read,
        rowChange);
  }

  /** The table of that name, if any. */
  public Optional<Table> table(String tableName) {
    return Optional.ofNullable(tables.get(tableName));
  }

  /** The table whose file has that name, if any. */
  public Optional<Table> tableForFile(String fileName) {
    return tables.values().stream().filter(t -> t.file().equals(fileName)).findFirst();
  }
}
