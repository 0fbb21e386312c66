/**
 * A Google Cloud Storage JSON API server for tests, served over loopback HTTP and driven through
 * the real {@code google-cloud-storage} client.
 *
 * <p>{@link org.ehrcontracts.gcs.testserver.FakeGcsServer} is the entry point; it keeps buckets and
 * objects in memory, records every request and can inject faults (error statuses, cut connections,
 * delays and corrupted bytes).
 */
package org.ehrcontracts.gcs.testserver;
