package org.ehrcontracts.gcs;

import com.google.api.gax.paging.Page;
import com.google.auth.Credentials;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.ehrcontracts.engine.deploy.BlobStore;
import org.ehrcontracts.engine.deploy.BlobStoreException;
import org.ehrcontracts.engine.deploy.BlobStoreException.Kind;
import org.ehrcontracts.engine.deploy.BlobStoreException.Operation;
import org.ehrcontracts.engine.deploy.Crc32c;
import org.ehrcontracts.engine.deploy.Listing;
import org.ehrcontracts.engine.deploy.Preconditions;
import org.ehrcontracts.engine.deploy.StoredBlob;

/**
 * A GCS bucket through the official {@code google-cloud-storage} client.
 *
 * <p>Uploads are resumable, in chunks of {@link GcsSettings#chunkSize()}, with a does-not-exist or
 * generation-match precondition and the file's CRC32C declared, so that GCS itself refuses to store
 * bytes that were damaged on the way or an object that was clobbered. The client retries transient
 * failures (429, 5xx, cut connections) with backoff; with a precondition every request of an upload
 * is safe to repeat.
 *
 * @since 0.1.0
 */
public final class GcsBlobStore implements BlobStore, AutoCloseable {

  private static final String SCOPE = "https://www.googleapis.com/auth/devstorage.read_write";

  private final Storage storage;
  private final String bucket;
  private final String principal;
  private final int chunkSize;

