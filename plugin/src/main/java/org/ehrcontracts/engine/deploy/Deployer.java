package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.remedy.RemedyWords;
import org.ehrcontracts.engine.util.Threads;

/**
 * Plans and carries out the upload of an export to a bucket.
 *
 * <p>{@link #plan(DeployRequest)} decides which directory is uploaded, lists the contract's table
 * files in it with their sizes and CRC32C, runs the interlocks (verified and unchanged since,
 * de-identified when the contract requires it, nothing private, only the contract's files, a
 * well-named folder, nothing overwritten by accident) and picks the folder. {@link
 * #deploy(DeployPlan)} uploads what is not there yet with no-clobber preconditions, every file but
 * the last in parallel and the last (the person table's file) alone once the others are stored, and
 * returns the receipt.
 *
 * <p>The work is done by {@link DeployPlanner} (the plan and its interlocks), {@link FolderChooser}
 * (the folder rule and what the bucket holds there) and {@link Uploader} (the upload).
 *
 * @since 0.1.0
 */
public final class Deployer {

  /** What the DRC writes into a folder it has processed (§2.5, §2.6). */
  static final String PROCESSED = "processed.txt";

  private final BlobStore store;
  private final String offlineReason;
  private final DiagnosticsListener listener;
  private final RetryPolicy retry;
  private final Clock clock;
  private final RemedyWords words;

  /**
   * A deployer that plans against the bucket and uploads to it.
   *
   * @param store the bucket
   * @param listener where progress lines go
   * @param retry how whole objects are retried after transient failures
   * @param words the words of remedies in messages: the plugin's goals and settings
   * @since 0.1.0
   */
  public Deployer(
      BlobStore store, DiagnosticsListener listener, RetryPolicy retry, RemedyWords words) {
    this(Objects.requireNonNull(store, "store"), null, listener, retry, Clock.systemUTC(), words);
  }

  private Deployer(
      BlobStore store,
      String offlineReason,
      DiagnosticsListener listener,
      RetryPolicy retry,
      Clock clock,
      RemedyWords words) {
    this.store = store;
    this.offlineReason = offlineReason;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.clock = clock;
    this.words = Objects.requireNonNull(words, "words");
  }

  /**
   * A deployer without access to the bucket, for dry runs: its plans say which folder and objects
   * would be used, "not checked against the bucket", and cannot be deployed.
   *
   * @param reason why there is no access, in words ("no credentials were given")
   * @param listener where progress lines go
   * @param words the words of remedies in messages: the plugin's goals and settings
   * @since 0.1.0
   */
  public static Deployer offline(String reason, DiagnosticsListener listener, RemedyWords words) {
    return new Deployer(null, reason, listener, RetryPolicy.DEFAULT, Clock.systemUTC(), words);
  }

  /**
   * Plans a deploy: what would be uploaded where, and what every interlock decides.
   *
   * <p>A refusing interlock does not throw: the plan carries the verdict, so a dry run can show it.
   * Only a deploy that cannot be planned at all throws.
   *
   * @throws DeployConfigurationException if the bucket name is impossible or a directory to upload
   *     does not exist
   * @throws BlobStoreException if the bucket cannot be read (not in a dry run, which notes it)
   * @throws IOException if a local file cannot be read
   * @since 0.1.0
   */
  public DeployPlan plan(DeployRequest request)
      throws DeployConfigurationException, BlobStoreException, IOException {
    return new DeployPlanner(new FolderChooser(store, offlineReason, words), words).plan(request);
  }

  /**
   * Uploads a plan: every item not in the bucket yet, the last one alone after all others are
   * stored, each with no-clobber preconditions and its CRC32C checked by the store and again
   * against what it stored.
   *
   * @return the receipt
   * @throws DeployRefusedException if an interlock refused the plan; nothing is uploaded
   * @throws DeployFailedException if an upload failed; its receipt says what is stored
   * @throws IllegalStateException if the plan was made without the bucket
   * @since 0.1.0
   */
  public DeployReceipt deploy(DeployPlan plan)
      throws DeployRefusedException, DeployFailedException {
    if (plan.refused()) {
      throw new DeployRefusedException(plan.refusals());
    }
    if (store == null || !plan.checked()) {
      throw new IllegalStateException("a plan made without the bucket cannot be deployed");
    }
    return new Uploader(store, listener, retry, clock, words).deploy(plan);
  }

  /** The deploy's workers, for checksums and uploads: daemon threads {@code ehr-deploy-N}. */
  static ExecutorService pool(int threads) {
    return Threads.fixedPool(Math.max(1, threads), Threads.numberedDaemon("ehr-deploy"));
  }

  /** For messages: {@code 1,234}. */
  static String bytes(long size) {
    return String.format(Locale.ROOT, "%,d", size);
  }
}
