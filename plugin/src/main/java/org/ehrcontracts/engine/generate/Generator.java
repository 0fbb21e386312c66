package org.ehrcontracts.engine.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Check;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.FolderNaming;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.Presence;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.contract.TableOrder;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.export.Crosswalk;
import org.ehrcontracts.engine.expr.Truth;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.json.ToolRef;
import org.ehrcontracts.engine.util.Suggestions;

/**
 * Writes a seeded synthetic export that follows a contract.
 *
 * <p>Tables without persons (location, care_site, provider, ...) come first, a few rows for every
 * ten persons, and are kept in memory (at most {@value #MAX_REFERENCE_ROWS} rows each). Then the
 * persons stream: each person's row, death (one person in ten, if the contract has a death table),
 * visits and events are made and written before the next person's, so memory stays bounded whatever
 * the number of persons. Every person draws from a random generator of its own, split from the seed
 * by its number, so the same request gives byte-identical files.
 *
 * <p>What holds by construction: primary keys are unique (a counter per table); every foreign key
 * points at a generated row, of the same person where the referenced table has persons; event dates
 * lie inside their visit, after birth, before death and before the reference date; a datetime is on
 * its date; an end is not before its start; values are of their column's type, form, length,
 * pattern and concept set. The contract's {@code checks:} are then evaluated on every row: a row
 * that fails one is drawn again, and as a last resort the optional columns the check reads are
 * emptied; a check that still fails stops the generation, naming it.
 *
 * @since 0.2.0
 */
public final class Generator {

  /** The most rows of a table without persons. */
  static final int MAX_REFERENCE_ROWS = 10_000;

  /** How often a row that fails a check is drawn again. */
  static final int ATTEMPTS = 100;

  /** The file of the manifest, in the output folder. */
  public static final String MANIFEST = "generate.json";

  private static final FolderNaming DEFAULT_FOLDER = FolderNaming.compile("{date}-v{version}");

  private final DiagnosticsListener diagnostics;

  /** A generator that reports progress to {@code diagnostics}. */
  public Generator(DiagnosticsListener diagnostics) {
    this.diagnostics = diagnostics;
  }

  /**
   * Generates an export.
   *
   * @throws GenerateException if the request cannot be met (see {@link GenerateException})
   * @throws IOException if a file cannot be written
   */
  public GenerateResult generate(GenerateRequest request) throws GenerateException, IOException {
    Instant started = Instant.now();
    Path output = request.output().toAbsolutePath().normalize();
    checkOutput(output, request.overwrite());
    Contract contract = request.contract();
    Optional<DeidentificationPolicy> policy =
        request.deidentified() ? contract.deidentification() : Optional.empty();
    if (request.deidentified() && policy.isEmpty()) {
      throw new GenerateException(
          "contract "
              + contract.name()
              + " has no deidentification: policy, so there is no de-identified form to"
              + " generate; generate raw data instead");
    }
    Plan plan = new Plan(contract, request, policy);
    String folder =
        contract.files().folder().orElse(DEFAULT_FOLDER).next(request.asOf(), List.of());

    Path parent = output.getParent();
    Files.createDirectories(parent);
    Path temp = parent.resolve("." + output.getFileName() + ".partial-" + System.nanoTime());
    Files.createDirectory(temp);
    GenerateResult result;
    try {
      result = plan.write(temp, folder, started, diagnostics);
      publish(temp, output);
    } catch (IOException | GenerateException | RuntimeException e) {
      deleteTree(temp);
      throw e;
    }
    return new GenerateResult(
        output,
        output.resolve(folder),
        output.resolve(MANIFEST),
        result.crosswalk().map(c -> output.resolve(c.getFileName())),
        result.files(),
        result.planted(),
        result.notes(),
        Duration.between(started, Instant.now()));
  }

