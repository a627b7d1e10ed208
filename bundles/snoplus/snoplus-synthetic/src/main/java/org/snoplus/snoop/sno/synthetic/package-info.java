/**
 * A simulated SNO+ detector, deterministic given a seed: {@link
 * org.snoplus.snoop.sno.synthetic.SyntheticDetector} turns {@link
 * org.snoplus.snoop.sno.synthetic.DetectorSettings} into the stream a SNO+ reader publishes
 * (header records at the start of every run and subrun, then {@link org.snoplus.snoop.sno.PmtEvent}s),
 * for demos, tests and benchmarks of SNO+ processors.
 */
@Version("1.0.0")
@Export
package org.snoplus.snoop.sno.synthetic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
