package org.ehrcontracts.engine.vocab;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to load: an Athena vocabulary folder, where to cache its index, and which ancestors of
 * CONCEPT_ANCESTOR to keep.
 *
 * @param folder the folder with {@code CONCEPT.csv} and, optionally, {@code
 *     CONCEPT_RELATIONSHIP.csv}, {@code CONCEPT_ANCESTOR.csv} and {@code VOCABULARY.csv}; problems
 *     name its files by the folder's own name ({@code vocabulary/CONCEPT.csv})
 * @param cacheFolder where the binary cache lives (see {@link VocabularyCache#defaultFolder()}), or
 *     empty to read the files every time
 * @param ancestors the rows of CONCEPT_ANCESTOR to keep
 * @since 0.2.0
 */
public record VocabularyRequest(Path folder, Optional<Path> cacheFolder, AncestorScope ancestors) {

  /** Checks the parts. */
  public VocabularyRequest {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(cacheFolder, "cacheFolder");
    Objects.requireNonNull(ancestors, "ancestors");
  }

  /** A request that keeps no row of CONCEPT_ANCESTOR. */
  public VocabularyRequest(Path folder, Optional<Path> cacheFolder) {
    this(folder, cacheFolder, AncestorScope.none());
  }
}
