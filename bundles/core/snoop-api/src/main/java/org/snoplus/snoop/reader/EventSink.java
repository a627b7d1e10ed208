package org.snoplus.snoop.reader;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link Reader} puts its events. Publishing blocks while the event loop's buffer is full
 * (back-pressure), so a file is read no faster than it is processed. Not thread-safe: one sink
 * belongs to one reader thread.
 *
 * <h2>Positions: resuming after a restart</h2>
 * A reader that can start again where it stopped says, with each batch, where its source stands
 * after the batch ({@link #publish(Object[], int, int, Object)}): its <em>position</em>, a small
 * JSON-compatible value of its own (a map of strings and numbers: a file and a record count, a
 * CouchDB {@code _changes} sequence, a simulation's event count). At every sample tick the
 * framework checkpoints, together and atomically, the processors' states and, for each reader,
 * the position after the last event those states have counted. When the instance starts again
 * (after a clean stop or a crash), the reader finds that position in {@link #resumeFrom()} and
 * starts from there, so that each event is counted once. A reader that reports no position starts
 * afresh, as before.
 *
 * <p>What resuming can promise depends on the source, and a reader documents it: a file can be
 * read again from any position (exactly once); a stream that keeps history for a while (CouchDB
 * {@code _changes}, a broker) can be asked again from a sequence it still holds; a live stream that
 * cannot rewind (the dispatcher) loses what was sent while the instance was down and what it
 * published after the last checkpoint: its position is only informative.
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

    /**
     * Hands {@code events[from..to)} to the loop and tells where the source stands after the last
     * of them: where reading would start again to read the event after it. The position is the
     * reader's own, JSON-compatible ({@code Map}, {@code List}, {@code String}, {@code Number},
     * {@code Boolean}); it is copied when a checkpoint is taken, not now, so it must not be changed
     * afterwards (make a new one for each batch). It should name the source too (the configured
     * file pattern, the database), so that a reader configured for another source can tell that
     * a position is not its own. Keep it small: it is written at every sample tick.
     *
     * @param position where the source stands after these events; {@code null} if this reader
     *        cannot resume from here
     * @since 2.1
     */
    void publish(Object[] events, int from, int to, Object position);

    /**
     * Where to start: the position this reader (by its name) last reported for events that every
     * processor had counted in the checkpoint this instance started from, as plain JSON data
     * ({@code Map<String,Object>}, {@code Long}, {@code Double}...), or {@code null} when there is
     * none (a first start, a reader of another name, no checkpoint). The same value for the whole
     * life of the sink: a reader whose {@link Reader#read} is called again after a failure goes on
     * from its own fields, not from here. A position that is not the reader's own (another source)
     * is to be ignored, with a log line.
     *
     * @since 2.1
     */
    Object resumeFrom();

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
