package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.LongLongHashMap;
import java.util.List;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.ConceptColumn;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;
import org.ehrcontracts.engine.vocab.Vocabulary;

/**
 * What the vocabulary says of a row's concept ids: the {@code concept.*} rules, and the concepts
 * outside a column's concept set ({@code value.concept}), counted by concept.
 *
 * <p>Concept ids are vocabulary, not health data, so these problems name them; and since an export
 * repeats the same few wrong concepts in thousands of rows, they are kept as {@link Offenders}: per
 * rule and column, each concept with its rows and its first line, which the file's problems show as
 * one line each ("concept 38000230: 675 rows").
 */
final class ConceptChecks {

  /** The rules counted by concept, in the order their problems are listed. */
  static final List<Rule> GROUPED =
      List.of(
          Rule.VALUE_CONCEPT,
          Rule.CONCEPT_UNKNOWN,
          Rule.CONCEPT_NOT_STANDARD,
          Rule.CONCEPT_WRONG_DOMAIN,
          Rule.CONCEPT_UNIT_IMPLAUSIBLE);

  /** The concepts found breaking one rule in one column: rows and first line by concept id. */
  static final class Offenders {
    final LongIntHashMap rows = new LongIntHashMap();
    final LongLongHashMap firstLines = new LongLongHashMap();

    void add(long concept, long line) {
      if (rows.addTo(concept, 1) == 1) {
        firstLines.put(concept, line);
      }
    }
  }

  private final TablePlan plan;
  private final RowProblems problems;
  private final int[] fieldOf;
  private final Vocabulary vocabulary;

  /** Per rule of {@link #GROUPED} and column, the offenders, or null while there are none. */
  final Offenders[][] offenders;

  /** Per column with {@code vocabulary.zero}: rows holding 0 or none beside a source value. */
  final long[] zeroRows;

  /** Per column with {@code vocabulary.zero}: rows where it or its source value is filled. */
  final long[] zeroDenominators;

  private final Severity unknown;
  private final Severity notStandard;
  private final Severity wrongDomain;
  private final Severity zero;
  private final Severity unitImplausible;

  /** Per column: its vocabulary facts, or null. */
  private final ConceptColumn[] facts;

  /** Per column: the domain index its concepts must have, -2 when none is asked. */
  private final int[] domains;

  /** Per column: the column of its source value, or -1. */
  private final int[] sources;

  /** Per column: for a unit column, the column of the measured concept, or -1. */
  private final int[] unitOf;

  /** Per column: whether the value checks parse its cells as whole numbers (type integer). */
  private final boolean[] integerTyped;

  /** Slots of the per-column memo of lookups; a column's concepts repeat from row to row. */
  private static final int MEMO = 64;

  /** Per column, the concept ids of the memo's slots (-1: none). */
  private final long[][] memoIds;

  /** Per column, the vocabulary index of each memo slot's concept. */
  private final int[][] memoIndices;

  ConceptChecks(RowProblems problems, int[] fieldOf, Vocabulary vocabulary) {
    this.problems = problems;
    this.plan = problems.plan;
    this.fieldOf = fieldOf;
    this.vocabulary = vocabulary;
    Column[] columns = plan.columns;
    offenders = new Offenders[GROUPED.size()][columns.length];
    zeroRows = new long[columns.length];
    zeroDenominators = new long[columns.length];
    facts = new ConceptColumn[columns.length];
    domains = new int[columns.length];
    sources = new int[columns.length];
    unitOf = new int[columns.length];
    integerTyped = new boolean[columns.length];
    boolean any = false;
    memoIds = new long[columns.length][];
    memoIndices = new int[columns.length][];
    for (int c = 0; c < columns.length; c++) {
      facts[c] = vocabulary == null ? null : columns[c].vocabulary().orElse(null);
      integerTyped[c] = columns[c].type() == ColumnType.INTEGER;
      domains[c] = -2;
      sources[c] = -1;
      unitOf[c] = -1;
      if (facts[c] != null) {
        any = true;
        domains[c] = facts[c].domain().map(vocabulary::domainIndex).orElse(-2);
        sources[c] = facts[c].source().map(plan.table::indexOf).orElse(-1);
        unitOf[c] = facts[c].unitOf().map(plan.table::indexOf).orElse(-1);
        memoIds[c] = new long[MEMO];
        java.util.Arrays.fill(memoIds[c], -1);
        memoIndices[c] = new int[MEMO];
      }
    }
    unknown = any ? plan.severity(Rule.CONCEPT_UNKNOWN) : null;
    notStandard = any ? plan.severity(Rule.CONCEPT_NOT_STANDARD) : null;
    wrongDomain = any ? plan.severity(Rule.CONCEPT_WRONG_DOMAIN) : null;
    zero = any ? plan.severity(Rule.CONCEPT_ZERO) : null;
    unitImplausible = any ? plan.severity(Rule.CONCEPT_UNIT_IMPLAUSIBLE) : null;
  }

