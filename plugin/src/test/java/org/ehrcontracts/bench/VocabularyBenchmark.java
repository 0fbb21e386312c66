package org.ehrcontracts.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.vocab.Vocabulary;
import org.ehrcontracts.engine.vocab.VocabularyLoader;
import org.ehrcontracts.engine.vocab.VocabularyRequest;

/**
 * Measures loading Athena's default vocabulary: a first load from the files, then a load from the
 * binary cache, each in a fresh JVM, as two builds meet them.
 *
 * <p>Generates (once, then reuses) a synthetic {@code CONCEPT.csv} of 6 000 000 concepts by default
 * ({@code -Dbench.concepts=N}) of Athena's widths (names of 20 to 120 characters, some with {@code
 * "}; realistic domains, vocabularies, classes and flags; rows in no id order, as Athena's are), a
 * {@code VOCABULARY.csv} and, with {@code -Dbench.relationships=N} (30 million rows are about the
 * size of Athena's, 1.3 GB), a {@code CONCEPT_RELATIONSHIP.csv}; deletes the cache; then starts
 * this class's {@link Load} twice in a child JVM with this JVM's heap limit: the first load (files,
 * then cache written) and the second (cache). Each child prints its time, the index's own size, the
 * heap the loaded index keeps after a collection, the peak heap in use while loading (garbage
 * included), and, for the cached load, the cost of a lookup. The files were just written or read,
 * so they are in the page cache: the first load's figure is the parse's, not a cold disk's. The
 * last line reads {@code first F s cached C s concepts N index I MB heap H MB peak P MB}. The
 * benchmark profile runs it with {@code -Xmx500m}, by hand only:
 *
 * <pre>
 * ./mvnw -q -Pbenchmark -pl plugin -am test -DskipTests \
 *     -Dbench.class=org.ehrcontracts.bench.VocabularyBenchmark [-Dbench.relationships=30000000]
 * </pre>
 */
public final class VocabularyBenchmark {

  private VocabularyBenchmark() {}

  private static final Pattern FIGURES =
      Pattern.compile("load ([0-9.]+) s, index (\\d+) MB, heap kept (\\d+) MB, peak (\\d+) MB");

  /** Arguments: {@code [ignored] [ignored] [directory]}, as the benchmark profile passes them. */
  public static void main(String[] args) throws Exception {
    int concepts = Integer.getInteger("bench.concepts", 6_000_000);
    int relationships = Integer.getInteger("bench.relationships", 0);
    Path root = Path.of(args.length > 2 ? args[2] : "target/benchmark").toAbsolutePath();
    String name = "vocabulary-" + concepts + (relationships > 0 ? "-r" + relationships : "");
    Path folder = prepare(root.resolve(name), concepts, relationships);
    Path cache = root.resolve(name + "-cache");
    deleteTree(cache);
    String heap =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-Xmx"))
            .reduce((a, b) -> b)
            .orElse("-Xmx500m");
    System.out.printf(
        Locale.ROOT,
        "CONCEPT.csv %,d MB, %,d concepts%s; children run with %s, %d cores%n",
        Files.size(folder.resolve("CONCEPT.csv")) >> 20,
        concepts,
        relationships > 0
            ? String.format(
                Locale.ROOT,
                "; CONCEPT_RELATIONSHIP.csv %,d MB, %,d rows",
                Files.size(folder.resolve("CONCEPT_RELATIONSHIP.csv")) >> 20,
                relationships)
            : "",
        heap,
        Runtime.getRuntime().availableProcessors());
    Matcher first = child(heap, folder, cache, "first");
    Matcher cached = child(heap, folder, cache, "cached");
    System.out.printf(
        Locale.ROOT,
        "first %s s cached %s s concepts %d index %s MB heap %s MB peak %s MB%n",
        first.group(1),
        cached.group(1),
        concepts,
        first.group(2),
        first.group(3),
        first.group(4));
  }

