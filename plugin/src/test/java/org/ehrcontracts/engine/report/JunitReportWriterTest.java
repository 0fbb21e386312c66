package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportWriterTest {

  static Element parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    return document.getDocumentElement();
  }

  private static List<Element> testCases(Element suite) {
    NodeList nodes = suite.getElementsByTagName("testcase");
    List<Element> cases = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      cases.add((Element) nodes.item(i));
    }
    return cases;
  }

  private static Element child(Element element, String name) {
    NodeList nodes = element.getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
  }

  private static String describe(Element testCase) {
    String outcome =
        child(testCase, "failure") != null
            ? "failure"
            : child(testCase, "skipped") != null ? "skipped" : "passed";
    return testCase.getAttribute("classname") + " " + testCase.getAttribute("name") + " " + outcome;
  }

  @Test
  void oneTestCasePerFileAndRuleFamily() throws Exception {
    Element suite = parse(JunitReportWriter.render(ReportFixture.result()));

    assertEquals("testsuite", suite.getTagName());
    assertEquals("ehr.verify.alpha-2017-12", suite.getAttribute("name"));
    assertEquals(
        List.of(
            "alpha-2017-12.person.csv plausibility passed",
            "alpha-2017-12.visit_occurrence.csv type failure",
            "alpha-2017-12.visit_occurrence.csv key failure",
            "alpha-2017-12.visit_occurrence.csv plausibility passed",
            "alpha-2017-12.visit_occurrence.csv check failure",
            "alpha-2017-12.observation.csv file failure",
            "alpha-2017-12.notes.txt file passed",
            "alpha-2017-12.location.csv read passed"),
        testCases(suite).stream().map(JunitReportWriterTest::describe).toList());
    assertEquals("8", suite.getAttribute("tests"));
    assertEquals("4", suite.getAttribute("failures"));
    assertEquals("0", suite.getAttribute("errors"));
    assertEquals("0", suite.getAttribute("skipped"));
    assertEquals("1.234", suite.getAttribute("time"));
    assertEquals("2026-11-27T02:07:58", suite.getAttribute("timestamp"));
  }

  @Test
  void failuresCountAndListTheirProblems() throws Exception {
    List<Element> cases = testCases(parse(JunitReportWriter.render(ReportFixture.result())));

    Element typeFailure = child(cases.get(1), "failure");
    assertEquals("1,234 problems", typeFailure.getAttribute("message"));
    assertEquals("type.date", typeFailure.getAttribute("type"));
    List<String> lines = typeFailure.getTextContent().lines().toList();
    assertEquals(6, lines.size());
    assertEquals(
        "exports/alpha-2017-12/visit_occurrence.csv: ... and 1,229 more [type.date]", lines.get(5));

    Element checkFailure = child(cases.get(4), "failure");
    assertEquals(
        "exports/alpha-2017-12/visit_occurrence.csv:14: error: check \"visit type known\" failed:"
            + " </script><script>alert(1)</script> & more\\nsecond line [check.expression]"
            + " (contract aou-ehr-alpha.yaml:130:5)\n",
        checkFailure.getTextContent());

    String warnings = child(cases.get(3), "system-out").getTextContent();
    assertTrue(warnings.contains(":11:6: warning: 'visit_end_date' is before"), warnings);
    assertEquals(0, cases.get(7).getChildNodes().getLength(), "a clean file's case is empty");
  }

  @Test
  void missingAndUncheckedFilesAreSkippedUnlessAnError() throws Exception {
    FileResult optionalMissing =
        new FileResult(
            "note.csv", Optional.of("note"), FileStatus.ABSENT, 0, 0, Optional.empty(), List.of());
    FileResult warnedMissing =
        new FileResult(
            "specimen.csv",
            Optional.of("specimen"),
            FileStatus.MISSING,
            0,
            0,
            Optional.empty(),
            List.of(
                new RuleResult(
                    "file.missing",
                    Optional.empty(),
                    Severity.WARNING,
                    1,
                    List.of(),
                    Optional.empty(),
                    false)));
    FileResult tolerated =
        new FileResult(
            "README.txt",
            Optional.empty(),
            FileStatus.NOT_CHECKED,
            0,
            9,
            Optional.empty(),
            List.of());
    VerifyResult result =
        ReportFixture.result(
            List.of(optionalMissing, warnedMissing, tolerated, ReportFixture.missingObservation()),
            Duration.ofMillis(5));

    Element suite = parse(JunitReportWriter.render(result));

    assertEquals(
        List.of(
            "alpha-2017-12.note.csv read skipped",
            "alpha-2017-12.specimen.csv file skipped",
            "alpha-2017-12.README.txt read skipped",
            "alpha-2017-12.observation.csv file failure"),
        testCases(suite).stream().map(JunitReportWriterTest::describe).toList());
    assertEquals("4", suite.getAttribute("tests"));
    assertEquals("1", suite.getAttribute("failures"));
    assertEquals("3", suite.getAttribute("skipped"));
    assertEquals("0.005", suite.getAttribute("time"));
    assertEquals(
        "specimen.csv: 1 problem [file.missing]\n",
        child(testCases(suite).get(1), "system-out").getTextContent());
    assertEquals(
        "file is absent, as the contract allows",
        child(testCases(suite).get(0), "skipped").getAttribute("message"));
  }

  @Test
  void charactersXmlCannotHoldAreDropped() throws Exception {
    String message = "bad\u0000nul \u001besc \ufffe\uffff lone\udc00 kept\ud83d\ude00 \"q\" <&>";
    FileResult file =
        new FileResult(
            "person.csv",
            Optional.of("person"),
            FileStatus.FAILED,
            1,
            10,
            Optional.empty(),
            List.of(
                new RuleResult(
                    "value.pattern",
                    Optional.empty(),
                    Severity.ERROR,
                    1,
                    List.of(
                        Problem.of(
                            Rule.VALUE_PATTERN,
                            Severity.ERROR,
                            Location.of("p.csv", 2, 1),
                            message)),
                    Optional.empty(),
                    false)));
    String xml =
        JunitReportWriter.render(ReportFixture.result(List.of(file), Duration.ofMillis(1)));

    Element failure = child(testCases(parse(xml)).get(0), "failure");

    assertEquals(
        "p.csv:2:1: error: bad?nul ?esc  lone kept\ud83d\ude00 \"q\" <&> [value.pattern]\n",
        failure.getTextContent());
    assertEquals(
        "abcd\ud83d\ude00", JunitReportWriter.escape("a\u0000b\u001fc\ud800d\ud83d\ude00", false));
    assertFalse(xml.contains("\u0000"));
    assertEquals(
        "a&#10;b&#13;&#9;&quot;&lt;&gt;&amp;'", JunitReportWriter.escape("a\nb\r\t\"<>&'", true));
  }
}
