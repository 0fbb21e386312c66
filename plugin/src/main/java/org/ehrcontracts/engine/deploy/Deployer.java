package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.FolderNaming;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.deploy.DeployReceipt.Action;
import org.ehrcontracts.engine.deploy.DeployReceipt.ObjectReceipt;
import org.ehrcontracts.engine.deploy.PlanItem.State;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.Remedy.Setting;
import org.ehrcontracts.engine.remedy.RemedyWords;
import org.ehrcontracts.engine.util.Threads;

/**
 * Plans and carries out the upload of an export to a bucket.
 *
 * <p>{@link #plan(DeployRequest)} decides which directory is uploaded, lists the contract's table
 * files in it with their sizes and CRC32C, runs the interlocks (verified and unchanged since,
 * de-identified when the contract requires it, nothing private, only the contract's files, a
 * well-named folder, nothing overwritten by accident) and picks the folder. {@link
 * #deploy(DeployPlan)} uploads what is not there yet with no-clobber preconditions, every file but
 * the last in parallel and the last (the person table's file) alone once the others are stored, and
 * returns the receipt.
 *
 * @since 0.1.0
 */
public final class Deployer {

  /** The DRC's folder rule (§2.4), used for default names when the contract has none. */
  private static final FolderNaming DEFAULT_FOLDER = FolderNaming.compile("{date}-v{version}");

  /** What the DRC writes into a folder it has processed (§2.5, §2.6). */
  static final String PROCESSED = "processed.txt";

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

  private final BlobStore store;
  private final String offlineReason;
  private final DiagnosticsListener listener;
  private final RetryPolicy retry;
  private final Clock clock;
  private final RemedyWords words;

  /**
   * A deployer that plans against the bucket and uploads to it.
   *
   * @param store the bucket
   * @param listener where progress lines go
   * @param retry how whole objects are retried after transient failures
   * @param words the words of remedies in messages: the plugin's goals and settings
   * @since 0.1.0
   */
  public Deployer(
      BlobStore store, DiagnosticsListener listener, RetryPolicy retry, RemedyWords words) {
    this(Objects.requireNonNull(store, "store"), null, listener, retry, Clock.systemUTC(), words);
  }

  private Deployer(
      BlobStore store,
      String offlineReason,
      DiagnosticsListener listener,
      RetryPolicy retry,
      Clock clock,
      RemedyWords words) {
    this.store = store;
    this.offlineReason = offlineReason;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.clock = clock;
    this.words = Objects.requireNonNull(words, "words");
  }

  /**
   * A deployer without access to the bucket, for dry runs: its plans say which folder and objects
   * would be used, "not checked against the bucket", and cannot be deployed.
   *
   * @param reason why there is no access, in words ("no credentials were given")
   * @param listener where progress lines go
   * @param words the words of remedies in messages: the plugin's goals and settings
   * @since 0.1.0
   */
  public static Deployer offline(String reason, DiagnosticsListener listener, RemedyWords words) {
    return new Deployer(null, reason, listener, RetryPolicy.DEFAULT, Clock.systemUTC(), words);
  }

