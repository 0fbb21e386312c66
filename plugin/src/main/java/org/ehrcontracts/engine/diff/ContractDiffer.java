package org.ehrcontracts.engine.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.ehrcontracts.engine.contract.ConceptSet;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.contract.FolderNaming;
import org.ehrcontracts.engine.contract.PersonModel;
import org.ehrcontracts.engine.contract.Plausibility;
import org.ehrcontracts.engine.contract.VocabularySettings;

/**
 * Compares two loaded contracts (their {@code extends:} chains merged, as the loader gives them)
 * part by part, and judges each change from the side of a site whose export passed under the older
 * one: a change is breaking when such an export may now fail, whatever {@code failOn} the site uses
 * (a warning raised to an error breaks {@code failOn=error}; an info raised to a warning breaks
 * {@code failOn=warning}).
 *
 * <p>Names, versions and descriptions are not changes: they change no verdict. Rule notes are not
 * either.
 *
 * @since 0.2.0
 */
public final class ContractDiffer {

  private ContractDiffer() {}

  /**
   * Every change from {@code from} to {@code to}.
   *
   * @param from the older contract, loaded
   * @param fromReference how the user named it
   * @param to the newer contract, loaded
   * @param toReference how the user named it
   * @return the changes, breaking first
   */
  public static ContractDiff diff(
      Contract from, String fromReference, Contract to, String toReference) {
    Changes changes = new Changes();
    if (!Objects.equals(from.cdm(), to.cdm())) {
      changes.add(
          ChangeKind.CONTRACT_CDM,
          Impact.COMPATIBLE,
          "cdm",
          from.cdm().orElse(Changes.ABSENT),
          to.cdm().orElse(Changes.ABSENT),
          "a label: the tables' own changes are listed apart",
          null);
    }
    files(from, to, changes);
    dialect(from.dialect(), to.dialect(), changes);
    person(from.person(), to.person(), changes);
    plausibility(from.plausibility(), to.plausibility(), changes);
    conceptSets(from.conceptSets(), to.conceptSets(), changes);
    TableDiffer.diff(from, to, changes);
    SettingDiffer.rules(from, to, changes);
    PolicyDiffer.diff(from, to, changes);
    SettingDiffer.metrics(from, to, changes);
    vocabulary(from.vocabulary(), to.vocabulary(), changes);
    return new ContractDiff(side(fromReference, from), side(toReference, to), changes.list());
  }

  private static ContractDiff.Side side(String reference, Contract contract) {
    return new ContractDiff.Side(reference, contract.name(), contract.version(), contract.digest());
  }

  private static void files(Contract from, Contract to, Changes changes) {
    Optional<String> before = from.files().folder().map(FolderNaming::template);
    Optional<String> after = to.files().folder().map(FolderNaming::template);
    if (!before.equals(after)) {
      changes.stricterIf(
          after.isPresent(),
          ChangeKind.FILES_FOLDER,
          "files.folder",
          before.map(t -> "'" + t + "'").orElse(Changes.ABSENT),
          after.map(t -> "'" + t + "'").orElse(Changes.ABSENT),
          "a folder named by the old rule may be refused",
          "any folder name is taken",
          null);
    }
    for (String glob : from.files().tolerated()) {
      if (!to.files().tolerated().contains(glob)) {
        changes.add(
            ChangeKind.FILES_TOLERATED,
            Impact.BREAKING,
            "files.tolerated '" + glob + "'",
            "tolerated",
            Changes.ABSENT,
            "files it matched are now unknown files (file.unknown)",
            null);
      }
    }
    for (String glob : to.files().tolerated()) {
      if (!from.files().tolerated().contains(glob)) {
        changes.add(
            ChangeKind.FILES_TOLERATED,
            Impact.COMPATIBLE,
            "files.tolerated '" + glob + "'",
            Changes.ABSENT,
            "tolerated",
            "",
            null);
      }
    }
  }

