/**
 * The sample document: what processors produce, writers store and the query service returns; and
 * the standard {@link org.snoplus.snoop.document.Shapes} of the values in it.
 */
@Version("2.1.0")
@Export
package org.snoplus.snoop.document;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
