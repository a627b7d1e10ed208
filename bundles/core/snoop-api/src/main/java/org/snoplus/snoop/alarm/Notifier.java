package org.snoplus.snoop.alarm;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells people about alarms (an e-mail, a command, a chat message), registered as an OSGi service
 * like a writer. The alarm engine gives each notifier a thread and a bounded queue of its own, so
 * that a slow mail server never holds up the alarms nor the other notifiers; it groups changes into
 * one {@link Notification} and sends at most one every {@code notify.interval.s} to each notifier.
 * A notifier that throws gets the same notification again after a back-off (10 s doubling to 5 min),
 * with what came meanwhile added.
 *
 * <p>Only changes at or above {@code notify.severity} reach notifiers, never those of silenced
 * alarms; an alarm that was notified firing is notified resolved when it clears.
 */
@ConsumerType
public interface Notifier {

    /** Service property: a short name for the shell and the logs (defaults to the component name). */
    String NAME = "snoop.notifier.name";

    /** Sends one notification. Called from one thread only. */
    void send(Notification notification) throws Exception;

    /** One line describing where notifications go, for {@code snoop:alarms --notifiers}. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
