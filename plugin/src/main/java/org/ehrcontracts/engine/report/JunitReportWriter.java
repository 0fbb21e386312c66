package org.ehrcontracts.engine.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The report of a verification as JUnit XML, {@code junit.xml}, in the Surefire form that GitHub,
 * GitLab and Jenkins read.
 *
 * <p>One {@code <testsuite name="ehr.verify.<export>">} holds a test case per file and rule family
 * (the part of the rule id before the first dot: {@code file}, {@code csv}, {@code header}, {@code
 * value}, {@code type}, {@code key}, {@code plausibility}, {@code check}, {@code deid}), named
 * after the family, with class name {@code <export>.<file>}:
 *
 * <ul>
 *   <li>a family with an error fails, its text listing every sample problem of the family;
 *   <li>a family with only warnings or infos passes and lists them in {@code <system-out>};
 *   <li>in a missing file, a family without an error is skipped.
 * </ul>
 *
 * <p>A file without any problem gets one test case named {@code read}: passing when the file was
 * checked, skipped when it is missing or was not checked.
 *
 * @since 0.1.0
 */
public final class JunitReportWriter {

  /**
   * The report's file name.
   *
   * @since 0.1.0
   */
  public static final String FILE_NAME = "junit.xml";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** One test case; at most one of failure and skipped is set. */
  private record Case(
      String classname,
      String name,
      String failureMessage,
      String failureType,
      String failureText,
      String skipped,
      String systemOut) {}

  private JunitReportWriter() {}

  /**
   * Renders a verification result as a JUnit XML document.
   *
   * @param result what verification found
   * @return the document, in UTF-8 by its declaration
   * @since 0.1.0
   */
  public static String render(VerifyResult result) {
    List<Case> cases = new ArrayList<>();
    for (FileResult file : result.files()) {
      cases.addAll(cases(result.export() + "." + file.file(), file));
    }
    long failures = cases.stream().filter(c -> c.failureMessage() != null).count();
    long skipped = cases.stream().filter(c -> c.skipped() != null).count();

    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuite");
    attribute(xml, "name", "ehr.verify." + result.export());
    attribute(xml, "tests", Integer.toString(cases.size()));
    attribute(xml, "failures", Long.toString(failures));
    attribute(xml, "errors", "0");
    attribute(xml, "skipped", Long.toString(skipped));
    attribute(
        xml,
        "time",
        String.format(Locale.ROOT, "%.3f", Math.max(0, result.duration().toMillis()) / 1000.0));
    attribute(xml, "timestamp", TIMESTAMP.format(result.started().truncatedTo(ChronoUnit.SECONDS)));
    xml.append(">\n  <properties>\n");
    property(xml, "contract", result.contract());
    property(xml, "contract.version", result.contractVersion());
    property(xml, "contract.sha256", result.contractDigest());
    property(xml, "tool", JsonReportWriter.TOOL + " " + result.toolVersion());
    property(xml, "deidentified", Boolean.toString(result.deidentified()));
    xml.append("  </properties>\n");
    for (Case testCase : cases) {
      testCase(xml, testCase);
    }
    xml.append("</testsuite>\n");
    return xml.toString();
  }

  private static List<Case> cases(String classname, FileResult file) {
    Map<String, List<RuleResult>> families = new LinkedHashMap<>();
    for (RuleResult rule : file.rules()) {
      families.computeIfAbsent(ReportText.family(rule.rule()), f -> new ArrayList<>()).add(rule);
    }
    if (families.isEmpty()) {
      String skipped =
          switch (file.status()) {
            case MISSING -> "file is missing";
            case ABSENT -> "file is absent, as the contract allows";
            case NOT_CHECKED -> "file not checked: the contract does not know it";
            default -> null;
          };
      return List.of(new Case(classname, "read", null, null, null, skipped, null));
    }
    List<Case> cases = new ArrayList<>();
    for (Map.Entry<String, List<RuleResult>> family : families.entrySet()) {
      List<RuleResult> rules = family.getValue();
      String lines = lines(file, rules);
      List<String> failing =
          rules.stream()
              .filter(r -> r.severity() == Severity.ERROR && r.count() > 0)
              .map(RuleResult::rule)
              .distinct()
              .toList();
      if (!failing.isEmpty()) {
        long count = rules.stream().mapToLong(RuleResult::count).sum();
        cases.add(
            new Case(
                classname,
                family.getKey(),
                ReportText.count(count, "problem"),
                String.join(" ", failing),
                lines,
                null,
                null));
      } else if (file.status() == FileStatus.MISSING) {
        cases.add(new Case(classname, family.getKey(), null, null, null, "file is missing", lines));
      } else {
        cases.add(new Case(classname, family.getKey(), null, null, null, null, lines));
      }
    }
    return cases;
  }

  /** Every sample problem of the rules as a console line, then a line for those not kept. */
  private static String lines(FileResult file, List<RuleResult> rules) {
    List<String> lines = new ArrayList<>();
    for (RuleResult rule : rules) {
      rule.samples().stream().map(p -> ReportText.oneLine(p.format())).forEach(lines::add);
      if (rule.count() > rule.samples().size()) {
        lines.add(ReportText.oneLine(ReportText.moreLine(file, rule, rule.samples().size())));
      }
    }
    return lines.stream().collect(Collectors.joining("\n", "", "\n"));
  }

  private static void testCase(StringBuilder xml, Case testCase) {
    xml.append("  <testcase");
    attribute(xml, "classname", testCase.classname());
    attribute(xml, "name", testCase.name());
    attribute(xml, "time", "0");
    if (testCase.failureMessage() == null
        && testCase.skipped() == null
        && testCase.systemOut() == null) {
      xml.append("/>\n");
      return;
    }
    xml.append(">\n");
    if (testCase.failureMessage() != null) {
      xml.append("    <failure");
      attribute(xml, "message", testCase.failureMessage());
      attribute(xml, "type", testCase.failureType());
      xml.append('>').append(text(testCase.failureText())).append("</failure>\n");
    }
    if (testCase.skipped() != null) {
      xml.append("    <skipped");
      attribute(xml, "message", testCase.skipped());
      xml.append("/>\n");
    }
    if (testCase.systemOut() != null) {
      xml.append("    <system-out>").append(text(testCase.systemOut())).append("</system-out>\n");
    }
    xml.append("  </testcase>\n");
  }

  private static void property(StringBuilder xml, String name, String value) {
    xml.append("    <property");
    attribute(xml, "name", name);
    attribute(xml, "value", value);
    xml.append("/>\n");
  }

  private static void attribute(StringBuilder xml, String name, String value) {
    xml.append(' ').append(name).append("=\"").append(escape(value, true)).append('"');
  }

  private static String text(String value) {
    return escape(value, false);
  }

  /**
   * Escapes text for XML 1.0 content or a double-quoted attribute, dropping the characters XML 1.0
   * does not allow at all (most control characters, unpaired surrogates, U+FFFE and U+FFFF).
   */
  static String escape(String value, boolean attribute) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                // Attribute values are normalised, so line breaks and tabs survive only as
                // references.
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                  if (allowedInXml(c)) {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }

  private static boolean allowedInXml(int c) {
    return (c >= 0x20 && c <= 0xd7ff)
        || (c >= 0xe000 && c <= 0xfffd)
        || (c >= 0x10000 && c <= 0x10ffff);
  }
}
