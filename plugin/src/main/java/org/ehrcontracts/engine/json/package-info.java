/**
 * Our own JSON documents ({@code verify.json}, {@code deid.json}, {@code .ehr-deid.json}, {@code
 * deploy.json}): one mapper that writes a record per document and reads it back as the same type,
 * and the header records they share. It depends on nothing else of ours.
 *
 * @since 0.1.0
 */
package org.ehrcontracts.engine.json;