  /**
   * Plans a deploy: what would be uploaded where, and what every interlock decides.
   *
   * <p>A refusing interlock does not throw: the plan carries the verdict, so a dry run can show it.
   * Only a deploy that cannot be planned at all throws.
   *
   * @throws DeployConfigurationException if the bucket name is impossible or a directory to upload
   *     does not exist
   * @throws BlobStoreException if the bucket cannot be read (not in a dry run, which notes it)
   * @throws IOException if a local file cannot be read
   * @since 0.1.0
   */
  public DeployPlan plan(DeployRequest request)
      throws DeployConfigurationException, BlobStoreException, IOException {
    checkBucketName(request.bucket());
    Contract contract = request.contract();
    boolean policy = contract.deidentification().map(p -> p.required()).orElse(false);
    List<Verdict> verdicts = new ArrayList<>();

    Source chosen = source(request, policy, verdicts);
    Path source = chosen.path();
    boolean deidentifiedSource = chosen.deidentified();

    if (Interlocks.inside(source, request.privateDirectory())) {
      verdicts.add(
          Verdict.refused(
              Interlocks.PRIVATE_FILES,
              source
                  + " lies in the private directory "
                  + request.privateDirectory()
                  + ", which holds the crosswalk and other secrets; nothing in it is ever uploaded."
                  + " Deploy the de-identified output instead."));
    }

    List<Path> files = new ArrayList<>();
    List<String> privateFiles = new ArrayList<>();
    for (Table table : ordered(contract)) {
      Path file = source.resolve(table.file());
      if (Files.isRegularFile(file)) {
        if (Interlocks.inside(file, request.privateDirectory())) {
          privateFiles.add(table.file());
        } else {
          files.add(file);
        }
      }
    }
    if (!privateFiles.isEmpty()) {
      verdicts.add(
          Verdict.refused(
              Interlocks.PRIVATE_FILES,
              Interlocks.files(privateFiles)
                  + " in "
                  + source
                  + (privateFiles.size() == 1 ? " leads" : " lead")
                  + " into the private directory "
                  + request.privateDirectory()
                  + " (a link?); nothing in it is ever uploaded."));
    }
    List<PlanItem> items = checksums(source, files, request.threads());
    verdicts.add(contractFiles(contract, source, items));
    if (!items.isEmpty()) {
      verdicts.add(
          Interlocks.verified(
              request.reportDirectory(),
              request.privateDirectory(),
              source,
              contract,
              items,
              deidentifiedSource,
              words));
      if (policy && deidentifiedSource) {
        verdicts.add(
            Interlocks.deidentified(source, request.sealKeyDirectory(), contract, items, words));
        Interlocks.withheld(source, contract, items, words).ifPresent(verdicts::add);
      }
    }

    FolderNaming rule = contract.files().folder().orElse(DEFAULT_FOLDER);
    Optional<String> folderProblem = request.folder().flatMap(f -> folderProblem(f, contract));
    folderProblem.ifPresent(
        p ->
            verdicts.add(
                Verdict.refused(Interlocks.FOLDER_NAME, p, new Remedy.LeaveOut(Setting.FOLDER))));
    Target target;
    if (store == null) {
      target = offline(request, rule, items, offlineReason);
    } else {
      try {
        target = online(request, rule, items);
      } catch (BlobStoreException e) {
        if (!request.dryRun()) {
          throw e;
        }
        target =
            offline(request, rule, items, e.explain(request.bucket(), store.principal(), words));
      }
    }
    if (request.folder().isPresent() && folderProblem.isEmpty()) {
      verdicts.add(
          Verdict.passed(
              Interlocks.FOLDER_NAME,
              contract.files().folder().isPresent()
                  ? "the folder follows the contract's rule " + rule.template() + "."
                  : "the contract has no folder rule; the name is one path segment."));
    }
    items = target.items;
    existingObjects(request, target).ifPresent(verdicts::add);
    if (target.processed
        && items.stream().anyMatch(i -> i.state() == State.NEW || i.state() == State.REPLACE)) {
      verdicts.add(
          Verdict.refused(
              Interlocks.FOLDER_PROCESSED,
              "the DRC has processed gs://"
                  + request.bucket()
                  + "/"
                  + target.folder
                  + "/ already ("
                  + PROCESSED
                  + " is there), so files added now would never be read. Leave out "
                  + words.of(new Remedy.LeaveOut(Setting.FOLDER))
                  + " to upload to the next free version.",
              new Remedy.LeaveOut(Setting.FOLDER)));
    }
    return new DeployPlan(
        request.bucket(),
        target.folder,
        target.choice,
        target.note,
        target.checked,
        request.exportName(),
        source,
        contract.name(),
        contract.version(),
        contract.digest(),
        items,
        verdicts,
        request.overwrite(),
        request.threads(),
        request.reportDirectory(),
        request.toolVersion());
  }

