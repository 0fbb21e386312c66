package org.ehrcontracts.engine.report;

import java.time.Duration;
import java.util.Locale;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.FileStatus;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/** Wording and numbers that every report shows the same way. */
final class ReportText {

  private ReportText() {}

  /** A count with thousands separators, the same in every locale: {@code 1,234}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A count and its noun, singular or plural: {@code 1 file}, {@code 1,234 rows}. */
  static String count(long n, String singular) {
    return count(n) + " " + (n == 1 ? singular : singular + "s");
  }

  /** A duration for people: {@code 0.4 s}, {@code 12.3 s}, {@code 2 min 5 s}, {@code 1 h 2 min}. */
  static String duration(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }

  /** The family of a rule id, the part before the first dot: {@code type} for {@code type.date}. */
  static String family(String rule) {
    int dot = rule.indexOf('.');
    return dot < 0 ? rule : rule.substring(0, dot);
  }

  /** The status as a lower-kebab word for machine-read reports: {@code not-checked}. */
  static String status(FileStatus status) {
    return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The status as an upper-case word for people: {@code NOT CHECKED}. */
  static String statusWord(FileStatus status) {
    return status.name().replace('_', ' ');
  }

  /** Whether the export passed: no error anywhere and no file that failed. */
  static boolean passed(VerifyResult result) {
    return result.count(Severity.ERROR) == 0
        && result.files().stream().noneMatch(f -> f.status() == FileStatus.FAILED);
  }

  /** How many files the export holds, that is every file in the result that is not missing. */
  static long presentFiles(VerifyResult result) {
    return result.files().stream()
        .filter(f -> f.status() != FileStatus.MISSING && f.status() != FileStatus.ABSENT)
        .count();
  }

  /** The first 12 hex digits of a digest, enough to tell contracts apart at a glance. */
  static String shortDigest(String digest) {
    return digest.length() <= 12 ? digest : digest.substring(0, 12);
  }

  /**
   * The file a rule's problems are in, as the problems name it; the result's file name when the
   * rule kept no sample.
   */
  static String shownFile(FileResult file, RuleResult rule) {
    return rule.samples().isEmpty() ? file.file() : rule.samples().get(0).at().file();
  }

  /**
   * The line that stands for the problems not shown: {@code file: ... and 1,231 more [rule]}, or
   * {@code file: 12 problems [rule]} when none was shown; a check's id is named, since several
   * checks share a rule id.
   */
  static String moreLine(FileResult file, RuleResult rule, long shown) {
    String what =
        shown == 0
            ? count(rule.count(), "problem")
            : "... and " + count(rule.count() - shown) + " more";
    String check = rule.check().map(id -> " of check " + id).orElse("");
    return shownFile(file, rule) + ": " + what + check + " [" + rule.rule() + "]";
  }

  /**
   * Keeps a line on one line: line breaks become a visible {@code \n} or {@code \r}, and other
   * control characters (which could move a terminal's cursor or forge log lines) become {@code ?}.
   */
  static String oneLine(String text) {
    StringBuilder line = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line.append("\\n");
      } else if (c == '\r') {
        line.append("\\r");
      } else if ((c < 0x20 && c != '\t')
          || (c >= 0x7f && c <= 0x9f)
          || c == '\u2028'
          || c == '\u2029') {
        line.append('?');
      } else {
        line.append(c);
      }
    }
    return line.toString();
  }

  /** How many of a rule's samples a report shows under a per-rule cap. */
  static int shown(RuleResult rule, int maxPerRule) {
    return Math.min(Math.max(0, maxPerRule), rule.samples().size());
  }
}
