/**
 * Accumulators a processor fills on its hot path without allocating, and turns into the standard
 * document shapes ({@link org.snoplus.snoop.document.Shapes}) and into handoff state:
 * {@link org.snoplus.snoop.stats.Histogram} and {@link org.snoplus.snoop.stats.Moments};
 * {@link org.snoplus.snoop.stats.Precision} to publish floating-point values with the digits they
 * carry; and the {@link org.snoplus.snoop.stats.Merger} of those shapes over many documents, which
 * the query service's aggregation and the store's consolidation share.
 */
@Version("1.1.0")
@Export
package org.snoplus.snoop.stats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
