package org.ehrcontracts.engine.contract;

import static org.ehrcontracts.engine.contract.BinderSupport.parseLong;
import static org.ehrcontracts.engine.contract.BinderSupport.scalar;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ehrcontracts.engine.contract.YNode.YList;
import org.ehrcontracts.engine.contract.YNode.YMap;
import org.ehrcontracts.engine.contract.YNode.YScalar;
import org.ehrcontracts.engine.expr.LookupTable;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * Binds {@code lookups:}: reads each lookup's CSV once, when the contract is loaded, into a {@link
 * LookupTable}; a bad number, a duplicate key or a missing column is a contract problem at the
 * CSV's file, line and column.
 */
final class LookupBinder {

  /**
   * As concept files: RFC 4180, spaces around a field ignored, blank lines kept as records (and
   * skipped here) so that each record knows the line it starts on.
   */
  private static final CSVFormat LOOKUP_FILE =
      CSVFormat.RFC4180
          .builder()
          .setIgnoreEmptyLines(false)
          .setIgnoreSurroundingSpaces(true)
          .setTrim(true)
          .get();

  private static final Map<String, Boolean> UNLISTED =
      Map.of("not-applicable", false, "fail", true);

  private final ContractSource source;
  private final Map<String, ContractText> files;
  private final MessageDigest digest;
  private final BinderSupport support;

  LookupBinder(
      ContractSource source,
      Map<String, ContractText> files,
      MessageDigest digest,
      BinderSupport support) {
    this.source = source;
    this.files = files;
    this.digest = digest;
    this.support = support;
  }

  Map<String, Lookup> lookups(YMap node) {
    Map<String, Lookup> lookups = new LinkedHashMap<>();
    if (node == null) {
      return lookups;
    }
    for (YNode.Entry entry : node.entries().values()) {
      lookup(entry).ifPresent(lookup -> lookups.put(entry.key(), lookup));
    }
    return lookups;
  }

  private Optional<Lookup> lookup(YNode.Entry entry) {
    String name = entry.key();
    YMap node = (YMap) entry.value();
    YScalar file = scalar(node, "file");
    List<String> keys = new ArrayList<>();
    if (node.get("keys") instanceof YList list) {
      for (YNode item : list.items()) {
        keys.add(((YScalar) item).text());
      }
      if (keys.isEmpty() || keys.size() > 2) {
        support.invalid(
            list.at(),
            "lookup '" + name + "' has " + keys.size() + " keys; a lookup has one or two");
      }
    }
    List<String> valueNames = new ArrayList<>();
    List<ColumnType> valueTypes = new ArrayList<>();
    YMap values = node.get("values") instanceof YMap map ? map : null;
    if (values != null) {
      for (YNode.Entry value : values.entries().values()) {
        YScalar type = (YScalar) value.value();
        ColumnType parsed = ColumnType.fromKeyword(type.text()).orElse(null);
        if (parsed != ColumnType.INTEGER && parsed != ColumnType.FLOAT) {
          support.invalid(
              type.at(),
              "value '"
                  + value.key()
                  + "' of lookup '"
                  + name
                  + "' is '"
                  + type.text()
                  + "'; a lookup's values are integer or float");
          continue;
        }
        if (keys.contains(value.key())) {
          support.invalid(
              value.keyAt(),
              "'" + value.key() + "' is a key of lookup '" + name + "', not a value");
          continue;
        }
        valueNames.add(value.key());
        valueTypes.add(parsed);
      }
    }
    for (String required : List.of("file", "keys", "values")) {
      if (node.get(required) == null) {
        support.missing(entry.keyAt(), "lookup '" + name + "' needs '" + required + ":'");
      }
    }
    boolean fails = support.word(node, "unlisted", UNLISTED, false);
    if (file == null || keys.isEmpty() || keys.size() > 2 || valueNames.isEmpty()) {
      return Optional.empty();
    }
    LookupTable.Builder builder =
        new LookupTable.Builder(name, keys.size(), valueNames, valueTypes, fails);
    // A file with problems still makes a lookup (of the rows that read well), so that the checks
    // that use it compile and report their own problems in the same run; the contract is refused.
    read(file, keys, valueNames, valueTypes, builder);
    return Optional.of(new Lookup(name, file.text(), keys, builder.build(), entry.keyAt()));
  }