  private static void dialect(Dialect from, Dialect to, Changes changes) {
    if (from.delimiter() != to.delimiter()) {
      changes.add(
          ChangeKind.DIALECT,
          Impact.BREAKING,
          "dialect.delimiter",
          quoted(from.delimiter()),
          quoted(to.delimiter()),
          "every file written with the old one fails",
          null);
    }
    if (from.quote() != to.quote()) {
      changes.add(
          ChangeKind.DIALECT,
          Impact.BREAKING,
          "dialect.quote",
          quoted(from.quote()),
          quoted(to.quote()),
          "quoted fields are read otherwise",
          null);
    }
    flag(changes, "dialect.quoting", from.quoteAll(), to.quoteAll(), "all", "optional", true);
    flag(changes, "dialect.header", from.header(), to.header(), "true", "false", null);
    flag(
        changes,
        "dialect.columnOrder",
        from.strictColumnOrder(),
        to.strictColumnOrder(),
        "strict",
        "by-name",
        true);
    if (from.lineEnding() != to.lineEnding()) {
      boolean looser = to.lineEnding() == Dialect.LineEnding.ANY;
      changes.stricterIf(
          !looser,
          ChangeKind.DIALECT,
          "dialect.lineEnding",
          word(from.lineEnding()),
          word(to.lineEnding()),
          "lines ending otherwise now fail (csv.line-ending)",
          "any line ending is taken",
          null);
    }
    flag(changes, "dialect.bom", from.bomAllowed(), to.bomAllowed(), "allowed", "forbidden", false);
    flag(changes, "dialect.jaggedRows", from.jaggedRows(), to.jaggedRows(), "true", "false", false);
    flag(
        changes,
        "dialect.embeddedNewlines",
        from.embeddedNewlines(),
        to.embeddedNewlines(),
        "true",
        "false",
        false);
    flag(changes, "dialect.blankLines", from.blankLines(), to.blankLines(), "true", "false", false);
  }

  /**
   * A boolean setting: breaking when it becomes {@code strictWhen}, compatible when it leaves it;
   * breaking both ways when {@code strictWhen} is null.
   */
  private static void flag(
      Changes changes,
      String subject,
      boolean from,
      boolean to,
      String trueWord,
      String falseWord,
      Boolean strictWhen) {
    if (from == to) {
      return;
    }
    boolean stricter = strictWhen == null || to == strictWhen;
    changes.stricterIf(
        stricter,
        ChangeKind.DIALECT,
        subject,
        from ? trueWord : falseWord,
        to ? trueWord : falseWord,
        strictWhen == null ? "files are read otherwise" : "files that passed may now fail",
        "files that passed still pass",
        null);
  }

  private static void person(PersonModel from, PersonModel to, Changes changes) {
    List<String[]> parts = new ArrayList<>();
    parts.add(new String[] {"person.table", from.table(), to.table()});
    parts.add(new String[] {"person.id", from.id(), to.id()});
    parts.add(new String[] {"person.birth.year", opt(from.birthYear()), opt(to.birthYear())});
    parts.add(new String[] {"person.birth.month", opt(from.birthMonth()), opt(to.birthMonth())});
    parts.add(new String[] {"person.birth.day", opt(from.birthDay()), opt(to.birthDay())});
    parts.add(
        new String[] {"person.birth.datetime", opt(from.birthDatetime()), opt(to.birthDatetime())});
    parts.add(new String[] {"person.death.table", opt(from.deathTable()), opt(to.deathTable())});
    parts.add(new String[] {"person.death.date", opt(from.deathDate()), opt(to.deathDate())});
    for (String[] part : parts) {
      if (!part[1].equals(part[2])) {
        changes.add(
            ChangeKind.PERSON,
            Impact.BREAKING,
            part[0],
            part[1],
            part[2],
            "the plausibility and de-identification rules read other columns",
            null);
      }
    }
  }

  private static void plausibility(Plausibility from, Plausibility to, Changes changes) {
    if (from.birthYearMin() != to.birthYearMin()) {
      changes.stricterIf(
          to.birthYearMin() > from.birthYearMin(),
          ChangeKind.PLAUSIBILITY,
          "plausibility.birthYear.min",
          Integer.toString(from.birthYearMin()),
          Integer.toString(to.birthYearMin()),
          "stricter: earlier years of birth now fail (plausibility.birth-year)",
          "looser",
          null);
    }
    if (from.birthYearMinAge() != to.birthYearMinAge()) {
      changes.stricterIf(
          to.birthYearMinAge() > from.birthYearMinAge(),
          ChangeKind.PLAUSIBILITY,
          "plausibility.birthYear.minAge",
          Integer.toString(from.birthYearMinAge()),
          Integer.toString(to.birthYearMinAge()),
          "stricter: younger persons now fail (plausibility.birth-year)",
          "looser",
          null);
    }
    if (from.afterDeathGraceDays() != to.afterDeathGraceDays()) {
      changes.stricterIf(
          to.afterDeathGraceDays() < from.afterDeathGraceDays(),
          ChangeKind.PLAUSIBILITY,
          "plausibility.afterDeath.graceDays",
          Integer.toString(from.afterDeathGraceDays()),
          Integer.toString(to.afterDeathGraceDays()),
          "stricter: events closer to death now fail (plausibility.after-death)",
          "looser",
          null);
    }
  }

