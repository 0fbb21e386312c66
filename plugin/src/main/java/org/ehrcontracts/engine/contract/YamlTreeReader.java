package org.ehrcontracts.engine.contract;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
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
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
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
    YamlTreeReader reader = new YamlTreeReader(file, problems);
    if (text.length() > MAX_CODE_POINTS
        && text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
      reader.problems.add(
          Problem.of(
              Rule.CONTRACT_SYNTAX,
              Severity.ERROR,
              reader.at(text, text.offsetByCodePoints(0, MAX_CODE_POINTS)),
              "the contract is longer than the "
                  + MAX_CODE_POINTS
                  + " characters (3 MB) a contract may have; it crosses the limit here"));
      return null;
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowRecursiveKeys(false);
    // Only the node graph is composed, never an object: a global tag such as !!java.net.URL can
    // construct nothing here, and is reported below as every tag is, in the same words.
    options.setTagInspector(tag -> true);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    Node root;
    try {
      root = yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      reader.problems.add(syntaxProblem(file, text, e));
      return null;
    } catch (ReaderException e) {
      reader.problems.add(reader.notPrintable(text));
      return null;
    } catch (YAMLException e) {
      reader.problems.add(reader.overLimit(text, yaml, e));
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
              "YAML tags such as '" + written(node.getTag()) + "' are not allowed in a contract"));
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

  /** A tag as a contract writes it: {@code !!name} for the YAML namespace, else as it is. */
  private static String written(Tag tag) {
    String value = tag.getValue();
    return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
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

  /**
   * A parser's complaint, at its place. Where the parser only noticed at the end of the file (a
   * quote or bracket left open), the place is where the unclosed part starts, and the message says
   * what was being read there.
   */
  private static Problem syntaxProblem(String file, String text, MarkedYAMLException e) {
    Mark problem = e.getProblemMark();
    Mark context = e.getContextMark();
    String what = e.getProblem() != null ? e.getProblem() : e.getContext();
    StringBuilder message = new StringBuilder("the file is not valid YAML: ").append(clean(what));
    if (e.getProblem() != null && e.getContext() != null && !e.getContext().startsWith("while")) {
      // "expected a single document in the stream" + "but found another document"
      message = new StringBuilder("the file is not valid YAML: ");
      message.append(clean(e.getContext())).append(", ").append(clean(e.getProblem()));
    } else if (e.getProblem() != null && e.getContext() != null && context != null) {
      message
          .append(" (")
          .append(clean(e.getContext()))
          .append(" that starts at line ")
          .append(context.getLine() + 1)
          .append(", column ")
          .append(context.getColumn() + 1)
          .append(')');
    }
    boolean atEnd = problem != null && problem.getIndex() >= text.codePointCount(0, text.length());
    Mark mark = problem == null || (atEnd && context != null) ? context : problem;
    Location at =
        mark == null
            ? Location.of(file)
            : Location.of(file, mark.getLine() + 1L, mark.getColumn() + 1);
    return Problem.of(Rule.CONTRACT_SYNTAX, Severity.ERROR, at, message.toString());
  }

  /** The first character YAML does not allow (a NUL, another control character), at its place. */
  private Problem notPrintable(String text) {
    for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
      int c = text.codePointAt(i);
      if (!StreamReader.isPrintable(c)) {
        return Problem.of(
            Rule.CONTRACT_SYNTAX,
            Severity.ERROR,
            at(text, i),
            String.format(
                "the file holds the control character U+%04X, which YAML does not allow; remove"
                    + " it",
                c));
      }
    }
    return Problem.of(
        Rule.CONTRACT_SYNTAX,
        Severity.ERROR,
        Location.of(file),
        "the file holds a character that YAML does not allow");
  }

  /**
   * The alias or nesting limit the composer stopped at, at the place the document crosses it (the
   * composer does not say where); the parser's own words, for the whole file, if neither is found.
   */
  private Problem overLimit(String text, Yaml yaml, YAMLException e) {
    int depth = 0;
    int aliases = 0;
    Set<String> collections = new HashSet<>();
    try {
      for (Event event : yaml.parse(new StringReader(text))) {
        if (event instanceof CollectionStartEvent start) {
          if (start.getAnchor() != null) {
            collections.add(start.getAnchor());
          }
          if (++depth > MAX_DEPTH) {
            return Problem.of(
                Rule.CONTRACT_SYNTAX,
                Severity.ERROR,
                at(event.getStartMark()),
                "the contract nests lists and maps more than " + MAX_DEPTH + " levels deep");
          }
        } else if (event instanceof CollectionEndEvent) {
          depth--;
        } else if (event instanceof AliasEvent alias
            && collections.contains(alias.getAnchor())
            && ++aliases > MAX_ALIASES) {
          return Problem.of(
              Rule.CONTRACT_SYNTAX,
              Severity.ERROR,
              at(event.getStartMark()),
              "the contract repeats lists or maps through more than "
                  + MAX_ALIASES
                  + " aliases (*name); write them out");
        }
      }
    } catch (YAMLException again) {
      // The events end in an error of their own: say what the composer said.
    }
    return Problem.of(
        Rule.CONTRACT_SYNTAX,
        Severity.ERROR,
        Location.of(file),
        "the file cannot be read as a contract: " + clean(e.getMessage()));
  }

  private Location at(String text, int offset) {
    long line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return Location.of(file, line, text.codePointCount(lineStart, offset) + 1);
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
