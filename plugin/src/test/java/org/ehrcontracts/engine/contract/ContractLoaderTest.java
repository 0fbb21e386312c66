package org.ehrcontracts.engine.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractLoaderTest {

  private static final Path CONTRACTS = Path.of("src/test/resources/contracts");

  private final ContractLoader loader =
      new ContractLoader(
          new StandardContractSource(CONTRACTS, ContractLoaderTest.class.getClassLoader()));

  @Test
  void loadsEveryPartOfTheLanguage() throws Exception {
    Contract contract = loader.load("good/base.yaml");

    assertEquals("test-base", contract.name());
    assertEquals("1.0.0", contract.version());
    assertEquals(Optional.of("5.3.1"), contract.cdm());
    assertTrue(contract.dialect().quoteAll());
    assertEquals(Dialect.LineEnding.CRLF, contract.dialect().lineEnding());
    assertEquals(List.of("person", "visit"), List.copyOf(contract.tables().keySet()));

    Table person = contract.table("person").orElseThrow();
    assertEquals(Presence.REQUIRED, person.presence());
    assertEquals("person.csv", person.file());
    assertEquals(List.of("person_id"), person.primaryKey());
    Column gender = person.column("gender_concept_id").orElseThrow();
    assertTrue(gender.concepts().orElseThrow().contains(8507));
    assertFalse(gender.concepts().orElseThrow().contains(8508));
    Column race = person.column("race_concept_id").orElseThrow();
    assertTrue(race.concepts().orElseThrow().contains(38003600));
    assertFalse(race.concepts().orElseThrow().contains(38003617));
    assertEquals(50, person.column("person_source_value").orElseThrow().maxLength().getAsInt());
    assertEquals(Optional.of("1900"), person.column("year_of_birth").orElseThrow().min());
    assertEquals(
        List.of("YYYY-MM-DDThh:mm:ss±hh:mm"),
        person.column("birth_datetime").orElseThrow().formats());

    Table visit = contract.table("visit").orElseThrow();
    assertEquals("visit_occurrence.csv", visit.file());
    assertEquals(
        List.of(new ForeignKey(List.of("person_id"), "person", List.of("person_id"), null))
            .get(0)
            .table(),
        visit.foreignKeys().get(0).table());
    assertTrue(
        visit.column("route_concept_id").orElseThrow().concepts().orElseThrow().contains(4112421));
    Check check = visit.checks().get(0);
    assertEquals("plausibility.date-order", check.rule());
    assertEquals("end_date >= start_date", check.assertion());

    RuleSetting foreign = contract.rules().get("key.foreign");
    assertEquals(Optional.of(Severity.WARNING), foreign.severity());
    assertEquals(Optional.of(new Threshold.Percent(1.5)), foreign.threshold());
    assertFalse(contract.rules().get("plausibility.future-date").enabled());
    assertEquals(Optional.of(Severity.INFO), contract.rules().get("file.unknown").severity());

    DeidentificationPolicy deid = contract.deidentification().orElseThrow();
    assertTrue(deid.required());
    assertEquals(
        List.of(new ColumnRef("person", "birth_datetime"), new ColumnRef("visit", "start_date")),
        deid.dateColumns());
    assertEquals(Optional.of(80), deid.maxAge());
    assertEquals(Optional.empty(), deid.asOf());
    assertEquals(List.of(new ColumnRef("person", "person_source_value")), deid.blank());
    assertEquals(64, contract.digest().length());
  }

  @Test
  void childMergesOverItsParent() throws Exception {
    Contract contract = loader.load("good/child.yaml");

    assertEquals("test-child", contract.name());
    assertEquals("2.0.0", contract.version());
    assertEquals(
        List.of("test-base", "test-child"),
        contract.lineage().stream().map(ContractOrigin::name).toList());
    Table person = contract.table("person").orElseThrow();
    assertEquals(
        List.of(
            "row_note",
            "person_id",
            "gender_concept_id",
            "ethnicity_concept_id",
            "year_of_birth",
            "month_of_birth",
            "day_of_birth",
            "birth_datetime",
            "person_source_value"),
        person.columns().stream().map(Column::name).toList());
    Column source = person.column("person_source_value").orElseThrow();
    assertEquals(20, source.maxLength().getAsInt());
    assertEquals(ColumnType.STRING, source.type(), "inherited keys stay");
    Table visit = contract.table("visit").orElseThrow();
    assertEquals(
        List.of("visit.starts-after-1980"), visit.checks().stream().map(Check::id).toList());
    assertEquals(Optional.of(Severity.WARNING), visit.checks().get(0).severity());
    assertTrue(contract.table("location").isPresent());
    assertEquals(Optional.of(Severity.ERROR), contract.rules().get("key.foreign").severity());
    assertEquals(
        Optional.empty(),
        contract.rules().get("key.foreign").threshold(),
        "a rule's settings are replaced as a whole");
    FolderNaming folder = contract.files().folder().orElseThrow();
    assertTrue(folder.matches("2026-11-27-v1"));
    assertFalse(folder.matches("2026-02-30-v1"));
    assertEquals(
        "2026-11-27-v3",
        folder.next(LocalDate.of(2026, 11, 27), List.of("2026-11-27-v1", "2026-11-27-v2", "x")));
  }

  @Test
  void unknownKeysAreLocatedWithAHint() {
    List<Problem> problems = problems("bad/unknown-key.yaml");

    assertEquals(
        List.of(
            "bad/unknown-key.yaml:6:43: error: unknown key 'requird' in a column"
                + " (did you mean 'required'?) [contract.unknown-key]",
            "bad/unknown-key.yaml:7:1: error: unknown key 'dialekt' in the contract"
                + " (did you mean 'dialect'?) [contract.unknown-key]"),
        lines(problems));
  }

  @Test
  void wrongTypesAreLocated() {
    assertEquals(
        List.of(
            "bad/wrong-type.yaml:4:11: error: 'header' must be true or false, but is a string"
                + " [contract.type]",
            "bad/wrong-type.yaml:7:14: error: 'columns' must be a list, but is a string"
                + " [contract.type]"),
        lines(problems("bad/wrong-type.yaml")));
  }

  @Test
  void badYamlIsLocated() {
    List<String> lines = lines(problems("bad/syntax.yaml"));
    assertEquals(1, lines.size());
    assertTrue(
        lines.get(0).startsWith("bad/syntax.yaml:7:8: error: the file is not valid YAML"),
        lines.get(0));
    assertTrue(lines.get(0).endsWith("[contract.syntax]"), lines.get(0));
  }

  @Test
  void badValuesAndReferencesAreAllReported() {
    assertEquals(
        List.of(
            "bad/values.yaml:4:12: error: quoting is one of all, optional, not 'sometimes'"
                + " [contract.invalid-value]",
            "bad/values.yaml:9:34: error: unknown type 'int'; the types are integer, float, date,"
                + " datetime, time, string, text [contract.invalid-value]",
            "bad/values.yaml:10:61: error: no concept set is named 'gendr'"
                + " [contract.unknown-reference]",
            "bad/values.yaml:11:46: error: pattern is not a valid regular expression:"
                + " missing closing ] (RE2 syntax, matched in linear time: no backreferences or look-around)"
                + " [contract.invalid-value]",
            "bad/values.yaml:7:17: error: primary key column 'person_idd' is not a column of"
                + " 'person' [contract.unknown-reference]",
            "bad/values.yaml:12:54: error: the foreign key references table 'visit', which the"
                + " contract lacks [contract.unknown-reference]",
            "bad/values.yaml:14:3: error: no rule or check has the id 'type.dates'"
                + " (did you mean 'type.date'?) [contract.unknown-reference]"),
        lines(problems("bad/values.yaml")));
  }

  @Test
  void aChildsToleratedAddsToTheParentsUnlessItSaysReplace(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("parent.yaml"),
        "contract: parent\nversion: 1.0.0\nfiles: { tolerated: [ note.jsonl, processed.txt ] }\n"
            + "tables:\n  person:\n    columns: [ { name: person_id, type: integer } ]\n");
    Files.writeString(
        dir.resolve("append.yaml"),
        "contract: child\nversion: 1.0.0\nextends: parent.yaml\n"
            + "files: { tolerated: [ site.txt, note.jsonl ] }\n");
    Files.writeString(
        dir.resolve("explicit.yaml"),
        "contract: child\nversion: 1.0.0\nextends: parent.yaml\n"
            + "files: { tolerated: { append: [ site.txt ] } }\n");
    Files.writeString(
        dir.resolve("replace.yaml"),
        "contract: child\nversion: 1.0.0\nextends: parent.yaml\n"
            + "files: { tolerated: { replace: [ site.txt ] } }\n");
    Files.writeString(
        dir.resolve("typo.yaml"),
        "contract: child\nversion: 1.0.0\nextends: parent.yaml\n"
            + "files: { tolerated: { apend: [ site.txt ] } }\n");
    ContractLoader loader =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()));
    assertEquals(
        List.of("note.jsonl", "processed.txt", "site.txt"),
        loader.load("append.yaml").files().tolerated());
    assertEquals(
        List.of("note.jsonl", "processed.txt", "site.txt"),
        loader.load("explicit.yaml").files().tolerated());
    assertEquals(List.of("site.txt"), loader.load("replace.yaml").files().tolerated());
    // A root contract may use the explicit form too: there is nothing to append to.
    ContractException typo = assertThrows(ContractException.class, () -> loader.load("typo.yaml"));
    assertEquals(
        List.of(
            "typo.yaml:4:23: error: unknown key 'apend' in 'tolerated'; a list merges with append:"
                + " or replace: (did you mean 'append'?) [contract.unknown-key]"),
        lines(typo.problems()));
  }

  @Test
  void aProblemOfWhatTheParentDeclaredPointsAtTheParent(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("parent.yaml"),
        "contract: parent\nversion: 1.0.0\ntables:\n  visit:\n    columns:\n"
            + "      - { name: start_date, type: date }\n"
            + "    checks:\n      - { id: visit.a, assert: \"start_dat > '2000-01-01'\" }\n"
            + "      - { id: visit.b, assert: \"start_date > '2000-01-01'\" }\n");
    Files.writeString(
        dir.resolve("child.yaml"),
        "contract: child\nversion: 1.0.0\nextends: parent.yaml\ntables:\n  visit:\n"
            + "    columns:\n      - { name: start_date, required: true }\n"
            + "    checks:\n      - { id: visit.a, severity: warning }\n"
            + "      - { id: visit.b, assert: \"start_date > '2000-01-0'\" }\n");
    ContractLoader loader =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()));
    ContractException e = assertThrows(ContractException.class, () -> loader.load("child.yaml"));
    // The assert the child left alone is the parent's; the one it rewrote is its own.
    assertEquals(
        List.of(
            "parent.yaml:8:9: error: check 'visit.a': assert does not compile at character 1:"
                + " unknown column 'start_dat'; did you mean 'start_date'? [contract.expression]",
            "child.yaml:10:9: error: check 'visit.b': assert does not compile at character 14:"
                + " the string '2000-01-0' is not a date or datetime; write it as '2017-01-01' or"
                + " '2017-01-01T10:00:00Z' [contract.expression]"),
        lines(e.problems()));
  }

  @Test
  void anInheritedItemIsLocatedInTheParentAndWhatTheChildChangedInTheChild() throws Exception {
    Contract alpha =
        new ContractLoader(new StandardContractSource(Path.of("."), getClass().getClassLoader()))
            .load("aou-ehr-alpha");
    Table person = alpha.tables().get("person");
    // aou-ehr-alpha changes person's columns, but the table is omop-base's: a missing
    // person.csv is reported where omop-base declares it.
    assertEquals("ehr/contracts/omop-base.yaml:112:3", person.at().toString());
    Column month = person.columns().get(person.indexOf("month_of_birth"));
    assertEquals("ehr/contracts/omop-base.yaml:120:9", month.at().toString());
    assertEquals(
        "ehr/contracts/omop-base.yaml:120:9",
        month.at(org.ehrcontracts.engine.problem.Rule.TYPE_INTEGER).toString());
    assertEquals(
        "ehr/contracts/aou-ehr-alpha.yaml:43:9",
        month.at(org.ehrcontracts.engine.problem.Rule.VALUE_REQUIRED).toString());
  }

  @Test
  void extendsCyclesAreCaught() {
    List<Problem> problems = problems("bad/cycle-a.yaml");
    assertEquals(1, problems.size());
    assertEquals("contract.extends-cycle", problems.get(0).rule());
    assertEquals("bad/cycle-b.yaml:3:10", problems.get(0).at().toString());
  }

  @Test
  void aliasBombsAndTagsAreRefused() {
    Problem laughs = problems("bad/billion-laughs.yaml").get(0);
    assertEquals("contract.syntax", laughs.rule());
    Problem tag = problems("bad/tag.yaml").get(0);
    assertEquals("contract.syntax", tag.rule());
    assertTrue(tag.message().contains("tag"), tag.message());
  }

  @Test
  void conceptFilesAreReadAsCsvAndWrongOnesLocatedByLine() {
    // quoted.csv has a byte order mark, a quoted header, a blank line, spaces around an id, and a
    // quoted name with a comma and a line break; none of it is wrong.
    assertEquals(
        List.of(
            "concepts/wrong.csv:4:1: error: concept_id must be a whole number"
                + " [contract.invalid-value]",
            "concepts/wrong.csv:5:1: error: concept_id must be a whole number"
                + " [contract.invalid-value]",
            "concepts/broken.csv:2:1: error: a concept file must be CSV: a quote is not closed,"
                + " or text follows one [contract.invalid-value]",
            "concepts/unnamed.csv:1:1: error: a concept file's first column must be named"
                + " concept_id [contract.invalid-value]"),
        lines(problems("bad/concept-files.yaml")).stream()
            .map(l -> l.substring(l.indexOf("concepts/")))
            .toList());
  }

  @Test
  void missingContractsAreNamed() {
    Problem byName = problems("no-such-contract").get(0);
    assertEquals("contract.not-found", byName.rule());
    assertTrue(byName.message().contains("no shipped contract is named 'no-such-contract'"));
    Problem byPath = problems("nowhere/x.yaml").get(0);
    assertEquals("no contract file at 'nowhere/x.yaml'", byPath.message());
  }

  private List<Problem> problems(String reference) {
    return assertThrows(ContractException.class, () -> loader.load(reference)).problems();
  }

  private static List<String> lines(List<Problem> problems) {
    return problems.stream().map(Problem::format).toList();
  }
}
