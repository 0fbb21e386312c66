/**
 * The seal of the de-identification manifest: an HMAC-SHA256 over what {@code ehr:deidentify}
 * wrote, keyed by a per-site {@link org.ehrcontracts.engine.seal.SiteKey} kept in the private
 * folder beside the crosswalk, so that only a real run can make an output that {@code ehr:deploy}
 * accepts, and the manifest it seals ({@link org.ehrcontracts.engine.seal.DeidManifest}). It
 * depends only on the shared document records, so the de-identifier and the deployer both use it.
 *
 * @since 0.1.0
 */
package org.ehrcontracts.engine.seal;
