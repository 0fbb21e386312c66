package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.JsonDocumentException;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.RemedyWords;
import org.ehrcontracts.engine.report.JsonReportWriter;
import org.ehrcontracts.engine.report.VerifyDocument;
import org.ehrcontracts.engine.rules.RuleCatalog;
import org.ehrcontracts.engine.seal.DeidManifest;
import org.ehrcontracts.engine.verify.VerifyRequest;

/**
 * The interlocks that read what earlier goals wrote: {@code verify.json} of {@code ehr:verify} and
 * the manifest of {@code ehr:deidentify}.
 */
final class Interlocks {

  static final String VERIFIED = "deploy.verified";
  static final String DEIDENTIFIED = "deploy.deidentified";
  static final String PRIVATE_FILES = "deploy.private-files";
  static final String CONTRACT_FILES = "deploy.contract-files";
  static final String FOLDER_NAME = "deploy.folder-name";
  static final String FOLDER_PROCESSED = "deploy.folder-processed";
  static final String EXISTING_OBJECTS = "deploy.existing-objects";

  /** The manifest {@code ehr:deidentify} writes into its output directory. */
  static final String MANIFEST = DeidManifest.FILE_NAME;

  private Interlocks() {}

  /** A verification report of the directory, as far as the interlock needs it. */
  private record Report(Path path, VerifyDocument doc, Instant started) {}

  /**
   * The export must have passed {@code ehr:verify} with this contract, and its files must not have
   * changed since.
   */
  static Verdict verified(
      Path reportDirectory,
      Path privateDirectory,
      Path source,
      Contract contract,
      List<PlanItem> items,
      boolean deidentifiedSource,
      RemedyWords words) {
    Remedy verify =
        deidentifiedSource ? Remedy.RunVerify.deidentified(source) : Remedy.RunVerify.export();
    String verifyCommand = words.of(verify);
    List<Report> reports = reportsOf(reportDirectory, privateDirectory, source);
    if (reports.isEmpty()) {
      return Verdict.refused(
          VERIFIED,
          source
              + " has not passed ehr:verify: no verify.json under "
              + reportDirectory
              + " is about it. Run "
              + verifyCommand
              + " first.",
          verify);
    }
    List<Report> sameContract =
        reports.stream()
            .filter(
                r ->
                    name(r.doc.contract(), "").equals(contract.name())
                        && digest(r.doc.contract(), "").equalsIgnoreCase(contract.digest()))
            .toList();
    if (sameContract.isEmpty()) {
      Report newest = reports.get(0);
      return Verdict.refused(
          VERIFIED,
          source
              + " was verified against contract "
              + name(newest.doc.contract(), "?")
              + " "
              + version(newest.doc.contract(), "?")
              + " (sha256 "
              + shortDigest(digest(newest.doc.contract(), "?"))
              + "), not against "
              + contract.name()
              + " "
              + contract.version()
              + " (sha256 "
              + shortDigest(contract.digest())
              + "). Run "
              + verifyCommand
              + " with the contract you deploy with.",
          verify);
    }
    Report report = sameContract.get(0);
    String when = report.started.toString();
    VerifyDocument.Summary summary = report.doc.summary();
    String status = summary == null || summary.status() == null ? "?" : summary.status();
    if (!status.equals("passed")) {
      return Verdict.refused(
          VERIFIED,
          "the last ehr:verify of "
              + source
              + " (at "
              + when
              + ") failed with "
              + (summary == null ? 0 : summary.errors())
              + " errors (see "
              + report.path
              + "). Fix them and run "
              + verifyCommand
              + " again.",
          verify);
    }
    Map<String, Optional<String>> verified =
        report.doc.files().stream()
            .filter(f -> f.file() != null)
            .collect(
                Collectors.toMap(
                    VerifyDocument.File::file, f -> Optional.ofNullable(f.crc32c()), (a, b) -> a));
    List<String> changed = new ArrayList<>();
    List<String> unverified = new ArrayList<>();
    Set<String> present = items.stream().map(PlanItem::file).collect(Collectors.toSet());
    for (PlanItem item : items) {
      Optional<String> crc = verified.getOrDefault(item.file(), Optional.empty());
      if (!verified.containsKey(item.file()) || crc.isEmpty()) {
        unverified.add(item.file());
      } else if (!crc.get().equalsIgnoreCase(item.crc32c())) {
        changed.add(item.file());
      }
    }
    List<String> gone =
        verified.entrySet().stream()
            .filter(e -> e.getValue().isPresent())
            .map(Map.Entry::getKey)
            .filter(f -> contract.tableForFile(f).isPresent() && !present.contains(f))
            .sorted()
            .toList();
    List<String> reasons = new ArrayList<>();
    if (!changed.isEmpty()) {
      reasons.add(
          files(changed)
              + (changed.size() == 1 ? " changed" : " changed")
              + " since "
              + (changed.size() == 1 ? "it was" : "they were")
              + " verified at "
              + when);
    }
    if (!unverified.isEmpty()) {
      reasons.add(
          files(unverified) + (unverified.size() == 1 ? " was" : " were") + " not verified then");
    }
    if (!gone.isEmpty()) {
      reasons.add(
          files(gone)
              + (gone.size() == 1 ? " was" : " were")
              + " verified but "
              + (gone.size() == 1 ? "is" : "are")
              + " gone now");
    }
    if (!reasons.isEmpty()) {
      return Verdict.refused(
          VERIFIED, String.join("; ", reasons) + ". Run " + verifyCommand + " again.", verify);
    }
    if (deidentifiedSource) {
      Optional<Verdict> withoutDeid = withoutDeidRules(report, source, verify, verifyCommand);
      if (withoutDeid.isPresent()) {
        return withoutDeid.get();
      }
    }
    return Verdict.passed(
        VERIFIED,
        "passed ehr:verify at "
            + when
            + " against "
            + contract.name()
            + " "
            + contract.version()
            + "; "
            + (items.size() == 1 ? "the file is" : "all " + items.size() + " files are")
            + " unchanged since.");
  }

