package org.ehrcontracts.engine.deploy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.FolderNaming;
import org.ehrcontracts.engine.deploy.PlanItem.State;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.Remedy.Setting;
import org.ehrcontracts.engine.remedy.RemedyWords;

/**
 * The folder rule: which folder of the bucket a plan goes to ({@code YYYY-MM-DD-vN} unless the
 * contract says otherwise), and what the bucket holds there already.
 *
 * <p>A given folder is used as given; otherwise the folder of the previous deploy of the same files
 * is resumed, unless the DRC has processed it; otherwise today's next free version is taken.
 */
final class FolderChooser {

  /** The DRC's folder rule (§2.4), used for default names when the contract has none. */
  private static final FolderNaming DEFAULT_FOLDER = FolderNaming.compile("{date}-v{version}");

  private final BlobStore store;
  private final String offlineReason;
  private final RemedyWords words;

  /**
   * A chooser that looks at {@code store}, or, without one, says why not ({@code offlineReason}).
   */
  FolderChooser(BlobStore store, String offlineReason, RemedyWords words) {
    this.store = store;
    this.offlineReason = offlineReason;
    this.words = words;
  }

  /** The contract's folder rule, or the DRC's. */
  static FolderNaming rule(Contract contract) {
    return contract.files().folder().orElse(DEFAULT_FOLDER);
  }

  /**
   * Where the plan goes. Without the bucket, or in a dry run that cannot read it, the folder is not
   * checked against the bucket, and the note says why.
   */
  Target choose(DeployRequest request, FolderNaming rule, List<PlanItem> items)
      throws BlobStoreException {
    if (store == null) {
      return offline(request, rule, items, offlineReason);
    }
    try {
      return online(request, rule, items);
    } catch (BlobStoreException e) {
      if (!request.dryRun()) {
        throw e;
      }
      return offline(request, rule, items, e.explain(request.bucket(), store.principal(), words));
    }
  }

  /** Where a plan goes and what the bucket holds there. */
  record Target(
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
            .filter(p -> problem(p.folder(), request.contract()).isEmpty());
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
    return store.stat(folder + "/" + Deployer.PROCESSED).isPresent();
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

  /** What is wrong with a folder name, if anything. */
  Optional<String> problem(String folder, Contract contract) {
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
}
