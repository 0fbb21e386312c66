/**
 * The GCS adapter: {@link org.ehrcontracts.gcs.GcsBlobStore} implements the engine's {@link
 * org.ehrcontracts.engine.deploy.BlobStore} port with the official {@code google-cloud-storage}
 * client, and {@link org.ehrcontracts.gcs.GcsSettings} says how to reach and authenticate.
 *
 * @since 0.1.0
 */
package org.ehrcontracts.gcs;
