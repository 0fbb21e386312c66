package org.ehrcontracts.engine.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;

/** The changes found so far, in contract order; what every part of the differ adds to. */
final class Changes {

  /** The word for a part that is not there. */
  static final String ABSENT = "absent";

  private final List<Change> found = new ArrayList<>();

  void add(
      ChangeKind kind,
      Impact impact,
      String subject,
      String before,
      String after,
      String why,
      Location at) {
    found.add(new Change(kind, impact, subject, before, after, why, Optional.ofNullable(at)));
  }

  /** A change that is breaking when {@code stricter}, compatible otherwise. */
  void stricterIf(
      boolean stricter,
      ChangeKind kind,
      String subject,
      String before,
      String after,
      String whyStricter,
      String whyLooser,
      Location at) {
    add(
        kind,
        stricter ? Impact.BREAKING : Impact.COMPATIBLE,
        subject,
        before,
        after,
        stricter ? whyStricter : whyLooser,
        at);
  }

  List<Change> list() {
    return List.copyOf(found);
  }
}
