package org.ehrcontracts.engine.format;

import static org.ehrcontracts.engine.format.DateTimePattern.DAY;
import static org.ehrcontracts.engine.format.DateTimePattern.FRACTION;
import static org.ehrcontracts.engine.format.DateTimePattern.GROUP;
import static org.ehrcontracts.engine.format.DateTimePattern.GROUP_END;
import static org.ehrcontracts.engine.format.DateTimePattern.HOUR;
import static org.ehrcontracts.engine.format.DateTimePattern.LITERAL;
import static org.ehrcontracts.engine.format.DateTimePattern.MINUTE;
import static org.ehrcontracts.engine.format.DateTimePattern.MONTH;
import static org.ehrcontracts.engine.format.DateTimePattern.OFFSET_COLON;
import static org.ehrcontracts.engine.format.DateTimePattern.OFFSET_PLAIN;
import static org.ehrcontracts.engine.format.DateTimePattern.SECOND;
import static org.ehrcontracts.engine.format.DateTimePattern.UTC;
import static org.ehrcontracts.engine.format.DateTimePattern.YEAR;
import static org.ehrcontracts.engine.format.DateTimePattern.ZONE;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Whether two date or datetime patterns can match one value.
 *
 * <p>When no two patterns of a list can, the order in which they are tried does not change which
 * one matches a value, and {@link DateTimeFormats#parse(CharSequence, ParsedDateTime, int)} may try
 * the one that matched the column's last value first: a column's values are nearly always written
 * one way, and the eight forms of the current AoU contract then cost one parse instead of up to
 * seven failed ones and a match.
 *
 * <p>Each pattern becomes a finite automaton over characters that accepts at least the values the
 * pattern matches (digits without their ranges, zone names as any name-shaped word, the fraction
 * not greedy); two patterns overlap when the product of their automata reaches both accepting
 * states. The answer errs only on the safe side: it may call two patterns overlapping that are not,
 * never the reverse.
 */
final class FormOverlap {

  private static final BitSet DIGIT = chars("0123456789");
  private static final BitSet SIGN = chars("+-");
  private static final BitSet LETTER = range('A', 'Z', range('a', 'z', new BitSet()));
  private static final BitSet ZONE_CHAR = zoneChars();

  private FormOverlap() {}

  /** Whether some value could match both patterns. */
  static boolean overlap(DateTimePattern a, DateTimePattern b) {
    Automaton x = Automaton.of(a);
    Automaton y = Automaton.of(b);
    int n = y.size();
    boolean[] seen = new boolean[x.size() * n];
    Deque<int[]> queue = new ArrayDeque<>();
    queue.add(new int[] {0, 0});
    seen[0] = true;
    while (!queue.isEmpty()) {
      int[] pair = queue.poll();
      BitSet left = x.closure(pair[0]);
      BitSet right = y.closure(pair[1]);
      if (left.get(x.accept) && right.get(y.accept)) {
        return true;
      }
      for (int s = left.nextSetBit(0); s >= 0; s = left.nextSetBit(s + 1)) {
        for (Edge e : x.edges.get(s)) {
          for (int t = right.nextSetBit(0); t >= 0; t = right.nextSetBit(t + 1)) {
            for (Edge f : y.edges.get(t)) {
              int next = e.to * n + f.to;
              if (!seen[next] && e.chars.intersects(f.chars)) {
                seen[next] = true;
                queue.add(new int[] {e.to, f.to});
              }
            }
          }
        }
      }
    }
    return false;
  }

  /** Whether no two of the patterns can match one value. */
  static boolean disjoint(List<DateTimePattern> patterns) {
    for (int i = 0; i < patterns.size(); i++) {
      for (int j = i + 1; j < patterns.size(); j++) {
        if (overlap(patterns.get(i), patterns.get(j))) {
          return false;
        }
      }
    }
    return true;
  }

  private record Edge(BitSet chars, int to) {}

  /** A nondeterministic automaton: character edges and empty moves, start 0, one accept state. */
  private static final class Automaton {
    final List<List<Edge>> edges = new ArrayList<>();
    final List<List<Integer>> empty = new ArrayList<>();
    int accept;
    private BitSet[] closures;

    static Automaton of(DateTimePattern pattern) {
      Automaton automaton = new Automaton();
      int start = automaton.state();
      automaton.accept = automaton.build(pattern.ops(), pattern.args(), 0, start);
      return automaton;
    }

    int size() {
      return edges.size();
    }

    private int state() {
      edges.add(new ArrayList<>());
      empty.add(new ArrayList<>());
      return edges.size() - 1;
    }

    private int step(int from, BitSet chars) {
      int to = state();
      edges.get(from).add(new Edge(chars, to));
      return to;
    }

    private int steps(int from, BitSet chars, int count) {
      for (int i = 0; i < count; i++) {
        from = step(from, chars);
      }
      return from;
    }

    /** Adds the instructions from {@code pc} to the end or the group's end; returns the end. */
    private int build(int[] ops, int[] args, int pc, int s) {
      while (pc < ops.length) {
        int op = ops[pc];
        switch (op) {
          case LITERAL -> s = step(s, chars(String.valueOf((char) args[pc])));
          case YEAR -> s = steps(s, DIGIT, 4);
          case MONTH, DAY, HOUR, MINUTE, SECOND -> s = steps(s, DIGIT, 2);
          case FRACTION -> {
            int digit = step(step(s, chars(".")), DIGIT);
            int end = state();
            empty.get(digit).add(end);
            for (int i = 1; i < 9; i++) {
              digit = step(digit, DIGIT);
              empty.get(digit).add(end);
            }
            s = end;
          }
          case OFFSET_COLON ->
              s = steps(step(steps(step(s, SIGN), DIGIT, 2), chars(":")), DIGIT, 2);
          case OFFSET_PLAIN -> s = steps(step(s, SIGN), DIGIT, 4);
          case UTC -> s = step(s, chars("Z"));
          case ZONE -> {
            s = step(s, LETTER);
            edges.get(s).add(new Edge(ZONE_CHAR, s));
          }
          case GROUP -> {
            int after = args[pc];
            int end = build(ops, args, pc + 1, s); // returns at the group's GROUP_END
            int out = state();
            empty.get(end).add(out);
            empty.get(s).add(out);
            s = out;
            pc = after;
            continue;
          }
          case GROUP_END -> {
            return s;
          }
          default -> throw new IllegalStateException("instruction " + op);
        }
        pc++;
      }
      return s;
    }

    BitSet closure(int state) {
      if (closures == null) {
        closures = new BitSet[size()];
      }
      BitSet closure = closures[state];
      if (closure == null) {
        closure = new BitSet();
        Deque<Integer> todo = new ArrayDeque<>();
        todo.add(state);
        closure.set(state);
        while (!todo.isEmpty()) {
          for (int next : empty.get(todo.poll())) {
            if (!closure.get(next)) {
              closure.set(next);
              todo.add(next);
            }
          }
        }
        closures[state] = closure;
      }
      return closure;
    }
  }

  private static BitSet chars(String chars) {
    BitSet set = new BitSet();
    chars.chars().forEach(set::set);
    return set;
  }

  private static BitSet range(char from, char to, BitSet into) {
    into.set(from, to + 1);
    return into;
  }

  private static BitSet zoneChars() {
    BitSet set = (BitSet) LETTER.clone();
    set.or(DIGIT);
    set.or(chars("/_+-"));
    return set;
  }
}
