/**
 * Sources of events: a {@link org.snoplus.snoop.reader.Reader} service publishes into the one
 * event loop through an {@link org.snoplus.snoop.reader.EventSink}.
 */
@Version("2.1.0")
@Export
package org.snoplus.snoop.reader;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
