package org.ehrcontracts.engine.vocab;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An OMOP vocabulary held as primitive arrays: immutable, safe to share between threads, and
 * without an object per concept (about 8 bytes a concept, 12 with "Maps to").
 *
 * <p>Two ways to ask. By concept id, for convenience: {@link #contains}, {@link #isStandard},
 * {@link #standardConcept}, {@link #isInvalid}, {@link #domain}, {@link #conceptClass}, {@link
 * #mapsTo}. In a hot loop, find the concept once with {@link #indexOf} and ask by index: {@link
 * #standardAt}, {@link #invalidAt}, {@link #domainAt} (compare with a domain index resolved once by
 * {@link #domainIndex}), {@link #classAt}, {@link #mapsToAt}. Neither way boxes or allocates, but
 * for the {@code Optional}s of the convenience methods.
 *
 * <p>Concept ids are 32-bit and not negative (OMOP's {@code integer}; the All of Us custom concepts
 * start at 2,000,000,000). The methods take a {@code long}, so that a parsed cell can be asked as
 * it is: an id outside that range is simply not in the vocabulary.
 *
 * @since 0.2.0
 */
public final class Vocabulary {

  /** What {@link #indexOf} returns for an id the vocabulary does not have. */
  public static final int NOT_FOUND = -1;

  /** What {@link #mapsToAt} returns for a concept without a valid "Maps to" another one. */
  public static final int NO_MAPPING = -1;

  /** A concept's {@code standard_concept}. */
  public enum StandardConcept {
    /** {@code S}: may be used in the CDM's {@code *_concept_id} fields. */
    STANDARD,
    /** {@code C}: a classification concept, for hierarchies, not for data. */
    CLASSIFICATION,
    /** Empty: a source concept, to be mapped ("Maps to") to a standard one. */
    NON_STANDARD
  }

  /** A concept's {@code invalid_reason}. */
  public enum InvalidReason {
    /** Empty: the concept is valid. */
    VALID,
    /** {@code D}: deleted. */
    DELETED,
    /** {@code U}: replaced by ("upgraded" to) another concept. */
    UPGRADED
  }

  // The bits of a concept's flags byte.
  static final int STANDARD_MASK = 0b11;
  static final int STANDARD_S = 1;
  static final int STANDARD_C = 2;
  static final int INVALID_SHIFT = 2;
  static final int INVALID_MASK = 0b11 << INVALID_SHIFT;
  static final int INVALID_D = 1 << INVALID_SHIFT;
  static final int INVALID_U = 2 << INVALID_SHIFT;
  static final int MAPS_TO_SEVERAL = 1 << 4;
  static final int KNOWN_FLAGS = STANDARD_MASK | INVALID_MASK | MAPS_TO_SEVERAL;

  private static final StandardConcept[] STANDARD_BY_BITS = {
    StandardConcept.NON_STANDARD, StandardConcept.STANDARD, StandardConcept.CLASSIFICATION
  };
  private static final InvalidReason[] INVALID_BY_BITS = {
    InvalidReason.VALID, InvalidReason.DELETED, InvalidReason.UPGRADED
  };

  private final ConceptIndex index;
  private final byte[] flags;
  private final byte[] domains;
  private final short[] classes;
  private final String[] domainNames;
  private final String[] classNames;
  private final int[] mapsTo;
  private final Ancestry ancestry;
  private final AncestorScope ancestorScope;
  private final String release;
  private final Set<VocabularyFile> files;
  private final boolean fromCache;

  /** The arrays of a vocabulary, as the loader and the cache build them. */
  record Parts(
      int[] ids,
      byte[] flags,
      byte[] domains,
      short[] classes,
      String[] domainNames,
      String[] classNames,
      int[] mapsTo,
      Ancestry ancestry,
      AncestorScope ancestorScope,
      String release,
      Set<VocabularyFile> files) {}

  Vocabulary(Parts parts, boolean fromCache) {
    this.index = new ConceptIndex(parts.ids());
    this.flags = parts.flags();
    this.domains = parts.domains();
    this.classes = parts.classes();
    this.domainNames = parts.domainNames();
    this.classNames = parts.classNames();
    this.mapsTo = parts.mapsTo();
    this.ancestry = parts.ancestry();
    this.ancestorScope = parts.ancestorScope();
    this.release = parts.release();
    Set<VocabularyFile> present = EnumSet.noneOf(VocabularyFile.class);
    present.addAll(parts.files());
    this.files = Collections.unmodifiableSet(present);
    this.fromCache = fromCache;
  }

  /** The arrays again, for the cache. */
  Parts parts() {
    return new Parts(
        index.ids(),
        flags,
        domains,
        classes,
        domainNames,
        classNames,
        mapsTo,
        ancestry,
        ancestorScope,
        release,
        files);
  }

  // ---- by concept id ----

  /** Whether CONCEPT has the id (0, "No matching concept", is in every Athena download). */
  public boolean contains(long conceptId) {
    return index.indexOf(conceptId) != NOT_FOUND;
  }

  /** Whether the concept is in CONCEPT with {@code standard_concept} {@code S}. */
  public boolean isStandard(long conceptId) {
    int i = index.indexOf(conceptId);
    return i != NOT_FOUND && standardAt(i) == StandardConcept.STANDARD;
  }

  /** The concept's {@code standard_concept}, if CONCEPT has it. */
  public Optional<StandardConcept> standardConcept(long conceptId) {
    int i = index.indexOf(conceptId);
    return i == NOT_FOUND ? Optional.empty() : Optional.of(standardAt(i));
  }

  /** Whether the concept is in CONCEPT with an {@code invalid_reason} ({@code D} or {@code U}). */
  public boolean isInvalid(long conceptId) {
    int i = index.indexOf(conceptId);
    return i != NOT_FOUND && invalidAt(i) != InvalidReason.VALID;
  }

  /**
   * The concept's {@code domain_id} ({@code Condition}, {@code Type Concept}), if CONCEPT has it.
   */
  public Optional<String> domain(long conceptId) {
    int i = index.indexOf(conceptId);
    return i == NOT_FOUND ? Optional.empty() : Optional.of(domainNames[domainAt(i)]);
  }

  /** The concept's {@code concept_class_id} ({@code Ingredient}), if CONCEPT has it. */
  public Optional<String> conceptClass(long conceptId) {
    int i = index.indexOf(conceptId);
    return i == NOT_FOUND ? Optional.empty() : Optional.of(classNames[classAt(i)]);
  }

  /**
   * The concept this one "Maps to", if CONCEPT_RELATIONSHIP was read and has a valid such row to
   * another concept of CONCEPT; the lowest id when there are several ({@link #mapsToSeveralAt}).
   */
  public OptionalLong mapsTo(long conceptId) {
    int i = index.indexOf(conceptId);
    int target = i == NOT_FOUND ? NO_MAPPING : mapsToAt(i);
    return target == NO_MAPPING ? OptionalLong.empty() : OptionalLong.of(target);
  }

  // ---- by index ----

  /**
   * The concept's index (from 0 to {@link #size()} - 1, in id order), or {@link #NOT_FOUND}: one
   * lookup, after which the {@code ...At} methods answer from arrays.
   */
  public int indexOf(long conceptId) {
    return index.indexOf(conceptId);
  }

  /** The id of the concept at an index. */
  public int conceptIdAt(int index) {
    return this.index.ids()[index];
  }

  /** The {@code standard_concept} of the concept at an index. */
  public StandardConcept standardAt(int index) {
    return STANDARD_BY_BITS[flags[index] & STANDARD_MASK];
  }

  /** The {@code invalid_reason} of the concept at an index. */
  public InvalidReason invalidAt(int index) {
    return INVALID_BY_BITS[(flags[index] & INVALID_MASK) >>> INVALID_SHIFT];
  }

  /** The domain index (see {@link #domainName}) of the concept at an index. */
  public int domainAt(int index) {
    return domains[index] & 0xff;
  }

  /** The class index (see {@link #className}) of the concept at an index. */
  public int classAt(int index) {
    return classes[index] & 0xffff;
  }

  /** The id the concept at an index "Maps to" (see {@link #mapsTo}), or {@link #NO_MAPPING}. */
  public int mapsToAt(int index) {
    return mapsTo == null ? NO_MAPPING : mapsTo[index];
  }

  /** Whether the concept at an index "Maps to" more than one other concept. */
  public boolean mapsToSeveralAt(int index) {
    return (flags[index] & MAPS_TO_SEVERAL) != 0;
  }

  // ---- domains and classes ----

  /** The {@code domain_id} of a domain index. */
  public String domainName(int domainIndex) {
    return domainNames[domainIndex];
  }

  /**
   * The index of a {@code domain_id} (exact spelling, as in CONCEPT), or {@link #NOT_FOUND} if no
   * concept has it: resolve a column's domain once, then compare with {@link #domainAt}.
   */
  public int domainIndex(String domainId) {
    for (int i = 0; i < domainNames.length; i++) {
      if (domainNames[i].equals(domainId)) {
        return i;
      }
    }
    return NOT_FOUND;
  }

  /** How many distinct {@code domain_id}s CONCEPT has. */
  public int domainCount() {
    return domainNames.length;
  }

  /** The {@code concept_class_id} of a class index. */
  public String className(int classIndex) {
    return classNames[classIndex];
  }

  /** The index of a {@code concept_class_id}, or {@link #NOT_FOUND} if no concept has it. */
  public int classIndex(String conceptClassId) {
    for (int i = 0; i < classNames.length; i++) {
      if (classNames[i].equals(conceptClassId)) {
        return i;
      }
    }
    return NOT_FOUND;
  }

  // ---- the hierarchy ----

  /** Whether the load kept rows of CONCEPT_ANCESTOR (the file was there and the scope not none). */
  public boolean hasAncestors() {
    return ancestry != null;
  }

  /** The ancestors the load kept the rows of. */
  public AncestorScope ancestorScope() {
    return ancestry == null ? AncestorScope.none() : ancestorScope;
  }

  /**
   * Whether CONCEPT_ANCESTOR has the row ({@code ancestor}, {@code descendant}); a concept is its
   * own descendant where the file says so (Athena's rows at level 0).
   *
   * @throws IllegalStateException if the load did not keep the rows of that ancestor ({@link
   *     #ancestorScope()}): the answer would be a guess
   */
  public boolean isDescendant(long ancestor, long descendant) {
    requireAncestor(ancestor);
    return descendant >= 0
        && descendant <= Integer.MAX_VALUE
        && ancestry.isDescendant((int) ancestor, (int) descendant);
  }

  /**
   * The descendants of an ancestor, ascending: a fresh array, for building a set once.
   *
   * @throws IllegalStateException as {@link #isDescendant}
   */
  public int[] descendants(long ancestor) {
    requireAncestor(ancestor);
    return ancestry.descendantsOf((int) ancestor);
  }

  private void requireAncestor(long ancestor) {
    if (ancestry == null || !ancestorScope.includes(ancestor)) {
      throw new IllegalStateException(
          "the vocabulary was loaded without the descendants of concept "
              + ancestor
              + " (ancestors: "
              + ancestorScope()
              + ")");
    }
  }

  // ---- the whole ----

  /** How many concepts CONCEPT has. */
  public int size() {
    return index.size();
  }

  /**
   * The release: {@code vocabulary_version} of VOCABULARY's row {@code None} ({@code v5.0
   * 27-FEB-25}), or empty without that file or row.
   */
  public String release() {
    return release;
  }

  /** The files the folder had, whether read or not (CONCEPT_ANCESTOR is read only when asked). */
  public Set<VocabularyFile> files() {
    return files;
  }

  /** Whether CONCEPT_RELATIONSHIP was read, so that {@link #mapsTo} can answer. */
  public boolean hasMapsTo() {
    return mapsTo != null;
  }

  /** Whether this instance came from the binary cache rather than from the Athena files. */
  public boolean fromCache() {
    return fromCache;
  }

  /** About how many bytes of heap the index holds (its arrays). */
  public long footprintBytes() {
    long bytes = index.footprintBytes() + flags.length + domains.length + 2L * classes.length;
    if (mapsTo != null) {
      bytes += 4L * mapsTo.length;
    }
    if (ancestry != null) {
      bytes += ancestry.footprintBytes();
    }
    return bytes;
  }

  /** {@code Vocabulary[79 concepts, release v5.0 17-MAR-19]}. */
  @Override
  public String toString() {
    return "Vocabulary["
        + size()
        + (size() == 1 ? " concept" : " concepts")
        + (release.isEmpty() ? "" : ", release " + release)
        + "]";
  }
}
