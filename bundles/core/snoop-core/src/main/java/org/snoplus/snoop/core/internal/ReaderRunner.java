package org.snoplus.snoop.core.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.ReaderState;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;

/** Runs one {@link Reader} on a thread of its own and is the sink it publishes into. */
final class ReaderRunner implements EventSink, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderRunner.class);
    private static final int MALFORMED_LOGGED = 20;

    final String name;
    final Reader reader;
    private final EventRing ring;
    private final Thread thread;
    private volatile boolean open = true;
    volatile ReaderState state = ReaderState.STARTING;
    volatile String lastError;
    // single writer (the reader thread): lazySet keeps the hot path free of fences
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    /** The run of what this reader publishes next (reader thread only); travels with the events. */
    private long run = -1;
    /** The position the reader starts from (from the checkpoint the instance started with), or null. */
    private final Object resumeFrom;
    /** Where the source stood after each of the last batches, for checkpoints. */
    final PositionLog positions;
    private long eventsAtLastRate;
    /** Loop thread only: the events count at the last tick, for the documents' provenance. */
    private long eventsAtLastTick;
    volatile double rate;

    ReaderRunner(String name, Reader reader, EventRing ring, Object resumeFrom) {
        this.name = name;
        this.reader = reader;
        this.ring = ring;
        this.resumeFrom = resumeFrom;
        this.positions = new PositionLog(resumeFrom);
        this.thread = new Thread(this, "snoop-reader-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long backoff = 1000;
        while (open) {
            state = ReaderState.READING;
            try {
                reader.read(this);
                if (open) {
                    state = ReaderState.DONE;
                    LOG.info("reader {} reached the end of its source after {} events ({} malformed)", name,
                            events.get(), malformed.get());
                }
                return;
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                if (!open) {
                    return;
                }
                state = ReaderState.RETRYING;
                lastError = String.valueOf(t.getMessage() == null ? t : t.getMessage());
                LOG.warn("reader {} failed: {}; retrying in {} s", name, lastError, backoff / 1000, t);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    return;
                }
                backoff = Math.min(backoff * 2, 60_000);
            }
        }
    }

    /** Stops the reader: the sink closes, the thread is interrupted and joined. */
    void stop(long timeoutMs) {
        open = false;
        thread.interrupt();
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("reader {} did not stop within {} ms", name, timeoutMs);
        }
        if (state != ReaderState.DONE) {
            state = ReaderState.STOPPED;
        }
    }

    @Override
    public void publish(Object event) {
        Objects.requireNonNull(event, "event");
        if (!open) {
            throw new IllegalStateException("reader " + name + " is stopped");
        }
        positions.unpositioned();
        ring.publish(event, run);
        events.lazySet(events.get() + 1);
    }

    @Override
    public void publish(Object[] batch, int from, int to) {
        publish(batch, from, to, null);
    }

    @Override
    public void publish(Object[] batch, int from, int to, Object position) {
        Objects.checkFromToIndex(from, to, batch.length);
        if (!open) {
            throw new IllegalStateException("reader " + name + " is stopped");
        }
        for (int i = from; i < to; i++) {
            if (batch[i] == null) {
                throw new NullPointerException("event " + i + " of the batch is null");
            }
        }
        ring.publish(batch, from, to, run, positions, position);
        events.lazySet(events.get() + (to - from));
    }

    @Override
    public Object resumeFrom() {
        return resumeFrom;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void malformed(String where, String why) {
        long n = malformed.incrementAndGet();
        lastError = where + ": " + why;
        if (n <= MALFORMED_LOGGED) {
            LOG.warn("reader {} skipped a malformed record at {}: {}", name, where, why);
        } else if (Long.bitCount(n) == 1) {
            LOG.warn("reader {} has skipped {} malformed records; latest at {}: {}", name, n, where, why);
        }
    }

    @Override
    public void startRun(long run) {
        this.run = run;
    }

    long events() {
        return events.get();
    }

    long malformed() {
        return malformed.get();
    }

    /** Whether events were published since the last call (loop thread, at ticks). */
    boolean fedSinceLastTick() {
        long now = events.get();
        boolean fed = now != eventsAtLastTick;
        eventsAtLastTick = now;
        return fed;
    }

    void updateRate(long elapsedMs) {
        long now = events.get();
        rate = elapsedMs > 0 ? (now - eventsAtLastRate) * 1000.0 / elapsedMs : 0;
        eventsAtLastRate = now;
    }
}