  private static void checkOutput(Path output, boolean overwrite) throws GenerateException {
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new GenerateException("the output " + output + " is a file, not a folder");
    }
    if (!overwrite && !isEmptyOrAbsent(output)) {
      throw new GenerateException(
          "the output folder "
              + output
              + " is not empty; choose another output, or allow overwrite to replace it");
    }
  }

  private static boolean isEmptyOrAbsent(Path folder) {
    if (!Files.isDirectory(folder)) {
      return true;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      return !entries.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  /** Moves the finished temporary folder to the output, replacing what was there. */
  private static void publish(Path temp, Path output) throws IOException {
    if (Files.isDirectory(output)) {
      Path old = output.resolveSibling("." + output.getFileName() + ".old-" + System.nanoTime());
      Files.move(output, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } else {
      Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** A random generator for a stream of its own: the seed and a number, mixed. */
  static SplittableRandom random(long seed, long stream) {
    long z = seed * 0x9E3779B97F4A7C15L + stream;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return new SplittableRandom(z ^ (z >>> 33));
  }

  /** The tables to write, classified, and the writing itself. */
  private static final class Plan {

    final Contract contract;
    final GenerateRequest request;
    final Optional<DeidentificationPolicy> policy;
    final List<TableShape> reference = new ArrayList<>();
    final List<TableShape> linked = new ArrayList<>();
    final Set<String> parents = new HashSet<>();
    final TableShape person;
    final TableShape death;
    final List<String> notes = new ArrayList<>();
    final long idBase;
    final int maxAge;

    Plan(Contract contract, GenerateRequest request, Optional<DeidentificationPolicy> policy)
        throws GenerateException {
      this.contract = contract;
      this.request = request;
      this.policy = policy;
      Set<String> generated = tables(contract, request, policy);
      String personName = contract.person().table();
      Set<String> personLinked = new LinkedHashSet<>();
      for (String name : generated) {
        Table table = contract.tables().get(name);
        if (name.equals(personName) || refersToPerson(contract, table)) {
          personLinked.add(name);
        }
      }
      Map<String, Set<String>> needsLinked = new LinkedHashMap<>();
      Map<String, Set<String>> needsReference = new LinkedHashMap<>();
      for (String name : generated) {
        Table table = contract.tables().get(name);
        Set<String> needs = new HashSet<>();
        for (ForeignKey key : table.foreignKeys()) {
          if (!key.table().equals(name) && generated.contains(key.table())) {
            needs.add(key.table());
          }
        }
        if (personLinked.contains(name)) {
          needs.retainAll(personLinked);
          needsLinked.put(name, needs);
          for (String need : needs) {
            if (!need.equals(personName)) {
              parents.add(need);
            }
          }
        } else {
          needs.removeAll(personLinked);
          needsReference.put(name, needs);
        }
      }
      Map<String, Integer> depth = new HashMap<>();
      List<Table> linkedOrder = flatten(TableOrder.levels(contract, needsLinked), depth);
      List<Table> referenceOrder = flatten(TableOrder.levels(contract, needsReference), null);
      Map<String, boolean[]> measured = measured(contract, generated);
      for (Table table : referenceOrder) {
        reference.add(
            new TableShape(
                contract,
                table,
                generated,
                personLinked,
                depth,
                policy,
                measured.get(table.name()),
                notes));
      }
      TableShape personShape = null;
      TableShape deathShape = null;
      String deathName = contract.person().deathTable().orElse(null);
      for (Table table : linkedOrder) {
        TableShape shape =
            new TableShape(
                contract,
                table,
                generated,
                personLinked,
                depth,
                policy,
                measured.get(table.name()),
                notes);
        if (table.name().equals(personName)) {
          personShape = shape;
        } else if (table.name().equals(deathName)) {
          deathShape = shape;
        } else {
          linked.add(shape);
        }
      }
      person = personShape;
      death = deathShape;
      Set<String> referenced = new HashSet<>();
      for (String name : generated) {
        for (ForeignKey key : contract.tables().get(name).foreignKeys()) {
          if (!key.table().equals(name)) {
            referenced.add(key.table());
          }
        }
      }
      for (TableShape shape : reference) {
        shape.referenced = referenced.contains(shape.table.name());
      }
      for (TableShape shape : linked) {
        shape.referenced = referenced.contains(shape.table.name());
      }
      if (person != null) {
        person.referenced = referenced.contains(person.table.name());
      }
      if (death != null) {
        death.referenced = referenced.contains(death.table.name());
      }
      int digits = policy.map(DeidentificationPolicy::idDigits).orElse(0);
      long base = digits > 1 && digits < 19 ? pow10(digits - 1) : 0;
      idBase = policy.isPresent() ? (request.persons() < base * 9 ? base : request.persons()) : 0;
      maxAge =
          policy.flatMap(DeidentificationPolicy::maxAge).map(a -> Math.max(18, a - 10)).orElse(90);
    }

    private static long pow10(int exponent) {
      long value = 1;
      for (int i = 0; i < exponent; i++) {
        value *= 10;
      }
      return value;
    }

    private static boolean refersToPerson(Contract contract, Table table) {
      for (ForeignKey key : table.foreignKeys()) {
        if (key.table().equals(contract.person().table())
            && key.referencedColumns().equals(List.of(contract.person().id()))
            && key.when().isEmpty()) {
          return true;
        }
      }
      return false;
    }

    private static List<Table> flatten(List<List<Table>> levels, Map<String, Integer> depth) {
      List<Table> tables = new ArrayList<>();
      for (int i = 0; i < levels.size(); i++) {
        for (Table table : levels.get(i)) {
          tables.add(table);
          if (depth != null) {
            depth.put(table.name(), i);
          }
        }
      }
      return tables;
    }

    /** Per table, the columns another column's {@code vocabulary.unitOf} names. */
    private static Map<String, boolean[]> measured(Contract contract, Set<String> generated) {
      Map<String, boolean[]> measured = new HashMap<>();
      for (String name : generated) {
        Table table = contract.tables().get(name);
        boolean[] flags = new boolean[table.columns().size()];
        for (var column : table.columns()) {
          column
              .vocabulary()
              .flatMap(v -> v.unitOf())
              .ifPresent(
                  of -> {
                    int i = table.indexOf(of);
                    if (i >= 0) {
                      flags[i] = true;
                    }
                  });
        }
        measured.put(name, flags);
      }
      return measured;
    }

    /** The tables to generate, in contract order. */
    private static Set<String> tables(
        Contract contract, GenerateRequest request, Optional<DeidentificationPolicy> policy)
        throws GenerateException {
      Set<String> withheld = policy.map(DeidentificationPolicy::withheldTables).orElse(Set.of());
      Set<String> wanted = new LinkedHashSet<>();
      List<String> asked = request.tables();
      if (asked.isEmpty()) {
        for (Table table : contract.tables().values()) {
          if (table.presence() != Presence.OPTIONAL && !withheld.contains(table.name())) {
            wanted.add(table.name());
          }
        }
      } else if (asked.contains(GenerateRequest.ALL_TABLES)) {
        for (Table table : contract.tables().values()) {
          if (!withheld.contains(table.name())) {
            wanted.add(table.name());
          }
        }
      } else {
        for (String name : asked) {
          if (!contract.tables().containsKey(name)) {
            throw new GenerateException(
                "contract "
                    + contract.name()
                    + " has no table '"
                    + name
                    + "'"
                    + Suggestions.hint(name, contract.tables().keySet())
                    + "; its tables are "
                    + String.join(", ", contract.tables().keySet()));
          }
          if (withheld.contains(name)) {
            throw new GenerateException(
                "table '"
                    + name
                    + "' is never part of de-identified data (it is identifying, or the policy"
                    + " drops it); leave it out, or generate raw data");
          }
          wanted.add(name);
        }
      }
      wanted.add(contract.person().table());
      // Tables a written table cannot do without: its required foreign keys' tables.
      boolean added = true;
      while (added) {
        added = false;
        for (String name : List.copyOf(wanted)) {
          Table table = contract.tables().get(name);
          for (ForeignKey key : table.foreignKeys()) {
            boolean required =
                key.columns().stream()
                    .anyMatch(c -> table.column(c).map(col -> col.required()).orElse(false));
            if (required && key.when().isEmpty() && wanted.add(key.table())) {
              if (withheld.contains(key.table())) {
                throw new GenerateException(
                    "table '"
                        + name
                        + "' requires table '"
                        + key.table()
                        + "', which de-identified data never holds");
              }
              added = true;
            }
          }
        }
      }
      Set<String> ordered = new LinkedHashSet<>();
      for (String name : contract.tables().keySet()) {
        if (wanted.contains(name)) {
          ordered.add(name);
        }
      }
      return ordered;
    }

    /**
     * The tables in the order defects prefer them: leaf events, parents, references, death, person.
     */
    private List<TableShape> preferred() {
      List<TableShape> ordered = new ArrayList<>();
      for (TableShape shape : linked) {
        if (!parents.contains(shape.table.name()) && !shape.onePerPerson) {
          ordered.add(shape);
        }
      }
      for (TableShape shape : linked) {
        if (parents.contains(shape.table.name()) && !shape.onePerPerson) {
          ordered.add(shape);
        }
      }
      ordered.addAll(reference);
      for (TableShape shape : linked) {
        if (shape.onePerPerson) {
          ordered.add(shape);
        }
      }
      if (death != null) {
        ordered.add(death);
      }
      if (person != null) {
        ordered.add(person);
      }
      return ordered;
    }

    GenerateResult write(Path temp, String folder, Instant started, DiagnosticsListener log)
        throws IOException, GenerateException {
      Planter planter =
          new Planter(
              request.defects(),
              preferred(),
              person,
              policy.isPresent(),
              policy.flatMap(DeidentificationPolicy::maxAge),
              request.asOf());
      Path export = temp.resolve(folder);
      Files.createDirectory(export);
      Rows rows = new Rows(this, planter);
      Map<TableShape, CsvOut> outs = new LinkedHashMap<>();
      List<TableShape> all = new ArrayList<>(reference);
      if (person != null) {
        all.add(person);
      }
      if (death != null) {
        all.add(death);
      }
      all.addAll(linked);
      Path crosswalk = null;
      try {
        for (TableShape shape : all) {
          CsvOut out = new CsvOut(export.resolve(shape.file()), contract.dialect());
          outs.put(shape, out);
          out.header(shape.header());
        }
        for (TableShape shape : reference) {
          rows.reference(shape, outs.get(shape));
        }
        Writer crosswalkOut = null;
        if (policy.isPresent()) {
          crosswalk = temp.resolve(folder + Crosswalk.SUFFIX);
          crosswalkOut = Files.newBufferedWriter(crosswalk, StandardCharsets.UTF_8);
          crosswalkOut.write(Crosswalk.HEADER + "\n");
        }
        try {
          long tick = System.nanoTime();
          for (long p = 1; p <= request.persons(); p++) {
            rows.person(p, outs);
            if (crosswalkOut != null) {
              crosswalkOut.write(p + "," + (idBase + p) + "\n");
            }
            if (System.nanoTime() - tick > 5_000_000_000L) {
              tick = System.nanoTime();
              log.progress(
                  String.format(
                      java.util.Locale.ROOT, "  %,d of %,d persons", p, request.persons()));
            }
          }
        } finally {
          if (crosswalkOut != null) {
            crosswalkOut.close();
          }
        }
      } finally {
        for (CsvOut out : outs.values()) {
          out.close();
        }
      }
      planter.unknownFiles(export);
      planter.finish();
      List<GenerateResult.TableFile> files = new ArrayList<>();
      for (Table table : contract.tables().values()) {
        for (Map.Entry<TableShape, CsvOut> entry : outs.entrySet()) {
          if (entry.getKey().table == table) {
            files.add(
                new GenerateResult.TableFile(table.name(), table.file(), entry.getValue().rows()));
          }
        }
      }
      GenerateDocument document =
          new GenerateDocument(
              ToolRef.of(request.toolVersion()),
              ContractRef.of(contract.name(), contract.version(), contract.digest()),
              request.seed(),
              request.persons(),
              request.asOf().toString(),
              policy.isPresent(),
              folder,
              crosswalk == null ? null : crosswalk.getFileName().toString(),
              files,
              planter.planted(),
              notes);
      Files.writeString(
          temp.resolve(MANIFEST), JsonDocuments.write(document), StandardCharsets.UTF_8);
      return new GenerateResult(
          temp,
          export,
          temp.resolve(MANIFEST),
          Optional.ofNullable(crosswalk),
          files,
          planter.planted(),
          notes,
          Duration.between(started, Instant.now()));
    }
  }

  /** What one person is: drawn before their rows. */
  private static final class Person {
    long id;
    LocalDate birth;
    int birthHour;
    int birthMinute;
    LocalDate death;
    LocalDate first;
    LocalDate last;
    final Map<String, List<ParentRow>> parents = new HashMap<>();
  }

  /** A row other rows of the same person refer to, such as a visit. */
  private record ParentRow(TableShape shape, String[] values, LocalDate start, LocalDate end) {}

  /** Makes and writes rows. */
  private static final class Rows {

    final Plan plan;
    final Planter planter;
    final Map<TableShape, long[]> counters = new HashMap<>();
    final Map<String, List<String[]>> referenceRows = new HashMap<>();
    final Map<TableShape, Long> written = new HashMap<>();

    Rows(Plan plan, Planter planter) {
      this.plan = plan;
      this.planter = planter;
    }

    long next(TableShape shape) {
      return ++counters.computeIfAbsent(shape, s -> new long[1])[0];
    }

    long number(TableShape shape) {
      long n = written.getOrDefault(shape, 0L) + 1;
      written.put(shape, n);
      return n;
    }

    void reference(TableShape shape, CsvOut out) throws IOException, GenerateException {
      long count = Math.max(1, Math.min(MAX_REFERENCE_ROWS, (plan.request.persons() + 9) / 10));
      SplittableRandom random = random(plan.request.seed(), -1 - plan.reference.indexOf(shape));
      List<String[]> kept = new ArrayList<>();
      for (long i = 0; i < count; i++) {
        long key = next(shape);
        String[] row = accepted(shape, null, null, key, random);
        kept.add(row);
        planter.write(shape, out, row, number(shape));
      }
      referenceRows.put(shape.table.name(), kept);
    }

    void person(long index, Map<TableShape, CsvOut> outs) throws IOException, GenerateException {
      SplittableRandom random = random(plan.request.seed(), index);
      Person p = new Person();
      p.id = plan.idBase + index;
      LocalDate asOf = plan.request.asOf();
      int age =
          planter.oldPerson(index)
              ? plan.policy.flatMap(DeidentificationPolicy::maxAge).orElse(80) + 6
              : 18 + random.nextInt(plan.maxAge - 18 + 1);
      p.birth = asOf.minusYears(age + 1L).plusDays(1 + random.nextInt(364));
      p.birthHour = random.nextInt(24);
      p.birthMinute = random.nextInt(60);
      p.first = asOf.minusYears(8);
      p.last = asOf.minusDays(1);
      if (plan.person != null) {
        String[] row = accepted(plan.person, p, null, 0, random);
        planter.write(plan.person, outs.get(plan.person), row, number(plan.person));
      }
      if (plan.death != null && random.nextInt(10) == 0) {
        String[] row = null;
        for (int attempt = 0; attempt < ATTEMPTS && row == null; attempt++) {
          p.death = asOf.minusDays(1 + random.nextInt(3 * 365));
          row = build(plan.death, p, null, 0, random);
          if (failing(plan.death, row) != null) {
            row = null;
          }
        }
        if (row == null) {
          throw unsatisfied(plan.death, failing(plan.death, build(plan.death, p, null, 0, random)));
        }
        p.last = p.death.isBefore(p.last) ? p.death : p.last;
        planter.write(plan.death, outs.get(plan.death), row, number(plan.death));
      }
      for (TableShape shape : plan.linked) {
        int count;
        if (shape.onePerPerson) {
          count = 1;
        } else if (plan.parents.contains(shape.table.name())) {
          count = 1 + random.nextInt(3);
        } else {
          count = random.nextInt(3);
        }
        List<ParentRow> kept = plan.parents.contains(shape.table.name()) ? new ArrayList<>() : null;
        for (int i = 0; i < count; i++) {
          long key = next(shape);
          LocalDate[] span = new LocalDate[2];
          String[] row = accepted(shape, p, span, key, random);
          if (kept != null) {
            kept.add(new ParentRow(shape, row, span[0], span[1]));
          }
          planter.write(shape, outs.get(shape), row, number(shape));
        }
        if (kept != null) {
          p.parents.put(shape.table.name(), kept);
        }
      }
    }

    /** A row that meets the table's checks, drawn again while it does not. */
    String[] accepted(
        TableShape shape, Person p, LocalDate[] span, long key, SplittableRandom random)
        throws GenerateException {
      Check failed = null;
      String[] row = null;
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        row = build(shape, p, span, key, random);
        failed = failing(shape, row);
        if (failed == null) {
          return row;
        }
      }
      // Last resort: the optional columns the check reads, emptied (a check on empty values does
      // not apply).
      for (String name : failed.assertionExpression().columns()) {
        int c = shape.table.indexOf(name);
        if (!shape.columns[c].required() && shape.kinds[c] != TableShape.Kind.KEY) {
          row[c] = "";
        }
      }
      Check still = failing(shape, row);
      if (still == null) {
        return row;
      }
      throw unsatisfied(shape, still);
    }

    private GenerateException unsatisfied(TableShape shape, Check check) {
      return new GenerateException(
          "cannot generate rows of table "
              + shape.table.name()
              + " that satisfy its check '"
              + check.id()
              + "' ("
              + check.assertion()
              + "): every one of "
              + ATTEMPTS
              + " attempts failed it; relax the check, or generate this table from other data");
    }

    /** The first check the row fails, or null. */
    Check failing(TableShape shape, String[] row) {
      for (Check check : shape.checks) {
        LocalDate today = plan.request.asOf();
        if (check.whenExpression().isPresent()
            && check.whenExpression().get().evaluate(i -> row[i], today) != Truth.TRUE) {
          continue;
        }
        if (check.assertionExpression().evaluate(i -> row[i], today) == Truth.FALSE) {
          return check;
        }
      }
      return null;
    }

    /** Draws one row. {@code span} receives its start and end, for rows others refer to. */
    String[] build(TableShape shape, Person p, LocalDate[] span, long key, SplittableRandom r) {
      int n = shape.columns.length;
      String[] row = new String[n];
      LocalDate windowStart = p == null ? null : p.first;
      LocalDate windowEnd = p == null ? null : p.last;
      ParentRow anchor = null;
      for (TableShape.Key k : shape.keys) {
        if (k.key().when().isPresent()) {
          continue;
        }
        switch (k.target()) {
          case PERSON -> fill(row, k, Long.toString(p.id));
          case PARENT -> {
            List<ParentRow> rows = p.parents.getOrDefault(k.key().table(), List.of());
            if (rows.isEmpty()) {
              break;
            }
            if (anchor == null) {
              if (k.required() || r.nextInt(10) < 8) {
                anchor = rows.get(r.nextInt(rows.size()));
                copy(row, k, anchor.values());
              }
            } else {
              String[] linked = linkedValues(anchor, k);
              if (linked != null) {
                copy(row, k, linked);
              } else if (k.required()) {
                copy(row, k, rows.get(r.nextInt(rows.size())).values());
              }
            }
          }
          case REFERENCE -> {
            if (k.required() || r.nextInt(10) < 8) {
              List<String[]> rows = referenceRows.get(k.key().table());
              if (rows != null && !rows.isEmpty()) {
                copy(row, k, rows.get(r.nextInt(rows.size())));
              }
            }
          }
          case SELF, NONE -> {
            // Left empty; a required self-reference points at the row itself (below).
          }
        }
      }
      if (anchor != null) {
        windowStart = anchor.start();
        windowEnd = anchor.end();
      }
      LocalDate start = null;
      LocalDate end = null;
      if (p != null) {
        if (shape.deathTable) {
          start = p.death;
          end = p.death;
        } else {
          long days = Math.max(0, ChronoUnit.DAYS.between(windowStart, windowEnd));
          start = windowStart.plusDays(r.nextLong(days + 1));
          long room = ChronoUnit.DAYS.between(start, windowEnd);
          long most =
              anchor != null
                  ? room
                  : Math.min(room, plan.parents.contains(shape.table.name()) ? 3 : 30);
          end = start.plusDays(r.nextLong(Math.max(0, most) + 1));
        }
        if (span != null) {
          span[0] = start;
          span[1] = end;
        }
      }
      int startHour = 8 + r.nextInt(4);
      int startMinute = r.nextInt(60);
      int startSecond = r.nextInt(60);
      int endHour = 12 + r.nextInt(9);
      int endMinute = r.nextInt(60);
      int endSecond = r.nextInt(60);
      for (int c = 0; c < n; c++) {
        TableShape.Kind kind = shape.kinds[c];
        if (kind == TableShape.Kind.KEY) {
          continue;
        }
        DeidentificationPolicy.Action action = shape.actions[c];
        boolean truncate = action == DeidentificationPolicy.Action.TRUNCATE_DATE;
        boolean optional = !shape.columns[c].required();
        boolean skip = optional && r.nextInt(4) == 0 && !shape.alwaysFilled[c];
        String value;
        switch (kind) {
          case COUNTER -> value = counterValue(shape, c, key);
          case PERSON_ID -> value = Long.toString(p.id);
          case BIRTH_YEAR -> value = Integer.toString(p.birth.getYear());
          case BIRTH_MONTH ->
              value =
                  action == DeidentificationPolicy.Action.BIRTH_PART
                      ? "1"
                      : Integer.toString(p.birth.getMonthValue());
          case BIRTH_DAY ->
              value =
                  action == DeidentificationPolicy.Action.BIRTH_PART
                      ? "1"
                      : Integer.toString(p.birth.getDayOfMonth());
          case BIRTH_DATETIME ->
              value = temporal(shape, c, p.birth, p.birthHour, p.birthMinute, 0, truncate);
          case DATE, DATETIME -> {
            if (skip || start == null) {
              value =
                  start == null && !optional
                      ? temporal(shape, c, plan.request.asOf().minusYears(1), 9, 0, 0, truncate)
                      : "";
            } else if (shape.end[c]) {
              value = temporal(shape, c, end, endHour, endMinute, endSecond, truncate);
            } else {
              value = temporal(shape, c, start, startHour, startMinute, startSecond, truncate);
            }
          }
          case TIME ->
              value =
                  skip
                      ? ""
                      : action == DeidentificationPolicy.Action.TRUNCATE_TIME
                          ? "00:00:00"
                          : twoDigits(startHour)
                              + ":"
                              + twoDigits(startMinute)
                              + ":"
                              + twoDigits(startSecond);
          case CONCEPT -> value = skip ? "" : Long.toString(shape.pools[c].draw(r));
          case INTEGER -> value = skip ? "" : integer(shape, c, r);
          case FLOAT -> value = skip ? "" : decimal(shape, c, r);
          case STRING -> value = skip ? "" : string(shape, c, r);
          case TEXT -> value = skip ? "" : "synthetic text " + (1 + r.nextInt(9999));
          case BLANK -> value = "";
          default -> value = "";
        }
        row[c] = value;
      }
      for (TableShape.Key k : shape.keys) {
        if (k.target() == TableShape.Target.SELF && k.required()) {
          for (int i = 0; i < k.columns().length; i++) {
            row[k.columns()[i]] = row[k.referenced()[i]];
          }
        }
        if (k.key().when().isPresent()) {
          ForeignKey.Condition when = k.key().when().get();
          String condition = row[shape.table.indexOf(when.column())];
          if (condition != null && when.matches(condition)) {
            if (k.target() == TableShape.Target.PERSON && p != null) {
              fill(row, k, Long.toString(p.id));
            } else if (k.target() == TableShape.Target.REFERENCE) {
              List<String[]> rows = referenceRows.get(k.key().table());
              if (rows != null && !rows.isEmpty()) {
                copy(row, k, rows.get(r.nextInt(rows.size())));
              }
            }
          } else {
            for (int col : k.columns()) {
              row[col] = shape.columns[col].required() ? Integer.toString(1 + r.nextInt(30)) : "";
            }
          }
        }
      }
      for (int c = 0; c < n; c++) {
        if (row[c] == null) {
          row[c] = "";
        }
      }
      return row;
    }

    /** The values the anchor row holds for a key to the same table, or null. */
    private static String[] linkedValues(ParentRow anchor, TableShape.Key k) {
      for (TableShape.Key own : anchor.shape().keys) {
        if (own.key().table().equals(k.key().table())
            && own.key().referencedColumns().equals(k.key().referencedColumns())) {
          // Laid out as the referenced table's row, for copy().
          String[] out = new String[maxIndex(k.referenced()) + 1];
          for (int i = 0; i < own.columns().length; i++) {
            String value = anchor.values()[own.columns()[i]];
            if (value == null || value.isEmpty()) {
              return null;
            }
            out[k.referenced()[i]] = value;
          }
          return out;
        }
      }
      return null;
    }

    private static int maxIndex(int[] indexes) {
      int max = 0;
      for (int i : indexes) {
        max = Math.max(max, i);
      }
      return max;
    }

    private static void fill(String[] row, TableShape.Key k, String value) {
      for (int c : k.columns()) {
        row[c] = value;
      }
    }

    private static void copy(String[] row, TableShape.Key k, String[] referenced) {
      for (int i = 0; i < k.columns().length; i++) {
        row[k.columns()[i]] = referenced[k.referenced()[i]];
      }
    }

    private static String counterValue(TableShape shape, int c, long key) {
      return shape.columns[c].type().isNumeric() ? Long.toString(key) : "SYN" + key;
    }

    private String temporal(
        TableShape shape,
        int c,
        LocalDate date,
        int hour,
        int minute,
        int second,
        boolean truncate) {
      TemporalForm form = shape.forms[c];
      if (truncate) {
        LocalDate january = LocalDate.of(date.getYear(), 1, 1);
        int offset = plan.policy.get().januaryOffset(date.getYear()).getTotalSeconds();
        return form.format(january, 0, 0, 0, offset);
      }
      return form.format(date, hour, minute, second, 0);
    }

    private static String integer(TableShape shape, int c, SplittableRandom r) {
      var column = shape.columns[c];
      if (column.min().isPresent() || column.max().isPresent()) {
        long min = column.min().map(v -> (long) Math.ceil(Double.parseDouble(v))).orElse(0L);
        long max = column.max().map(v -> (long) Math.floor(Double.parseDouble(v))).orElse(min + 30);
        return Long.toString(min + r.nextLong(Math.max(1, max - min + 1)));
      }
      return Integer.toString(1 + r.nextInt(30));
    }

    private static String decimal(TableShape shape, int c, SplittableRandom r) {
      var column = shape.columns[c];
      if (column.min().isPresent() || column.max().isPresent()) {
        double min = column.min().map(Double::parseDouble).orElse(0.0);
        double max = column.max().map(Double::parseDouble).orElse(min + 100);
        long tenths = (long) Math.ceil(min * 10);
        long most = (long) Math.floor(max * 10);
        long value = tenths + r.nextLong(Math.max(1, most - tenths + 1));
        return tenthsText(value);
      }
      return tenthsText(1 + r.nextInt(999));
    }

    private static String tenthsText(long tenths) {
      long whole = Math.abs(tenths) / 10;
      return (tenths < 0 ? "-" : "") + whole + "." + Math.abs(tenths) % 10;
    }

    private static String string(TableShape shape, int c, SplittableRandom r) {
      String[] words = shape.alternatives[c];
      if (words != null) {
        return words[r.nextInt(words.length)];
      }
      String value = "syn-" + (1000 + r.nextInt(9000));
      var max = shape.columns[c].maxLength();
      if (max.isPresent() && value.length() > max.getAsInt()) {
        return "Z".repeat(max.getAsInt());
      }
      return value;
    }

    private static String twoDigits(int value) {
      return value < 10 ? "0" + value : Integer.toString(value);
    }
  }
}
