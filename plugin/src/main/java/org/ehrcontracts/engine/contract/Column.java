package org.ehrcontracts.engine.contract;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * A column of a table.
 *
 * @param name the header name
 * @param type the value type
 * @param required an empty value is an error
 * @param maxLength the most characters a value may have
 * @param concepts the allowed concept ids
 * @param pattern the regular expression the whole value must match, in RE2 syntax (linear-time
 *     matching: no backreferences or look-around)
 * @param min the smallest value, as written in the contract (a number, or a date for date columns)
 * @param max the largest value, likewise
 * @param formats the accepted date or datetime patterns (empty for other types)
 * @param compiledFormats the patterns compiled, for date and datetime columns of a loaded contract:
 *     the loader compiles them once and every run and thread shares them (they are immutable)
 * @param references a single-column foreign key
 * @param vocabulary what the vocabulary must say of the column's concept ids
 * @param description what the column holds
 * @param at where the contract declares it (in an {@code extends:} chain, the furthest ancestor
 *     that has it)
 * @param keysAt for each key the column has, where the column stands in the contract file that
 *     wrote that key (since 0.3.0): a child's {@code maxLength} in the child, the parent's {@code
 *     type} in the parent
 * @since 0.1.0
 */
public record Column(
    String name,
    ColumnType type,
    boolean required,
    OptionalInt maxLength,
    Optional<ConceptSet> concepts,
    Optional<Pattern> pattern,
    Optional<String> min,
    Optional<String> max,
    List<String> formats,
    Optional<DateTimeFormats> compiledFormats,
    Optional<ColumnRef> references,
    Optional<ConceptColumn> vocabulary,
    Optional<String> description,
    Location at,
    Map<String, Location> keysAt) {

  /** Copies the list and the map. */
  public Column {
    formats = List.copyOf(formats);
    keysAt = Map.copyOf(keysAt);
  }

  /**
   * Where the rule that fired was declared: the column as written in the contract file that set the
   * key behind the rule ({@code maxLength} for {@code value.length}, {@code references} for {@code
   * key.foreign}, {@code type} for {@code type.*}), so that a problem of what a child contract
   * changed points into the child and of what it inherited into the parent.
   *
   * @since 0.3.0
   */
  public Location at(Rule rule) {
    String id = rule.id();
    String key =
        switch (id) {
          case "value.required" -> "required";
          case "value.length" -> "maxLength";
          case "value.pattern" -> "pattern";
          case "value.range" -> keysAt.containsKey("min") ? "min" : "max";
          case "value.concept" -> "concepts";
          case "key.foreign" -> "references";
          default ->
              id.startsWith("type.")
                  ? "type"
                  : id.startsWith("concept.") || id.startsWith("vocabulary.") ? "vocabulary" : null;
        };
    return key == null ? at : keysAt.getOrDefault(key, at);
  }

  /** The same column with its formats compiled. */
  Column withCompiledFormats(DateTimeFormats compiled) {
    return new Column(
        name,
        type,
        required,
        maxLength,
        concepts,
        pattern,
        min,
        max,
        formats,
        Optional.of(compiled),
        references,
        vocabulary,
        description,
        at,
        keysAt);
  }

  /**
   * The compiled formats of a date or datetime column.
   *
   * @throws IllegalStateException if the column is of another type, or not of a loaded contract
   */
  public DateTimeFormats dateTimeFormats() {
    return compiledFormats.orElseThrow(
        () -> new IllegalStateException("column '" + name + "' has no compiled formats"));
  }
}
