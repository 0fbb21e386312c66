package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.ehrcontracts.engine.deploy.BlobStoreException.Kind;
import org.ehrcontracts.engine.deploy.BlobStoreException.Operation;

/**
 * A {@link BlobStore} in a local directory, for fast tests of the engine: objects are files under
 * the root, generations are counted in memory, and failures can be queued per operation.
 */
final class LocalDirectoryBlobStore implements BlobStore {

  private final Path root;
  private final String bucket;
  private final Map<String, Long> generations = new HashMap<>();
  private final Map<Operation, Deque<Kind>> failures = new HashMap<>();
  private final List<String> uploads = new ArrayList<>();
  private long lastGeneration = 1000;
  private boolean damageStoredBytes;

  LocalDirectoryBlobStore(Path root, String bucket) {
    this.root = root;
    this.bucket = bucket;
  }

  /** The next {@code times} calls of the operation fail with {@code kind}. */
  synchronized LocalDirectoryBlobStore fail(Operation operation, Kind kind, int times) {
    Deque<Kind> queue = failures.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(kind);
    }
    return this;
  }

  /** From now on, stores a damaged copy of every upload and reports the damaged copy's checksum. */
  synchronized void damageStoredBytes() {
    damageStoredBytes = true;
  }

  /** The names of successful uploads, in the order they were stored. */
  synchronized List<String> uploads() {
    return List.copyOf(uploads);
  }

  /** Puts an object in place, as another uploader would. */
  synchronized StoredBlob put(String name, byte[] data) throws IOException {
    Path file = path(name);
    Files.createDirectories(file.getParent());
    Files.write(file, data);
    generations.put(name, ++lastGeneration);
    return blob(name);
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public String principal() {
    return "local-tester@example.iam.gserviceaccount.com";
  }

  @Override
  public synchronized Listing list(String prefix, String delimiter) throws BlobStoreException {
    failMaybe(Operation.LIST, prefix);
    List<StoredBlob> objects = new ArrayList<>();
    TreeSet<String> prefixes = new TreeSet<>();
    for (String name : new TreeSet<>(generations.keySet())) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      int cut = delimiter.isEmpty() ? -1 : name.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        prefixes.add(name.substring(0, cut + delimiter.length()));
      } else {
        objects.add(blob(name));
      }
    }
    return new Listing(objects, new ArrayList<>(prefixes));
  }

  @Override
  public synchronized Optional<StoredBlob> stat(String name) throws BlobStoreException {
    failMaybe(Operation.STAT, name);
    return generations.containsKey(name) ? Optional.of(blob(name)) : Optional.empty();
  }

  @Override
  public synchronized StoredBlob upload(String name, Path file, Preconditions preconditions)
      throws BlobStoreException {
    failMaybe(Operation.UPLOAD, name);
    long current = generations.getOrDefault(name, 0L);
    if (current != preconditions.ifGenerationMatch()) {
      throw new BlobStoreException(
          Kind.PRECONDITION_FAILED, Operation.UPLOAD, name, "412 conditionNotMet", null);
    }
    try {
      byte[] data = Files.readAllBytes(file);
      if (!Crc32c.of(data).equals(preconditions.crc32c())) {
        throw new BlobStoreException(
            Kind.CHECKSUM_MISMATCH,
            Operation.UPLOAD,
            name,
            "400 Provided CRC32C doesn't match",
            null);
      }
      if (damageStoredBytes) {
        data[data.length / 2] ^= 1;
      }
      Path target = path(name);
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".upload", ".tmp");
      Files.write(temp, data);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      generations.put(name, ++lastGeneration);
      uploads.add(name);
      return blob(name);
    } catch (IOException e) {
      throw new BlobStoreException(Kind.OTHER, Operation.UPLOAD, name, e.toString(), e);
    }
  }

  @Override
  public synchronized byte[] read(String name) throws BlobStoreException {
    failMaybe(Operation.READ, name);
    if (!generations.containsKey(name)) {
      throw new BlobStoreException(Kind.NOT_FOUND, Operation.READ, name, "404", null);
    }
    try {
      return Files.readAllBytes(path(name));
    } catch (IOException e) {
      throw new BlobStoreException(Kind.OTHER, Operation.READ, name, e.toString(), e);
    }
  }

  @Override
  public synchronized boolean delete(String name, long generation) throws BlobStoreException {
    failMaybe(Operation.DELETE, name);
    Long current = generations.get(name);
    if (current == null) {
      return false;
    }
    if (current != generation) {
      throw new BlobStoreException(Kind.PRECONDITION_FAILED, Operation.DELETE, name, "412", null);
    }
    generations.remove(name);
    try {
      Files.delete(path(name));
    } catch (IOException e) {
      throw new BlobStoreException(Kind.OTHER, Operation.DELETE, name, e.toString(), e);
    }
    return true;
  }

  /** Every object name, sorted. */
  synchronized List<String> names() {
    return List.copyOf(new TreeSet<>(generations.keySet()));
  }

  /** The files of the root, for tests that look at the bytes. */
  Stream<Path> files() throws IOException {
    return Files.walk(root).filter(Files::isRegularFile);
  }

  private StoredBlob blob(String name) {
    Path file = path(name);
    try {
      return new StoredBlob(
          name,
          Files.size(file),
          Crc32c.of(file),
          generations.get(name),
          Optional.of(Instant.ofEpochMilli(Files.getLastModifiedTime(file).toMillis())));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path path(String name) {
    return root.resolve(name);
  }

  private void failMaybe(Operation operation, String name) throws BlobStoreException {
    Deque<Kind> queue = failures.get(operation);
    Kind kind = queue == null ? null : queue.poll();
    if (kind != null) {
      throw new BlobStoreException(kind, operation, name, "injected " + kind, null);
    }
  }
}
