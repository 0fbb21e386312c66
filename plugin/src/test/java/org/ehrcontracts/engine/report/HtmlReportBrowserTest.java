package org.ehrcontracts.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code verify.html} in a real browser: headless Chromium runs the page's script (which the
 * Content-Security-Policy must allow), and the DOM it leaves shows the filter at work.
 *
 * <p>Skipped, saying so, where no Chromium is installed ({@code apt-get install chromium}).
 */
class HtmlReportBrowserTest {

  private static final Path PAGE = Path.of("target", "html-browser", "verify.html");

  @Test
  void theFilterShowsOnlyTheChosenSeverityAndRule() throws Exception {
    Path page = write();

    String all = dom(page, "");
    assertEquals(List.of(), hidden(all), "nothing hidden without a filter");
    assertTrue(all.contains("<form id=\"filter\">"), "the script shows the filter");

    String errors = dom(page, "#severity=error");
    assertEquals(
        List.of("plausibility.date-order", "file.unknown", "plausibility.birth-year"),
        hidden(errors));

    String oneRule = dom(page, "#rule=key.foreign");
    assertEquals(
        List.of(
            "type.date",
            "check.expression",
            "plausibility.date-order",
            "file.missing",
            "file.unknown",
            "plausibility.birth-year"),
        hidden(oneRule));
  }

  private static Path write() throws IOException {
    Files.createDirectories(PAGE.getParent());
    Files.writeString(
        PAGE, HtmlReportWriter.render(ReportFixture.result()), StandardCharsets.UTF_8);
    return PAGE.toAbsolutePath();
  }

  /** The rules of the problem groups the script hid, in page order. */
  private static List<String> hidden(String dom) {
    List<String> rules = new ArrayList<>();
    Matcher details = Pattern.compile("<details ([^>]*)>").matcher(dom);
    while (details.find()) {
      String attributes = details.group(1);
      if (attributes.matches(".*\\bhidden\\b.*")) {
        Matcher rule = Pattern.compile("data-rule=\"([^\"]*)\"").matcher(attributes);
        rules.add(rule.find() ? rule.group(1) : "?");
      }
    }
    return rules;
  }

  /** The page's DOM after its script ran, as headless Chromium dumps it. */
  private static String dom(Path page, String fragment) throws Exception {
    Optional<String> browser = browser();
    Assumptions.assumeTrue(
        browser.isPresent(), "no chromium on the PATH: apt-get install chromium to run this test");
    Path profile = Files.createTempDirectory("ehr-chromium");
    Process process =
        new ProcessBuilder(
                browser.get(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                "--dump-dom",
                page.toUri() + fragment)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
    return new String(out, StandardCharsets.UTF_8);
  }

  private static Optional<String> browser() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir :
          System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Optional.of(Path.of(dir, name).toString());
        }
      }
    }
    return Optional.empty();
  }
}
