package org.ehrcontracts.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Prints pitest's score per package from its {@code mutations.xml}, next to the goal of issue 14.
 *
 * <p>The {@code mutation} profile runs it after pitest; by hand, after a run:
 *
 * <pre>
 * java -cp plugin/target/test-classes org.ehrcontracts.testing.MutationSummary \
 *     plugin/target/pit-reports/mutations.xml
 * </pre>
 *
 * <p>A mutant counts as killed when pitest says it was detected (killed, timed out or out of
 * memory); the score is killed over all mutants, with those no test reaches counted as survivors,
 * as pitest's own report counts them. It never fails the build: the survivors each goal leaves are
 * either killed by a test or listed as equivalent in {@code
 * plugin/src/test/resources/pitest-equivalent-mutants.md}.
 */
public final class MutationSummary {

  /** Goals, in percent killed, for the packages the issue names. */
  private static final Map<String, Integer> GOALS =
      Map.of(
          "org.ehrcontracts.engine.deid", 90,
          "org.ehrcontracts.engine.csv", 90,
          "org.ehrcontracts.engine.format", 90,
          "org.ehrcontracts.engine.verify", 80,
          "org.ehrcontracts.engine.contract", 80,
          "org.ehrcontracts.engine.deploy", 80);

  private MutationSummary() {}

  /** Counts for one package. */
  private static final class Tally {
    int total;
    int killed;
    int uncovered;
  }

  /**
   * Prints the summary.
   *
   * @param args the path of {@code mutations.xml}
   * @throws IOException if the report cannot be read
   * @throws XMLStreamException if it is not pitest's XML
   */
  public static void main(String[] args) throws IOException, XMLStreamException {
    Path report = Path.of(args.length > 0 ? args[0] : "target/pit-reports/mutations.xml");
    if (!Files.exists(report)) {
      System.out.println("[mutation] no pitest report at " + report);
      return;
    }
    Map<String, Tally> packages = tally(report);
    System.out.println("[mutation] score per package (killed / mutants; goal):");
    int total = 0;
    int killed = 0;
    for (Map.Entry<String, Tally> e : packages.entrySet()) {
      Tally t = e.getValue();
      total += t.total;
      killed += t.killed;
      Integer goal = GOALS.get(e.getKey());
      String verdict =
          goal == null
              ? ""
              : (t.killed * 100L >= goal * (long) t.total ? " ok" : " BELOW") + " goal";
      System.out.printf(
          "[mutation]   %-34s %5d / %5d  %5.1f %%  (%d not covered)%s%s%n",
          e.getKey(),
          t.killed,
          t.total,
          percent(t.killed, t.total),
          t.uncovered,
          goal == null ? "" : "; " + goal + " %",
          verdict);
    }
    System.out.printf(
        "[mutation]   %-34s %5d / %5d  %5.1f %%%n", "all", killed, total, percent(killed, total));
    System.out.println("[mutation] report: " + report.resolveSibling("index.html"));
  }

  private static double percent(int part, int whole) {
    return whole == 0 ? 100.0 : 100.0 * part / whole;
  }

  private static Map<String, Tally> tally(Path report) throws IOException, XMLStreamException {
    Map<String, Tally> packages = new TreeMap<>();
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    try (InputStream in = Files.newInputStream(report)) {
      XMLStreamReader xml = factory.createXMLStreamReader(in);
      boolean detected = false;
      String status = "";
      while (xml.hasNext()) {
        if (xml.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        if (xml.getLocalName().equals("mutation")) {
          detected = Boolean.parseBoolean(xml.getAttributeValue(null, "detected"));
          status = String.valueOf(xml.getAttributeValue(null, "status"));
        } else if (xml.getLocalName().equals("mutatedClass")) {
          String name = xml.getElementText();
          int dot = name.lastIndexOf('.');
          Tally t =
              packages.computeIfAbsent(dot < 0 ? "" : name.substring(0, dot), k -> new Tally());
          t.total++;
          if (detected) {
            t.killed++;
          } else if (status.equals("NO_COVERAGE")) {
            t.uncovered++;
          }
        }
      }
      xml.close();
    }
    return packages;
  }
}
