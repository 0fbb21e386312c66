package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.FolderNaming;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.deploy.PlanItem.State;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.Remedy.Setting;
import org.ehrcontracts.engine.remedy.RemedyWords;
import org.ehrcontracts.engine.util.Threads;

/**
 * Makes a {@link DeployPlan}: which directory goes up, the contract's table files in it with their
 * sizes and CRC32C, and what every interlock decides; the folder is {@link FolderChooser}'s.
 */
final class DeployPlanner {

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

  private final FolderChooser folders;
  private final RemedyWords words;

  DeployPlanner(FolderChooser folders, RemedyWords words) {
    this.folders = folders;
    this.words = words;
  }

  /** See {@link Deployer#plan(DeployRequest)}. */
  DeployPlan plan(DeployRequest request)
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

    FolderNaming rule = FolderChooser.rule(contract);
    Optional<String> folderProblem = request.folder().flatMap(f -> folders.problem(f, contract));
    folderProblem.ifPresent(
        p ->
            verdicts.add(
                Verdict.refused(Interlocks.FOLDER_NAME, p, new Remedy.LeaveOut(Setting.FOLDER))));
    FolderChooser.Target target = folders.choose(request, rule, items);
    if (request.folder().isPresent() && folderProblem.isEmpty()) {
      verdicts.add(
          Verdict.passed(
              Interlocks.FOLDER_NAME,
              contract.files().folder().isPresent()
                  ? "the folder follows the contract's rule " + rule.template() + "."
                  : "the contract has no folder rule; the name is one path segment."));
    }
    items = target.items();
    existingObjects(request, target).ifPresent(verdicts::add);
    if (target.processed()
        && items.stream().anyMatch(i -> i.state() == State.NEW || i.state() == State.REPLACE)) {
      verdicts.add(
          Verdict.refused(
              Interlocks.FOLDER_PROCESSED,
              "the DRC has processed gs://"
                  + request.bucket()
                  + "/"
                  + target.folder()
                  + "/ already ("
                  + Deployer.PROCESSED
                  + " is there), so files added now would never be read. Leave out "
                  + words.of(new Remedy.LeaveOut(Setting.FOLDER))
                  + " to upload to the next free version.",
              new Remedy.LeaveOut(Setting.FOLDER)));
    }
    return new DeployPlan(
        request.bucket(),
        target.folder(),
        target.choice(),
        target.note(),
        target.checked(),
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
        request.toolVersion(),
        items.isEmpty()
            ? Map.of()
            : Interlocks.verifiedRows(
                request.reportDirectory(), request.privateDirectory(), source, contract, items));
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
  private Optional<Verdict> existingObjects(DeployRequest request, FolderChooser.Target target) {
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
    } else if (target.checked()) {
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
    ExecutorService pool = Deployer.pool(Math.min(threads, files.size()));
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
}
