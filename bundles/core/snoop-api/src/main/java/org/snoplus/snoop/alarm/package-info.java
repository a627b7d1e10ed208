/**
 * Alarms: what is wrong now and what was. {@link org.snoplus.snoop.alarm.Alarms} lets a processor
 * raise and clear alarms of its own; {@link org.snoplus.snoop.alarm.AlarmService} is what the shell,
 * the REST API and the pages read, acknowledge and silence; {@link org.snoplus.snoop.alarm.Notifier}
 * services (e-mail, a command) are told of changes; {@link org.snoplus.snoop.alarm.ReferenceService}
 * keeps reference histograms and the quality of the checks against them.
 */
@Version("1.0.0")
@Export
package org.snoplus.snoop.alarm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
