package org.snoplus.snoop.reader;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link Reader} puts its events. Publishing blocks while the event loop's buffer is full
 * (back-pressure), so a file is read no faster than it is processed. Not thread-safe: one sink
 * belongs to one reader thread.
 */
@ProviderType
public interface EventSink {

    /**
     * Hands one event to the loop. The object must not be changed afterwards by the reader (a
     * reader that recycles objects must not reuse one until the loop is done with it).
     *
     * @throws IllegalStateException when the sink is closed (the reader is being stopped)
     */
    void publish(Object event);

    /** Hands {@code events[from..to)} to the loop in one step: cheaper than one call each. */
    void publish(Object[] events, int from, int to);

    /** Whether the reader should go on; false once the framework stops the reader. */
    boolean isOpen();

    /**
     * Reports a record that could not be decoded and was skipped: counted, shown in
     * {@code snoop:status} and logged (the first ones, then a summary).
     *
     * @param where where it was: file and line, or file and byte offset
     * @param why what was wrong with it
     */
    void malformed(String where, String why);

    /**
     * Tells the framework that the events published after this call belong to run {@code run}
     * ({@code -1} when unknown). The change travels with the events: a processor's documents are
     * stamped with the run of the events it has received, not of the events still buffered.
     */
    void startRun(long run);
}
