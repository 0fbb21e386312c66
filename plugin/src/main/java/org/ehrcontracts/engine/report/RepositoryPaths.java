package org.ehrcontracts.engine.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * Names the files of a verification relative to the repository root, as GitHub, GitLab and IDEs
 * need them to attach a finding to a file of the change.
 *
 * <p>Problems name a file as the export folder's own name and the file in it ({@code
 * q3/measurement.csv}), which reads well in a log but matches no file of the repository. Given the
 * root, this gives {@code exports/q3/measurement.csv}. An export outside the root, or a run without
 * one, keeps the name the problem gives.
 *
 * @param root the repository root, if known
 * @since 0.2.0
 */
public record RepositoryPaths(Optional<Path> root) {

  /** Checks the part. */
  public RepositoryPaths {
    Objects.requireNonNull(root, "root");
  }

  /**
   * Paths relative to this root.
   *
   * @since 0.2.0
   */
  public static RepositoryPaths relativeTo(Path root) {
    return new RepositoryPaths(Optional.of(root));
  }

  /**
   * The files as the problems name them.
   *
   * @since 0.2.0
   */
  public static RepositoryPaths asShown() {
    return new RepositoryPaths(Optional.empty());
  }

  /**
   * The repository path of a file a problem of this result names, with {@code /} separators.
   *
   * @param result the verification the problem is of
   * @param shown the file as the problem names it: the export's name, then the file in it
   * @return the path relative to the root, or {@code shown} where it cannot be made one
   * @since 0.2.0
   */
  public String path(VerifyResult result, String shown) {
    String slashed = shown.replace('\\', '/');
    if (root.isEmpty()) {
      return slashed;
    }
    String export = result.export();
    String rest;
    if (slashed.equals(export)) {
      rest = "";
    } else if (slashed.startsWith(export + "/")) {
      rest = slashed.substring(export.length() + 1);
    } else {
      return slashed;
    }
    Path base = real(root.get());
    Path directory = real(result.directory());
    if (!directory.startsWith(base)) {
      return slashed;
    }
    String relative = base.relativize(directory).toString().replace('\\', '/');
    if (relative.isEmpty()) {
      return rest.isEmpty() ? "." : rest;
    }
    return rest.isEmpty() ? relative : relative + "/" + rest;
  }

  /** The path without links where it exists (a workspace may be reached through a link). */
  private static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      return absolute;
    }
  }
}