  /**
   * A verification behind a de-identified deploy must have run every {@code deid.*} rule: with
   * {@code deidentified} set, and no rule filter that leaves one out.
   */
  private static Optional<Verdict> withoutDeidRules(
      Report report, Path source, Remedy verify, String verifyCommand) {
    String which =
        "the ehr:verify of " + source + " at " + report.started + " (" + report.path + ")";
    if (!report.doc.deidentified()) {
      return Optional.of(
          Verdict.refused(
              VERIFIED,
              which
                  + " ran without the de-identification rules (deid.*), so nothing shows that the"
                  + " directory is de-identified. Run "
                  + verifyCommand
                  + " first.",
              verify));
    }
    VerifyDocument.RuleFilter filter = report.doc.ruleFilter();
    if (filter == null) {
      return Optional.of(
          Verdict.refused(
              VERIFIED,
              which
                  + " does not say which rules it ran (a report of an older version), so it cannot"
                  + " show that every de-identification rule (deid.*) ran. Run "
                  + verifyCommand
                  + " again.",
              verify));
    }
    Set<String> only = Set.copyOf(filter.only());
    Set<String> skip = Set.copyOf(filter.skip());
    List<String> skipped =
        RuleCatalog.family("deid").stream()
            .map(Rule::id)
            .filter(id -> !VerifyRequest.runs(only, skip, id, null))
            .toList();
    if (!skipped.isEmpty()) {
      return Optional.of(
          Verdict.refused(
              VERIFIED,
              which
                  + " left out the de-identification "
                  + (skipped.size() == 1 ? "rule " : "rules ")
                  + String.join(", ", skipped)
                  + " (its rules or skipRules), and a de-identified deploy needs every deid.*"
                  + " rule to have passed. Run "
                  + verifyCommand
                  + " without leaving "
                  + (skipped.size() == 1 ? "it" : "them")
                  + " out.",
              verify));
    }
    return Optional.empty();
  }

