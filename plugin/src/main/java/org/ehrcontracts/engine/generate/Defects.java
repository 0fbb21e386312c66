package org.ehrcontracts.engine.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.util.Suggestions;

/**
 * The rules {@code ehr:generate} can plant defects for, and the parsing of what users type: a rule
 * id, optionally followed by {@code :count} ({@code key.duplicate:3}).
 *
 * @since 0.2.0
 */
public final class Defects {

  /**
   * The rules a defect can be planted for, in documentation order. Each planted defect makes its
   * rule fire exactly once and no other error rule fire; {@code DefectsTest} proves it for every
   * shipped contract that has a place for it.
   */
  public static final List<Rule> SUPPORTED =
      List.of(
          Rule.FILE_UNKNOWN,
          Rule.CSV_ROW_WIDTH,
          Rule.VALUE_REQUIRED,
          Rule.TYPE_INTEGER,
          Rule.TYPE_FLOAT,
          Rule.TYPE_DATE,
          Rule.TYPE_DATETIME,
          Rule.TYPE_TIME,
          Rule.VALUE_LENGTH,
          Rule.VALUE_CONCEPT,
          Rule.VALUE_PATTERN,
          Rule.VALUE_RANGE,
          Rule.KEY_DUPLICATE,
          Rule.KEY_FOREIGN,
          Rule.CHECK_EXPRESSION,
          Rule.DEID_AGE_LIMIT,
          Rule.DEID_NOT_BLANKED);

  private Defects() {}

  /** The supported rule ids, comma separated, for messages. */
  public static String supportedIds() {
    return String.join(", ", SUPPORTED.stream().map(Rule::id).toList());
  }

  /**
   * Parses defects as users type them; the same rule twice adds up.
   *
   * @throws GenerateException naming the entry that is not a supported rule id (with the ids that
   *     are, and the one meant where it is close) or whose count is not a whole number from 1
   */
  public static List<Defect> parse(List<String> entries) throws GenerateException {
    Map<Rule, Integer> counts = new LinkedHashMap<>();
    for (String raw : entries) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.indexOf(':');
      String id = colon < 0 ? entry : entry.substring(0, colon).strip();
      int count = 1;
      if (colon >= 0) {
        String number = entry.substring(colon + 1).strip();
        try {
          count = Integer.parseInt(number);
        } catch (NumberFormatException e) {
          count = 0;
        }
        if (count < 1) {
          throw new GenerateException(
              "the defect '"
                  + entry
                  + "' has a count that is not a whole number from 1; write "
                  + id
                  + ":3 for three");
        }
      }
      Rule rule = rule(id);
      counts.merge(rule, count, Integer::sum);
    }
    List<Defect> defects = new ArrayList<>();
    counts.forEach((rule, count) -> defects.add(new Defect(rule, count)));
    return defects;
  }

  private static Rule rule(String id) throws GenerateException {
    Optional<Rule> known = Rule.byId(id);
    if (known.isPresent() && SUPPORTED.contains(known.get())) {
      return known.get();
    }
    List<String> supported = SUPPORTED.stream().map(Rule::id).toList();
    String hint = Suggestions.hint(id, supported);
    if (hint.isEmpty() && known.isEmpty()) {
      hint = Suggestions.hint(id, Arrays.stream(Rule.values()).map(Rule::id).toList());
    }
    throw new GenerateException(
        "'"
            + id
            + "' "
            + (known.isPresent()
                ? "is a rule, but not one ehr:generate can plant a defect for"
                : "is not a rule id")
            + hint
            + "; the rules it can plant are "
            + supportedIds());
  }
}
