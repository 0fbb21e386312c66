package org.ehrcontracts.engine.contract;

import java.util.List;
import java.util.Map;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.util.Suggestions;

/** Checks one contract file's tree against the language's structure, before any merging. */
final class ShapeChecker {

  private final List<Problem> problems;

  private ShapeChecker(List<Problem> problems) {
    this.problems = problems;
  }

  /** Adds a problem for every unknown key and every value of the wrong kind. */
  static void check(YNode node, Shape shape, List<Problem> problems) {
    new ShapeChecker(problems).visit(node, shape, "the contract");
  }

  private void visit(YNode node, Shape shape, String where) {
    if (shape instanceof Shape.Any) {
      return;
    }
    if (shape instanceof Shape.Either either) {
      visit(node, node instanceof YNode.YScalar ? either.scalar() : either.structured(), where);
      return;
    }
    if (shape instanceof Shape.Scalar scalar) {
      if (!(node instanceof YNode.YScalar value) || !scalar.types().contains(value.type())) {
        wrongType(node, shape, where);
      }
      return;
    }
    if (shape instanceof Shape.MergedList merged) {
      if (node instanceof YNode.YMap map) {
        if (map.entries().size() != 1) {
          wrongType(node, shape, where);
          return;
        }
        YNode.Entry entry = map.entries().values().iterator().next();
        if (!entry.key().equals(Shape.MergedList.APPEND)
            && !entry.key().equals(Shape.MergedList.REPLACE)) {
          problems.add(
              Problem.of(
                  Rule.CONTRACT_UNKNOWN_KEY,
                  Severity.ERROR,
                  entry.keyAt(),
                  "unknown key '"
                      + entry.key()
                      + "' in "
                      + where
                      + "; a list merges with append: or replace:"
                      + Suggestions.hint(
                          entry.key(),
                          List.of(Shape.MergedList.APPEND, Shape.MergedList.REPLACE))));
          return;
        }
        visit(entry.value(), merged.list(), "'" + entry.key() + "'");
        return;
      }
      visit(node, merged.list(), where);
      return;
    }
    if (shape instanceof Shape.ListOf list) {
      if (!(node instanceof YNode.YList items)) {
        wrongType(node, shape, where);
        return;
      }
      for (YNode item : items.items()) {
        visit(item, list.items(), "an item of " + where);
      }
      return;
    }
    if (!(node instanceof YNode.YMap map)) {
      wrongType(node, shape, where);
      return;
    }
    if (shape instanceof Shape.MapOf mapOf) {
      for (YNode.Entry entry : map.entries().values()) {
        visit(entry.value(), mapOf.values(), "'" + entry.key() + "'");
      }
      return;
    }
    Shape.Obj obj = (Shape.Obj) shape;
    Map<String, Shape> keys = obj.keys();
    for (YNode.Entry entry : map.entries().values()) {
      Shape valueShape = keys.get(entry.key());
      if (valueShape == null) {
        problems.add(
            Problem.of(
                Rule.CONTRACT_UNKNOWN_KEY,
                Severity.ERROR,
                entry.keyAt(),
                "unknown key '"
                    + entry.key()
                    + "' in "
                    + describe(obj)
                    + (entry.key().equals("<<")
                        ? " (YAML merge keys are not supported: write the keys out)"
                        : Suggestions.hint(entry.key(), keys.keySet()))));
        continue;
      }
      visit(entry.value(), valueShape, "'" + entry.key() + "'");
    }
  }

  private static String describe(Shape.Obj obj) {
    String name = obj.name();
    return switch (name) {
      case "contract" -> "the contract";
      case "dialect",
          "files",
          "formats",
          "person",
          "plausibility",
          "deidentification",
          "metrics",
          "targets" ->
          "'" + name + "'";
      default -> "a " + name;
    };
  }

  private void wrongType(YNode node, Shape shape, String where) {
    String found =
        node instanceof YNode.YScalar scalar && scalar.type() == YNode.ScalarType.NULL
            ? "nothing"
            : node.kind();
    problems.add(
        Problem.of(
            Rule.CONTRACT_TYPE,
            Severity.ERROR,
            node.at(),
            where + " must be " + shape.describe() + ", but is " + found));
  }
}