  /**
   * A de-identified directory must not hold the file of a table the contract withholds from
   * de-identified output (identifying tables, tables the policy drops), whatever its manifest says.
   */
  static Optional<Verdict> withheld(
      Path source, Contract contract, List<PlanItem> items, RemedyWords words) {
    Set<String> withheld = withheldTables(contract);
    List<String> found =
        items.stream()
            .filter(
                i ->
                    contract
                        .tableForFile(i.file())
                        .map(t -> withheld.contains(t.name()))
                        .orElse(false))
            .map(PlanItem::file)
            .toList();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Verdict.refused(
            DEIDENTIFIED,
            files(found)
                + " in "
                + source
                + (found.size() == 1 ? " is the file of a table" : " are the files of tables")
                + " that contract "
                + contract.name()
                + " withholds from de-identified output (identifying tables such as pii_* and"
                + " participant_match, and tables its policy drops); "
                + (found.size() == 1 ? "it is" : "they are")
                + " never uploaded. Run "
                + words.of(new Remedy.RunDeidentify())
                + " again, which does not write "
                + (found.size() == 1 ? "it" : "them")
                + ", and deploy its output.",
            new Remedy.RunDeidentify()));
  }

  /**
   * The tables that never reach de-identified output: what the policy withholds (tables marked
   * {@code identifying}, and {@code drop}), every table marked {@code identifying} in case a policy
   * says otherwise, and, as a backstop for contracts that do not mark them yet, the identifying
   * tables of the All of Us submissions by name ({@code pii_*}, {@code participant_match}).
   */
  private static Set<String> withheldTables(Contract contract) {
    Set<String> withheld =
        new HashSet<>(
            contract
                .deidentification()
                .map(DeidentificationPolicy::withheldTables)
                .orElse(Set.of()));
    for (Table table : contract.tables().values()) {
      if (table.identifying()
          || table.name().startsWith("pii_")
          || table.name().equals("participant_match")) {
        withheld.add(table.name());
      }
    }
    return withheld;
  }

  /**
   * Under a de-identification policy the directory must be what {@code ehr:deidentify} wrote, for
   * this contract, unchanged since, under a manifest sealed with the site key of the private
   * directory.
   */
  static Verdict deidentified(
      Path source,
      Path privateDirectory,
      Contract contract,
      List<PlanItem> items,
      RemedyWords words) {
    Path manifest = source.resolve(MANIFEST);
    Remedy deidentify = new Remedy.RunDeidentify();
    String rerun = "Run " + words.of(deidentify);
    if (!Files.isRegularFile(manifest)) {
      return Verdict.refused(
          DEIDENTIFIED,
          source
              + " has no "
              + MANIFEST
              + ", so it is not the output of ehr:deidentify, and contract "
              + contract.name()
              + " requires de-identification: raw data is never uploaded. "
              + rerun
              + " and deploy its output.",
          deidentify);
    }
    DeidManifest doc;
    try {
      doc = JsonDocuments.read(manifest, DeidManifest.class);
    } catch (IOException | JsonDocumentException e) {
      return Verdict.refused(
          DEIDENTIFIED,
          "cannot read " + manifest + " (" + e.getMessage() + "). " + rerun + " again.",
          deidentify);
    }
    String name = name(doc.contract(), "?");
    String digest = digest(doc.contract(), "?");
    if (!name.equals(contract.name()) || !digest.equalsIgnoreCase(contract.digest())) {
      return Verdict.refused(
          DEIDENTIFIED,
          source
              + " was de-identified under contract "
              + name
              + " "
              + version(doc.contract(), "?")
              + " (sha256 "
              + shortDigest(digest)
              + "), not under "
              + contract.name()
              + " "
              + contract.version()
              + " (sha256 "
              + shortDigest(contract.digest())
              + "). "
              + rerun
              + " again with the contract you deploy with.",
          deidentify);
    }
    Optional<Verdict> unsealed = SealCheck.unsealed(manifest, doc, privateDirectory, rerun, words);
    if (unsealed.isPresent()) {
      return unsealed.get();
    }
    Map<String, DeidManifest.Entry> files = doc.files();
    List<String> changed = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    Set<String> present = items.stream().map(PlanItem::file).collect(Collectors.toSet());
    for (PlanItem item : items) {
      DeidManifest.Entry entry = files.get(item.file());
      if (entry == null) {
        foreign.add(item.file());
        continue;
      }
      if (entry.crc32c() == null
          || !entry.crc32c().equalsIgnoreCase(item.crc32c())
          || (entry.bytes() != null && entry.bytes() != item.size())) {
        changed.add(item.file());
      }
    }
    List<String> gone =
        files.keySet().stream()
            .filter(f -> contract.tableForFile(f).isPresent() && !present.contains(f))
            .sorted()
            .toList();
    List<String> reasons = new ArrayList<>();
    if (!changed.isEmpty()) {
      reasons.add(
          files(changed)
              + " changed since ehr:deidentify wrote "
              + (changed.size() == 1 ? "it" : "them"));
    }
    if (!foreign.isEmpty()) {
      reasons.add(
          files(foreign)
              + (foreign.size() == 1 ? " was" : " were")
              + " not written by ehr:deidentify (not in "
              + MANIFEST
              + ")");
    }
    if (!gone.isEmpty()) {
      reasons.add(
          files(gone)
              + (gone.size() == 1 ? " was" : " were")
              + " written by ehr:deidentify but "
              + (gone.size() == 1 ? "is" : "are")
              + " gone now");
    }
    if (!reasons.isEmpty()) {
      return Verdict.refused(
          DEIDENTIFIED, String.join("; ", reasons) + ". " + rerun + " again.", deidentify);
    }
    return Verdict.passed(
        DEIDENTIFIED,
        "de-identified by ehr:deidentify"
            + (doc.created() == null ? "" : " at " + doc.created())
            + " under "
            + contract.name()
            + " "
            + contract.version()
            + "; "
            + (items.size() == 1 ? "the file is" : "all " + items.size() + " files are")
            + " as it wrote them.");
  }

  /**
   * The data rows of each file, as the newest {@code ehr:verify} of {@code source} with this
   * contract counted them, for the files whose CRC32C it recorded is the item's: what the receipt
   * records so that the next quarter's {@code ehr:verify} can compare ({@code table.row-change}).
   */
  static Map<String, Long> verifiedRows(
      Path reportDirectory,
      Path privateDirectory,
      Path source,
      Contract contract,
      List<PlanItem> items) {
    Optional<Report> report =
        reportsOf(reportDirectory, privateDirectory, source).stream()
            .filter(
                r ->
                    name(r.doc.contract(), "").equals(contract.name())
                        && digest(r.doc.contract(), "").equalsIgnoreCase(contract.digest()))
            .findFirst();
    Map<String, Long> rows = new LinkedHashMap<>();
    if (report.isEmpty()) {
      return rows;
    }
    Map<String, VerifyDocument.File> files = new HashMap<>();
    for (VerifyDocument.File file : report.get().doc.files()) {
      if (file.file() != null) {
        files.putIfAbsent(file.file(), file);
      }
    }
    for (PlanItem item : items) {
      VerifyDocument.File file = files.get(item.file());
      if (file != null && file.crc32c() != null && file.crc32c().equalsIgnoreCase(item.crc32c())) {
        rows.put(item.file(), file.rows());
      }
    }
    return rows;
  }

  /** The reports about {@code source}, newest first. */
  private static List<Report> reportsOf(Path reportDirectory, Path privateDirectory, Path source) {
    if (!Files.isDirectory(reportDirectory)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          reportDirectory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return sameDirectory(dir, privateDirectory)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (file.getFileName().toString().equals(JsonReportWriter.FILE_NAME)) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      return List.of();
    }
    List<Report> reports = new ArrayList<>();
    for (Path path : found) {
      try {
        VerifyDocument doc = JsonDocuments.read(path, VerifyDocument.class);
        String directory = doc.export() == null ? null : doc.export().directory();
        if (directory != null && sameDirectory(Path.of(directory), source)) {
          Instant started = doc.started() == null ? Instant.EPOCH : instant(doc.started());
          reports.add(new Report(path, doc, started));
        }
      } catch (IOException | JsonDocumentException e) {
        // Not a report this goal can read; another one may be.
      }
    }
    reports.sort(Comparator.comparing(Report::started).reversed());
    return reports;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      return Instant.EPOCH;
    }
  }

  /** Whether two paths name the same directory, following links where both exist. */
  static boolean sameDirectory(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
    } catch (IOException e) {
      // Fall back to comparing the names.
    }
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  /** Whether {@code path} is {@code directory} or lies under it, following links. */
  static boolean inside(Path path, Path directory) {
    Path real = real(path);
    Path dir = real(directory);
    return real.startsWith(dir);
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  /** "the file a.csv", "the files a.csv and b.csv", "the files a.csv, b.csv and c.csv". */
  static String files(List<String> names) {
    if (names.size() == 1) {
      return "the file " + names.get(0);
    }
    return "the files "
        + String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  private static String name(ContractRef contract, String absent) {
    return contract == null || contract.name() == null ? absent : contract.name();
  }

  private static String version(ContractRef contract, String absent) {
    return contract == null || contract.version() == null ? absent : contract.version();
  }

  private static String digest(ContractRef contract, String absent) {
    return contract == null || contract.sha256() == null ? absent : contract.sha256();
  }

  static String shortDigest(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12).toLowerCase(Locale.ROOT) + "..." : digest;
  }
}
