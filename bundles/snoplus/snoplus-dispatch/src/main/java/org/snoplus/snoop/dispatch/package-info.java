/**
 * The SNO+ dispatcher's protocol (CERN ControlHost, as built for SNO+: {@code displowl.h},
 * {@code tagbl.c}, {@code dispatch.C} of the {@code disp} sources). Every message is a frame: an
 * 8-byte tag padded with NULs, the payload's size as a 4-byte big-endian integer, the payload. A
 * subscriber connects to TCP port 5553 and sends {@code Subscrib} ("w RAWDATA w RECHDR": tags,
 * each after {@code a} — every frame — or {@code w} — frames may be skipped while the client is
 * busy), {@code Always} (send without being asked) and {@code MyId} (its name); then it receives
 * frames of the tags it subscribed to. The protocol has no keep-alive and no resynchronisation:
 * a bad header ends the connection.
 *
 * <ul>
 * <li>{@link org.snoplus.snoop.dispatch.Frames}: the framing.</li>
 * <li>{@link org.snoplus.snoop.dispatch.DispatchConnection}: a subscriber's connection, reading
 * frames into a reused buffer, bounded in size, with a read timeout.</li>
 * <li>{@link org.snoplus.snoop.dispatch.DispatchServer}: a small dispatcher for demos and tests:
 * frames published to it go to every client subscribed to their tag, through a bounded queue per
 * client ({@code w} subscribers lose what does not fit, {@code a} subscribers make the publisher
 * wait).</li>
 * </ul>
 *
 * <p>Shared memory ({@code m} subscriptions) is not supported: it exists only on the dispatcher's
 * own host.
 */
@Version("1.0.0")
@Export
package org.snoplus.snoop.dispatch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
