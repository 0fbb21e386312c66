package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.cursors.LongIntCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ConceptColumn;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.vocab.Vocabulary;

/**
 * The concepts of a whole file that break the rules {@link ConceptChecks} counts by concept, merged
 * from its parts in file order, and the file's problems made of them: one per rule, column and
 * concept, at the concept's first line, with its rows ("concept 38000230 ... in 675 rows").
 */
final class ConceptTally {

  private final TablePlan plan;
  private final int[] fieldOf;
  private final ConceptChecks.Offenders[][] offenders;
  private final long[] zeroRows;
  private final long[] zeroDenominators;

  ConceptTally(TablePlan plan, int[] fieldOf) {
    this.plan = plan;
    this.fieldOf = fieldOf;
    offenders = new ConceptChecks.Offenders[ConceptChecks.GROUPED.size()][plan.columns.length];
    zeroRows = new long[plan.columns.length];
    zeroDenominators = new long[plan.columns.length];
  }

  /** Adds a part's concepts, whose lines are {@code lineOffset} down in the file. */
  void absorb(ConceptChecks part, long lineOffset) {
    for (int g = 0; g < offenders.length; g++) {
      for (int c = 0; c < offenders[g].length; c++) {
        ConceptChecks.Offenders theirs = part.offenders[g][c];
        if (theirs == null) {
          continue;
        }
        ConceptChecks.Offenders mine = offenders[g][c];
        if (mine == null) {
          mine = offenders[g][c] = new ConceptChecks.Offenders();
        }
        for (LongIntCursor cursor : theirs.rows) {
          if (mine.rows.addTo(cursor.key, cursor.value) == cursor.value) {
            mine.firstLines.put(cursor.key, theirs.firstLines.get(cursor.key) + lineOffset);
          }
        }
      }
    }
    for (int c = 0; c < zeroRows.length; c++) {
      zeroRows[c] += part.zeroRows[c];
      zeroDenominators[c] += part.zeroDenominators[c];
    }
  }

  /** Puts the file's concept problems among its others (already counted by the parts). */
  void report(ProblemCollector problems, int samples) {
    Vocabulary vocabulary = plan.request.vocabulary().orElse(null);
    for (int g = 0; g < offenders.length; g++) {
      Rule rule = ConceptChecks.GROUPED.get(g);
      Severity severity = plan.severity(rule);
      if (severity == null) {
        continue;
      }
      List<Problem> found = new ArrayList<>();
      for (int c = 0; c < offenders[g].length; c++) {
        ConceptChecks.Offenders group = offenders[g][c];
        if (group == null) {
          continue;
        }
        Column column = plan.columns[c];
        for (LongIntCursor cursor : group.rows) {
          found.add(
              new Problem(
                  rule,
                  severity,
                  Location.of(plan.file, group.firstLines.get(cursor.key), fieldOf[c] + 1),
                  Optional.of(column.name()),
                  Optional.of(column.at(rule)),
                  message(rule, column, cursor.key, cursor.value, vocabulary)));
        }
      }
      // The first lines first, then the most rows; at most the samples the others keep.
      found.sort(java.util.Comparator.comparingLong((Problem p) -> p.at().line()));
      if (found.size() > samples) {
        found.subList(samples, found.size()).clear();
      }
      problems.merge(rule, found);
    }
    Severity zero = plan.severity(Rule.CONCEPT_ZERO);
    if (zero == null || vocabulary == null) {
      return;
    }
    for (int c = 0; c < zeroRows.length; c++) {
      Optional<ConceptColumn> facts = plan.columns[c].vocabulary();
      if (facts.isEmpty() || facts.get().zeroPercent().isEmpty() || zeroDenominators[c] == 0) {
        continue;
      }
      double limit = facts.get().zeroPercent().getAsDouble();
      double percent = 100.0 * zeroRows[c] / zeroDenominators[c];
      if (percent > limit) {
        problems.report(
            Rule.CONCEPT_ZERO,
            zero,
            Location.of(plan.file),
            plan.columns[c].name(),
            facts.get().at(),
            String.format(
                Locale.ROOT,
                "column '%s' holds concept 0%s in %,d of %,d rows (%.1f %%), more than the"
                    + " contract's %s %%",
                plan.columns[c].name(),
                facts.get().source().map(s -> ", or none beside a " + s + ",").orElse(""),
                zeroRows[c],
                zeroDenominators[c],
                percent,
                trim(limit)));
      }
    }
  }