  /**
   * A store over a client built elsewhere.
   *
   * @param storage the client
   * @param bucket the bucket
   * @param principal who the client acts as, in words
   * @param chunkSize the resumable chunk size
   * @since 0.1.0
   */
  public GcsBlobStore(Storage storage, String bucket, String principal, int chunkSize) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.principal = Objects.requireNonNull(principal, "principal");
    this.chunkSize = chunkSize;
  }

  /**
   * Builds the client from settings: the endpoint's host, no credentials for an emulator (unless
   * explicit ones are given), else the key file or JSON, else Application Default Credentials.
   *
   * @throws GcsSetupException if no credentials can be had or a key cannot be read
   * @since 0.1.0
   */
  public static GcsBlobStore connect(GcsSettings settings) throws GcsSetupException {
    StorageOptions.Builder options = StorageOptions.newBuilder();
    settings.endpoint().ifPresent(options::setHost);
    settings.retrySettings().ifPresent(options::setRetrySettings);
    Credentials credentials;
    String principal;
    Optional<String> project = settings.projectId();
    if (settings.credentials().isPresent()) {
      if (settings.emulator()) {
        throw new GcsSetupException(
            "Credentials are never sent to a plain-HTTP endpoint ("
                + settings.endpoint().orElse("?")
                + "); leave out the credentials for an emulator, or use an https:// endpoint.",
            null);
      }
      GoogleCredentials google = load(settings.credentials().get());
      credentials = google;
      principal = principal(google, settings.credentials().get());
      if (project.isEmpty() && google instanceof ServiceAccountCredentials account) {
        project = Optional.ofNullable(account.getProjectId());
      }
    } else if (settings.emulator()) {
      credentials = NoCredentials.getInstance();
      principal = "anonymous (no credentials, emulator at " + settings.endpoint().orElse("?") + ")";
    } else {
      GoogleCredentials google;
      try {
        google = GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE));
      } catch (IOException e) {
        throw new GcsSetupException(
            "No GCS credentials: none were given and Application Default Credentials are not set"
                + " up. Run gcloud auth application-default login (with the account the DRC gave"
                + " access to the bucket), or give a service-account key with"
                + " -Dehr.gcs.credentials=FILE or a settings.xml server with -Dehr.gcs.serverId=ID.",
            e);
      }
      credentials = google;
      principal = principal(google, new CredentialSource.ApplicationDefault());
    }
    reachable(settings.endpoint().orElse(GOOGLE_ENDPOINT), ProxySelector.getDefault());
    options.setCredentials(credentials);
    // Object requests need no project; naming one spares the client a slow search for a default.
    options.setProjectId(project.orElse("ehr-contracts"));
    return new GcsBlobStore(
        options.build().getService(), settings.bucket(), principal, settings.chunkSize());
  }

  /** Where the client goes when no endpoint is given. */
  static final String GOOGLE_ENDPOINT = "https://storage.googleapis.com";

  /**
   * Fails at once, in words, when the endpoint cannot be reached from this machine: nothing listens
   * there (an emulator or test server not running, a wrong port), its host is unknown (offline), or
   * it does not answer. The client would retry a refused or unresolvable connection for most of a
   * minute and then name its own classes. The probe goes where the client's requests go: to the
   * proxy, when Java is configured with one for the endpoint ({@code -Dhttps.proxyHost}), else to
   * the endpoint itself.
   *
   * @param endpoint the endpoint, such as {@code https://storage.googleapis.com}
   * @param proxies how Java picks a proxy for a URL, or null for none
   */
  static void reachable(String endpoint, ProxySelector proxies) throws GcsSetupException {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null) {
      throw new GcsSetupException(
          "The endpoint " + endpoint + " names no host; write it as https://HOST[:PORT].", null);
    }
    boolean plain = "http".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : plain ? 80 : 443;
    String host = uri.getHost();
    String what = (plain ? "the endpoint " : "GCS at ") + endpoint;
    Optional<InetSocketAddress> proxy = proxy(uri, proxies);
    if (proxy.isPresent()) {
      host = proxy.get().getHostString();
      port = proxy.get().getPort();
      what = "the proxy " + host + ":" + port + " (for " + endpoint + ")";
    }
    String check =
        plain
            ? "Start the server, or check -Dehr.gcs.endpoint (or STORAGE_EMULATOR_HOST)."
            : "Check this machine's network"
                + (proxy.isPresent()
                    ? " and the proxy (-Dhttps.proxyHost, -Dhttps.proxyPort)"
                    : " (behind a proxy, give Java -Dhttps.proxyHost and -Dhttps.proxyPort, as"
                        + " MAVEN_OPTS)")
                + ", or -Dehr.gcs.endpoint.";
    int timeout = plain ? 3_000 : 10_000;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeout);
    } catch (UnknownHostException e) {
      throw GcsSetupException.unreachable(
          "Cannot connect to "
              + what
              + ": the host "
              + host
              + " is unknown"
              + (plain
                  ? ". Check -Dehr.gcs.endpoint (or STORAGE_EMULATOR_HOST)."
                  : " (is this machine offline?). " + check));
    } catch (IOException e) {
      throw GcsSetupException.unreachable(
          "Cannot connect to "
              + what
              + ": "
              + (e instanceof ConnectException
                  ? "nothing listens there (connection refused)"
                  : e instanceof SocketTimeoutException
                      ? "no answer within " + timeout / 1000 + " s"
                      : "the network cannot reach it")
              + ". "
              + check);
    }
  }

  /** The HTTP proxy Java would use for the endpoint, if any. */
  private static Optional<InetSocketAddress> proxy(URI endpoint, ProxySelector proxies) {
    if (proxies == null) {
      return Optional.empty();
    }
    for (Proxy proxy : proxies.select(endpoint)) {
      if (proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress address) {
        return Optional.of(address);
      }
    }
    return Optional.empty();
  }

  private static GoogleCredentials load(CredentialSource source) throws GcsSetupException {
    try (InputStream in = open(source)) {
      return ServiceAccountCredentials.fromStream(in).createScoped(List.of(SCOPE));
    } catch (IOException | RuntimeException e) {
      throw new GcsSetupException(
          "Cannot read "
              + source.describe()
              + " as a service-account key ("
              + Redaction.redact(String.valueOf(e.getMessage()))
              + "). It must be the JSON key file of a service account, as the Cloud console"
              + " downloads it.",
          null);
    }
  }

  private static InputStream open(CredentialSource source) throws IOException {
    if (source instanceof CredentialSource.KeyFile file) {
      return Files.newInputStream(file.path());
    }
    if (source instanceof CredentialSource.KeyJson json) {
      return new ByteArrayInputStream(json.json().getBytes(StandardCharsets.UTF_8));
    }
    throw new IllegalArgumentException("not a key: " + source.describe());
  }

  /** Who credentials act as, in words; never a secret. */
  static String principal(Credentials credentials, CredentialSource source) {
    if (credentials instanceof ServiceAccountCredentials account) {
      return account.getClientEmail() + " (" + source.describe() + ")";
    }
    if (credentials instanceof ImpersonatedCredentials impersonated) {
      return impersonated.getAccount() + " (impersonated, " + source.describe() + ")";
    }
    if (credentials instanceof UserCredentials) {
      return "your Google user account (" + source.describe() + ")";
    }
    if (credentials instanceof ComputeEngineCredentials) {
      return "this machine's service account (" + source.describe() + ")";
    }
    return "the " + credentials.getClass().getSimpleName() + " of " + source.describe();
  }

  /** Releases the client's resources. */
  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      // Nothing is left to do with a client that will not close.
    }
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public String principal() {
    return principal;
  }

  @Override
  public Listing list(String prefix, String delimiter) throws BlobStoreException {
    List<BlobListOption> options = new ArrayList<>();
    if (!prefix.isEmpty()) {
      options.add(BlobListOption.prefix(prefix));
    }
    if (!delimiter.isEmpty()) {
      options.add(BlobListOption.delimiter(delimiter));
    }
    try {
      Page<Blob> page = storage.list(bucket, options.toArray(BlobListOption[]::new));
      List<StoredBlob> objects = new ArrayList<>();
      List<String> prefixes = new ArrayList<>();
      for (Blob blob : page.iterateAll()) {
        if (blob.isDirectory()) {
          prefixes.add(blob.getName());
        } else {
          objects.add(stored(blob));
        }
      }
      return new Listing(objects, prefixes);
    } catch (StorageException e) {
      throw failure(e, Operation.LIST, prefix);
    }
  }

  @Override
  public Optional<StoredBlob> stat(String name) throws BlobStoreException {
    try {
      return Optional.ofNullable(storage.get(BlobId.of(bucket, name))).map(GcsBlobStore::stored);
    } catch (StorageException e) {
      throw failure(e, Operation.STAT, name);
    }
  }

  @Override
  public StoredBlob upload(String name, Path file, Preconditions preconditions)
      throws BlobStoreException {
    BlobInfo info =
        BlobInfo.newBuilder(BlobId.of(bucket, name))
            .setContentType(contentType(name))
            .setCrc32c(Crc32c.toBase64(preconditions.crc32c()))
            .build();
    BlobWriteOption[] options = {
      preconditions.mustNotExist()
          ? BlobWriteOption.doesNotExist()
          : BlobWriteOption.generationMatch(preconditions.ifGenerationMatch()),
      BlobWriteOption.crc32cMatch(),
      BlobWriteOption.disableGzipContent()
    };
    try (InputStream in = Files.newInputStream(file)) {
      return stored(storage.createFrom(info, in, chunkSize, options));
    } catch (StorageException e) {
      throw failure(e, Operation.UPLOAD, name);
    } catch (IOException e) {
      StorageException storageFailure = find(e, StorageException.class);
      if (storageFailure != null) {
        throw failure(storageFailure, Operation.UPLOAD, name);
      }
      throw new BlobStoreException(
          transientIo(e) ? Kind.TRANSIENT : Kind.OTHER,
          Operation.UPLOAD,
          name,
          "while sending " + file.getFileName() + ": " + Redaction.redact(e.toString()),
          Redaction.sanitize(e));
    }
  }

  @Override
  public byte[] read(String name) throws BlobStoreException {
    try {
      return storage.readAllBytes(BlobId.of(bucket, name));
    } catch (StorageException e) {
      throw failure(e, Operation.READ, name);
    }
  }

  @Override
  public boolean delete(String name, long generation) throws BlobStoreException {
    try {
      return storage.delete(BlobId.of(bucket, name), BlobSourceOption.generationMatch(generation));
    } catch (StorageException e) {
      throw failure(e, Operation.DELETE, name);
    }
  }

  private static StoredBlob stored(Blob blob) {
    String crc = blob.getCrc32c() == null ? "" : Crc32c.fromBase64(blob.getCrc32c());
    OffsetDateTime time =
        blob.getUpdateTimeOffsetDateTime() != null
            ? blob.getUpdateTimeOffsetDateTime()
            : blob.getCreateTimeOffsetDateTime();
    return new StoredBlob(
        blob.getName(),
        blob.getSize() == null ? 0 : blob.getSize(),
        crc,
        blob.getGeneration() == null ? 0 : blob.getGeneration(),
        Optional.ofNullable(time).map(OffsetDateTime::toInstant));
  }

  private static String contentType(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return "text/csv";
    }
    if (lower.endsWith(".jsonl")) {
      return "application/jsonl";
    }
    return "application/octet-stream";
  }

  private static final Pattern CHECKSUM = Pattern.compile("(?i)crc32c|md5|checksum|hash");

  /** Maps a client failure to a kind the engine understands, in words without secrets. */
  static BlobStoreException failure(StorageException e, Operation operation, String name) {
    int code = e.getCode();
    String message = Redaction.redact(serverMessage(e).orElseGet(() -> firstLine(e.getMessage())));
    Kind kind;
    if (code == 401) {
      kind = Kind.UNAUTHENTICATED;
    } else if (code == 403) {
      kind = Kind.PERMISSION_DENIED;
    } else if (code == 404) {
      kind = Kind.NOT_FOUND;
    } else if (code == 412) {
      kind = Kind.PRECONDITION_FAILED;
    } else if (code == 400 && CHECKSUM.matcher(message).find()) {
      kind = Kind.CHECKSUM_MISMATCH;
    } else if (code == 408 || code == 429 || code >= 500) {
      kind = Kind.TRANSIENT;
    } else if (code <= 0 && authFailure(e) && !unreachable(e)) {
      // A token endpoint that cannot be reached has not rejected anything: that is the network.
      kind = Kind.UNAUTHENTICATED;
    } else if (code <= 0 && (transientIo(e) || e.isRetryable())) {
      kind = Kind.TRANSIENT;
    } else {
      kind = Kind.OTHER;
    }
    String detail = code > 0 ? code + " " + message : message;
    return new BlobStoreException(kind, operation, name, detail, Redaction.sanitize(e));
  }

  private static boolean authFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().startsWith("com.google.auth.")
          || String.valueOf(t.getMessage()).contains("access token")) {
        return true;
      }
    }
    return false;
  }

  /** Whether a failure is this machine not reaching a server: an unknown host, a refusal. */
  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof java.net.NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private static boolean transientIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketException
          || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException
          || t instanceof SSLException
          || t instanceof java.io.EOFException) {
        return true;
      }
    }
    return false;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static final Pattern JSON_MESSAGE =
      Pattern.compile("\"error\"\\s*:\\s*\\{[^}]*?\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The message of the JSON API's error body, which the client keeps in a cause's text. */
  private static Optional<String> serverMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      java.util.regex.Matcher matcher = JSON_MESSAGE.matcher(String.valueOf(t.getMessage()));
      if (matcher.find()) {
        return Optional.of(matcher.group(1).replace("\\\"", "\"")).map(GcsBlobStore::firstLine);
      }
    }
    return Optional.empty();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