  /**
   * Uploads a plan: every item not in the bucket yet, the last one alone after all others are
   * stored, each with no-clobber preconditions and its CRC32C checked by the store and again
   * against what it stored.
   *
   * @return the receipt
   * @throws DeployRefusedException if an interlock refused the plan; nothing is uploaded
   * @throws DeployFailedException if an upload failed; its receipt says what is stored
   * @throws IllegalStateException if the plan was made without the bucket
   * @since 0.1.0
   */
  public DeployReceipt deploy(DeployPlan plan)
      throws DeployRefusedException, DeployFailedException {
    if (plan.refused()) {
      throw new DeployRefusedException(plan.refusals());
    }
    if (store == null || !plan.checked()) {
      throw new IllegalStateException("a plan made without the bucket cannot be deployed");
    }
    Instant started = clock.instant();
    long start = System.nanoTime();
    List<PlanItem> items = plan.items();
    ObjectReceipt[] results = new ObjectReceipt[items.size()];
    AtomicReference<ItemFailure> stop = new AtomicReference<>();
    if (!items.isEmpty()) {
      int last = items.size() - 1;
      ExecutorService pool = pool(Math.min(plan.threads(), Math.max(1, last)));
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < last; i++) {
          int index = i;
          futures.add(pool.submit(() -> results[index] = put(plan, items.get(index), stop)));
        }
        for (Future<?> future : futures) {
          Threads.awaitUnchecked(future, "the deploy was interrupted");
        }
      } finally {
        pool.shutdownNow();
      }
      // The last item (person.csv) goes up only when every other object is stored.
      results[last] = put(plan, items.get(last), stop);
    }
    List<ObjectReceipt> objects = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      objects.add(results[i] != null ? results[i] : ObjectReceipt.notAttempted(items.get(i)));
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - start);
    ItemFailure failure = stop.get();
    DeployReceipt receipt =
        new DeployReceipt(
            plan,
            started,
            duration,
            objects,
            Optional.ofNullable(failure).map(ItemFailure::getMessage));
    listener.progress(PlanReport.summary(receipt));
    if (failure != null) {
      throw new DeployFailedException(
          failure.getMessage(), receipt, failure.kind, failure.getCause());
    }
    return receipt;
  }

  /** The directory to upload and whether it must be de-identified output. */
  private record Source(Path path, boolean deidentified) {}

  private Source source(DeployRequest request, boolean policy, List<Verdict> verdicts)
      throws DeployConfigurationException {
    Contract contract = request.contract();
    if (request.directory().isPresent()) {
      Path directory = request.directory().get();
      requireDirectory(directory, "The directory to upload", Setting.DEPLOY_DIRECTORY);
      return new Source(directory.toAbsolutePath().normalize(), policy);
    }
    if (!policy) {
      requireDirectory(request.export(), "The export directory", Setting.EXPORTS);
      return new Source(request.export().toAbsolutePath().normalize(), false);
    }
    Path output = request.deidentifiedRoot().resolve(request.exportName());
    if (Files.isDirectory(output)) {
      return new Source(output.toAbsolutePath().normalize(), true);
    }
    requireDirectory(request.export(), "The export directory", Setting.EXPORTS);
    verdicts.add(
        Verdict.refused(
            Interlocks.DEIDENTIFIED,
            "contract "
                + contract.name()
                + " requires de-identification, and there is no de-identified output at "
                + output
                + "; raw data is never uploaded. Run "
                + words.of(new Remedy.RunDeidentify())
                + " first."
                + (request.dryRun()
                    ? " (The plan shows the raw export's files, to show what would go where.)"
                    : ""),
            new Remedy.RunDeidentify()));
    return new Source(request.export().toAbsolutePath().normalize(), false);
  }

  /** What the bucket holds under the plan's names: conflicts refuse, replacements warn. */
  private Optional<Verdict> existingObjects(DeployRequest request, Target target) {
    List<PlanItem> items = target.items();
    List<String> conflicts =
        items.stream().filter(i -> i.state() == State.CONFLICT).map(PlanItem::object).toList();
    if (!conflicts.isEmpty()) {
      return Optional.of(
          Verdict.refused(
              Interlocks.EXISTING_OBJECTS,
              String.join(
                      ", ",
                      conflicts.stream().map(o -> "gs://" + request.bucket() + "/" + o).toList())
                  + (conflicts.size() == 1 ? " exists" : " exist")
                  + " with other content, and objects are never overwritten by accident. Leave out "
                  + words.of(new Remedy.LeaveOut(Setting.FOLDER))
                  + " to upload to the next free version, or set "
                  + words.of(new Remedy.TurnOn(Setting.DEPLOY_OVERWRITE))
                  + " to replace "
                  + (conflicts.size() == 1 ? "it." : "them."),
              new Remedy.LeaveOut(Setting.FOLDER),
              new Remedy.TurnOn(Setting.DEPLOY_OVERWRITE)));
    } else if (target.checked) {
      long there = items.stream().filter(i -> i.state() == State.ALREADY_THERE).count();
      long replaced = items.stream().filter(i -> i.state() == State.REPLACE).count();
      return Optional.of(
          replaced > 0
              ? Verdict.warning(
                  Interlocks.EXISTING_OBJECTS,
                  replaced
                      + (replaced == 1 ? " object has" : " objects have")
                      + " other content and will be replaced (overwrite is set).")
              : Verdict.passed(
                  Interlocks.EXISTING_OBJECTS,
                  there == 0
                      ? "no object of the plan exists yet."
                      : there + " of " + items.size() + " objects are there already, unchanged."));
    }
    return Optional.empty();
  }

  /** Uploads one item unless the deploy has stopped; never throws for a store failure. */
  private ObjectReceipt put(DeployPlan plan, PlanItem item, AtomicReference<ItemFailure> stop) {
    if (stop.get() != null) {
      return ObjectReceipt.notAttempted(item);
    }
    long start = System.nanoTime();
    ObjectReceipt receipt;
    if (item.state() == State.ALREADY_THERE) {
      receipt = ObjectReceipt.stored(item, Action.ALREADY_THERE, false, item.existing().get());
    } else {
      try {
        receipt = upload(plan, item);
      } catch (ItemFailure failure) {
        stop.compareAndSet(null, failure);
        receipt = ObjectReceipt.failed(item, failure.getMessage());
      }
    }
    listener.progress(
        PlanReport.objectLine(plan, receipt, Duration.ofNanos(System.nanoTime() - start)));
    return receipt;
  }

  private ObjectReceipt upload(DeployPlan plan, PlanItem item) throws ItemFailure {
    boolean replacing = item.state() == State.REPLACE;
    Preconditions preconditions =
        replacing
            ? Preconditions.replaces(item.existing().orElseThrow().generation(), item.crc32c())
            : Preconditions.doesNotExist(item.crc32c());
    String where = "gs://" + plan.bucket() + "/" + item.object();
    BlobStoreException lastFailure = null;
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      if (attempt > 1) {
        sleep(retry.waitBefore(attempt));
        listener.progress(
            "  retrying " + item.file() + " (attempt " + attempt + " of " + retry.attempts() + ")");
        // The earlier attempt may have been stored after all, with only its answer lost.
        Optional<StoredBlob> now = statQuietly(item.object());
        if (now.isPresent() && now.get().sameContent(item.size(), item.crc32c())) {
          return ObjectReceipt.stored(item, Action.UPLOADED, replacing, now.get());
        }
      }
      try {
        StoredBlob stored = store.upload(item.object(), item.local(), preconditions);
        if (!stored.sameContent(item.size(), item.crc32c())) {
          throw new ItemFailure(
              BlobStoreException.Kind.CHECKSUM_MISMATCH,
              "GCS stored "
                  + where
                  + " with "
                  + stored.size()
                  + " bytes and CRC32C "
                  + stored.crc32c()
                  + ", but "
                  + item.file()
                  + " has "
                  + item.size()
                  + " bytes and CRC32C "
                  + item.crc32c()
                  + "; "
                  + deleteBad(stored)
                  + " Run the deploy again.",
              null);
        }
        return ObjectReceipt.stored(item, Action.UPLOADED, replacing, stored);
      } catch (BlobStoreException e) {
        switch (e.kind()) {
          case TRANSIENT -> lastFailure = e;
          case CHECKSUM_MISMATCH -> {
            if (!item.crc32c().equals(currentCrc(item))) {
              throw new ItemFailure(
                  e.kind(),
                  "the file "
                      + item.file()
                      + " changed after the plan was made (its CRC32C is no longer "
                      + item.crc32c()
                      + "), so GCS refused to store it. Run "
                      + words.of(Remedy.RunVerify.export())
                      + " again, then deploy.",
                  e);
            }
            // The bytes were damaged on the way; GCS refused them. Send them again.
            lastFailure = e;
          }
          case PRECONDITION_FAILED -> {
            Optional<StoredBlob> now = statQuietly(item.object());
            if (now.isPresent() && now.get().sameContent(item.size(), item.crc32c())) {
              return ObjectReceipt.stored(item, Action.ALREADY_THERE, false, now.get());
            }
            throw new ItemFailure(
                e.kind(),
                preconditions.mustNotExist()
                    ? where
                        + " appeared during the deploy with other content; it is never"
                        + " overwritten unless "
                        + words.of(new Remedy.TurnOn(Setting.DEPLOY_OVERWRITE))
                        + "."
                    : where
                        + " changed during the deploy (generation "
                        + preconditions.ifGenerationMatch()
                        + " is gone); run the deploy again to plan against what is there now.",
                e);
          }
          default -> throw new ItemFailure(e.kind(), explain(e), e);
        }
      }
    }
    BlobStoreException last = Objects.requireNonNull(lastFailure);
    String message =
        last.kind() == BlobStoreException.Kind.CHECKSUM_MISMATCH
            ? "the bytes of "
                + item.file()
                + " arrived damaged at GCS "
                + retry.attempts()
                + (retry.attempts() == 1 ? " time" : " times in a row")
                + ", and GCS refused to store them (CRC32C mismatch); nothing was stored. Check the"
                + " network path (a proxy that rewrites request bodies?) and run the deploy again."
            : explain(last);
    throw new ItemFailure(last.kind(), message, last);
  }

  /** Deletes a stored object whose content is not the file's, saying how it went. */
  private String deleteBad(StoredBlob stored) {
    try {
      store.delete(stored.name(), stored.generation());
      return "the bad object was deleted.";
    } catch (BlobStoreException e) {
      return "the bad object could not be deleted ("
          + explain(e)
          + "); delete gs://"
          + store.bucket()
          + "/"
          + stored.name()
          + " by hand.";
    }
  }

  private String currentCrc(PlanItem item) throws ItemFailure {
    try {
      return Crc32c.of(item.local());
    } catch (IOException e) {
      throw new ItemFailure(
          BlobStoreException.Kind.OTHER, "cannot read " + item.local() + ": " + e.getMessage(), e);
    }
  }

  private Optional<StoredBlob> statQuietly(String name) {
    try {
      return store.stat(name);
    } catch (BlobStoreException e) {
      return Optional.empty();
    }
  }

  private String explain(BlobStoreException e) {
    return e.explain(store.bucket(), store.principal(), words);
  }

  /** One object failed; the first failure stops the deploy. */
  private static final class ItemFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final BlobStoreException.Kind kind;

    ItemFailure(BlobStoreException.Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }
  }

  /** Where a plan goes and what the bucket holds there. */
  private record Target(
      String folder,
      DeployPlan.FolderChoice choice,
      String note,
      boolean checked,
      boolean processed,
      List<PlanItem> items) {}

  private static Target offline(
      DeployRequest request, FolderNaming rule, List<PlanItem> unplaced, String reason) {
    String folder = request.folder().orElseGet(() -> rule.next(request.today(), List.of()));
    List<PlanItem> items = new ArrayList<>();
    for (PlanItem item : place(unplaced, folder)) {
      items.add(item.with(State.UNCHECKED, Optional.empty()));
    }
    return new Target(
        folder,
        request.folder().isPresent()
            ? DeployPlan.FolderChoice.GIVEN
            : DeployPlan.FolderChoice.UNCHECKED,
        (request.folder().isPresent() ? "given" : "today's first version")
            + " (not checked against the bucket: "
            + reason
            + ")",
        false,
        false,
        items);
  }

  private Target online(DeployRequest request, FolderNaming rule, List<PlanItem> unplaced)
      throws BlobStoreException {
    if (request.folder().isPresent()) {
      String folder = request.folder().get();
      List<PlanItem> items = states(place(unplaced, folder), request.overwrite());
      return new Target(
          folder, DeployPlan.FolderChoice.GIVEN, "given", true, processed(folder), items);
    }
    String resumeNote = "";
    Optional<DeployReceipts.Previous> previous =
        DeployReceipts.previous(request.reportDirectory(), request.exportName())
            .filter(p -> p.bucket().equals(request.bucket()))
            .filter(p -> !unplaced.isEmpty())
            .filter(p -> p.files().equals(DeployReceipts.fingerprint(unplaced)))
            .filter(p -> folderProblem(p.folder(), request.contract()).isEmpty());
    if (previous.isPresent()) {
      String folder = previous.get().folder();
      List<PlanItem> items = states(place(unplaced, folder), request.overwrite());
      boolean processed = processed(folder);
      boolean missing = items.stream().anyMatch(i -> i.state() != State.ALREADY_THERE);
      if (!(processed && missing)) {
        return new Target(
            folder,
            DeployPlan.FolderChoice.RESUMED,
            "the folder of the previous deploy of these same files (deploy.json of "
                + previous.get().started()
                + ")",
            true,
            processed,
            items);
      }
      resumeNote =
          "; the previous deploy to "
              + folder
              + " was incomplete and the DRC has processed it, so the export goes to a new folder";
    }
    Listing root = store.list("", "/");
    Set<String> taken = new LinkedHashSet<>();
    for (String prefix : root.prefixes()) {
      taken.add(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    }
    String folder = rule.next(request.today(), taken);
    List<String> today =
        taken.stream()
            .filter(t -> rule.matches(t) && t.contains(request.today().toString()))
            .sorted()
            .toList();
    String note =
        "next free version"
            + (today.isEmpty() ? "" : " (the bucket has " + String.join(", ", today) + ")")
            + resumeNote;
    List<PlanItem> items = new ArrayList<>();
    for (PlanItem item : place(unplaced, folder)) {
      items.add(item.with(State.NEW, Optional.empty()));
    }
    if (taken.contains(folder)) {
      // A rule without a version gives a taken name: look at what is there.
      items = states(items, request.overwrite());
    }
    return new Target(folder, DeployPlan.FolderChoice.NEXT_FREE, note, true, false, items);
  }

  private boolean processed(String folder) throws BlobStoreException {
    return store.stat(folder + "/" + PROCESSED).isPresent();
  }

  private List<PlanItem> states(List<PlanItem> items, boolean overwrite) throws BlobStoreException {
    List<PlanItem> result = new ArrayList<>();
    for (PlanItem item : items) {
      Optional<StoredBlob> existing = store.stat(item.object());
      State state;
      if (existing.isEmpty()) {
        state = State.NEW;
      } else if (existing.get().sameContent(item.size(), item.crc32c())) {
        state = State.ALREADY_THERE;
      } else {
        state = overwrite ? State.REPLACE : State.CONFLICT;
      }
      result.add(item.with(state, existing));
    }
    return result;
  }

  private static List<PlanItem> place(List<PlanItem> items, String folder) {
    return items.stream()
        .map(
            i ->
                new PlanItem(
                    i.local(),
                    i.file(),
                    folder + "/" + i.file(),
                    i.size(),
                    i.crc32c(),
                    i.state(),
                    i.existing()))
        .toList();
  }

  /** The contract's tables in upload order: declaration order, the person table last. */
  static List<Table> ordered(Contract contract) {
    List<Table> tables = new ArrayList<>();
    Table person = null;
    for (Table table : contract.tables().values()) {
      if (table.name().equals(contract.person().table())) {
        person = table;
      } else {
        tables.add(table);
      }
    }
    if (person != null) {
      tables.add(person);
    }
    return tables;
  }

  /** The items of the files, with sizes and checksums, computed in parallel. */
  private static List<PlanItem> checksums(Path source, List<Path> files, int threads)
      throws IOException {
    if (files.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = pool(Math.min(threads, files.size()));
    try {
      List<Future<PlanItem>> futures = new ArrayList<>();
      for (Path file : files) {
        futures.add(
            pool.submit(
                () ->
                    new PlanItem(
                        file,
                        source.relativize(file).toString().replace('\\', '/'),
                        source.relativize(file).toString().replace('\\', '/'),
                        Files.size(file),
                        Crc32c.of(file),
                        State.UNCHECKED,
                        Optional.empty())));
      }
      List<PlanItem> items = new ArrayList<>();
      for (Future<PlanItem> future : futures) {
        items.add(Threads.await(future, "interrupted while computing checksums"));
      }
      return items;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Only the contract's table files go up; says what else the directory holds. */
  private static Verdict contractFiles(Contract contract, Path source, List<PlanItem> items)
      throws IOException {
    if (items.isEmpty()) {
      return Verdict.refused(
          Interlocks.CONTRACT_FILES,
          source
              + " holds no file of contract "
              + contract.name()
              + "'s tables ("
              + String.join(
                  ", ", contract.tables().values().stream().map(Table::file).limit(4).toList())
              + ", ...). Check the directory and the contract.");
    }
    Set<String> planned = new HashSet<>();
    items.forEach(i -> planned.add(i.file()));
    List<String> left;
    try (Stream<Path> walk = Files.walk(source)) {
      left =
          walk.filter(Files::isRegularFile)
              .map(p -> source.relativize(p).toString().replace('\\', '/'))
              .filter(name -> !planned.contains(name))
              .sorted()
              .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return Verdict.passed(
        Interlocks.CONTRACT_FILES,
        "only the contract's table files go up ("
            + items.size()
            + (items.size() == 1 ? " file" : " files")
            + ")"
            + (left.isEmpty()
                ? "."
                : "; left out: "
                    + String.join(", ", left.stream().limit(10).toList())
                    + (left.size() > 10 ? " and " + (left.size() - 10) + " more." : ".")));
  }

  /** What is wrong with a folder name, if anything. */
  Optional<String> folderProblem(String folder, Contract contract) {
    Optional<FolderNaming> rule = contract.files().folder();
    if (folder.isBlank()
        || folder.contains("/")
        || folder.contains("\\")
        || folder.equals(".")
        || folder.equals("..")
        || folder.chars().anyMatch(c -> c < 0x20)) {
      return Optional.of(
          "the folder '"
              + folder
              + "' is not one plain path segment (the DRC reads only the first segment of a"
              + " name)"
              + rule.map(r -> "; contract " + contract.name() + " wants " + r.template()).orElse("")
              + ". Leave out "
              + words.of(new Remedy.LeaveOut(Setting.FOLDER))
              + " to get today's next free version.");
    }
    if (rule.isPresent() && !rule.get().matches(folder)) {
      return Optional.of(
          "the folder '"
              + folder
              + "' does not follow contract "
              + contract.name()
              + "'s rule "
              + rule.get().template()
              + " (such as "
              + rule.get().next(LocalDate.now(), List.of())
              + "), so the DRC would not process it. Leave out "
              + words.of(new Remedy.LeaveOut(Setting.FOLDER))
              + " to get today's next free version.");
    }
    return Optional.empty();
  }

  private void checkBucketName(String bucket) throws DeployConfigurationException {
    Remedy fix = new Remedy.Parameter(Setting.BUCKET);
    String parameter = words.of(fix);
    if (bucket.startsWith("gs://")) {
      throw new DeployConfigurationException(
          "Give the bucket's name without gs:// ("
              + parameter
              + "): "
              + bucket.substring(5).replaceAll("/.*", ""),
          fix);
    }
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new DeployConfigurationException(
          "'"
              + bucket
              + "' cannot be a GCS bucket name: 3 to 222 characters of lower-case letters, digits,"
              + " '-', '_' and '.', starting and ending with a letter or digit ("
              + parameter
              + ").",
          fix);
    }
  }

  private void requireDirectory(Path directory, String what, Setting parameter)
      throws DeployConfigurationException {
    if (!Files.isDirectory(directory)) {
      Remedy fix = new Remedy.Parameter(parameter);
      throw new DeployConfigurationException(
          what + " " + directory + " does not exist or is not a directory (" + words.of(fix) + ").",
          fix);
    }
  }

  private static ExecutorService pool(int threads) {
    return Threads.fixedPool(Math.max(1, threads), Threads.numberedDaemon("ehr-deploy"));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** For messages: {@code 1,234}. */
  static String bytes(long size) {
    return String.format(Locale.ROOT, "%,d", size);
  }
}
