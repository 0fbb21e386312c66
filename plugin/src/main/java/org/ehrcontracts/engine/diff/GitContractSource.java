package org.ehrcontracts.engine.diff;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.ehrcontracts.engine.contract.ContractSource;
import org.ehrcontracts.engine.contract.ContractText;

/**
 * Contracts as a git revision holds them: {@code git:REV:PATH}, such as {@code
 * git:HEAD~1:contracts/site.yaml} or {@code git:origin/main:contracts/site.yaml}.
 *
 * <p>{@code PATH} is relative to the project directory, as every other path of the plugin (not to
 * the repository's root, unlike {@code git show}; in a project at the root the two are the same).
 * The revision is resolved to its commit once, so every file of the contract comes from the same
 * commit: its {@code extends:} and concept files relative to it are read from that commit too,
 * while shipped names ({@code aou-ehr-current}) and {@code classpath:} references come from the
 * plugin, as they would in a build at that revision. The repository is read with JGit: no git
 * binary is needed, and the work tree is never touched.
 *
 * @since 0.2.0
 */
public final class GitContractSource implements ContractSource, AutoCloseable {

  /** The prefix of references to a revision. */
  public static final String PREFIX = "git:";

  private final Repository repository;
  private final String revision;
  private final RevCommit commit;
  private final String projectPrefix;
  private final ContractSource fallback;

  private GitContractSource(
      Repository repository,
      String revision,
      RevCommit commit,
      String projectPrefix,
      ContractSource fallback) {
    this.repository = repository;
    this.revision = revision;
    this.commit = commit;
    this.projectPrefix = projectPrefix;
    this.fallback = fallback;
  }

  /** Whether a reference names a contract at a git revision. */
  public static boolean isRevision(String reference) {
    return reference.startsWith(PREFIX);
  }

  /**
   * Opens the repository that holds {@code projectDir} at the revision a {@code git:REV:PATH}
   * reference names.
   *
   * @param projectDir the project directory, inside the repository's work tree
   * @param reference the reference
   * @param fallback where shipped names and {@code classpath:} references are found
   * @throws GitRevisionException if the reference is malformed, there is no repository or the
   *     revision is unknown
   */
  public static GitContractSource open(Path projectDir, String reference, ContractSource fallback)
      throws GitRevisionException {
    String revision = parse(reference)[0];
    File start = projectDir.toAbsolutePath().normalize().toFile();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(start);
    if (builder.getGitDir() == null) {
      throw new GitRevisionException(
          "'" + reference + "' names a git revision, but " + start + " is in no git repository");
    }
    Repository repository;
    try {
      repository = builder.setMustExist(true).build();
    } catch (IOException | IllegalArgumentException e) {
      throw new GitRevisionException(
          "cannot open the git repository " + builder.getGitDir() + ": " + e.getMessage(), e);
    }
    try {
      if (repository.isBare()) {
        throw new GitRevisionException(
            "the git repository " + repository.getDirectory() + " has no work tree");
      }
      ObjectId id;
      try {
        id = repository.resolve(revision + "^{commit}");
      } catch (RevisionSyntaxException | IOException e) {
        throw new GitRevisionException(
            "'" + revision + "' (in '" + reference + "') is not a revision git knows", e);
      }
      if (id == null) {
        throw new GitRevisionException(
            "the git repository "
                + repository.getWorkTree()
                + " has no revision '"
                + revision
                + "' (in '"
                + reference
                + "'); a shallow clone may lack it: fetch it first (git fetch --depth=2, or"
                + " fetch-depth: 0 in actions/checkout)");
      }
      RevCommit commit;
      try (RevWalk walk = new RevWalk(repository)) {
        commit = walk.parseCommit(id);
      }
      Path workTree = repository.getWorkTree().toPath().toRealPath();
      Path project = projectDir.toAbsolutePath().normalize().toRealPath();
      String prefix = workTree.relativize(project).toString().replace('\\', '/');
      return new GitContractSource(
          repository, revision, commit, prefix.isEmpty() ? "" : prefix + "/", fallback);
    } catch (IOException e) {
      repository.close();
      throw new GitRevisionException(
          "cannot read revision '" + revision + "' of " + repository.getDirectory() + ": " + e, e);
    } catch (GitRevisionException e) {
      repository.close();
      throw e;
    }
  }

  /** {@code [REV, PATH]} of a {@code git:REV:PATH} reference. */
  static String[] parse(String reference) throws GitRevisionException {
    String rest = isRevision(reference) ? reference.substring(PREFIX.length()) : "";
    int colon = rest.indexOf(':');
    if (colon <= 0 || colon == rest.length() - 1) {
      throw new GitRevisionException(
          "'"
              + reference
              + "' is not a git reference: write git:REVISION:PATH, such as"
              + " git:HEAD~1:contracts/site.yaml");
    }
    return new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
  }

  /** The commit the revision names, abbreviated. */
  public String commit() {
    return commit.abbreviate(10).name();
  }

  @Override
  public Optional<ContractText> open(String reference, Optional<ContractText> from)
      throws IOException {
    String repoPath;
    if (from.isEmpty()) {
      if (!isRevision(reference)) {
        return fallback.open(reference, from);
      }
      String[] parts;
      try {
        parts = parse(reference);
      } catch (GitRevisionException e) {
        return Optional.empty();
      }
      repoPath = normalize(projectPrefix + parts[1]);
    } else if (ContractSource.isName(reference)
        || reference.startsWith(CLASSPATH)
        || !from.get().source().startsWith(PREFIX)) {
      return fallback.open(reference, from);
    } else {
      String parent = from.get().source().substring(from.get().source().indexOf(':', 4) + 1);
      int slash = parent.lastIndexOf('/');
      repoPath = normalize(parent.substring(0, slash + 1) + reference);
    }
    if (repoPath == null) {
      return Optional.empty();
    }
    try (TreeWalk walk = TreeWalk.forPath(repository, repoPath, commit.getTree())) {
      if (walk == null || walk.isSubtree()) {
        return Optional.empty();
      }
      byte[] bytes = repository.open(walk.getObjectId(0)).getBytes();
      return Optional.of(
          ContractText.of(
              PREFIX + commit.name() + ":" + repoPath, revision + ":" + repoPath, bytes));
    }
  }

  /** The path inside the repository, or null if it leads out of it. */
  private static String normalize(String path) {
    if (path.startsWith("/")) {
      return null;
    }
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String part : path.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? null : String.join("/", parts);
  }

  @Override
  public void close() {
    repository.close();
  }
}
