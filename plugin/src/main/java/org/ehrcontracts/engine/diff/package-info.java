/**
 * What a contract change does ({@code ehr:diff}): two loaded contracts compared part by part, each
 * change typed and judged from the side of a site whose export passed under the older one, and that
 * export verified under both.
 *
 * @since 0.2.0
 */
package org.ehrcontracts.engine.diff;
