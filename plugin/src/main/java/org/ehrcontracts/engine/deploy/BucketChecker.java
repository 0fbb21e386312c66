package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ehrcontracts.engine.deploy.BlobStoreException.Kind;
import org.ehrcontracts.engine.deploy.BlobStoreException.Operation;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.remedy.RemedyWords;

/**
 * Tries, with a few small synthetic files, everything {@code ehr:deploy} does to a bucket: list,
 * create, read back and compare checksums, list the folder, delete. Reports each permission as
 * granted or denied, with the fix.
 *
 * @since 0.1.0
 */
public final class BucketChecker {

  private final BlobStore store;
  private final DiagnosticsListener listener;
  private final RemedyWords words;

  /**
   * A checker of one bucket.
   *
   * @param store the bucket
   * @param listener where progress lines go
   * @param words the words of remedies in messages: the plugin's settings
   * @since 0.1.0
   */
  public BucketChecker(BlobStore store, DiagnosticsListener listener, RemedyWords words) {
    this.store = Objects.requireNonNull(store, "store");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.words = Objects.requireNonNull(words, "words");
  }

  /** Whether a permission was seen to work. */
  public enum Status {
    /** The operation worked. */
    GRANTED,
    /** The store said the account may not. */
    DENIED,
    /** Not tried, because an earlier step failed or the files are kept. */
    NOT_TESTED,
    /** Tried and failed for another reason than permission (see the detail). */
    FAILED
  }

  /**
   * What the check found for one permission.
   *
   * @param permission the IAM permission, such as {@code storage.objects.create}
   * @param status what happened
   * @param neededByDeploy whether {@code ehr:deploy} cannot work without it
   * @param detail what was tried and, unless granted, the fix
   * @since 0.1.0
   */
  public record Permission(
      String permission, Status status, boolean neededByDeploy, String detail) {}

  /**
   * The outcome of a check.
   *
   * @param bucket the bucket
   * @param principal who the check acted as
   * @param folder the folder the files went to
   * @param permissions one entry per permission, in the order tried
   * @param problems checksum or listing problems, besides permissions
   * @param kept the objects left in the bucket
   * @since 0.1.0
   */
  public record Result(
      String bucket,
      String principal,
      String folder,
      List<Permission> permissions,
      List<String> problems,
      List<String> kept) {

    /** Copies the lists. */
    public Result {
      permissions = List.copyOf(permissions);
      problems = List.copyOf(problems);
      kept = List.copyOf(kept);
    }

    /** Whether {@code ehr:deploy} can work: every needed permission granted, no problem. */
    public boolean passed() {
      return problems.isEmpty()
          && permissions.stream()
              .filter(Permission::neededByDeploy)
              .allMatch(p -> p.status() == Status.GRANTED);
    }
  }