  /** Whether any column of the table has facts to check. */
  boolean active() {
    return unknown != null
        || notStandard != null
        || wrongDomain != null
        || zero != null
        || unitImplausible != null;
  }

  /** A concept outside the column's concept set ({@code value.concept}), counted by concept. */
  void outsideSet(CsvRecord record, int c, long concept) {
    count(Rule.VALUE_CONCEPT, 0, c, concept, record.line());
  }

  /**
   * Checks the row's concept columns.
   *
   * @param integers per column, the whole number the value checks parsed from the row's cell, or
   *     {@link Values#NOT_A_LONG}
   */
  void row(CsvRecord record, long[] integers) {
    for (int c = 0; c < facts.length; c++) {
      ConceptColumn fact = facts[c];
      if (fact == null) {
        continue;
      }
      int f = fieldOf[c];
      boolean empty = f < 0 || f >= record.size() || record.isEmpty(f);
      long concept = empty ? Values.NOT_A_LONG : integers[c];
      if (concept == Values.NOT_A_LONG && !empty && !integerTyped[c]) {
        concept = Values.parseLong(record.buffer(), record.start(f), record.end(f));
      }
      if (zero != null && fact.zeroPercent().isPresent()) {
        boolean source = sources[c] >= 0 && filled(record, sources[c]);
        if (!empty || source) {
          zeroDenominators[c]++;
          if (concept == 0 || (empty && source)) {
            zeroRows[c]++;
          }
        }
      }
      if (empty || concept == Values.NOT_A_LONG || concept == 0) {
        continue; // a type.integer problem, or no concept
      }
      int i = lookup(c, concept);
      if (i == Vocabulary.NOT_FOUND) {
        if (unknown != null) {
          count(Rule.CONCEPT_UNKNOWN, 1, c, concept, record.line());
        }
        continue;
      }
      if (notStandard != null
          && fact.standard()
          && (vocabulary.standardAt(i) != Vocabulary.StandardConcept.STANDARD
              || vocabulary.invalidAt(i) != Vocabulary.InvalidReason.VALID)) {
        count(Rule.CONCEPT_NOT_STANDARD, 2, c, concept, record.line());
      }
      if (wrongDomain != null && domains[c] != -2 && vocabulary.domainAt(i) != domains[c]) {
        count(Rule.CONCEPT_WRONG_DOMAIN, 3, c, concept, record.line());
      }
      if (unitImplausible != null && unitOf[c] >= 0) {
        unit(record, c, concept, integers);
      }
    }
  }

  /** The concept's vocabulary index, through the column's memo of recent lookups. */
  private int lookup(int c, long concept) {
    int slot = (int) (Values.mix(concept) & (MEMO - 1));
    long[] ids = memoIds[c];
    if (ids[slot] == concept) {
      return memoIndices[c][slot];
    }
    int i = vocabulary.indexOf(concept);
    ids[slot] = concept;
    memoIndices[c][slot] = i;
    return i;
  }

  private void unit(CsvRecord record, int c, long unit, long[] integers) {
    int u = unitOf[c];
    int f = fieldOf[u];
    if (f < 0 || f >= record.size() || record.isEmpty(f)) {
      return;
    }
    long measured =
        integerTyped[u]
            ? integers[u]
            : Values.parseLong(record.buffer(), record.start(f), record.end(f));
    LongHashSet allowed = measured == Values.NOT_A_LONG ? null : plan.units.get(measured);
    if (allowed != null && !allowed.contains(unit)) {
      // Both ids are 32-bit: the offender is the pair, so that the message can name both.
      count(
          Rule.CONCEPT_UNIT_IMPLAUSIBLE,
          4,
          c,
          (measured << 32) | (unit & 0xffffffffL),
          record.line());
    }
  }

  private boolean filled(CsvRecord record, int column) {
    int f = fieldOf[column];
    return f >= 0 && f < record.size() && !record.isEmpty(f);
  }

  private void count(Rule rule, int group, int c, long concept, long line) {
    problems.collector.count(rule, 1);
    offend(group, c, concept, line);
  }

  private void offend(int group, int c, long concept, long line) {
    Offenders found = offenders[group][c];
    if (found == null) {
      found = offenders[group][c] = new Offenders();
    }
    found.add(concept, line);
  }
}
