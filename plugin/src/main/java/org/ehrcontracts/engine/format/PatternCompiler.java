package org.ehrcontracts.engine.format;

import static org.ehrcontracts.engine.format.DateTimePattern.*;

import java.util.Arrays;

/** Turns the text of a {@link DateTimePattern} into its instructions, and checks it. */
final class PatternCompiler {
  private static final String[] TOKENS = {"", "YYYY", "MM", "DD", "hh", "mm", "ss", ".f"};

  private final String pattern;
  private final int[] ops;
  private final int[] args;
  private int count;

  private final int[] groupStarts = new int[MAX_GROUPS];
  private final int[] groupIndexes = new int[MAX_GROUPS];
  private int depth;
  private int groups;

  /** Per field: the instruction, its index in the pattern and its enclosing groups. */
  private final int[] fieldOp = new int[DateTimeField.ALL.length];

  private final int[] fieldIndex = new int[DateTimeField.ALL.length];
  private final int[][] fieldGroups = new int[DateTimeField.ALL.length][];

  PatternCompiler(String pattern) {
    this.pattern = pattern;
    this.ops = new int[pattern.length()];
    this.args = new int[pattern.length()];
    Arrays.fill(fieldOp, -1);
  }

  DateTimePattern compile() {
    int n = pattern.length();
    if (n > MAX_LENGTH) {
      throw new PatternException("a pattern has at most " + MAX_LENGTH + " characters", MAX_LENGTH);
    }
    int i = 0;
    while (i < n) {
      char c = pattern.charAt(i);
      switch (c) {
        case 'Y' -> i = token(i, "YYYY", YEAR, "the year is written YYYY");
        case 'M' -> i = token(i, "MM", MONTH, "the month is written MM");
        case 'D' -> i = token(i, "DD", DAY, "the day is written DD");
        case 'h' -> i = token(i, "hh", HOUR, "the hour is written hh");
        case 'm' -> i = token(i, "mm", MINUTE, "the minute is written mm");
        case 's' -> i = token(i, "ss", SECOND, "the second is written ss");
        case '.' -> {
          if (pattern.startsWith(".f", i)) {
            if (pattern.startsWith(".ff", i)) {
              throw new PatternException("write .f for a dot and 1 to 9 fraction digits", i);
            }
            i = field(i, FRACTION, DateTimeField.FRACTION, 2);
          } else {
            i = literal(i, c);
          }
        }
        case '±' -> {
          if (pattern.startsWith("±hh:mm", i)) {
            i = field(i, OFFSET_COLON, DateTimeField.OFFSET, 6);
          } else if (pattern.startsWith("±hhmm", i)) {
            i = field(i, OFFSET_PLAIN, DateTimeField.OFFSET, 5);
          } else {
            throw new PatternException("± starts an offset, written ±hh:mm or ±hhmm", i);
          }
        }
        case 'Z' -> {
          if (pattern.startsWith("ZONE", i)) {
            i = field(i, ZONE, DateTimeField.OFFSET, 4);
          } else {
            i = field(i, UTC, DateTimeField.OFFSET, 1);
          }
        }
        case '[' -> i = openGroup(i);
        case ']' -> i = closeGroup(i);
        default -> i = literal(i, c);
      }
    }
    if (depth > 0) {
      throw new PatternException("the optional group [ is not closed with ]", groupIndexes[0]);
    }
    checkFields();
    int[] finalOps = Arrays.copyOf(ops, count);
    int[] finalArgs = Arrays.copyOf(args, count);
    int[] masks = new int[count];
    for (int pc = 0; pc < count; pc++) {
      if (finalOps[pc] == GROUP) {
        for (int f = 0; f < fieldOp.length; f++) {
          if (fieldOp[f] > pc) {
            masks[pc] |= 1 << f;
          }
        }
      }
    }
    long[] bounds = bounds(finalOps, finalArgs, 0, count);
    return new DateTimePattern(
        pattern,
        finalOps,
        finalArgs,
        masks,
        (int) bounds[0],
        (int) Math.min(bounds[1], Integer.MAX_VALUE));
  }

