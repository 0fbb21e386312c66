package org.ehrcontracts.engine.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files that re-identify people or prove who wrote an output (the crosswalk, the site key): in an
 * owner-only folder ({@code rwx------}), written owner-only ({@code rw-------}) where the file
 * system has POSIX permissions, through a temporary sibling.
 *
 * @since 0.2.0
 */
public final class PrivateFiles {

  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /** Creates a folder owner-only where the file system allows, if it is absent. */
  public static Path folder(Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath();
    if (!Files.isDirectory(absolute)) {
      if (supportsPosix(absolute)) {
        Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
      } else {
        Files.createDirectories(absolute);
      }
    }
    return absolute;
  }

  /** The attributes a new private file in {@code directory} is created with. */
  public static FileAttribute<?>[] ownerOnly(Path directory) {
    return supportsPosix(directory)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
        : new FileAttribute<?>[0];
  }

  /** A fresh hidden temporary sibling of {@code file}, for writing it whole before a move. */
  public static Path temporarySibling(Path directory, String fileName) {
    return directory.resolve(
        "." + fileName + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
  }

  /** Whether the file system of {@code directory} (or of its nearest existing parent) is POSIX. */
  public static boolean supportsPosix(Path directory) {
    Path probe = directory;
    while (probe != null && !Files.exists(probe)) {
      probe = probe.getParent();
    }
    try {
      return probe != null && Files.getFileStore(probe).supportsFileAttributeView("posix");
    } catch (IOException e) {
      return false;
    }
  }
}
