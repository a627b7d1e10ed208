/** The sample document: what processors produce, writers store and the query service returns. */
@Version("1.0.0")
@Export
package org.snoplus.snoop.document;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