  private String message(Rule rule, Column column, long concept, int rows, Vocabulary vocabulary) {
    String where = "column '" + column.name() + "' holds concept ";
    String count =
        " (" + String.format(Locale.ROOT, "%,d", rows) + (rows == 1 ? " row)" : " rows)");
    return switch (rule) {
      case VALUE_CONCEPT ->
          where
              + concept
              + ", which is not in concept set '"
              + column.concepts().map(s -> s.name()).orElse("")
              + "'"
              + count;
      case CONCEPT_UNKNOWN ->
          where + concept + ", which is not in the vocabulary" + release(vocabulary) + count;
      case CONCEPT_NOT_STANDARD -> where + concept + notStandard(concept, vocabulary) + count;
      case CONCEPT_WRONG_DOMAIN ->
          where
              + concept
              + " of domain '"
              + vocabulary.domain(concept).orElse("?")
              + "'; the column takes '"
              + column.vocabulary().flatMap(ConceptColumn::domain).orElse("?")
              + "'"
              + count;
      case CONCEPT_UNIT_IMPLAUSIBLE -> unit(column, concept >>> 32, concept & 0xffffffffL) + count;
      default -> where + concept + count;
    };
  }

  private static String release(Vocabulary vocabulary) {
    return vocabulary == null || vocabulary.release().isEmpty()
        ? ""
        : " (release " + vocabulary.release() + ")";
  }

  private static String notStandard(long concept, Vocabulary vocabulary) {
    int i = vocabulary.indexOf(concept);
    StringBuilder text = new StringBuilder(", which is ");
    Vocabulary.StandardConcept standard = vocabulary.standardAt(i);
    Vocabulary.InvalidReason invalid = vocabulary.invalidAt(i);
    if (standard != Vocabulary.StandardConcept.STANDARD) {
      text.append(
          standard == Vocabulary.StandardConcept.CLASSIFICATION
              ? "a classification concept (standard_concept C)"
              : "not a standard concept (standard_concept empty)");
    }
    if (invalid != Vocabulary.InvalidReason.VALID) {
      text.append(standard != Vocabulary.StandardConcept.STANDARD ? " and " : "")
          .append(invalid == Vocabulary.InvalidReason.DELETED ? "deleted" : "replaced")
          .append(" (invalid_reason ")
          .append(invalid == Vocabulary.InvalidReason.DELETED ? "D" : "U")
          .append(")");
    }
    OptionalLong target = vocabulary.mapsTo(concept);
    if (target.isPresent()) {
      text.append("; it maps to standard concept ").append(target.getAsLong());
      if (vocabulary.mapsToSeveralAt(i)) {
        text.append(" (and others)");
      }
    } else if (vocabulary.hasMapsTo()) {
      text.append("; it maps to no standard concept");
    }
    return text.toString();
  }

  private String unit(Column column, long measured, long unit) {
    LongHashSet allowed = plan.units.get(measured);
    String plausible =
        allowed == null
            ? ""
            : LongStream.of(allowed.toArray())
                .sorted()
                .limit(10)
                .mapToObj(Long::toString)
                .reduce((a, b) -> a + ", " + b)
                .map(list -> " (plausible: " + list + (allowed.size() > 10 ? ", ..." : "") + ")")
                .orElse("");
    return "column '"
        + column.name()
        + "' holds unit "
        + unit
        + ", which is not a plausible unit of concept "
        + measured
        + plausible;
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