  private static void conceptSets(
      Map<String, ConceptSet> from, Map<String, ConceptSet> to, Changes changes) {
    for (String name : new TreeMap<>(from).keySet()) {
      ConceptSet before = from.get(name);
      ConceptSet after = to.get(name);
      if (after == null) {
        changes.add(
            ChangeKind.CONCEPT_SET_REMOVED,
            Impact.COMPATIBLE,
            "concept set " + name,
            ConceptIds.count(before),
            Changes.ABSENT,
            "a column that used it says so apart",
            null);
      } else {
        ConceptIds.compare(
            ChangeKind.CONCEPT_SET_CONCEPTS,
            "concept set " + name,
            before,
            after,
            after.at(),
            changes);
      }
    }
    for (String name : new TreeMap<>(to).keySet()) {
      if (!from.containsKey(name)) {
        changes.add(
            ChangeKind.CONCEPT_SET_ADDED,
            Impact.COMPATIBLE,
            "concept set " + name,
            Changes.ABSENT,
            ConceptIds.count(to.get(name)),
            "a column that uses it says so apart",
            to.get(name).at());
      }
    }
  }

  private static void vocabulary(
      Optional<VocabularySettings> from, Optional<VocabularySettings> to, Changes changes) {
    Optional<String> before = from.flatMap(VocabularySettings::folder);
    Optional<String> after = to.flatMap(VocabularySettings::folder);
    if (!before.equals(after)) {
      changes.add(
          ChangeKind.VOCABULARY_FOLDER,
          Impact.BREAKING,
          "vocabulary.folder",
          before.orElse(Changes.ABSENT),
          after.orElse(Changes.ABSENT),
          "concept ids are checked against another vocabulary, or none",
          to.map(VocabularySettings::at).orElse(null));
    }
    Map<Long, List<Long>> unitsBefore = from.map(VocabularySettings::units).orElse(Map.of());
    Map<Long, List<Long>> unitsAfter = to.map(VocabularySettings::units).orElse(Map.of());
    java.util.SortedSet<Long> concepts = new java.util.TreeSet<>(unitsBefore.keySet());
    concepts.addAll(unitsAfter.keySet());
    for (Long concept : concepts) {
      List<Long> was = unitsBefore.get(concept);
      List<Long> now = unitsAfter.get(concept);
      if (Objects.equals(was == null ? null : sorted(was), now == null ? null : sorted(now))) {
        continue;
      }
      String subject = "vocabulary.units of concept " + concept;
      if (was == null) {
        changes.add(
            ChangeKind.VOCABULARY_UNITS,
            Impact.BREAKING,
            subject,
            Changes.ABSENT,
            ids(now),
            "measurements of it with other units now fail (concept.unit-implausible)",
            to.get().at());
      } else if (now == null) {
        changes.add(
            ChangeKind.VOCABULARY_UNITS,
            Impact.COMPATIBLE,
            subject,
            ids(was),
            Changes.ABSENT,
            "its units are no longer checked",
            to.map(VocabularySettings::at).orElse(null));
      } else {
        List<Long> removed = new ArrayList<>(sorted(was));
        removed.removeAll(now);
        List<Long> added = new ArrayList<>(sorted(now));
        added.removeAll(was);
        changes.stricterIf(
            !removed.isEmpty(),
            ChangeKind.VOCABULARY_UNITS,
            subject,
            ids(was),
            ids(now),
            "units removed: " + ids(removed) + " (concept.unit-implausible)",
            "units added: " + ids(added),
            to.get().at());
      }
    }
  }

  private static List<Long> sorted(List<Long> ids) {
    return ids.stream().sorted().distinct().toList();
  }

  private static String ids(List<Long> ids) {
    return String.join(", ", sorted(ids).stream().map(String::valueOf).toList());
  }

  private static String opt(Optional<String> value) {
    return value.orElse(Changes.ABSENT);
  }

  private static String quoted(char c) {
    return c == '\t' ? "'\\t'" : "'" + c + "'";
  }

  private static String word(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }
}
