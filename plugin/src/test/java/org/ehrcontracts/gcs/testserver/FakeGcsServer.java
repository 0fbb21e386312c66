package org.ehrcontracts.gcs.testserver;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;

/**
 * A Google Cloud Storage JSON API server on loopback HTTP for tests, with faults on demand.
 *
 * <p>It serves what the {@code google-cloud-storage} client needs for buckets (create, get, list,
 * delete), objects (get, list with prefix, delimiter and pages, delete, ranged download) and the
 * multipart and resumable uploads, with generation preconditions and checksum validation. Tests
 * talk to it only through the real client, from {@link #storage()}, and inspect it through {@link
 * #objects}, {@link #requests()} and {@link #inject(Fault)}.
 *
 * <pre>{@code
 * try (FakeGcsServer server = FakeGcsServer.start()) {
 *   Storage storage = server.storage();
 *   storage.create(BucketInfo.of("bkt"));
 *   ...
 * }
 * }</pre>
 */
public final class FakeGcsServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FakeGcsServer.class.getName());

  static {
    // The JDK server writes headers and body separately; with Nagle on, the body waits for the
    // client's delayed ACK, which costs about 40 ms a request. Read once, when the JDK server
    // classes load, so it must be set before the first HttpServer of the JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer http;
  private final ExecutorService executor;
  private final String endpoint;
  private final ObjectStore store;
  private final JsonApi api;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<ArmedFault> faults = new ArrayList<>();

  private FakeGcsServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
    this.endpoint = "http://127.0.0.1:" + http.getAddress().getPort();
    this.store = new ObjectStore(Clock.systemUTC());
    this.api = new JsonApi(store, endpoint);
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  public static FakeGcsServer start() throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    // A pool that grows, so a delayed request does not hold up the others.
    ExecutorService executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "fake-gcs");
              thread.setDaemon(true);
              return thread;
            });
    http.setExecutor(executor);
    FakeGcsServer server = new FakeGcsServer(http, executor);
    http.createContext("/", server::serve);
    http.start();
    return server;
  }

  /** Returns the base URL, {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Returns client options for this server: its host, project {@code test}, no credentials and
   * retries that start at 10 ms, so tests of retried faults stay fast.
   */
  public StorageOptions.Builder storageOptions() {
    return StorageOptions.newBuilder()
        .setHost(endpoint)
        .setProjectId("test")
        .setCredentials(NoCredentials.getInstance())
        .setRetrySettings(
            RetrySettings.newBuilder()
                .setMaxAttempts(6)
                .setInitialRetryDelayDuration(Duration.ofMillis(10))
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(Duration.ofMillis(200))
                .setTotalTimeoutDuration(Duration.ofSeconds(20))
                .setInitialRpcTimeoutDuration(Duration.ofSeconds(20))
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(Duration.ofSeconds(20))
                .build());
  }

  /** Returns a client from {@link #storageOptions()}. */
  public Storage storage() {
    return storageOptions().build().getService();
  }

  /** Adds a fault; faults act in the order they were added. */
  public void inject(Fault fault) {
    synchronized (faults) {
      faults.add(new ArmedFault(fault));
    }
  }

  /** Removes all faults. */
  public void clearFaults() {
    synchronized (faults) {
      faults.clear();
    }
  }

  /** Returns the requests answered so far, in the order they were answered. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Returns how many requests had {@code method} and a path starting with {@code pathPrefix}. */
  public long countRequests(String method, String pathPrefix) {
    return requests.stream().filter(request -> request.is(method, pathPrefix)).count();
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    requests.clear();
  }

  /** Returns the bucket names in order. */
  public List<String> bucketNames() {
    return store.buckets().stream().map(ObjectStore.StoredBucket::name).toList();
  }

  /** Returns the objects of a bucket in name order; the bucket must exist. */
  public List<StoredObject> objects(String bucket) {
    requireBucket(bucket);
    return store.list(bucket);
  }

  /** Returns an object, if it and its bucket exist. */
  public Optional<StoredObject> object(String bucket, String name) {
    return bucketNames().contains(bucket)
        ? Optional.ofNullable(store.find(bucket, name))
        : Optional.empty();
  }

  /**
   * Flips one bit of an object's stored bytes while keeping its recorded checksums, so a reader
   * that checks the CRC32C or MD5 of what it downloads sees the damage.
   */
  public void corruptStoredBytes(String bucket, String name) {
    object(bucket, name)
        .orElseThrow(() -> new IllegalArgumentException("no object gs://" + bucket + "/" + name));
    store.corrupt(bucket, name);
  }

  private void requireBucket(String bucket) {
    if (!bucketNames().contains(bucket)) {
      throw new IllegalArgumentException("no bucket " + bucket);
    }
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) {
    RecordedRequest line = record(exchange);
    try (exchange) {
      List<Fault.Action> actions = fire(line);
      boolean corrupt = false;
      for (Fault.Action action : actions) {
        if (action instanceof Fault.Delay delay) {
          Thread.sleep(delay.duration().toMillis());
        } else if (action instanceof Fault.CorruptBody) {
          corrupt = true;
        } else if (action instanceof Fault.CutConnection cut) {
          byte[] partial =
              exchange.getRequestBody().readNBytes(Math.toIntExact(cut.afterBodyBytes()));
          api.keepPartial(new ApiRequest(line, partial));
          requests.add(line.withStatus(RecordedRequest.CONNECTION_CUT));
          LOG.fine(() -> "cut " + line + " after " + partial.length + " body bytes");
          // Closing an exchange before its response headers closes the connection itself.
          return;
        } else if (action instanceof Fault.Respond respond) {
          exchange.getRequestBody().readAllBytes();
          answer(exchange, line, error(GcsError.injected(respond.status())));
          return;
        }
      }
      byte[] body = body(exchange);
      if (corrupt && body.length > 0) {
        body[body.length / 2] ^= 0x01;
      }
      answer(exchange, line, handle(new ApiRequest(line, body)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | UncheckedIOException e) {
      // The client went away, as it does after its own timeout; nothing to answer.
      LOG.log(Level.FINE, "I/O failure on " + line, e);
    }
  }

  private ApiResponse handle(ApiRequest request) {
    try {
      return api.handle(request);
    } catch (GcsError e) {
      return error(e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "FakeGcsServer failed on " + request.line(), e);
      return error(new GcsError(500, "backendError", "FakeGcsServer bug: " + e));
    }
  }

  private static ApiResponse error(GcsError error) {
    return ApiResponse.json(error.status(), error.toJson());
  }

  /** Records the request, then writes the answer (so a test never misses a request it caused). */
  private void answer(HttpExchange exchange, RecordedRequest line, ApiResponse response)
      throws IOException {
    requests.add(line.withStatus(response.status()));
    LOG.fine(() -> line.withStatus(response.status()).toString());
    Headers headers = exchange.getResponseHeaders();
    response.headers().forEach(headers::set);
    byte[] body = response.body();
    // -1: no body at all; 0 would mean a chunked body.
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private List<Fault.Action> fire(RecordedRequest line) {
    synchronized (faults) {
      return faults.stream().filter(fault -> fault.fires(line)).map(f -> f.fault.action()).toList();
    }
  }

  /** Reads the request body, inflating it when the client compressed it (as it does JSON). */
  private static byte[] body(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
      try (InputStream gzip = new GZIPInputStream(in)) {
        return gzip.readAllBytes();
      }
    }
    return in.readAllBytes();
  }

  private static RecordedRequest record(HttpExchange exchange) {
    URI uri = exchange.getRequestURI();
    Map<String, String> query = new LinkedHashMap<>();
    String rawQuery = uri.getRawQuery();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        String[] keyAndValue = pair.split("=", 2);
        query.putIfAbsent(
            URLDecoder.decode(keyAndValue[0], StandardCharsets.UTF_8),
            keyAndValue.length == 2
                ? URLDecoder.decode(keyAndValue[1], StandardCharsets.UTF_8)
                : "");
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
              }
            });
    return new RecordedRequest(
        exchange.getRequestMethod(), uri.getRawPath(), query, headers, RecordedRequest.PENDING);
  }

  /** A fault with its counters; guarded by the list of faults. */
  private static final class ArmedFault {
    final Fault fault;
    int matched;
    int fired;

    ArmedFault(Fault fault) {
      this.fault = fault;
    }

    boolean fires(RecordedRequest line) {
      if (!fault.matcher().test(line)) {
        return false;
      }
      matched++;
      if (matched > fault.skip() && fired < fault.times()) {
        fired++;
        return true;
      }
      return false;
    }
  }
}
