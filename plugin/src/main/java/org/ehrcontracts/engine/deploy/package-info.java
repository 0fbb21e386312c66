/**
 * Deploying an export: a {@link org.ehrcontracts.engine.deploy.DeployPlan} of what goes where (with
 * checksums and the verdicts of the interlocks that keep the wrong data from leaving), made by
 * {@link org.ehrcontracts.engine.deploy.Deployer#plan} and carried out by {@link
 * org.ehrcontracts.engine.deploy.Deployer#deploy} through the {@link
 * org.ehrcontracts.engine.deploy.BlobStore} port, which the GCS adapter implements.
 *
 * @since 0.1.0
 */
package org.ehrcontracts.engine.deploy;