  /**
   * Uploads the files into {@code folder} as new objects, reads each back and compares its
   * checksums, lists the folder and, unless {@code keep}, deletes them again.
   *
   * @param folder the folder, such as {@code ehr-check/20260305T101500Z-3f9a}
   * @param files the local files, uploaded under their own names
   * @param keep whether the objects stay (a sample for the DRC to process) or are deleted
   * @throws IOException if a local file cannot be read
   * @since 0.1.0
   */
  public Result check(String folder, List<Path> files, boolean keep) throws IOException {
    Map<Operation, Permission> found = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    String bucket = store.bucket();

    // 1. List the bucket's top level, as the default folder choice does.
    try {
      Listing top = store.list("", "/");
      found.put(
          Operation.LIST,
          granted(
              Operation.LIST,
              true,
              "listed the bucket's top level (" + top.prefixes().size() + " folders)"));
    } catch (BlobStoreException e) {
      found.put(Operation.LIST, failed(e, true));
      if (e.kind() == Kind.NOT_FOUND || e.kind() == Kind.UNAUTHENTICATED) {
        return result(folder, found, problems, kept);
      }
    }

    // 2. Create each file as a new object, with the deploy's preconditions.
    Map<Path, StoredBlob> stored = new LinkedHashMap<>();
    for (Path file : files) {
      String name = folder + "/" + file.getFileName();
      String crc = Crc32c.of(file);
      long size = Files.size(file);
      try {
        StoredBlob blob = store.upload(name, file, Preconditions.doesNotExist(crc));
        stored.put(file, blob);
        if (!blob.sameContent(size, crc)) {
          problems.add(
              "gs://"
                  + bucket
                  + "/"
                  + name
                  + " was stored with CRC32C "
                  + blob.crc32c()
                  + " and "
                  + blob.size()
                  + " bytes; the file has "
                  + crc
                  + " and "
                  + size);
        }
        listener.progress("  uploaded gs://" + bucket + "/" + name + " (" + size + " bytes)");
      } catch (BlobStoreException e) {
        found.putIfAbsent(Operation.UPLOAD, failed(e, true));
        break;
      }
    }
    if (!stored.isEmpty()) {
      found.putIfAbsent(
          Operation.UPLOAD,
          granted(
              Operation.UPLOAD,
              true,
              "created "
                  + stored.size()
                  + (stored.size() == 1 ? " object" : " objects")
                  + " under gs://"
                  + bucket
                  + "/"
                  + folder
                  + "/ with a does-not-exist precondition"));
    }

    // 3. Read each back: metadata, then bytes, compared with the file's own checksum.
    for (Map.Entry<Path, StoredBlob> entry : stored.entrySet()) {
      String name = entry.getValue().name();
      String crc = Crc32c.of(entry.getKey());
      try {
        Optional<StoredBlob> meta = store.stat(name);
        byte[] back = store.read(name);
        if (meta.isEmpty()) {
          problems.add("gs://" + bucket + "/" + name + " is missing right after its upload");
        } else if (!Crc32c.of(back).equals(crc) || back.length != Files.size(entry.getKey())) {
          problems.add(
              "gs://"
                  + bucket
                  + "/"
                  + name
                  + " reads back with other bytes (CRC32C "
                  + Crc32c.of(back)
                  + ", the file has "
                  + crc
                  + ") although GCS records "
                  + meta.get().crc32c()
                  + ": the stored object is damaged");
        }
      } catch (BlobStoreException e) {
        found.putIfAbsent(Operation.READ, failed(e, true));
        break;
      }
    }
    if (!stored.isEmpty()) {
      found.putIfAbsent(
          Operation.READ,
          granted(
              Operation.READ,
              true,
              "read back every object and compared its CRC32C with the file's"));
    }

    // 4. List the folder: the objects must show.
    if (!stored.isEmpty() && found.get(Operation.LIST).status() == Status.GRANTED) {
      try {
        Listing listing = store.list(folder + "/", "");
        List<String> names = listing.objects().stream().map(StoredBlob::name).toList();
        for (StoredBlob blob : stored.values()) {
          if (!names.contains(blob.name())) {
            problems.add(
                "gs://" + bucket + "/" + blob.name() + " does not show in the folder's listing");
          }
        }
      } catch (BlobStoreException e) {
        problems.add("cannot list gs://" + bucket + "/" + folder + "/: " + explain(e));
      }
    }

    // 5. Delete, where allowed; a denial only matters for overwrite and bad uploads.
    if (keep) {
      stored.values().forEach(b -> kept.add("gs://" + bucket + "/" + b.name()));
      found.put(
          Operation.DELETE,
          new Permission(
              Operation.DELETE.permission(),
              Status.NOT_TESTED,
              false,
              "not tried: the objects stay for the DRC to process"));
    } else {
      for (StoredBlob blob : stored.values()) {
        try {
          store.delete(blob.name(), blob.generation());
        } catch (BlobStoreException e) {
          found.putIfAbsent(Operation.DELETE, failed(e, false));
          kept.add("gs://" + bucket + "/" + blob.name());
        }
      }
      if (!stored.isEmpty()) {
        found.putIfAbsent(
            Operation.DELETE, granted(Operation.DELETE, false, "deleted the objects again"));
      }
    }
    return result(folder, found, problems, kept);
  }

  private Result result(
      String folder, Map<Operation, Permission> found, List<String> problems, List<String> kept) {
    List<Permission> permissions = new ArrayList<>(found.values());
    for (Operation operation :
        List.of(Operation.LIST, Operation.UPLOAD, Operation.READ, Operation.DELETE)) {
      if (!found.containsKey(operation)) {
        permissions.add(
            new Permission(
                operation.permission(),
                Status.NOT_TESTED,
                operation != Operation.DELETE,
                "not tried: an earlier step failed"));
      }
    }
    return new Result(store.bucket(), store.principal(), folder, permissions, problems, kept);
  }

  private static Permission granted(Operation operation, boolean needed, String detail) {
    return new Permission(operation.permission(), Status.GRANTED, needed, detail);
  }

  private Permission failed(BlobStoreException e, boolean needed) {
    Status status =
        e.kind() == Kind.PERMISSION_DENIED || e.kind() == Kind.UNAUTHENTICATED
            ? Status.DENIED
            : Status.FAILED;
    String use =
        needed
            ? ""
            : " ehr:deploy needs it only to replace objects (overwrite) and to delete a damaged"
                + " upload.";
    return new Permission(e.operation().permission(), status, needed, explain(e) + use);
  }

  private String explain(BlobStoreException e) {
    return e.explain(store.bucket(), store.principal(), words);
  }
}