  /** Reads the CSV into the builder, reporting what it cannot read. */
  private void read(
      YScalar file,
      List<String> keys,
      List<String> valueNames,
      List<ColumnType> valueTypes,
      LookupTable.Builder builder) {
    Optional<ContractText> csv = support.openBeside(file, "lookup file", source, files, digest);
    if (csv.isEmpty()) {
      return;
    }
    String display = csv.get().display();
    String text =
        csv.get().text().startsWith("\uFEFF") ? csv.get().text().substring(1) : csv.get().text();
    int problemsBefore = support.count();
    try (CSVParser parser =
        CSVParser.builder().setReader(new StringReader(text)).setFormat(LOOKUP_FILE).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      long headerLine = parser.getCurrentLineNumber() + 1;
      CSVRecord header = next(records, parser, display);
      if (header == null) {
        if (support.count() == problemsBefore) {
          support.report(
              Problem.of(
                  Rule.CONTRACT_INVALID_VALUE,
                  Severity.ERROR,
                  Location.of(display, 1, 1),
                  "a lookup file needs a header naming its columns"));
        }
        return;
      }
      Map<String, Integer> fields = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        fields.putIfAbsent(header.get(i), i);
      }
      List<String> wanted = new ArrayList<>(keys);
      wanted.addAll(valueNames);
      int[] keyFields = new int[keys.size()];
      int[] valueFields = new int[valueNames.size()];
      boolean complete = true;
      for (int w = 0; w < wanted.size(); w++) {
        Integer field = fields.get(wanted.get(w));
        if (field == null) {
          support.unknownReference(
              Location.of(display, headerLine, 1),
              "the lookup file has no column '" + wanted.get(w) + "' in its header",
              wanted.get(w),
              fields.keySet());
          complete = false;
        } else if (w < keys.size()) {
          keyFields[w] = field;
        } else {
          valueFields[w - keys.size()] = field;
        }
      }
      if (!complete) {
        return;
      }
      Map<String, Long> firstLine = new HashMap<>();
      long[] keyValues = new long[keys.size()];
      long[] integers = new long[valueNames.size()];
      double[] floats = new double[valueNames.size()];
      boolean[] empty = new boolean[valueNames.size()];
      while (true) {
        // Blank lines are records here, so a record starts one past the line breaks before it.
        long line = parser.getCurrentLineNumber() + 1;
        CSVRecord record = next(records, parser, display);
        if (record == null) {
          break;
        }
        if (record.size() == 1 && record.get(0).isEmpty()) {
          continue;
        }
        boolean good = true;
        for (int k = 0; k < keyFields.length; k++) {
          String cell = cell(record, keyFields[k]);
          Optional<Long> value = cell.isEmpty() ? Optional.empty() : parseLong(cell);
          if (value.isEmpty()) {
            cellProblem(
                display, line, keyFields[k], "key '" + keys.get(k) + "' must be a whole number");
            good = false;
          } else {
            keyValues[k] = value.get();
          }
        }
        for (int v = 0; v < valueFields.length; v++) {
          String cell = cell(record, valueFields[v]);
          empty[v] = cell.isEmpty();
          if (empty[v]) {
            continue;
          }
          if (valueTypes.get(v) == ColumnType.INTEGER) {
            Optional<Long> value = parseLong(cell);
            if (value.isEmpty()) {
              cellProblem(
                  display,
                  line,
                  valueFields[v],
                  "'" + valueNames.get(v) + "' must be a whole number");
              good = false;
            } else {
              integers[v] = value.get();
            }
          } else {
            double value = parseDouble(cell);
            if (Double.isNaN(value)) {
              cellProblem(
                  display, line, valueFields[v], "'" + valueNames.get(v) + "' must be a number");
              good = false;
            } else {
              floats[v] = value;
            }
          }
        }
        if (!good) {
          continue;
        }
        if (!builder.fits(keyValues)) {
          cellProblem(
              display,
              line,
              keyFields[0],
              "a key of two columns takes whole numbers from 0 to 4294967295 in each");
          continue;
        }
        String shown = java.util.Arrays.toString(keyValues);
        if (!builder.add(keyValues, integers, floats, empty)) {
          cellProblem(
              display,
              line,
              keyFields[0],
              "this key is listed already, at line " + firstLine.get(shown) + "; list a key once");
        } else {
          firstLine.put(shown, line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next record, or null at the end or (with a problem) where the file stops being CSV. */
  private CSVRecord next(Iterator<CSVRecord> records, CSVParser parser, String display) {
    long line = parser.getCurrentLineNumber() + 1;
    try {
      return records.hasNext() ? records.next() : null;
    } catch (UncheckedIOException e) {
      support.report(
          Problem.of(
              Rule.CONTRACT_INVALID_VALUE,
              Severity.ERROR,
              Location.of(display, line, 1),
              "a lookup file must be CSV: a quote is not closed, or text follows one"));
      return null;
    }
  }

  private static String cell(CSVRecord record, int field) {
    return field < record.size() ? record.get(field) : "";
  }

  private void cellProblem(String display, long line, int field, String message) {
    support.report(
        Problem.of(
            Rule.CONTRACT_INVALID_VALUE,
            Severity.ERROR,
            Location.of(display, line, field + 1),
            message));
  }

  /** A decimal number as a column of type float takes it, or NaN. */
  private static double parseDouble(String text) {
    if (!text.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
      return Double.NaN;
    }
    double value = Double.parseDouble(text);
    return Double.isInfinite(value) ? Double.NaN : value;
  }
}
