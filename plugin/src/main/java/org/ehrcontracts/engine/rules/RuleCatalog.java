package org.ehrcontracts.engine.rules;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.problem.Rule;

/**
 * Looks rules up by the names users type: a rule id, a family ({@code deid}) or a contract check's
 * id.
 *
 * <p>Ids are stable forever: users type them in contracts' {@code rules:} maps and in the verify
 * goal's rule filters, and {@code docs/rules.md} has a section for each. The rules themselves are
 * the constants of {@link Rule}.
 *
 * @since 0.1.0
 */
public final class RuleCatalog {

  private static final Map<String, Rule> RULES;

  static {
    Map<String, Rule> rules = new LinkedHashMap<>();
    for (Rule rule : Rule.values()) {
      rules.put(rule.id(), rule);
    }
    RULES = Collections.unmodifiableMap(rules);
  }

  private RuleCatalog() {}

  /** Every rule by its id, in documentation order. */
  public static Map<String, Rule> all() {
    return RULES;
  }

  /** The rule with that id, if the engine has it. */
  public static Optional<Rule> find(String id) {
    return Rule.byId(id);
  }

  /** Whether the engine has a rule with that id. */
  public static boolean isKnown(String id) {
    return RULES.containsKey(id);
  }

  /** The rules of a family ({@code deid}), in documentation order. */
  public static List<Rule> family(String family) {
    return RULES.values().stream().filter(rule -> rule.family().equals(family)).toList();
  }

  /**
   * The names a rule filter may use: every rule id and family, and the id, rule and family of each
   * of a contract's checks.
   *
   * @param checks the contract's checks as (check id, rule id) pairs
   */
  public static Set<String> filterNames(Map<String, String> checks) {
    Set<String> names = new LinkedHashSet<>(RULES.keySet());
    for (Rule rule : RULES.values()) {
      names.add(rule.family());
    }
    for (Map.Entry<String, String> check : checks.entrySet()) {
      names.add(check.getKey());
      names.add(check.getValue());
      int dot = check.getValue().indexOf('.');
      if (dot > 0) {
        names.add(check.getValue().substring(0, dot));
      }
    }
    return names;
  }

  /** The names among {@code asked} that are none of {@code known}, in their order. */
  public static List<String> unknown(Collection<String> asked, Set<String> known) {
    return asked.stream().filter(name -> !known.contains(name)).distinct().toList();
  }
}
