/**
 * Stores for sample documents: every document goes to every
 * {@link org.snoplus.snoop.writer.Writer} service.
 */
@Version("1.0.0")
@Export
package org.snoplus.snoop.writer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
