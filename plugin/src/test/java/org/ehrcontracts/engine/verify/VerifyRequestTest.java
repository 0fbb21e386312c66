package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.junit.jupiter.api.Test;

/** A request's builder, its defaults and its {@code with} copies. */
class VerifyRequestTest {

  private static final Path EXPORT = Path.of("export");

  private static Contract contract() throws Exception {
    return new ContractLoader(
            new StandardContractSource(Path.of("."), VerifyRequestTest.class.getClassLoader()))
        .load("aou-ehr-alpha");
  }

  @Test
  void theBuilderStartsFromTheDefaultsOfOf() throws Exception {
    Contract contract = contract();
    LocalDate before = LocalDate.now();
    VerifyRequest built = VerifyRequest.builder(contract, EXPORT).build();
    VerifyRequest of = VerifyRequest.of(contract, EXPORT);
    LocalDate after = LocalDate.now();
    // Today, read when the builder was made (a run at midnight may see two days).
    assertFalse(built.asOf().isBefore(before) || built.asOf().isAfter(after), built::toString);
    assertEquals(of.toBuilder().asOf(built.asOf()).build(), built);
    assertFalse(built.deidentified());
    assertEquals(Runtime.getRuntime().availableProcessors(), built.threads());
    assertEquals(100, built.samples());
    assertEquals(Set.of(), built.onlyRules());
    assertEquals(Set.of(), built.skipRules());
    assertEquals("dev", built.toolVersion());
    assertEquals(Optional.empty(), built.crosswalk());
    assertEquals(Optional.empty(), built.vocabulary());
    assertEquals(Optional.empty(), built.concepts());
    assertEquals(Memory.defaults(), built.memory());
    assertEquals(Optional.empty(), built.previousUpload());
  }

  @Test
  void theConstructorsAndTheBuilderMakeTheSameRequest() throws Exception {
    Contract contract = contract();
    LocalDate asOf = LocalDate.of(2017, 12, 1);
    VerifyRequest constructed =
        new VerifyRequest(
            contract,
            EXPORT,
            asOf,
            true,
            3,
            7,
            Set.of("type"),
            Set.of("value.range"),
            "1.2.3",
            Optional.of(Path.of("crosswalk.csv")));
    VerifyRequest built =
        VerifyRequest.builder(contract, EXPORT)
            .asOf(asOf)
            .deidentified(true)
            .threads(3)
            .samples(7)
            .onlyRules(Set.of("type"))
            .skipRules(Set.of("value.range"))
            .toolVersion("1.2.3")
            .crosswalk(Optional.of(Path.of("crosswalk.csv")))
            .build();
    assertEquals(built, constructed);
    assertEquals(built, constructed.toBuilder().build());
    assertEquals(
        new VerifyRequest(
            contract, EXPORT, asOf, true, 3, 7, Set.of("type"), Set.of("value.range"), "1.2.3"),
        built.toBuilder().crosswalk(Optional.empty()).build());
  }

  @Test
  void aWithCopyChangesOnlyItsPart() throws Exception {
    Memory budget = new Memory(1 << 20, "1m", Optional.empty());
    PreviousUpload upload =
        new PreviousUpload("receipt.json", "2026-06-30-v1", "2026-06-30", Map.of("person", 4L));
    VerifyRequest request =
        VerifyRequest.builder(contract(), EXPORT)
            .asOf(LocalDate.of(2017, 12, 1))
            .samples(9)
            .memory(budget)
            .previousUpload(upload)
            .build();
    VerifyRequest crosswalked = request.withCrosswalk(Path.of("x.csv"));
    assertEquals(Optional.of(Path.of("x.csv")), crosswalked.crosswalk());
    assertEquals(request, crosswalked.toBuilder().crosswalk(Optional.empty()).build());
    VerifyRequest smaller = crosswalked.withMemory(Memory.defaults());
    assertEquals(Memory.defaults(), smaller.memory());
    assertEquals(Optional.of(upload), smaller.previousUpload());
    assertEquals(Optional.of(Path.of("x.csv")), smaller.crosswalk());
    assertEquals(9, smaller.samples());
    assertTrue(request.withPreviousUpload(upload).previousUpload().isPresent());
  }

  @Test
  void theBuilderChecksAsTheRecordDoes() throws Exception {
    VerifyRequest.Builder builder = VerifyRequest.builder(contract(), EXPORT);
    assertEquals(
        "threads and samples must be at least 1",
        assertThrows(IllegalArgumentException.class, () -> builder.threads(0).build())
            .getMessage());
    assertEquals(
        "asOf",
        assertThrows(NullPointerException.class, () -> builder.threads(1).asOf(null).build())
            .getMessage());
  }
}
