package org.ehrcontracts.engine.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.contract.YNode.ScalarType;
import org.ehrcontracts.engine.contract.YNode.YList;
import org.ehrcontracts.engine.contract.YNode.YMap;
import org.ehrcontracts.engine.contract.YNode.YScalar;
import org.ehrcontracts.engine.format.DateTimePattern;
import org.ehrcontracts.engine.format.PatternException;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.util.Suggestions;

/**
 * The small readers and problem reports that the binders of a contract share.
 *
 * <p>Problems go to one list, in the order the binders find them: tests compare problem lists in
 * order, so the binders must keep calling these in the order {@link ContractBinder#bind} sets.
 */
final class BinderSupport {

  private final List<Problem> problems;

  BinderSupport(List<Problem> problems) {
    this.problems = problems;
  }

  /**
   * Opens the CSV a contract's {@code file:} names (a concept set's or a lookup's), relative to the
   * contract that declares it, and adds its text to the contract's digest; empty, with a {@code
   * contract.not-found} problem at the {@code file:} value, when there is none.
   *
   * @param kind what the file is, for the message ({@code "concept file"}, {@code "lookup file"})
   */
  Optional<ContractText> openBeside(
      YScalar file,
      String kind,
      ContractSource source,
      Map<String, ContractText> files,
      MessageDigest digest) {
    ContractText declaring = files.get(file.at().file());
    Optional<ContractText> csv;
    try {
      // A bare file name (gender.csv) would read as a shipped contract's name: it is a path.
      String path = ContractSource.isName(file.text()) ? "./" + file.text() : file.text();
      csv = source.open(path, Optional.ofNullable(declaring));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (csv.isEmpty()) {
      report(
          Problem.of(
              Rule.CONTRACT_NOT_FOUND,
              Severity.ERROR,
              file.at(),
              "no " + kind + " at '" + file.text() + "' (paths are relative to the contract)"));
      return csv;
    }
    digest.update(csv.get().text().getBytes(StandardCharsets.UTF_8));
    return csv;
  }

  static YMap map(YMap node, String key) {
    return node != null && node.get(key) instanceof YMap map ? map : null;
  }

  static YScalar scalar(YMap node, String key) {
    return node != null
            && node.get(key) instanceof YScalar scalar
            && scalar.type() != ScalarType.NULL
        ? scalar
        : null;
  }

  static Optional<String> text(YMap node, String key) {
    return Optional.ofNullable(scalar(node, key)).map(YScalar::text);
  }

  static Optional<List<String>> strings(YMap node, String key) {
    if (node == null || !(node.get(key) instanceof YList list)) {
      return Optional.empty();
    }
    return Optional.of(list.items().stream().map(i -> ((YScalar) i).text()).toList());
  }

  static boolean bool(YMap node, String key, boolean fallback) {
    YScalar value = scalar(node, key);
    return value == null ? fallback : Boolean.parseBoolean(value.text());
  }

  int integer(YMap node, String key, int fallback, int min) {
    YScalar value = scalar(node, key);
    if (value == null) {
      return fallback;
    }
    Optional<Long> parsed = parseLong(value.text());
    if (parsed.isEmpty() || parsed.get() < min || parsed.get() > Integer.MAX_VALUE) {
      invalid(value.at(), key + " must be a whole number of at least " + min);
      return fallback;
    }
    return parsed.get().intValue();
  }

  <T> T word(YMap node, String key, Map<String, T> words, T fallback) {
    YScalar value = scalar(node, key);
    if (value == null) {
      return fallback;
    }
    T result = words.get(value.text());
    if (result == null) {
      List<String> allowed = words.keySet().stream().sorted().toList();
      invalid(
          value.at(),
          key
              + " is one of "
              + String.join(", ", allowed)
              + ", not '"
              + value.text()
              + "'"
              + Suggestions.hint(value.text(), allowed));
      return fallback;
    }
    return result;
  }

  static Optional<Long> parseLong(String text) {
    try {
      return Optional.of(Long.parseLong(text.replace("_", "")));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Optional<LocalDate> parseDate(String text) {
    if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Empty when absent; a present empty optional means {@code off}. */
  Optional<Optional<Severity>> severity(YScalar word) {
    if (word == null) {
      return Optional.empty();
    }
    if (word.type() == ScalarType.BOOLEAN || word.text().equals("off")) {
      if (word.type() == ScalarType.BOOLEAN && Boolean.parseBoolean(word.text())) {
        invalid(word.at(), "a severity is error, warning, info or off, not true");
        return Optional.empty();
      }
      return Optional.of(Optional.empty());
    }
    Optional<Severity> severity = Severity.fromLabel(word.text());
    if (severity.isEmpty()) {
      invalid(
          word.at(),
          "unknown severity '"
              + word.text()
              + "'; use error, warning, info or off"
              + Suggestions.hint(word.text(), List.of("error", "warning", "info", "off")));
      return Optional.empty();
    }
    return Optional.of(severity);
  }

  Optional<ColumnRef> columnRef(YScalar value) {
    String text = value.text();
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
      invalid(value.at(), "'" + text + "' must be written table.column");
      return Optional.empty();
    }
    return Optional.of(new ColumnRef(text.substring(0, dot), text.substring(dot + 1)));
  }

  static List<String> columnNames(Table table) {
    return table.columns().stream().map(Column::name).toList();
  }

  void report(Problem problem) {
    problems.add(problem);
  }

  /**
   * Compiles each date or datetime pattern of a {@code formats} list, reporting any that is not a
   * valid pattern, or that has a time where the list is for dates (or none where it is for
   * datetimes), or an empty list, at the pattern itself: a column that uses the list would only
   * name the column.
   *
   * @param list the {@code formats} list, or null
   * @param datetime whether the patterns are for datetimes
   */
  void checkFormats(YNode list, boolean datetime) {
    if (!(list instanceof YList items)) {
      return;
    }
    if (items.items().isEmpty()) {
      // No form at all would fail every value: leaving the key out gives the default.
      invalid(
          list.at(), "a formats list needs at least one pattern (leave it out for the default)");
    }
    for (YNode item : items.items()) {
      if (!(item instanceof YScalar pattern)) {
        continue;
      }
      try {
        DateTimePattern compiled = DateTimePattern.compile(pattern.text());
        if (compiled.hasTime() != datetime) {
          invalid(
              pattern.at(),
              "format '"
                  + pattern.text()
                  + (datetime
                      ? "' has no time, but the formats are for datetimes"
                      : "' has a time, but the formats are for dates"));
        }
      } catch (PatternException e) {
        invalid(
            pattern.at(),
            "format '" + pattern.text() + "' is not a valid pattern: " + e.getMessage());
      }
    }
  }

  /** How many problems are reported so far. */
  int count() {
    return problems.size();
  }

  void invalid(Location at, String message) {
    problems.add(Problem.of(Rule.CONTRACT_INVALID_VALUE, Severity.ERROR, at, message));
  }

  void missing(Location at, String message) {
    problems.add(Problem.of(Rule.CONTRACT_MISSING_KEY, Severity.ERROR, at, message));
  }

  void unknownReference(
      Location at, String message, String typed, java.util.Collection<String> known) {
    problems.add(
        Problem.of(
            Rule.CONTRACT_UNKNOWN_REFERENCE,
            Severity.ERROR,
            at,
            message + Suggestions.hint(typed, known)));
  }
}
