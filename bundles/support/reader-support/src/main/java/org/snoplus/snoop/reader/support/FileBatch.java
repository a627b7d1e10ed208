package org.snoplus.snoop.reader.support;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.snoplus.snoop.reader.EventSink;

/**
 * The batch a file reader fills between two publish calls: published at the configured rate
 * ({@link Pacer}), each batch with the position after its last record ({@link FileCursor}), and
 * with the run boundaries where they belong — a record of another run first publishes the records
 * before it, then tells the sink the new run. A batch never straddles two files or two runs, so
 * a position is always in one file. One per call of a reader's {@code read}; reader thread only.
 */
public final class FileBatch {

    private final EventSink sink;
    private final FileCursor cursor;
    private final Pacer pacer;
    private final BooleanSupplier going;
    private final Object[] batch;
    private int size;
    private long run = Long.MIN_VALUE;

    /**
     * @param rate events per second, 0 for as fast as the loop takes them
     * @param max the largest batch (smaller when paced slowly: see {@link Pacer#batchSize})
     * @param going false once the reader must stop
     */
    public FileBatch(EventSink sink, FileCursor cursor, double rate, int max, BooleanSupplier going) {
        this.sink = sink;
        this.cursor = cursor;
        this.pacer = new Pacer(rate);
        this.going = going;
        this.batch = new Object[Pacer.batchSize(rate, max)];
    }

    /**
     * Adds the record that is unit {@code n} of file {@code f} (a line, an entry, a record:
     * {@code n - 1} units are done before it), of run {@code recordRun}.
     *
     * @return false if reading must stop
     */
    public boolean add(Object record, long recordRun, Path f, long n) {
        if (recordRun != run) {
            // the records before the change belong to the previous run
            if (!flush(f, n - 1)) {
                return false;
            }
            run = recordRun;
            sink.startRun(recordRun);
        }
        return add(record, f, n);
    }

    /** Adds the record that is unit {@code n} of file {@code f}, of the current run. */
    public boolean add(Object record, Path f, long n) {
        batch[size++] = record;
        return size < batch.length || flush(f, n);
    }

    /**
     * Publishes what the batch holds, paced; {@code f}'s first {@code n} units are then done.
     *
     * @return false if reading must stop
     */
    public boolean flush(Path f, long n) {
        if (size == 0) {
            return going.getAsBoolean();
        }
        if (!pacer.await(size, going)) {
            return false;
        }
        FilePosition at = cursor.after(f, n);
        sink.publish(batch, 0, size, at.toMap());
        for (int i = 0; i < size; i++) {
            batch[i] = null; // the loop owns them now; keep none alive here
        }
        size = 0;
        cursor.moved(at);
        return true;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The run of the records added last, {@code Long.MIN_VALUE} before any. */
    public long run() {
        return run;
    }
}
