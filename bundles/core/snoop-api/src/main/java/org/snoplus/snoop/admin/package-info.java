/**
 * What the running platform tells about itself: the {@link org.snoplus.snoop.admin.SnoopAdmin}
 * service used by the shell, the launcher and the web pages.
 */
@Version("2.1.0")
@Export
package org.snoplus.snoop.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
