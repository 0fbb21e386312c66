package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.ehrcontracts.engine.deploy.DeployReceipt.Action;
import org.ehrcontracts.engine.deploy.DeployReceipt.ObjectReceipt;
import org.ehrcontracts.engine.deploy.PlanItem.State;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.Remedy.Setting;
import org.ehrcontracts.engine.remedy.RemedyWords;
import org.ehrcontracts.engine.util.Threads;

/**
 * Uploads a plan's objects: every item but the last in parallel, the last (the person table's file)
 * alone once the others are stored, each with no-clobber preconditions, retried after transient
 * failures, and its CRC32C checked by the store and again against what it stored.
 */
final class Uploader {

  private final BlobStore store;
  private final DiagnosticsListener listener;
  private final RetryPolicy retry;
  private final Clock clock;
  private final RemedyWords words;

  Uploader(
      BlobStore store,
      DiagnosticsListener listener,
      RetryPolicy retry,
      Clock clock,
      RemedyWords words) {
    this.store = store;
    this.listener = listener;
    this.retry = retry;
    this.clock = clock;
    this.words = words;
  }

  /** Uploads a checked plan that no interlock refused; see {@link Deployer#deploy(DeployPlan)}. */
  DeployReceipt deploy(DeployPlan plan) throws DeployFailedException {
    Instant started = clock.instant();
    long start = System.nanoTime();
    List<PlanItem> items = plan.items();
    ObjectReceipt[] results = new ObjectReceipt[items.size()];
    AtomicReference<ItemFailure> stop = new AtomicReference<>();
    if (!items.isEmpty()) {
      int last = items.size() - 1;
      ExecutorService pool = Deployer.pool(Math.min(plan.threads(), Math.max(1, last)));
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < last; i++) {
          int index = i;
          futures.add(pool.submit(() -> results[index] = put(plan, items.get(index), stop)));
        }
        for (Future<?> future : futures) {
          Threads.awaitUnchecked(future, "the deploy was interrupted");
        }
      } finally {
        pool.shutdownNow();
      }
      // The last item (person.csv) goes up only when every other object is stored.
      results[last] = put(plan, items.get(last), stop);
    }
    List<ObjectReceipt> objects = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      objects.add(results[i] != null ? results[i] : ObjectReceipt.notAttempted(items.get(i)));
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - start);
    ItemFailure failure = stop.get();
    DeployReceipt receipt =
        new DeployReceipt(
            plan,
            started,
            duration,
            objects,
            Optional.ofNullable(failure).map(ItemFailure::getMessage));
    listener.progress(PlanReport.summary(receipt));
    if (failure != null) {
      throw new DeployFailedException(
          failure.getMessage(), receipt, failure.kind, failure.getCause());
    }
    return receipt;
  }

  /** Uploads one item unless the deploy has stopped; never throws for a store failure. */
  private ObjectReceipt put(DeployPlan plan, PlanItem item, AtomicReference<ItemFailure> stop) {
    if (stop.get() != null) {
      return ObjectReceipt.notAttempted(item);
    }
    long start = System.nanoTime();
    ObjectReceipt receipt;
    if (item.state() == State.ALREADY_THERE) {
      receipt = ObjectReceipt.stored(item, Action.ALREADY_THERE, false, item.existing().get());
    } else {
      try {
        receipt = upload(plan, item);
      } catch (ItemFailure failure) {
        stop.compareAndSet(null, failure);
        receipt = ObjectReceipt.failed(item, failure.getMessage());
      }
    }
    listener.progress(
        PlanReport.objectLine(plan, receipt, Duration.ofNanos(System.nanoTime() - start)));
    return receipt;
  }

  private ObjectReceipt upload(DeployPlan plan, PlanItem item) throws ItemFailure {
    boolean replacing = item.state() == State.REPLACE;
    Preconditions preconditions =
        replacing
            ? Preconditions.replaces(item.existing().orElseThrow().generation(), item.crc32c())
            : Preconditions.doesNotExist(item.crc32c());
    String where = "gs://" + plan.bucket() + "/" + item.object();
    BlobStoreException lastFailure = null;
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      if (attempt > 1) {
        sleep(retry.waitBefore(attempt));
        listener.progress(
            "  retrying " + item.file() + " (attempt " + attempt + " of " + retry.attempts() + ")");
        // The earlier attempt may have been stored after all, with only its answer lost.
        Optional<StoredBlob> now = statQuietly(item.object());
        if (now.isPresent() && now.get().sameContent(item.size(), item.crc32c())) {
          return ObjectReceipt.stored(item, Action.UPLOADED, replacing, now.get());
        }
      }
      try {
        StoredBlob stored = store.upload(item.object(), item.local(), preconditions);
        if (!stored.sameContent(item.size(), item.crc32c())) {
          throw new ItemFailure(
              BlobStoreException.Kind.CHECKSUM_MISMATCH,
              "GCS stored "
                  + where
                  + " with "
                  + stored.size()
                  + " bytes and CRC32C "
                  + stored.crc32c()
                  + ", but "
                  + item.file()
                  + " has "
                  + item.size()
                  + " bytes and CRC32C "
                  + item.crc32c()
                  + "; "
                  + deleteBad(stored)
                  + " Run the deploy again.",
              null);
        }
        return ObjectReceipt.stored(item, Action.UPLOADED, replacing, stored);
      } catch (BlobStoreException e) {
        switch (e.kind()) {
          case TRANSIENT -> lastFailure = e;
          case CHECKSUM_MISMATCH -> {
            if (!item.crc32c().equals(currentCrc(item))) {
              throw new ItemFailure(
                  e.kind(),
                  "the file "
                      + item.file()
                      + " changed after the plan was made (its CRC32C is no longer "
                      + item.crc32c()
                      + "), so GCS refused to store it. Run "
                      + words.of(Remedy.RunVerify.export())
                      + " again, then deploy.",
                  e);
            }
            // The bytes were damaged on the way; GCS refused them. Send them again.
            lastFailure = e;
          }
          case PRECONDITION_FAILED -> {
            Optional<StoredBlob> now = statQuietly(item.object());
            if (now.isPresent() && now.get().sameContent(item.size(), item.crc32c())) {
              return ObjectReceipt.stored(item, Action.ALREADY_THERE, false, now.get());
            }
            throw new ItemFailure(
                e.kind(),
                preconditions.mustNotExist()
                    ? where
                        + " appeared during the deploy with other content; it is never"
                        + " overwritten unless "
                        + words.of(new Remedy.TurnOn(Setting.DEPLOY_OVERWRITE))
                        + "."
                    : where
                        + " changed during the deploy (generation "
                        + preconditions.ifGenerationMatch()
                        + " is gone); run the deploy again to plan against what is there now.",
                e);
          }
          default -> throw new ItemFailure(e.kind(), explain(e), e);
        }
      }
    }
    BlobStoreException last = Objects.requireNonNull(lastFailure);
    String message =
        last.kind() == BlobStoreException.Kind.CHECKSUM_MISMATCH
            ? "the bytes of "
                + item.file()
                + " arrived damaged at GCS "
                + retry.attempts()
                + (retry.attempts() == 1 ? " time" : " times in a row")
                + ", and GCS refused to store them (CRC32C mismatch); nothing was stored. Check the"
                + " network path (a proxy that rewrites request bodies?) and run the deploy again."
            : explain(last);
    throw new ItemFailure(last.kind(), message, last);
  }

  /** Deletes a stored object whose content is not the file's, saying how it went. */
  private String deleteBad(StoredBlob stored) {
    try {
      store.delete(stored.name(), stored.generation());
      return "the bad object was deleted.";
    } catch (BlobStoreException e) {
      return "the bad object could not be deleted ("
          + explain(e)
          + "); delete gs://"
          + store.bucket()
          + "/"
          + stored.name()
          + " by hand.";
    }
  }

  private String currentCrc(PlanItem item) throws ItemFailure {
    try {
      return Crc32c.of(item.local());
    } catch (IOException e) {
      throw new ItemFailure(
          BlobStoreException.Kind.OTHER, "cannot read " + item.local() + ": " + e.getMessage(), e);
    }
  }

  private Optional<StoredBlob> statQuietly(String name) {
    try {
      return store.stat(name);
    } catch (BlobStoreException e) {
      return Optional.empty();
    }
  }

  private String explain(BlobStoreException e) {
    return e.explain(store.bucket(), store.principal(), words);
  }

  /** One object failed; the first failure stops the deploy. */
  private static final class ItemFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final BlobStoreException.Kind kind;

    ItemFailure(BlobStoreException.Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
