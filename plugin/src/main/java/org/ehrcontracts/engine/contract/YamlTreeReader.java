package org.ehrcontracts.engine.contract;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Parses contract YAML safely into a {@link YNode} tree.
 *
 * <p>Only the node graph is composed; no object is ever constructed from the document, so tags
 * cannot instantiate types. Aliases, nesting and size are limited, and duplicate keys are problems.
 */
final class YamlTreeReader {

  static final int MAX_ALIASES = 50;
  static final int MAX_DEPTH = 100;
  static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

  /** Aliases share nodes in YAML but not in our tree: cap what their expansion may produce. */
  static final int MAX_NODES = 200_000;

  private static final Set<Tag> PLAIN_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ);

  private final String file;
  private final List<Problem> problems;
  private int nodes;

  private YamlTreeReader(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * Parses {@code text}; returns the root, or {@code null} after adding {@code contract.syntax}
   * problems to {@code problems}.
   */
  static YNode read(String file, String text, List<Problem> problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowRecursiveKeys(false);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    YamlTreeReader reader = new YamlTreeReader(file, problems);
    Node root;
    try {
      root = yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getContext();
      reader.syntax(mark, "the file is not valid YAML: " + clean(what));
      return null;
    } catch (YAMLException e) {
      reader.problems.add(
          Problem.of(
              Rule.CONTRACT_SYNTAX,
              Severity.ERROR,
              Location.of(file),
              "the file cannot be read as a contract: " + clean(e.getMessage())));
      return null;
    }
    if (root == null) {
      problems.add(
          Problem.of(Rule.CONTRACT_SYNTAX, Severity.ERROR, Location.of(file), "the file is empty"));
      return null;
    }
    int before = problems.size();
    YNode tree = reader.convert(root, 0);
    return problems.size() == before ? tree : null;
  }

  private YNode convert(Node node, int depth) {
    Location at = at(node.getStartMark());
    if (++nodes > MAX_NODES) {
      if (nodes == MAX_NODES + 1) {
        problems.add(
            Problem.of(
                Rule.CONTRACT_SYNTAX,
                Severity.ERROR,
                at,
                "the contract expands to more than " + MAX_NODES + " values through aliases"));
      }
      return new YNode.YScalar("", YNode.ScalarType.NULL, at);
    }
    if (!PLAIN_TAGS.contains(node.getTag())) {
      problems.add(
          Problem.of(
              Rule.CONTRACT_SYNTAX,
              Severity.ERROR,
              at,
              "YAML tags such as '" + node.getTag() + "' are not allowed in a contract"));
      return new YNode.YScalar("", YNode.ScalarType.NULL, at);
    }
    if (node instanceof MappingNode mapping) {
      Map<String, YNode.Entry> entries = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        Location keyAt = at(keyNode.getStartMark());
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          problems.add(
              Problem.of(
                  Rule.CONTRACT_SYNTAX, Severity.ERROR, keyAt, "a key must be a plain word"));
          continue;
        }
        String key = scalarKey.getValue();
        if (entries.containsKey(key)) {
          problems.add(
              Problem.of(
                  Rule.CONTRACT_SYNTAX,
                  Severity.ERROR,
                  keyAt,
                  "the key '"
                      + key
                      + "' appears twice in this map (first at line "
                      + entries.get(key).keyAt().line()
                      + ")"));
          continue;
        }
        entries.put(key, new YNode.Entry(key, keyAt, convert(tuple.getValueNode(), depth + 1)));
      }
      return new YNode.YMap(entries, at);
    }
    if (node instanceof SequenceNode sequence) {
      List<YNode> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(convert(item, depth + 1));
      }
      return new YNode.YList(items, at);
    }
    ScalarNode scalar = (ScalarNode) node;
    return new YNode.YScalar(scalar.getValue(), scalarType(scalar), at);
  }

  private static YNode.ScalarType scalarType(ScalarNode scalar) {
    Tag tag = scalar.getTag();
    if (Tag.INT.equals(tag)) {
      return YNode.ScalarType.INTEGER;
    }
    if (Tag.FLOAT.equals(tag)) {
      return YNode.ScalarType.FLOAT;
    }
    if (Tag.BOOL.equals(tag)) {
      return YNode.ScalarType.BOOLEAN;
    }
    if (Tag.NULL.equals(tag)) {
      return YNode.ScalarType.NULL;
    }
    return YNode.ScalarType.STRING;
  }

  private void syntax(Mark mark, String message) {
    Location at = mark == null ? Location.of(file) : at(mark);
    problems.add(Problem.of(Rule.CONTRACT_SYNTAX, Severity.ERROR, at, message));
  }

  private Location at(Mark mark) {
    return Location.of(file, mark.getLine() + 1L, mark.getColumn() + 1);
  }

  private static String clean(String text) {
    if (text == null) {
      return "unknown error";
    }
    // snakeyaml messages sometimes end with a quoted excerpt of the document; keep the first line.
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).trim();
  }
}
