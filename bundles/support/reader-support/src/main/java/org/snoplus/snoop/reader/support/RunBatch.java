package org.snoplus.snoop.reader.support;

import org.snoplus.snoop.reader.EventSink;

/**
 * The batch a stream reader fills between two publish calls, with the run boundaries put where
 * they belong: a record of another run first publishes the records before it, then tells the
 * sink the new run ({@link EventSink#startRun}), so that no batch straddles two runs. One per
 * call of a reader's {@code read}; reader thread only.
 */
public final class RunBatch {

    /** For {@link #add}: the record keeps the current run (trigger and pedestal settings). */
    public static final long SAME_RUN = Long.MIN_VALUE;

    private final EventSink sink;
    private final Object[] batch;
    private int size;
    private long run = SAME_RUN;

    public RunBatch(EventSink sink, int capacity) {
        this.sink = sink;
        this.batch = new Object[capacity];
    }

    /**
     * Adds a record of run {@code recordRun} ({@link #SAME_RUN}: the current one); publishes the
     * batch when it is full.
     *
     * @throws IllegalStateException when the sink is closed
     */
    public void add(Object record, long recordRun) {
        if (recordRun != SAME_RUN && recordRun != run) {
            flush(null);
            run = recordRun;
            sink.startRun(recordRun);
        }
        batch[size++] = record;
        if (size == batch.length) {
            flush(null);
        }
    }

    /** Publishes what the batch holds, with {@code position} (null: this stream cannot resume). */
    public void flush(Object position) {
        if (size == 0) {
            return;
        }
        sink.publish(batch, 0, size, position);
        for (int i = 0; i < size; i++) {
            batch[i] = null; // the loop owns them now; keep none alive here
        }
        size = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The run of the records added last, {@link #SAME_RUN} before any. */
    public long run() {
        return run;
    }
}
