/**
 * What a processor author implements: {@link org.snoplus.snoop.processor.Processor} (and
 * {@link org.snoplus.snoop.processor.Poller} for processors that ignore events), registered as an
 * OSGi service from a bundle dropped into {@code processors-deploy/}.
 */
@Version("1.0.0")
@Export
package org.snoplus.snoop.processor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
