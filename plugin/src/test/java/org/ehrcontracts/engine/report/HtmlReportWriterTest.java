package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {

  private static final String HTML = HtmlReportWriter.render(ReportFixture.result());

  @Test
  void pageIsSelfContainedWithOnlyItsOwnScript() throws Exception {
    int start = HTML.indexOf("<script>");
    int end = HTML.indexOf("</script>");
    assertTrue(start > 0 && end > start, "one inline script");
    assertEquals(-1, HTML.indexOf("<script", start + 1), "only one script");
    String script = HTML.substring(start + "<script>".length(), end);
    String hash =
        java.util.Base64.getEncoder()
            .encodeToString(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertTrue(
        HTML.contains(
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none';"
                + " style-src 'unsafe-inline'; script-src 'sha256-"
                + hash
                + "'\">"),
        "the policy allows exactly that script");
    String lower =
        (HTML.substring(0, start) + HTML.substring(end + "</script>".length()))
            .toLowerCase(Locale.ROOT);
    for (String external :
        List.of("src=", "href=", "http:", "https:", "url(", "@import", "<link", "<script", "//")) {
      assertFalse(lower.contains(external), external);
    }
    assertTrue(HTML.startsWith("<!DOCTYPE html>\n<html lang='en'>"));
    assertTrue(HTML.contains("<meta charset='utf-8'>"));
  }

  @Test
  void messagesAreEscaped() {
    assertTrue(
        HTML.contains(
            "check &quot;visit type known&quot; failed: &lt;/script&gt;&lt;script&gt;alert(1)"
                + "&lt;/script&gt; &amp; more"),
        HTML);
    assertTrue(HTML.contains("&#39;visit_start_date&#39; is not a date"));
    assertEquals(
        "&lt;b title=&quot;x&quot;&gt;&amp;&#39;\n\tkept\ud83d\ude00",
        HtmlReportWriter.escape("<b title=\"x\">&'\n\tkept\u0000\u001b\u007f\ud800\ud83d\ude00"));
  }

  @Test
  void headerNamesExportContractToolAndOutcome() {
    assertTrue(HTML.contains("<title>FAILED: alpha-2017-12 (ehr:verify)</title>"));
    assertTrue(HTML.contains("<span class='badge failed'>FAILED</span>"));
    assertTrue(HTML.contains("aou-ehr-alpha 1.2.0"));
    assertTrue(HTML.contains("title='SHA-256 " + ReportFixture.DIGEST + "'>sha256:3f9a0c5e7b1d"));
    assertTrue(HTML.contains("ehr-maven-plugin 0.1.0-SNAPSHOT"));
    assertTrue(HTML.contains("2026-11-27 02:07:58 UTC, took 1.2 s"));
    assertTrue(HTML.contains("4 files, 1,552 rows: 1,237 errors, 3 warnings, 2 infos"));
  }

  @Test
  void filesAndProblemGroupsAreShown() {
    assertTrue(
        HTML.contains(
            "<tr><td class='mono'>visit_occurrence.csv</td><td>visit_occurrence</td>"
                + "<td class='sev st-failed'>FAILED</td><td class='num'>1,500</td>"
                + "<td class='num'>187,654</td><td class='num'>1,236</td><td class='num'>2</td>"
                + "<td class='num'>0</td></tr>"),
        HTML);
    assertTrue(HTML.contains("<td class='sev st-not-checked'>NOT CHECKED</td>"));
    assertTrue(
        HTML.contains(
            "<details data-severity='error' data-rule='type.date' open>\n"
                + "<summary><span class='sev error'>error</span> <code>type.date</code>: 1,234 problems"
                + "</summary>"));
    assertTrue(HTML.contains("<details data-severity='warning' data-rule='file.unknown'>\n"));
    assertTrue(HTML.contains("... and 1,229 more not shown."));
    assertTrue(HTML.contains("<code>check.expression</code> check <code>visit-type-known</code>"));
    assertTrue(HTML.contains("threshold held</span>"));
    assertTrue(HTML.contains("<p class='note'>Some synthetic persons are born before 1910.</p>"));
    assertTrue(
        HTML.contains(
            "<tr><td class='num'>3</td><td class='mono'>visit_start_date</td>"
                + "<td>&#39;visit_start_date&#39; is not a date"));
    assertTrue(
        HTML.contains(
            "<li>omop-base 5.3.1 <span class='mono muted'>classpath:ehr/contracts/omop-base.yaml"
                + "</span></li>"));
  }

  @Test
  void problemsComeErrorsFirst() {
    String problems = HTML.substring(HTML.indexOf("<div id='problems'>"));
    List<String> order = new java.util.ArrayList<>();
    Matcher group = Pattern.compile("data-rule='([^']*)'").matcher(problems);
    while (group.find()) {
      order.add(group.group(1));
    }
    assertEquals(
        List.of(
            "type.date",
            "key.foreign",
            "check.expression",
            "plausibility.date-order",
            "file.missing",
            "file.unknown",
            "plausibility.birth-year"),
        order);
    assertTrue(
        HTML.contains(
            "<label><input type='checkbox' name='severity' value='info' checked> 2 infos</label>"));
    assertTrue(
        HTML.contains(
            "<option value=''>every rule</option><option>check.expression</option>"
                + "<option>file.missing</option>"));
  }

  @Test
  void tagsAreBalanced() {
    Set<String> voids = Set.of("meta", "br", "hr", "img", "input", "link");
    Deque<String> open = new ArrayDeque<>();
    Matcher tag = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>").matcher(HTML);
    while (tag.find()) {
      String name = tag.group(2).toLowerCase(Locale.ROOT);
      if (voids.contains(name)) {
        continue;
      }
      if (tag.group(1).isEmpty()) {
        open.push(name);
      } else {
        assertEquals(open.pop(), name, "at " + tag.start());
      }
    }
    assertTrue(open.isEmpty(), open.toString());
  }

  @Test
  void passedExportSaysSo() {
    String html =
        HtmlReportWriter.render(
            ReportFixture.result(List.of(ReportFixture.location()), Duration.ofMillis(80)));

    assertTrue(html.contains("<span class='badge passed'>PASSED</span>"));
    assertTrue(html.contains("<p>No problems.</p>"));
  }
}
