package org.ehrcontracts.engine.contract;

import static org.ehrcontracts.engine.contract.BinderSupport.parseLong;
import static org.ehrcontracts.engine.contract.BinderSupport.scalar;
import static org.ehrcontracts.engine.contract.BinderSupport.text;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ehrcontracts.engine.contract.YNode.ScalarType;
import org.ehrcontracts.engine.contract.YNode.YList;
import org.ehrcontracts.engine.contract.YNode.YMap;
import org.ehrcontracts.engine.contract.YNode.YScalar;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/** Binds {@code conceptSets:}: inline concept ids and ranges, and concept files. */
final class ConceptSetBinder {

  private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*\\.\\.\\s*(\\d+)\\s*");

  /**
   * Concept files: RFC 4180, spaces around a field ignored, blank lines kept as records so that
   * each record knows the line it starts on.
   */
  private static final CSVFormat CONCEPT_FILE =
      CSVFormat.RFC4180
          .builder()
          .setIgnoreEmptyLines(false)
          .setIgnoreSurroundingSpaces(true)
          .setTrim(true)
          .get();

  private final ContractSource source;
  private final Map<String, ContractText> files;
  private final MessageDigest digest;
  private final BinderSupport support;

  ConceptSetBinder(
      ContractSource source,
      Map<String, ContractText> files,
      MessageDigest digest,
      BinderSupport support) {
    this.source = source;
    this.files = files;
    this.digest = digest;
    this.support = support;
  }

  Map<String, ConceptSet> conceptSets(YMap node) {
    Map<String, ConceptSet> sets = new LinkedHashMap<>();
    if (node == null) {
      return sets;
    }
    for (YNode.Entry entry : node.entries().values()) {
      YMap set = (YMap) entry.value();
      List<long[]> ranges = new ArrayList<>();
      YNode concepts = set.get("concepts");
      if (concepts instanceof YList list) {
        ranges.addAll(conceptList(list));
      }
      YScalar file = scalar(set, "file");
      if (file != null) {
        ranges.addAll(conceptFile(file));
      }
      if (concepts == null && file == null) {
        support.missing(
            entry.keyAt(), "concept set '" + entry.key() + "' needs 'concepts:' or 'file:'");
      }
      sets.put(
          entry.key(),
          ConceptSet.of(
              entry.key(), text(set, "description"), ranges.toArray(long[][]::new), entry.keyAt()));
    }
    return sets;
  }

  List<long[]> conceptList(YList list) {
    List<long[]> ranges = new ArrayList<>();
    for (YNode item : list.items()) {
      YScalar value = (YScalar) item;
      if (value.type() == ScalarType.INTEGER) {
        Optional<Long> id = parseLong(value.text());
        if (id.isPresent()) {
          ranges.add(new long[] {id.get(), id.get()});
          continue;
        }
      } else {
        var range = RANGE.matcher(value.text());
        if (range.matches()) {
          long first = Long.parseLong(range.group(1));
          long last = Long.parseLong(range.group(2));
          if (first <= last) {
            ranges.add(new long[] {first, last});
            continue;
          }
        }
      }
      support.invalid(
          value.at(),
          "a concept must be a concept id or a range \"first..last\" (first <= last), not '"
              + value.text()
              + "'");
    }
    return ranges;
  }

  private List<long[]> conceptFile(YScalar file) {
    List<long[]> ranges = new ArrayList<>();
    Optional<ContractText> csv = support.openBeside(file, "concept file", source, files, digest);
    if (csv.isEmpty()) {
      return ranges;
    }
    String[] lines = firstFields(csv.get());
    if (lines == null) {
      return ranges;
    }
    String header = lines.length == 0 || lines[0] == null ? "" : lines[0];
    if (!header.equals("concept_id")) {
      support.report(
          Problem.of(
              Rule.CONTRACT_INVALID_VALUE,
              Severity.ERROR,
              Location.of(csv.get().display(), 1, 1),
              "a concept file's first column must be named concept_id"));
      return ranges;
    }
    for (int i = 1; i < lines.length; i++) {
      if (lines[i] == null) {
        continue;
      }
      Optional<Long> id = parseLong(lines[i]);
      if (id.isEmpty()) {
        support.report(
            Problem.of(
                Rule.CONTRACT_INVALID_VALUE,
                Severity.ERROR,
                Location.of(csv.get().display(), i + 1L, 1),
                "concept_id must be a whole number"));
      } else {
        ranges.add(new long[] {id.get(), id.get()});
      }
    }
    return ranges;
  }

  /**
   * The first field of each record of a concept file, at the index of the line the record starts on
   * (index 0 is line 1); {@code null} where no record starts and for blank lines. {@code null} in
   * all, with a problem, when the file is not CSV.
   */
  private String[] firstFields(ContractText csv) {
    String text = csv.text().startsWith("\uFEFF") ? csv.text().substring(1) : csv.text();
    List<String> byLine = new ArrayList<>();
    try (CSVParser parser =
        CSVParser.builder().setReader(new StringReader(text)).setFormat(CONCEPT_FILE).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      while (true) {
        // Blank lines are records here, so a record starts one past the line breaks before it.
        long line = parser.getCurrentLineNumber() + 1;
        try {
          if (!records.hasNext()) {
            break;
          }
        } catch (UncheckedIOException e) {
          support.report(
              Problem.of(
                  Rule.CONTRACT_INVALID_VALUE,
                  Severity.ERROR,
                  Location.of(csv.display(), line, 1),
                  "a concept file must be CSV: a quote is not closed, or text follows one"));
          return null;
        }
        CSVRecord record = records.next();
        while (byLine.size() < line - 1) {
          byLine.add(null);
        }
        byLine.add(record.size() == 1 && record.get(0).isEmpty() ? null : record.get(0));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byLine.toArray(String[]::new);
  }
}