  private int token(int i, String token, int op, String message) {
    if (!pattern.startsWith(token, i)) {
      throw new PatternException(message, i);
    }
    return field(i, op, DateTimeField.ALL[op - YEAR], token.length());
  }

  private int field(int i, int op, DateTimeField field, int width) {
    int f = field.ordinal();
    if (fieldOp[f] >= 0) {
      String what =
          field == DateTimeField.OFFSET ? "more than one offset or zone" : TOKENS[op] + " twice";
      throw new PatternException("the pattern has " + what, i);
    }
    fieldOp[f] = count;
    fieldIndex[f] = i;
    fieldGroups[f] = Arrays.copyOf(groupStarts, depth);
    ops[count++] = op;
    return i + width;
  }

  private int literal(int i, char c) {
    args[count] = c;
    ops[count++] = LITERAL;
    return i + 1;
  }

  private int openGroup(int i) {
    if (groups == MAX_GROUPS) {
      throw new PatternException(
          "a pattern has at most " + MAX_GROUPS + " optional groups [ ... ]", i);
    }
    groups++;
    groupStarts[depth] = count;
    groupIndexes[depth++] = i;
    ops[count++] = GROUP;
    return i + 1;
  }

  private int closeGroup(int i) {
    if (depth == 0) {
      throw new PatternException("] closes no optional group [", i);
    }
    int start = groupStarts[--depth];
    if (start == count - 1) {
      throw new PatternException("the optional group [] is empty", groupIndexes[depth]);
    }
    ops[count++] = GROUP_END;
    args[start] = count;
    return i + 1;
  }

  private void checkFields() {
    for (DateTimeField field :
        new DateTimeField[] {DateTimeField.YEAR, DateTimeField.MONTH, DateTimeField.DAY}) {
      int f = field.ordinal();
      if (fieldOp[f] < 0) {
        throw new PatternException("a pattern needs a date: YYYY, MM and DD", 0);
      }
      if (fieldGroups[f].length > 0) {
        throw new PatternException(TOKENS[f + YEAR] + " must not be optional", fieldIndex[f]);
      }
    }
    needs(DateTimeField.MINUTE, DateTimeField.HOUR);
    needs(DateTimeField.SECOND, DateTimeField.MINUTE);
    needs(DateTimeField.FRACTION, DateTimeField.SECOND);
  }

  /** Checks that whenever {@code field} can match, {@code required} matches too. */
  private void needs(DateTimeField field, DateTimeField required) {
    int f = field.ordinal();
    int r = required.ordinal();
    if (fieldOp[f] < 0) {
      return;
    }
    String name = TOKENS[f + YEAR];
    String requiredName = TOKENS[r + YEAR];
    if (fieldOp[r] < 0) {
      throw new PatternException(name + " needs " + requiredName, fieldIndex[f]);
    }
    int[] outer = fieldGroups[r];
    int[] inner = fieldGroups[f];
    if (outer.length > inner.length
        || !Arrays.equals(outer, 0, outer.length, inner, 0, outer.length)) {
      throw new PatternException(
          name + " can match without " + requiredName + "; make it optional together with it",
          fieldIndex[f]);
    }
  }

  /** The shortest and longest value that instructions {@code [from, to)} match. */
  private static long[] bounds(int[] ops, int[] args, int from, int to) {
    long min = 0;
    long max = 0;
    int pc = from;
    while (pc < to) {
      int op = ops[pc];
      if (op == GROUP) {
        long[] inner = bounds(ops, args, pc + 1, args[pc] - 1);
        max += inner[1];
        pc = args[pc];
        continue;
      }
      switch (op) {
        case LITERAL, UTC -> {
          min += 1;
          max += 1;
        }
        case YEAR -> {
          min += 4;
          max += 4;
        }
        case FRACTION -> {
          min += 2;
          max += 10;
        }
        case OFFSET_COLON -> {
          min += 6;
          max += 6;
        }
        case OFFSET_PLAIN -> {
          min += 5;
          max += 5;
        }
        case ZONE -> {
          min += 1;
          max += Integer.MAX_VALUE;
        }
        case GROUP_END -> {
          // matches nothing
        }
        default -> {
          min += 2;
          max += 2;
        }
      }
      pc++;
    }
    return new long[] {min, max};
  }
}