  /** Runs {@link Load} in a fresh JVM, echoes its lines, and returns its figures. */
  private static Matcher child(String heap, Path folder, Path cache, String label)
      throws IOException, InterruptedException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    List<String> command =
        List.of(
            java,
            heap,
            "-cp",
            System.getProperty("java.class.path"),
            Load.class.getName(),
            folder.toString(),
            cache.toString(),
            label);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Matcher figures = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println("  " + line);
        Matcher matcher = FIGURES.matcher(line);
        if (matcher.find()) {
          figures = matcher;
        }
      }
    }
    if (process.waitFor() != 0 || figures == null) {
      throw new IllegalStateException("the " + label + " load failed");
    }
    return figures;
  }

  /** One load in a fresh JVM: {@code folder cache label}. */
  public static final class Load {

    private Load() {}

    public static void main(String[] args) throws Exception {
      Path folder = Path.of(args[0]);
      Path cache = Path.of(args[1]);
      String label = args[2];
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      System.gc();
      long before = memory.getHeapMemoryUsage().getUsed();
      HeapSampler sampler = new HeapSampler(true);
      sampler.start();
      long t = System.nanoTime();
      Vocabulary vocabulary =
          new VocabularyLoader(PRINT).load(new VocabularyRequest(folder, Optional.of(cache)));
      double seconds = (System.nanoTime() - t) / 1e9;
      sampler.interrupt();
      sampler.join();
      System.gc();
      System.gc();
      long kept = memory.getHeapMemoryUsage().getUsed() - before;
      System.out.printf(
          Locale.ROOT,
          "%s load %.2f s, index %d MB, heap kept %d MB, peak %d MB (from the cache: %s)%n",
          label,
          seconds,
          vocabulary.footprintBytes() >> 20,
          Math.max(0, kept) >> 20,
          sampler.peak >> 20,
          vocabulary.fromCache());
      if (vocabulary.fromCache()) {
        lookups(vocabulary);
      }
    }

    /** The cost of what a concept check does per cell: find the concept, read its flags. */
    private static void lookups(Vocabulary vocabulary) {
      SplittableRandom random = new SplittableRandom(7);
      int n = vocabulary.size();
      long[] probes = new long[1 << 22];
      for (int i = 0; i < probes.length; i++) {
        // Nine in ten are concepts of the vocabulary, the rest ids it lacks.
        probes[i] =
            random.nextInt(10) == 0
                ? random.nextLong(0, 50_000_000L) * 2 + 1
                : vocabulary.conceptIdAt(random.nextInt(n));
      }
      long found = 0;
      for (int round = 0; round < 3; round++) {
        long t = System.nanoTime();
        found = 0;
        for (long id : probes) {
          int i = vocabulary.indexOf(id);
          if (i >= 0 && vocabulary.domainAt(i) == 0) {
            found++;
          }
        }
        System.out.printf(
            Locale.ROOT,
            "lookup (indexOf + domainAt) %.0f ns, one thread, round %d%n",
            (System.nanoTime() - t) / (double) probes.length,
            round + 1);
      }
      if (found < 0) {
        throw new IllegalStateException();
      }
    }

    private static final DiagnosticsListener PRINT =
        new DiagnosticsListener() {
          @Override
          public void problem(org.ehrcontracts.engine.problem.Problem problem) {
            System.out.println(problem.format());
          }

          @Override
          public void progress(String message) {
            System.out.println(message);
          }

          @Override
          public void debug(java.util.function.Supplier<String> message) {
            System.out.println("debug: " + message.get());
          }
        };
  }

  // ---- the synthetic vocabulary ----

  private static final String[] DOMAINS = {
    "Drug",
    "Drug",
    "Drug",
    "Drug",
    "Drug",
    "Drug",
    "Drug",
    "Drug",
    "Drug",
    "Condition",
    "Condition",
    "Condition",
    "Observation",
    "Observation",
    "Measurement",
    "Measurement",
    "Procedure",
    "Device",
    "Meas Value",
    "Unit",
    "Spec Anatomic Site",
    "Geography",
    "Type Concept",
    "Visit",
    "Route",
    "Gender",
    "Race",
    "Ethnicity",
    "Provider",
    "Metadata",
    "Specimen",
    "Place of Service",
    "Relationship",
    "Cost",
    "Revenue Code",
    "Episode",
    "Language",
    "Regimen",
    "Currency",
    "Condition/Meas",
    "Obs/Procedure",
    "Drug/Procedure",
    "Condition/Procedure"
  };
  private static final String[] VOCABULARIES = {
    "RxNorm Extension",
    "RxNorm Extension",
    "RxNorm Extension",
    "RxNorm",
    "NDC",
    "SNOMED",
    "SNOMED",
    "ICD10CM",
    "ICD10PCS",
    "ICD9CM",
    "LOINC",
    "CPT4",
    "HCPCS",
    "NDFRT",
    "ATC",
    "UCUM",
    "Gender",
    "Race",
    "Ethnicity",
    "Visit",
    "Type Concept",
    "CVX",
    "OMOP Extension",
    "MeSH",
    "Nebraska Lexicon",
    "dm+d",
    "BDPM",
    "AMT",
    "GGR",
    "DPD",
    "KDC",
    "Multum",
    "VA Class",
    "OSM",
    "Cancer Modifier",
    "ICDO3",
    "NAACCR",
    "OPCS4",
    "Read",
    "KCD7",
    "ICD10",
    "ICD10GM",
    "CIEL",
    "PPI",
    "UK Biobank"
  };
  private static final String[] WORDS = {
    "oral",
    "tablet",
    "injection",
    "solution",
    "mg",
    "mL",
    "disorder",
    "of",
    "the",
    "left",
    "right",
    "acute",
    "chronic",
    "syndrome",
    "measurement",
    "serum",
    "plasma",
    "blood",
    "urine",
    "extended",
    "release",
    "capsule",
    "cream",
    "topical",
    "100",
    "250",
    "500",
    "hydrochloride",
    "sodium",
    "[Mass/volume]",
    "in",
    "by",
    "with",
    "without",
    "complication",
    "procedure",
    "device",
    "kit",
    "Box",
    "of",
    "10",
    "Pack",
    "[Brand]",
    "primary",
    "secondary",
    "malignant",
    "neoplasm",
    "benign"
  };

  /** The vocabulary folder for these sizes, generated if it is not there yet. */
  static Path prepare(Path folder, int concepts, int relationships) throws IOException {
    Path concept = folder.resolve("CONCEPT.csv");
    Path done = folder.resolve(".complete");
    if (Files.exists(done)) {
      return folder;
    }
    Files.createDirectories(folder);
    long t = System.nanoTime();
    SplittableRandom random = new SplittableRandom(42);
    // Distinct ids spread as Athena's are (most below 50 million, a few All of Us custom ones from
    // 2,000,000,000), written in a shuffled order.
    int[] ids = new int[concepts];
    int custom = Math.min(10_000, concepts / 100);
    long next = 0;
    for (int i = 0; i < concepts - custom; i++) {
      next += 1 + random.nextInt(13);
      ids[i] = (int) next;
    }
    for (int i = concepts - custom; i < concepts; i++) {
      ids[i] = 2_000_000_000 + (i - (concepts - custom));
    }
    for (int i = concepts - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = ids[i];
      ids[i] = ids[j];
      ids[j] = swap;
    }
    String[] classes = new String[420];
    for (int i = 0; i < classes.length; i++) {
      classes[i] =
          switch (i) {
            case 0 -> "Clinical Drug";
            case 1 -> "Branded Drug";
            case 2 -> "Ingredient";
            case 3 -> "Clinical Finding";
            case 4 -> "Lab Test";
            case 5 -> "Procedure";
            default -> "Class " + i;
          };
    }
    byte[] standards = new byte[concepts];
    try (OutputStream out = Files.newOutputStream(concept)) {
      Line line = new Line();
      line.text(
              "concept_id\tconcept_name\tdomain_id\tvocabulary_id\tconcept_class_id\tstandard_concept"
                  + "\tconcept_code\tvalid_start_date\tvalid_end_date\tinvalid_reason")
          .end(out);
      for (int i = 0; i < concepts; i++) {
        line.number(ids[i]).tab();
        int nameLength = 20 + random.nextInt(101);
        int start = line.length();
        while (line.length() - start < nameLength) {
          if (line.length() > start) {
            line.text(" ");
          }
          line.text(WORDS[random.nextInt(WORDS.length)]);
        }
        if (random.nextInt(20) == 0) {
          line.text(" \"quoted\"");
        }
        line.tab().text(DOMAINS[random.nextInt(DOMAINS.length)]).tab();
        line.text(VOCABULARIES[random.nextInt(VOCABULARIES.length)]).tab();
        line.text(
            classes[random.nextInt(10) < 6 ? random.nextInt(6) : random.nextInt(classes.length)]);
        line.tab();
        int standard = random.nextInt(100);
        standards[i] = (byte) (standard < 55 ? 'S' : standard < 57 ? 'C' : 0);
        line.text(standard < 55 ? "S" : standard < 57 ? "C" : "").tab();
        line.number(random.nextInt(1, 99_999_999)).tab();
        line.number(19_700_101 + random.nextInt(50) * 10_000).tab().text("20991231").tab();
        int invalid = random.nextInt(100);
        line.text(standard >= 57 && invalid < 8 ? "D" : standard >= 57 && invalid < 12 ? "U" : "");
        line.end(out);
      }
    }
    if (relationships > 0) {
      relationships(
          folder.resolve("CONCEPT_RELATIONSHIP.csv"), ids, standards, relationships, random);
    }
    Files.writeString(
        folder.resolve("VOCABULARY.csv"),
        "vocabulary_id\tvocabulary_name\tvocabulary_reference\tvocabulary_version\tvocabulary_concept_id\n"
            + "None\tOMOP Standardized Vocabularies\tOMOP generated\tv5.0 BENCHMARK\t44819096\n"
            + "SNOMED\tSystematic Nomenclature of Medicine\tSNOMED International\t2024-09-01\t44819097\n",
        StandardCharsets.UTF_8);
    Files.writeString(done, "", StandardCharsets.UTF_8);
    System.out.printf(
        Locale.ROOT, "generated %s in %.1f s%n", folder, (System.nanoTime() - t) / 1e9);
    return folder;
  }

  /**
   * Athena's mix: each concept's "Maps to" (a standard concept to itself, a source concept to a
   * standard one) and its reverse "Mapped from", then hierarchy and attribute rows up to {@code
   * rows}.
   */
  private static void relationships(
      Path file, int[] ids, byte[] standards, int rows, SplittableRandom random)
      throws IOException {
    int[] standardIds = new int[ids.length];
    int s = 0;
    for (int i = 0; i < ids.length; i++) {
      if (standards[i] == 'S') {
        standardIds[s++] = ids[i];
      }
    }
    String[] others = {
      "Is a", "Subsumes", "RxNorm has dose form", "Has ingredient", "Concept replaces"
    };
    try (OutputStream out = Files.newOutputStream(file)) {
      Line line = new Line();
      line.text(
              "concept_id_1\tconcept_id_2\trelationship_id\tvalid_start_date\tvalid_end_date"
                  + "\tinvalid_reason")
          .end(out);
      int written = 0;
      for (int i = 0; i < ids.length && written + 2 <= rows; i++) {
        if (standards[i] == 'C') {
          continue;
        }
        int target = standards[i] == 'S' ? ids[i] : standardIds[random.nextInt(s)];
        line.number(ids[i])
            .tab()
            .number(target)
            .tab()
            .text("Maps to\t19700101\t20991231\t")
            .end(out);
        line.number(target)
            .tab()
            .number(ids[i])
            .tab()
            .text("Mapped from\t19700101\t20991231\t")
            .end(out);
        written += 2;
      }
      for (; written < rows; written++) {
        line.number(ids[random.nextInt(ids.length)])
            .tab()
            .number(ids[random.nextInt(ids.length)])
            .tab();
        line.text(others[random.nextInt(others.length)]).text("\t19700101\t20991231\t").end(out);
      }
    }
  }

  /** One line of bytes, appended to without a string per field. */
  private static final class Line {
    private byte[] bytes = new byte[512];
    private int length;

    int length() {
      return length;
    }

    Line text(String text) {
      for (int i = 0; i < text.length(); i++) {
        put((byte) text.charAt(i));
      }
      return this;
    }

    Line number(long value) {
      return text(Long.toString(value));
    }

    Line tab() {
      put((byte) '\t');
      return this;
    }

    void end(OutputStream out) throws IOException {
      put((byte) '\n');
      out.write(bytes, 0, length);
      length = 0;
    }

    private void put(byte b) {
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, length * 2);
      }
      bytes[length++] = b;
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
