/**
 * Sample documents as JSON, the one form that every writer, the shell and the stores share
 * ({@link org.snoplus.snoop.json.DocumentJson}, whose writer also puts documents into larger
 * answers), and the copies of JSON-compatible values the
 * core makes of sample bodies and handed-over state ({@link org.snoplus.snoop.json.JsonValues}).
 */
@Version("1.1.0")
@Export
package org.snoplus.snoop.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
