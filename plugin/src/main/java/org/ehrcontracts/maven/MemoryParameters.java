package org.ehrcontracts.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.ehrcontracts.engine.verify.Memory;

/** The {@code memory} and {@code spillDirectory} parameters of the goals that read exports. */
final class MemoryParameters {

  private MemoryParameters() {}

  /**
   * The budget: {@code memory} if given, else {@link Memory#DEFAULT_PERCENT}% of the heap; spilling
   * to {@code spillDirectory} if given, else the project's {@code target/ehr/spill}, else (without
   * a project) the system's temporary folder.
   */
  static Memory of(String memory, File spillDirectory, File projectFile, File buildDirectory)
      throws MojoFailureException {
    Optional<Path> spill =
        spillDirectory != null
            ? Optional.of(spillDirectory.toPath().toAbsolutePath().normalize())
            : projectFile != null && buildDirectory != null
                ? Optional.of(buildDirectory.toPath().resolve("ehr").resolve("spill"))
                : Optional.empty();
    String given = memory == null || memory.isBlank() ? Memory.DEFAULT_PERCENT + "%" : memory;
    try {
      return Memory.of(given, spill);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(
          "<memory> (" + PropertyNames.MEMORY + "): " + e.getMessage() + ".");
    }
  }
}
