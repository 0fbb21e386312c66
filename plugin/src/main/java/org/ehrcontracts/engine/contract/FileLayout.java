package org.ehrcontracts.engine.contract;

import java.util.List;
import java.util.Optional;

/**
 * The file layout of an export beyond its tables' own files.
 *
 * @param folder the submission folder naming rule, if the contract has one
 * @param tolerated glob patterns of other files that are not reported as unknown
 * @since 0.1.0
 */
public record FileLayout(Optional<FolderNaming> folder, List<String> tolerated) {

  /** Copies the list. */
  public FileLayout {
    tolerated = List.copyOf(tolerated);
  }
}
