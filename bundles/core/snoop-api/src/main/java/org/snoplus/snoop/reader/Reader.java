package org.snoplus.snoop.reader;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of events (a file, a network stream, a simulation), registered as an OSGi service.
 * Several readers may run at once; all feed the one event loop.
 *
 * <p>The framework gives each reader a thread of its own and calls {@link #read} on it. A reader
 * keeps publishing until its source ends (then it returns) or until {@link EventSink#isOpen()}
 * turns false or the thread is interrupted (then it returns promptly). If {@code read} throws,
 * the failure is reported and {@code read} is called again after a back-off (1 s doubling to
 * 60 s), so a lost connection is retried; a reader that must not restart from the beginning keeps
 * its position in its own fields.
 *
 * <p>A malformed record is never fatal: report it with {@link EventSink#malformed} and go on.
 */
@ConsumerType
public interface Reader {

    /** Service property: a short name for the shell and the logs (defaults to the component name). */
    String NAME = "snoop.reader.name";

    /**
     * Publishes events into {@code sink} until the source ends or the sink closes.
     *
     * @throws Exception when the source fails; it is reported and retried
     */
    void read(EventSink sink) throws Exception;

    /** One line describing the source and the position in it, for {@code snoop:status}. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
