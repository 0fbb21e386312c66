package org.ehrcontracts.engine.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ContractDifferTest {

  static final String BASE =
      """
      contract: site
      version: 1.0.0
      cdm: 5.3.1
      dialect:
        columnOrder: strict
      conceptSets:
        gender:
          concepts: [8507, 8532, 8551]
      person:
        table: person
        id: person_id
        birth: { year: year_of_birth }
      tables:
        person:
          presence: required
          primaryKey: [person_id]
          columns:
            - { name: person_id, type: integer, required: true }
            - { name: gender_concept_id, type: integer, required: true, concepts: gender }
            - { name: year_of_birth, type: integer, required: true, min: 1900, max: 2100 }
            - { name: person_source_value, type: string, maxLength: 50 }
        visit:
          file: visit.csv
          presence: expected
          primaryKey: [visit_id]
          columns:
            - { name: visit_id, type: integer, required: true }
            - { name: visit_concept_id, type: integer }
            - { name: person_id, type: integer, required: true, references: person.person_id }
            - { name: start_date, type: date, required: true }
            - { name: end_date, type: date }
            - { name: visit_source_value, type: string }
          checks:
            - id: visit.end-before-start
              rule: plausibility.date-order
              assert: end_date >= start_date
      rules:
        key.foreign:
          severity: warning
          threshold: { percent: 1.5 }
      deidentification:
        dates: { columns: all }
        personIds: { replacement: random, crosswalk: per-submission }
        ageLimit: { maxAge: 80, asOf: run-date }
        blank: [person.person_source_value]
        keep: [visit.visit_source_value]
      metrics:
        targets:
          concept-success: { target: 90, severity: warning }
      """;

  @TempDir Path dir;

  private ContractDiff diff(String before, String after) throws Exception {
    Files.writeString(dir.resolve("before.yaml"), before);
    Files.writeString(dir.resolve("after.yaml"), after);
    ContractLoader loader =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()));
    Contract from = loader.load("before.yaml");
    Contract to;
    try {
      to = loader.load("after.yaml");
    } catch (org.ehrcontracts.engine.contract.ContractException e) {
      throw new AssertionError(e.problems().toString(), e);
    }
    return ContractDiffer.diff(from, "git:HEAD:after.yaml", to, "after.yaml");
  }

  /** The console lines of the changes, without the heading and the total. */
  private List<String> lines(String before, String after) throws Exception {
    List<String> lines =
        DiffReport.console(diff(before, after), List.of()).stream()
            .map(l -> (l.level() == null ? "" : l.level().label() + " ") + l.text())
            .toList();
    return lines.subList(1, lines.size() - 1);
  }

  private List<String> edited(String old, String replacement) throws Exception {
    if (!BASE.contains(old)) {
      throw new IllegalArgumentException("not in the base: " + old);
    }
    return lines(BASE, BASE.replace(old, replacement));
  }

  @TestFactory
  Stream<DynamicTest> eachKindOfChangeHasItsLines() {
    return Stream.of(
        change(
            "a column removed",
            "      - { name: visit_concept_id, type: integer }\n",
            "",
            List.of(
                "error after.yaml:22:3: breaking: column visit.visit_concept_id: integer -> absent; files that have it now fail (header.unknown-column) [column.removed]")),
        change(
            "a column added",
            "      - { name: visit_source_value, type: string }\n",
            "      - { name: visit_source_value, type: string }\n      - { name: care_site_id, type: integer }\n",
            List.of(
                "error after.yaml:33:9: breaking: column visit.care_site_id: absent -> integer; files without it now fail (header.missing-column) [column.added]")),
        change(
            "columns reordered under strict order",
            "      - { name: visit_id, type: integer, required: true }\n      - { name: visit_concept_id, type: integer }\n",
            "      - { name: visit_concept_id, type: integer }\n      - { name: visit_id, type: integer, required: true }\n",
            List.of(
                "error after.yaml:22:3: breaking: table visit columns: visit_id, visit_concept_id, person_id, start_date, end_date, visit_source_value -> visit_concept_id, visit_id, person_id, start_date, end_date, visit_source_value; files in the old order now fail (header.order) [column.order]")),
        change(
            "integer to float is wider",
            "{ name: visit_concept_id, type: integer }",
            "{ name: visit_concept_id, type: float }",
            List.of(
                "info after.yaml:28:9: compatible: column visit.visit_concept_id type: integer -> float; every integer value is a float value [column.type]")),
        change(
            "integer to date is narrower",
            "{ name: visit_concept_id, type: integer }",
            "{ name: visit_concept_id, type: date }",
            List.of(
                "error after.yaml:28:9: breaking: column visit.visit_concept_id type: integer -> date; values of the old type may now fail (type.*) [column.type]",
                "error after.yaml:28:9: breaking: deidentification of visit.visit_concept_id: keep -> truncate-date; output made under the old policy may now fail its deid.* rules (date: January 1 of its year) [deid.column]")),
        change(
            "a column made required",
            "{ name: visit_concept_id, type: integer }",
            "{ name: visit_concept_id, type: integer, required: true }",
            List.of(
                "error after.yaml:28:9: breaking: column visit.visit_concept_id required: false -> true; empty values now fail (value.required) [column.required]")),
        change(
            "maxLength lowered",
            "maxLength: 50",
            "maxLength: 40",
            List.of(
                "error after.yaml:21:9: breaking: column person.person_source_value maxLength: 50 -> 40; stricter: longer values now fail (value.length) [column.max-length]")),
        change(
            "maxLength raised",
            "maxLength: 50",
            "maxLength: 60",
            List.of(
                "info after.yaml:21:9: compatible: column person.person_source_value maxLength: 50 -> 60; looser [column.max-length]")),
        change(
            "min raised and max lowered",
            "min: 1900, max: 2100",
            "min: 1910, max: 2050",
            List.of(
                "error after.yaml:20:9: breaking: column person.year_of_birth min: 1900 -> 1910; stricter: values below it now fail (value.range) [column.range]",
                "error after.yaml:20:9: breaking: column person.year_of_birth max: 2100 -> 2050; stricter: values above it now fail (value.range) [column.range]")),
        change(
            "min lowered and max removed",
            "min: 1900, max: 2100",
            "min: 1800",
            List.of(
                "info after.yaml:20:9: compatible: column person.year_of_birth min: 1900 -> 1800; looser [column.range]",
                "info after.yaml:20:9: compatible: column person.year_of_birth max: 2100 -> absent; looser [column.range]")),
        change(
            "a pattern added",
            "{ name: visit_concept_id, type: integer }",
            "{ name: visit_concept_id, type: integer, pattern: \"[1-9][0-9]*\" }",
            List.of(
                "error after.yaml:28:9: breaking: column visit.visit_concept_id pattern: absent -> '[1-9][0-9]*'; values the old pattern took may now fail (value.pattern) [column.pattern]")),
        change(
            "a concept removed from a set",
            "concepts: [8507, 8532, 8551]",
            "concepts: [8507, 8532]",
            List.of(
                "error after.yaml:7:3: breaking: concept set gender: 3 ids -> 2 ids; removed: 8551; rows holding them now fail (value.concept) [concept-set.concepts]",
                "error after.yaml:19:9: breaking: column person.gender_concept_id concepts: 3 ids -> 2 ids; removed: 8551; rows holding them now fail (value.concept) [column.concepts]")),
        change(
            "concepts added to a set",
            "concepts: [8507, 8532, 8551]",
            "concepts: [8507, 8532, 8551, \"2000000000..2000000099\"]",
            List.of(
                "info after.yaml:7:3: compatible: concept set gender: 3 ids -> 103 ids; added: 2000000000..2000000099 [concept-set.concepts]",
                "info after.yaml:19:9: compatible: column person.gender_concept_id concepts: 3 ids -> 103 ids; added: 2000000000..2000000099 [column.concepts]")),
        change(
            "a check added",
            "        assert: end_date >= start_date\n",
            "        assert: end_date >= start_date\n      - id: visit.concept\n        assert: visit_concept_id > 0\n",
            List.of(
                "error after.yaml:37:9: breaking: check visit.concept: absent -> 'visit_concept_id > 0'; rows that break it now fail (check.expression, error) [check.added]")),
        change(
            "a check's expression and severity changed",
            "        assert: end_date >= start_date\n",
            "        assert: end_date > start_date\n        severity: error\n",
            List.of(
                "error after.yaml:34:9: breaking: check visit.end-before-start assert: 'end_date >= start_date' -> 'end_date > start_date'; rows that met the old expression may fail the new one (plausibility.date-order) [check.assert]",
                "error after.yaml:34:9: breaking: check visit.end-before-start severity: warning -> error; raised [check.severity]")),
        change(
            "a check removed",
            "    checks:\n      - id: visit.end-before-start\n        rule: plausibility.date-order\n        assert: end_date >= start_date\n",
            "",
            List.of(
                "info after.yaml:22:3: compatible: check visit.end-before-start: 'end_date >= start_date' -> absent [check.removed]")),
        change(
            "a rule's severity raised",
            "    severity: warning\n    threshold: { percent: 1.5 }",
            "    severity: error\n    threshold: { percent: 1.5 }",
            List.of(
                "error after.yaml:38:3: breaking: rule key.foreign severity: warning -> error; raised [rule.severity]")),
        change(
            "a rule's threshold lowered",
            "    severity: warning\n    threshold: { percent: 1.5 }",
            "    severity: warning\n    threshold: { percent: 0.5 }",
            List.of(
                "error after.yaml:38:3: breaking: rule key.foreign threshold: 1.5% -> 0.5%; stricter: fewer failing rows are tolerated [rule.threshold]")),
        change(
            "a rule turned off",
            "    severity: warning\n    threshold: { percent: 1.5 }",
            "    severity: warning\n    threshold: { percent: 1.5 }\n  plausibility.date-order: off",
            List.of(
                "info after.yaml:41:3: compatible: rule plausibility.date-order: on -> off; its problems no longer count [rule.enabled]")),
        change(
            "a table made required",
            "    presence: expected",
            "    presence: required",
            List.of(
                "error after.yaml:22:3: breaking: table visit: expected -> required; stricter: a missing visit.csv is now an error (file.missing) [table.presence]")),
        change(
            "a table made optional",
            "    presence: expected",
            "    presence: optional",
            List.of(
                "info after.yaml:22:3: compatible: table visit: expected -> optional; looser [table.presence]")),
        change(
            "a primary key over more columns",
            "    primaryKey: [visit_id]",
            "    primaryKey: [visit_id, person_id]",
            List.of(
                "info after.yaml:22:3: compatible: table visit primaryKey: [visit_id] -> [visit_id, person_id]; rows unique before are still unique [key.primary]")),
        change(
            "a primary key over other columns",
            "    primaryKey: [visit_id]",
            "    primaryKey: [visit_concept_id]",
            List.of(
                "error after.yaml:22:3: breaking: table visit primaryKey: [visit_id] -> [visit_concept_id]; rows unique before may now be duplicates (key.duplicate) [key.primary]")),
        change(
            "a foreign key added",
            "{ name: visit_concept_id, type: integer }",
            "{ name: visit_concept_id, type: integer, references: person.person_id }",
            List.of(
                "error after.yaml:28:62: breaking: table visit foreign key: absent -> (visit_concept_id) -> person(person_id); rows referring to missing rows now fail (key.foreign) [key.foreign]",
                "error after.yaml:28:9: breaking: deidentification of visit.visit_concept_id: keep -> replace-person; output made under the old policy may now fail its deid.* rules (person reference: replaced by the person's new number) [deid.column]")),
        change(
            "a blanked column kept",
            "  blank: [person.person_source_value]\n  keep: [visit.visit_source_value]",
            "  keep: [visit.visit_source_value, person.person_source_value]",
            List.of(
                "warning after.yaml:21:9: loosens de-identification: deidentification of person.person_source_value: blank -> keep; more of its values leave (kept by the policy (deidentification.keep)) [deid.column]")),
        change(
            "an older age limit",
            "maxAge: 80",
            "maxAge: 90",
            List.of(
                "warning after.yaml: loosens de-identification: deidentification.ageLimit.maxAge: 80 -> 90; older persons now stay in the output [deid.age-limit]")),
        change(
            "ids kept across submissions",
            "crosswalk: per-submission",
            "crosswalk: persistent",
            List.of(
                "warning after.yaml: loosens de-identification: deidentification.personIds.crosswalk: per-submission -> persistent; a person now keeps the same new id across submissions, which links them [deid.crosswalk]")),
        change(
            "column order by name",
            "  columnOrder: strict",
            "  columnOrder: by-name",
            List.of(
                "info after.yaml: compatible: dialect.columnOrder: strict -> by-name; files that passed still pass [dialect]")),
        change(
            "a line ending required",
            "  columnOrder: strict",
            "  columnOrder: strict\n  lineEnding: crlf",
            List.of(
                "error after.yaml: breaking: dialect.lineEnding: any -> crlf; lines ending otherwise now fail (csv.line-ending) [dialect]")),
        change(
            "a metric target raised, missed as a warning",
            "target: 90, severity: warning",
            "target: 95, severity: warning",
            List.of(
                "error after.yaml:49:5: breaking: metric concept-success: at least 90% (warning) -> at least 95% (warning); stricter; a miss is a warning [metric.target]")),
        change(
            "a metric target raised, missed as an info",
            "target: 90, severity: warning",
            "target: 95, severity: info",
            List.of(
                "info after.yaml:49:5: compatible: metric concept-success: at least 90% (warning) -> at least 95% (info); stricter; a miss is an info: it fails no build [metric.target]")),
        change(
            "a default written out is no change",
            "    presence: required\n",
            "    presence: required\n    identifying: false\n",
            List.of()),
        change(
            "a plausibility bound raised",
            "version: 1.0.0\n",
            "version: 1.0.0\nplausibility:\n  birthYear: { min: 1920 }\n",
            List.of(
                "error after.yaml: breaking: plausibility.birthYear.min: 1900 -> 1920; stricter: earlier years of birth now fail (plausibility.birth-year) [plausibility]")));
  }

  private DynamicTest change(String name, String old, String replacement, List<String> expected) {
    return DynamicTest.dynamicTest(name, () -> assertEquals(expected, edited(old, replacement)));
  }

  @Test
  void sameContractHasNoChange() throws Exception {
    ContractDiff diff = diff(BASE, BASE);
    assertEquals(List.of(), diff.changes());
    assertEquals(
        "No change that can change a verdict: every export is judged alike by both.",
        DiffReport.total(diff));
  }

  @TestFactory
  Stream<DynamicTest> eachOtherPartOfTheModelHasItsLines() {
    String deid = BASE.substring(BASE.indexOf("deidentification:"), BASE.indexOf("metrics:"));
    String note =
        "  note:\n    columns:\n      - { name: note_id, type: integer, required: true }\n";
    return Stream.of(
        change(
            "the CDM label",
            "cdm: 5.3.1",
            "cdm: \"5.4\"",
            false,
            List.of(
                "info after.yaml: compatible: cdm: 5.3.1 -> 5.4; a label: the tables' own changes are listed apart [contract.cdm]")),
        change(
            "a folder rule and a tolerated file added",
            "version: 1.0.0\n",
            "version: 1.0.0\nfiles:\n  folder: \"{date}-v{version}\"\n  tolerated: [ notes.txt ]\n",
            false,
            List.of(
                "error after.yaml: breaking: files.folder: absent -> '{date}-v{version}'; a folder named by the old rule may be refused [files.folder]",
                "info after.yaml: compatible: files.tolerated 'notes.txt': absent -> tolerated [files.tolerated]")),
        change(
            "a folder rule and a tolerated file removed",
            "version: 1.0.0\n",
            "version: 1.0.0\nfiles:\n  folder: \"{date}-v{version}\"\n  tolerated: [ notes.txt ]\n",
            true,
            List.of(
                "error after.yaml: breaking: files.tolerated 'notes.txt': tolerated -> absent; files it matched are now unknown files (file.unknown) [files.tolerated]",
                "info after.yaml: compatible: files.folder: '{date}-v{version}' -> absent; any folder name is taken [files.folder]")),
        change(
            "a death table named",
            "  birth: { year: year_of_birth }\n",
            "  birth: { year: year_of_birth }\n  death: { table: visit, date: end_date }\n",
            false,
            List.of(
                "error after.yaml: breaking: person.death.table: absent -> visit; the plausibility and de-identification rules read other columns [person]",
                "error after.yaml: breaking: person.death.date: absent -> end_date; the plausibility and de-identification rules read other columns [person]")),
        change(
            "a concept set added",
            "    concepts: [8507, 8532, 8551]\n",
            "    concepts: [8507, 8532, 8551]\n  race:\n    concepts: [8527]\n",
            false,
            List.of(
                "info after.yaml:9:3: compatible: concept set race: absent -> 1 id; a column that uses it says so apart [concept-set.added]")),
        change(
            "a concept set removed",
            "    concepts: [8507, 8532, 8551]\n",
            "    concepts: [8507, 8532, 8551]\n  race:\n    concepts: [8527]\n",
            true,
            List.of(
                "info after.yaml: compatible: concept set race: 1 id -> absent; a column that used it says so apart [concept-set.removed]")),
        change(
            "an optional table added",
            "tables:\n",
            "tables:\n" + note,
            false,
            List.of(
                "info after.yaml:14:3: compatible: table note: absent -> optional table, 1 column; an export without note.csv still passes; a file of that name is now checked [table.added]")),
        change(
            "a table removed",
            "tables:\n",
            "tables:\n" + note,
            true,
            List.of(
                "error after.yaml: breaking: table note: optional table, 1 column -> absent; its file note.csv is now an unknown file (file.unknown) [table.removed]")),
        change(
            "a table's file renamed",
            "    file: visit.csv",
            "    file: visit_occurrence.csv",
            false,
            List.of(
                "error after.yaml:22:3: breaking: table visit file: visit.csv -> visit_occurrence.csv; an export with the old name now lacks the file [table.file]")),
        change(
            "short rows allowed",
            "    presence: expected\n",
            "    presence: expected\n    jaggedRows: true\n",
            false,
            List.of(
                "info after.yaml:22:3: compatible: table visit jaggedRows: false -> true; short rows are taken [table.jagged-rows]")),
        change(
            "a table made identifying",
            "    presence: expected\n",
            "    presence: expected\n    identifying: true\n",
            false,
            List.of(
                "error after.yaml:22:3: breaking: table visit identifying: false -> true; ehr:deidentify no longer writes it; de-identified output holding it now fails (deid.identifying-table) [table.identifying]")),
        change(
            "a table no longer identifying",
            "    presence: expected\n",
            "    presence: expected\n    identifying: true\n",
            true,
            List.of(
                "warning after.yaml:22:3: loosens de-identification: table visit identifying: true -> false; ehr:deidentify now writes it to de-identified output [table.identifying]")),
        change(
            "a date form added",
            "{ name: start_date, type: date, required: true }",
            "{ name: start_date, type: date, required: true, formats: [ \"YYYY-MM-DD\", \"YYYYMMDD\" ] }",
            false,
            List.of(
                "info after.yaml:30:9: compatible: column visit.start_date formats: 1 form -> 2 forms; added: 'YYYYMMDD' [column.formats]")),
        change(
            "a date form removed",
            "{ name: start_date, type: date, required: true }",
            "{ name: start_date, type: date, required: true, formats: [ \"YYYY-MM-DD\", \"YYYYMMDD\" ] }",
            true,
            List.of(
                "error after.yaml:30:9: breaking: column visit.start_date formats: 2 forms -> 1 form; removed: 'YYYYMMDD'; values in it now fail (type.date) [column.formats]")),
        change(
            "a column checked against the vocabulary",
            "concepts: gender }",
            "concepts: gender, vocabulary: { domain: Gender, standard: true } }",
            false,
            List.of(
                "error after.yaml:19:9: breaking: column person.gender_concept_id vocabulary: absent -> domain Gender, standard; with a vocabulary, ids not in it now fail (concept.unknown) [column.vocabulary]")),
        change(
            "a check's condition removed",
            "        assert: end_date >= start_date\n",
            "        assert: end_date >= start_date\n        when: visit_concept_id > 0\n",
            true,
            List.of(
                "error after.yaml:34:9: breaking: check visit.end-before-start when: 'visit_concept_id > 0' -> every row; it may apply to rows it did not apply to [check.when]")),
        change(
            "a check under another rule",
            "        rule: plausibility.date-order\n",
            "        rule: check.expression\n",
            false,
            List.of(
                "error after.yaml:34:9: breaking: check visit.end-before-start rule: plausibility.date-order -> check.expression; its problems are now errors [check.rule]")),
        change(
            "the policy removed",
            deid,
            "",
            false,
            List.of(
                "warning after.yaml: loosens de-identification: deidentification: required, persons over 80 removed -> absent; the export is sent identified: ehr:deploy no longer asks for de-identified data [deid.policy]")),
        change(
            "a policy added",
            deid,
            "",
            true,
            List.of(
                "error after.yaml: breaking: deidentification: absent -> required, persons over 80 removed; ehr:deploy now refuses raw data: the export must be de-identified first [deid.policy]")),
        change(
            "another time zone",
            "  blank: [person.person_source_value]\n",
            "  blank: [person.person_source_value]\n  timeZone: America/New_York\n",
            false,
            List.of(
                "error after.yaml: breaking: deidentification.timeZone: UTC -> America/New_York; datetimes written before have another offset (deid.offset) [deid.setting]")),
        change(
            "a later earliest date for the scorecard",
            "metrics:\n",
            "metrics:\n  earliest: 1990-01-01\n",
            false,
            List.of(
                "error after.yaml: breaking: metrics.earliest: 1980-01-01 -> 1990-01-01; the scorecard's figures may change, and a missed target fails [metric.setting]")),
        change(
            "a vocabulary folder and units",
            "version: 1.0.0\n",
            "version: 1.0.0\nvocabulary:\n  folder: vocabulary\n  units:\n    3004249: [8876]\n",
            false,
            List.of(
                "error after.yaml:4:3: breaking: vocabulary.folder: absent -> vocabulary; concept ids are checked against another vocabulary, or none [vocabulary.folder]",
                "error after.yaml:4:3: breaking: vocabulary.units of concept 3004249: absent -> 8876; measurements of it with other units now fail (concept.unit-implausible) [vocabulary.units]")),
        change(
            "a person reference no longer a reference",
            "{ name: visit_concept_id, type: integer }",
            "{ name: visit_concept_id, type: integer, references: person.person_id }",
            true,
            List.of(
                "warning after.yaml:28:9: loosens de-identification: deidentification of visit.visit_concept_id: replace-person -> keep; more of its values leave (integer: kept (a number holds no text)) [deid.column]",
                "info after.yaml:22:3: compatible: table visit foreign key: (visit_concept_id) -> person(person_id) -> absent [key.foreign]")));
  }

  /** A change from the base to its edit, or back when {@code reverse}. */
  private DynamicTest change(
      String name, String old, String replacement, boolean reverse, List<String> expected) {
    return DynamicTest.dynamicTest(
        name,
        () -> {
          String edited = BASE.replace(old, replacement);
          assertEquals(expected, reverse ? lines(edited, BASE) : lines(BASE, edited));
        });
  }
}
