package org.ehrcontracts.engine.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ehrcontracts.engine.deploy.DeployReceipt.Action;
import org.ehrcontracts.engine.deploy.DeployReceipt.ObjectReceipt;
import org.ehrcontracts.engine.problem.Severity;

/**
 * The console text of deploys: the plan with its interlock verdicts, a line per object as it is
 * done, and a total with the throughput.
 *
 * @since 0.1.0
 */
public final class PlanReport {

  private PlanReport() {}

  /**
   * A line of console output.
   *
   * @param level how to show it: {@code INFO}, {@code WARNING} or {@code ERROR}
   * @param text the line
   * @since 0.1.0
   */
  public record Line(Severity level, String text) {}

  /**
   * The plan as console lines: where from, where to, one line per file (name, size, CRC32C, object
   * and what the bucket holds), then every interlock's verdict and, for a dry run, what a deploy
   * would do.
   *
   * @param plan the plan
   * @param dryRun whether this is a dry run: refusals are then warnings ("would be refused")
   * @since 0.1.0
   */
  public static List<Line> render(DeployPlan plan, boolean dryRun) {
    List<Line> lines = new ArrayList<>();
    lines.add(
        info(
            (dryRun ? "Deploy plan (dry run: nothing is uploaded)" : "Deploy plan")
                + " for "
                + plan.exportName()
                + ", contract "
                + plan.contract()
                + " "
                + plan.contractVersion()));
    lines.add(info("  from   " + plan.source()));
    lines.add(info("  to     " + plan.target() + "  [" + plan.folderNote() + "]"));
    int width =
        Math.max(12, plan.items().stream().mapToInt(i -> i.file().length()).max().orElse(0));
    int size =
        Math.max(
            5,
            plan.items().stream().mapToInt(i -> Deployer.bytes(i.size()).length()).max().orElse(0));
    for (int i = 0; i < plan.items().size(); i++) {
      PlanItem item = plan.items().get(i);
      boolean last = i == plan.items().size() - 1 && plan.items().size() > 1;
      lines.add(
          info(
              String.format(
                  Locale.ROOT,
                  "  %-" + width + "s %" + size + "s B  crc32c %s  -> gs://%s/%s  %s%s",
                  item.file(),
                  Deployer.bytes(item.size()),
                  item.crc32c(),
                  plan.bucket(),
                  item.object(),
                  state(item.state()),
                  last ? ", last" : "")));
    }
    lines.add(
        info(
            String.format(
                Locale.ROOT,
                "  %d %s, %s B%s",
                plan.items().size(),
                plan.items().size() == 1 ? "file" : "files",
                Deployer.bytes(plan.bytes()),
                plan.items().size() > 1
                    ? "; the last goes up alone once all others are stored, so that the DRC does"
                        + " not process a partial folder"
                    : "")));
    lines.add(info("Interlocks:"));
    for (Verdict verdict : plan.verdicts()) {
      String text = "  " + verdict.format();
      switch (verdict.status()) {
        case PASSED -> lines.add(info(text));
        case WARNING -> lines.add(new Line(Severity.WARNING, text));
        case REFUSED -> lines.add(new Line(dryRun ? Severity.WARNING : Severity.ERROR, text));
      }
    }
    if (dryRun) {
      long refusals = plan.refusals().size();
      long toUpload =
          plan.items().stream().filter(i -> i.state() != PlanItem.State.ALREADY_THERE).count();
      if (refusals > 0) {
        lines.add(
            new Line(
                Severity.WARNING,
                "Dry run: a deploy now would be REFUSED ("
                    + refusals
                    + (refusals == 1 ? " interlock" : " interlocks")
                    + " above); nothing was uploaded."));
      } else {
        lines.add(
            info(
                "Dry run: a deploy now would upload "
                    + toUpload
                    + " of "
                    + plan.items().size()
                    + " files to "
                    + plan.target()
                    + (plan.checked() ? "" : " (not checked against the bucket)")
                    + "; nothing was uploaded."));
      }
    }
    return lines;
  }

  /** The line of one object once it is done. */
  static String objectLine(DeployPlan plan, ObjectReceipt object, Duration took) {
    return String.format(
        Locale.ROOT,
        "  %-24s %14s B  %-13s gs://%s/%s (%.1f s)",
        object.file(),
        Deployer.bytes(object.size()),
        DeployReceipts.action(object.action()) + (object.replaced() ? " (replaced)" : ""),
        plan.bucket(),
        object.object(),
        took.toMillis() / 1000.0);
  }

  /** The total of a deploy, with the throughput. */
  static String summary(DeployReceipt receipt) {
    DeployPlan plan = receipt.plan();
    double seconds = Math.max(receipt.duration().toNanos(), 1) / 1e9;
    String counts =
        String.format(
            Locale.ROOT,
            "%d uploaded, %d already there%s%s",
            receipt.count(Action.UPLOADED),
            receipt.count(Action.ALREADY_THERE),
            receipt.count(Action.FAILED) > 0 ? ", " + receipt.count(Action.FAILED) + " failed" : "",
            receipt.count(Action.NOT_ATTEMPTED) > 0
                ? ", " + receipt.count(Action.NOT_ATTEMPTED) + " not attempted"
                : "");
    return String.format(
        Locale.ROOT,
        "%s %s to %s: %d %s, %s; %s B in %.1f s (%.2f MB/s)",
        receipt.complete() ? "Deployed" : "Deploy FAILED for",
        plan.exportName(),
        plan.target(),
        receipt.objects().size(),
        receipt.objects().size() == 1 ? "file" : "files",
        counts,
        Deployer.bytes(receipt.bytesUploaded()),
        seconds,
        receipt.bytesUploaded() / 1e6 / seconds);
  }

  private static String state(PlanItem.State state) {
    return switch (state) {
      case NEW -> "new";
      case ALREADY_THERE -> "already there";
      case REPLACE -> "replaces other content";
      case CONFLICT -> "EXISTS with other content";
      case UNCHECKED -> "not checked";
    };
  }

  private static Line info(String text) {
    return new Line(Severity.INFO, text);
  }
}
