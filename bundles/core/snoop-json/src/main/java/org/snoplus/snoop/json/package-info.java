/** Sample documents as JSON: the one form that every writer, the shell and the stores share. */
@Version("1.1.0")
@Export
package org.snoplus.snoop.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
