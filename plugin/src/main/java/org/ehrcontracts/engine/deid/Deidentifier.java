package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.export.ExportInventory;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.json.ToolRef;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.remedy.RemedyWords;
import org.ehrcontracts.engine.seal.DeidManifest;
import org.ehrcontracts.engine.seal.ManifestSeal;
import org.ehrcontracts.engine.seal.SiteKey;
import org.ehrcontracts.engine.verify.NotEnoughMemoryException;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * Carries out a contract's de-identification policy on an export, in two streaming passes.
 *
 * <ol>
 *   <li>The input is verified against the contract; errors stop the run unless it is forced.
 *   <li>Pass one reads the person table: each person's age on the reference date, from the full
 *       birth date, decides who is removed. The crosswalk of earlier runs is read, and every kept
 *       person gets a new id: their old number, or a random one that is unique and never equal to
 *       an original id.
 *   <li>Pass two rewrites every table into a temporary sibling of the output: rows of removed and
 *       unknown persons go (and rows that point at rows gone before), person ids are replaced,
 *       dates become January 1 of their year as bytes, birth month and day become 1, blanked
 *       columns are emptied, everything else is copied byte for byte. Tables that do not depend on
 *       each other run at once, each parsing on one thread while another writes.
 *   <li>The result is verified against the contract with the {@code deid.*} rules; a failure there
 *       stops the run. The manifest {@value #MANIFEST} and the crosswalk are written, and the new
 *       export replaces the old output in one move.
 * </ol>
 *
 * <p>A failed run leaves no half output: the previous output stays as it was. The input is only
 * read. Memory grows with the number of persons only (see {@link PersonMap}), plus the keys of rows
 * dropped from tables that other tables refer to.
 *
 * @since 0.1.0
 */
public final class Deidentifier {

  /** The manifest in every de-identified export: what was written, with sizes and checksums. */
  public static final String MANIFEST = DeidManifest.FILE_NAME;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final DiagnosticsListener diagnostics;
  private final RemedyWords words;

  /** A de-identifier that reports progress to {@code diagnostics}. */
  public Deidentifier(DiagnosticsListener diagnostics) {
    this(diagnostics, RemedyWords.PLAIN);
  }

  /**
   * A de-identifier whose refusals name settings in the caller's words.
   *
   * @since 0.2.0
   */
  public Deidentifier(DiagnosticsListener diagnostics, RemedyWords words) {
    this.diagnostics = diagnostics;
    this.words = java.util.Objects.requireNonNull(words, "words");
  }

  /**
   * De-identifies an export.
   *
   * @return what was done, in counts
   * @throws DeidException when the contract, the locations, the input or the crosswalk do not allow
   *     a safe run, or when the output fails its verification ({@link OutputRejectedException});
   *     nothing is written to the output then
   * @throws IOException when a file cannot be read or written
   */
  public DeidResult deidentify(DeidRequest request) throws DeidException, IOException {
    return deidentify(request, new Stages() {});
  }

  /**
   * What a caller does at the stages of a run: print and keep the input's verification as soon as
   * it is known (also when the run stops after it), and write its reports once the output is
   * complete and verified, before anything is moved into place (the output, its manifest, the
   * crosswalk), so that a report that cannot be written (a full disk, a read-only folder) fails the
   * run with nothing published.
   */
  public interface Stages {
    /** The input was verified; the run goes on unless it has errors and is not forced. */
    default void inputVerified(VerifyResult input) throws IOException {}

    /** The output is complete and verified; an exception stops the run with nothing published. */
    default void beforePublish(DeidResult result) throws IOException {}
  }

  /**
   * De-identifies an export, telling {@code stages} of the input's verification and calling it
   * before the output is moved into place.
   *
   * @see #deidentify(DeidRequest)
   */
  // The run locks are held for the whole block and never named in it: javac's "try" lint.
  @SuppressWarnings("try")
  public DeidResult deidentify(DeidRequest request, Stages stages)
      throws DeidException, IOException {
    Instant started = Instant.now();
    Contract contract = request.contract();
    Roles roles = Roles.of(contract);
    DeidentificationPolicy policy = roles.policy;
    if (!Files.isDirectory(request.export())) {
      throw new DeidException(
          DeidException.Reason.LOCATION,
          "the export directory " + request.export() + " does not exist or is not a directory");
    }
    Path input = request.export().toRealPath();
    Path output = OutputFolders.canonical(request.output());
    Path crosswalk = OutputFolders.canonical(request.crosswalk());
    DeidLayout.checkExport(input, output, crosswalk, words);
    String name = output.getFileName().toString();

    // The input is only read: it is verified before anything is written or locked.
    Verifier verifier = new Verifier(diagnostics);
    Phases phases = new Phases();
    Optional<VerifyResult> inputCheck = Optional.empty();
    if (request.verify()) {
      VerifyResult checked =
          verifier.verify(OutputVerification.verifyRequest(request, input, false));
      stages.inputVerified(checked);
      if (checked.count(Severity.ERROR) > 0 && !request.force()) {
        throw new InputRejectedException(checked);
      }
      inputCheck = Optional.of(checked);
      phases.done("verify input");
    }

    Files.createDirectories(output.getParent());
    Path crosswalkFolder = CrosswalkFile.folder(crosswalk);
    // One run at a time per output and per crosswalk: output first, then crosswalk, always.
    try (RunLock outputLock =
            RunLock.acquire(
                output.getParent().resolve("." + name + ".deid.lock"),
                LOCK_WAIT,
                "the output " + output,
                diagnostics);
        RunLock crosswalkLock =
            RunLock.acquire(
                crosswalkFolder.resolve("." + crosswalk.getFileName() + ".lock"),
                LOCK_WAIT,
                "the crosswalk " + crosswalk,
                diagnostics)) {
      removeStaleWork(output.getParent(), name);
      return locked(
          request,
          started,
          roles,
          input,
          output,
          crosswalk,
          name,
          verifier,
          phases,
          inputCheck,
          stages);
    }
  }

  /** How long a run waits for another build to let go of the output or the crosswalk. */
  private static final Duration LOCK_WAIT = Duration.ofMinutes(5);

  /**
   * Deletes what killed runs left: their temporary output folders, whose rows carry numbers that
   * are in no crosswalk. Only under the output's lock, so never a running build's.
   */
  private void removeStaleWork(Path parent, String name) throws IOException {
    try (java.util.stream.Stream<Path> siblings = Files.list(parent)) {
      for (Path stale :
          siblings
              .filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("." + name + ".deid-")
                        && n.endsWith(".tmp")
                        && Files.isDirectory(p);
                  })
              .toList()) {
        OutputFolders.deleteTree(stale);
        diagnostics.progress("  removed " + stale + ", left by a run that did not finish");
      }
    }
  }

  private DeidResult locked(
      DeidRequest request,
      Instant started,
      Roles roles,
      Path input,
      Path output,
      Path crosswalk,
      String name,
      Verifier verifier,
      Phases phases,
      Optional<VerifyResult> inputCheck,
      Stages stages)
      throws DeidException, IOException {
    Contract contract = request.contract();
    DeidentificationPolicy policy = roles.policy;
    ExportInventory inventory = ExportInventory.scan(contract, input);

    // Pass one: persons, ages, new ids.
    PersonMap persons = new PersonMap();
    PersonMap.Budget budget = new PersonMap.Budget(request.memory());
    if (policy.crosswalk() == DeidentificationPolicy.Crosswalk.PERSISTENT) {
      CrosswalkFile.read(crosswalk, persons);
      budget.check(persons, crosswalk.getFileName().toString(), 0);
    }
    OptionalInt maxAge = policy.maxAge().map(OptionalInt::of).orElse(OptionalInt.empty());
    Table personTable = contract.table(roles.person.table()).orElseThrow();
    PersonPass pass = new PersonPass(personTable, roles, persons, request.asOf(), maxAge);
    Optional<Path> personFile = fileOf(inventory, personTable);
    String personDisplay = input.getFileName() + "/" + personTable.file();
    pass.budget = budget;
    pass.file = personDisplay;
    if (personFile.isPresent()) {
      try {
        scan(contract, personFile.get(), pass);
      } catch (OutOfMemoryError | com.carrotsearch.hppc.BufferAllocationException e) {
        throw new NotEnoughMemoryException(
            personDisplay,
            pass.rows,
            Runtime.getRuntime().maxMemory(),
            request.memory(),
            false,
            null,
            e);
      }
      budget.check(persons, personDisplay, pass.rows);
      if (pass.rejected != null) {
        throw new DeidException(
            DeidException.Reason.INPUT_REJECTED,
            personTable.file()
                + ": "
                + pass.rejected
                + ", so no row can be linked to a person and nothing is written; fix the header"
                + " to list the columns of "
                + personTable.name()
                + " as the contract does");
      }
    }
    phases.done("persons");
    persons.issue(request.ids(), policy.idDigits());
    budget.check(persons, personDisplay, pass.rows);
    phases.done("ids");
    diagnostics.debug(
        () ->
            String.format(
                Locale.ROOT,
                "person map: %d persons, %d KiB",
                persons.present(),
                persons.bytes() >> 10));

    // Pass two, into a temporary sibling of the output.
    Path parent = output.getParent();
    Files.createDirectories(parent);
    Path work =
        parent.resolve(
            "."
                + name
                + ".deid-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                + ".tmp");
    Files.createDirectory(work);
    Path pending = crosswalk.resolveSibling("." + crosswalk.getFileName() + ".unverified");
    try {
      Path staged = work.resolve(name);
      Files.createDirectory(staged);
      TableRewrites.Rewrite rewrite =
          new TableRewrites(diagnostics)
              .rewriteAll(request, roles, persons, budget, inventory, staged);
      phases.done("rewrite");

      long pairs = persons.pairs();
      Optional<VerifyResult> outputCheck = Optional.empty();
      if (request.verify()) {
        // The output is proven against the crosswalk as written, as ehr:verify proves it, not
        // against the map in memory; the real crosswalk is replaced by this file only once the
        // output passes.
        CrosswalkFile.write(pending, persons, budget);
        // One budget for the run, one holder at a time: the map, written, is let go (its counts
        // stay), and the check has the whole budget for what it reads again (the crosswalk's ids,
        // the persons' facts), which is about as much as the map held.
        persons.release();
        VerifyResult checked =
            verifier.verify(
                OutputVerification.verifyRequest(request, staged, true).withCrosswalk(pending));
        OutputVerification.judge(
            inputCheck,
            checked,
            rewrite.notWritten().stream()
                .map(DeidResult.NotWritten::file)
                .collect(java.util.stream.Collectors.toSet()));
        outputCheck = Optional.of(OutputVerification.relocate(checked, output));
        phases.done("verify output");
      }
      List<String> notCopied = new ArrayList<>(inventory.unknown());
      notCopied.addAll(inventory.tolerated());
      DeidResult result =
          new DeidResult(
              contract.name(),
              contract.version(),
              contract.digest(),
              input.getFileName().toString(),
              output,
              request.asOf(),
              maxAge,
              request.toolVersion(),
              started,
              Duration.between(started, Instant.now()),
              new DeidResult.Persons(
                  pass.rows,
                  persons.present() - persons.removed(),
                  pass.removedForAge,
                  pass.removedWithoutBirthYear,
                  pass.withoutId,
                  rewrite.unknownPersons()),
              new DeidResult.Ids(
                  policy.crosswalk(),
                  persons.reused(),
                  persons.issued(),
                  persons.reissued(),
                  pairs,
                  policy.idDigits()),
              rewrite.files(),
              notCopied,
              roles.personColumns,
              roles.dateColumns,
              roles.birthParts,
              roles.blanked,
              policy.decisions(),
              rewrite.notWritten(),
              inputCheck,
              outputCheck);
      // Reports first: one that cannot be written leaves nothing published.
      stages.beforePublish(result);
      Files.writeString(
          staged.resolve(MANIFEST),
          manifest(contract, request, rewrite.files()),
          StandardCharsets.UTF_8);
      if (request.verify()) {
        CrosswalkFile.publish(pending, crosswalk);
      } else {
        CrosswalkFile.write(crosswalk, persons, budget);
      }
      phases.done("crosswalk");
      OutputFolders.replace(staged, output, work);
      phases.done("move");

      return result;
    } finally {
      OutputFolders.deleteTree(work);
      Files.deleteIfExists(pending);
      phases.done("clean up");
      diagnostics.debug(phases::toString);
    }
  }

  /** How long each step took, for debug output. */
  private static final class Phases {
    private final StringBuilder text = new StringBuilder("de-identification steps:");
    private long last = System.nanoTime();

    void done(String step) {
      long now = System.nanoTime();
      text.append(String.format(Locale.ROOT, " %s %.2f s;", step, (now - last) / 1e9));
      last = now;
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  /** Where a table's file is in the export, if it has one. */
  private static Optional<Path> fileOf(ExportInventory inventory, Table table) {
    return inventory.tables().stream()
        .filter(t -> t.table().name().equals(table.name()))
        .findFirst()
        .flatMap(ExportInventory.TableFile::file);
  }

  private static void scan(Contract contract, Path file, PersonPass pass) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      if (channel.size() == 0) {
        return;
      }
      new CsvScanner(contract.dialect()).scan(channel, bomLength(channel), channel.size(), 1, pass);
    }
  }

  static long bomLength(FileChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(3);
    while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
      // read on
    }
    byte[] b = head.array();
    return head.position() == 3 && b[0] == BOM[0] && b[1] == BOM[1] && b[2] == BOM[2] ? 3 : 0;
  }

  private static String manifest(
      Contract contract, DeidRequest request, List<DeidResult.FileStats> files) throws IOException {
    List<ManifestSeal.FileEntry> sealed = new ArrayList<>();
    for (DeidResult.FileStats file : files) {
      sealed.add(
          new ManifestSeal.FileEntry(file.file(), file.rowsOut(), file.bytes(), file.crc32c()));
    }
    ManifestSeal.Content content =
        new ManifestSeal.Content(
            contract.name(), contract.digest(), request.asOf().toString(), sealed);
    // Only a run that holds the site key beside the crosswalk can make a manifest deploy accepts.
    ManifestSeal seal =
        SiteKey.loadOrCreate(SiteKey.directoryOf(request.crosswalk())).seal(content);
    return JsonDocuments.write(
        DeidManifest.of(
            ToolRef.of(request.toolVersion()),
            ContractRef.of(contract.name(), contract.version(), contract.digest()),
            request.asOf().toString(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            sealed,
            seal));
  }
}
