/**
 * Accumulators a processor fills on its hot path without allocating, and turns into the standard
 * document shapes ({@link org.snoplus.snoop.document.Shapes}) and into handoff state:
 * {@link org.snoplus.snoop.stats.Histogram} and {@link org.snoplus.snoop.stats.Moments}.
 */
@Version("1.0.0")
@Export
package org.snoplus.snoop.stats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
