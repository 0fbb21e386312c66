package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;

/** A small synthetic export and contract in a temporary folder, and runs over them. */
final class DeidFixture {

  /** A contract with optional quoting, any line ending, and every datetime form the tests use. */
  static final String CONTRACT =
      """
      contract: deid-test
      version: 1.0.0
      dialect: { quoting: optional, lineEnding: any }
      formats:
        date: [ "YYYY-MM-DD" ]
        datetime: [ "YYYY-MM-DDThh:mm:ss[.f]±hh:mm", "YYYY-MM-DDThh:mm:ss[.f]Z", "YYYY-MM-DD hh:mm:ss[.f]" ]
      person:
        table: person
        id: person_id
        birth: { year: year_of_birth, month: month_of_birth, day: day_of_birth, datetime: birth_datetime }
      tables:
        person:
          presence: required
          primaryKey: [ person_id ]
          columns:
            - { name: person_id, type: integer, required: true }
            - { name: year_of_birth, type: integer }
            - { name: month_of_birth, type: integer }
            - { name: day_of_birth, type: integer }
            - { name: birth_datetime, type: datetime }
            - { name: person_source_value, type: string }
        visit:
          file: visit.csv
          primaryKey: [ visit_id ]
          columns:
            - { name: visit_id, type: integer, required: true }
            - { name: person_id, type: integer, required: true, references: person.person_id }
            - { name: start_date, type: date }
            - { name: start_datetime, type: datetime }
            - { name: note, type: string }
        observation:
          file: observation.csv
          columns:
            - { name: observation_id, type: integer, required: true }
            - { name: person_id, type: integer, required: true, references: person.person_id }
            - { name: visit_id, type: integer, references: visit.visit_id }
            - { name: observation_date, type: date }
      deidentification:
        dates: { columns: all }
        personIds: { replacement: random, crosswalk: %s, digits: 6 }
        ageLimit: { maxAge: 80, asOf: run-date }
        timeZone: America/New_York
        keep: [ visit.note ]
        blank: [ person.person_source_value ]
      """;

  static final String PERSON_HEADER =
      "person_id,year_of_birth,month_of_birth,day_of_birth,birth_datetime,person_source_value\n";
  static final String VISIT_HEADER = "visit_id,person_id,start_date,start_datetime,note\n";
  static final String OBSERVATION_HEADER = "observation_id,person_id,visit_id,observation_date\n";

  final Path root;
  final Path export;
  final Path output;
  final Path crosswalk;
  private String crosswalkMode = "persistent";
  private String contractText;

  DeidFixture(Path root) throws IOException {
    this.root = root;
    this.export = root.resolve("in/export");
    this.output = root.resolve("out/export");
    this.crosswalk = root.resolve("private/export.crosswalk.csv");
    Files.createDirectories(export);
  }

  DeidFixture perSubmission() {
    crosswalkMode = "per-submission";
    return this;
  }

  DeidFixture contract(String text) {
    contractText = text;
    return this;
  }

  DeidFixture file(String name, String content) throws IOException {
    Files.writeString(export.resolve(name), content, StandardCharsets.UTF_8);
    return this;
  }

  DeidFixture persons(String... rows) throws IOException {
    return file("person.csv", PERSON_HEADER + String.join("", rows));
  }

  DeidFixture visits(String... rows) throws IOException {
    return file("visit.csv", VISIT_HEADER + String.join("", rows));
  }

  DeidFixture observations(String... rows) throws IOException {
    return file("observation.csv", OBSERVATION_HEADER + String.join("", rows));
  }

  Contract loadContract() throws Exception {
    Path file = root.resolve("contract.yaml");
    Files.writeString(
        file, contractText != null ? contractText : CONTRACT.formatted(crosswalkMode));
    return new ContractLoader(new StandardContractSource(root, getClass().getClassLoader()))
        .load("contract.yaml");
  }

  /** A request with a fixed reference date, no verification, and the given id source. */
  DeidRequest request(LocalDate asOf, RandomIds ids) throws Exception {
    return DeidRequest.of(loadContract(), export, output, crosswalk)
        .withAsOf(asOf)
        .withIds(ids)
        .withVerify(false);
  }

  DeidResult run(DeidRequest request) throws Exception {
    return new Deidentifier(DiagnosticsListener.silent()).deidentify(request);
  }

  DeidResult run(LocalDate asOf) throws Exception {
    return run(request(asOf, RandomIds.secure()));
  }

  String out(String name) throws IOException {
    return Files.readString(output.resolve(name), StandardCharsets.UTF_8);
  }

  List<String> outLines(String name) throws IOException {
    return List.of(out(name).split("\n", -1));
  }

  /** The crosswalk as original id to new id. */
  Map<Long, Long> crosswalk() throws IOException {
    Map<Long, Long> map = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(crosswalk);
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(",");
      map.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
    return map;
  }

  /** Every file and folder under the root's out folder, as relative paths. */
  List<String> outTree() throws IOException {
    try (Stream<Path> walk = Files.walk(root.resolve("out"))) {
      return walk.map(p -> root.resolve("out").relativize(p).toString())
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** An id source that gives the numbers in order, then fails the test. */
  static RandomIds sequence(long... numbers) {
    Deque<Long> queue = new ArrayDeque<>();
    for (long n : numbers) {
      queue.add(n);
    }
    return (min, max) -> {
      if (queue.isEmpty()) {
        throw new AssertionError("the id source ran dry");
      }
      return queue.poll();
    };
  }
}
