package org.snoplus.snoop.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.sno.PmtEvent;

/**
 * An {@link EventSink} for reader tests: keeps what a reader hands over, in order; closes itself
 * after a number of records, or fails a publish call, if asked.
 */
public final class CollectingSink implements EventSink {

    /** The records as they came. */
    public final List<Object> records = new ArrayList<>();
    /** {@code "<where> <why>"} of each malformed record. */
    public final List<String> malformed = new ArrayList<>();
    /** Records (as the constructor's function names them) and run changes ("run=2") interleaved as they came. */
    public final List<String> log = new ArrayList<>();
    /** The size of each publish call; {@code -1} for the call that failed. */
    public final List<Integer> batchSizes = new ArrayList<>();
    /** The position given with each publish call (null for a call without one), in order. */
    public final List<Object> positions = new ArrayList<>();
    public volatile boolean open = true;
    /** For a test thread watching a reader on another thread. */
    public volatile int published;
    private final Function<Object, String> logAs;
    private long limit = Long.MAX_VALUE;
    private int failOnPublish = -1;
    private Object resumeFrom;

    /** @param logAs names a record in {@link #log}; a {@code null} name leaves it out */
    public CollectingSink(Function<Object, String> logAs) {
        this.logAs = logAs;
    }

    /** Closes after {@code records} records. */
    public CollectingSink closeAfter(long records) {
        limit = records;
        return this;
    }

    /** The reader is to resume from {@code position}, as after a restart from a checkpoint. */
    public CollectingSink resumingFrom(Object position) {
        resumeFrom = position;
        return this;
    }

    /** The position given with the last batch, as a restart would get it; null if none. */
    public synchronized Object lastPosition() {
        return positions.isEmpty() ? null : positions.get(positions.size() - 1);
    }

    /** The {@code n}th publish call (from 1) throws, as a failing event loop would. */
    public CollectingSink failOnPublish(int n) {
        failOnPublish = n;
        return this;
    }

    @Override
    public void publish(Object event) {
        publish(new Object[] {event}, 0, 1);
    }

    @Override
    public void publish(Object[] batch, int from, int to) {
        publish(batch, from, to, null);
    }

    @Override
    public Object resumeFrom() {
        return resumeFrom;
    }

    @Override
    public synchronized void publish(Object[] batch, int from, int to, Object position) {
        if (!open) {
            throw new IllegalStateException("closed");
        }
        if (batchSizes.size() + 1 == failOnPublish) {
            batchSizes.add(-1);
            throw new IllegalStateException("simulated failure");
        }
        batchSizes.add(to - from);
        positions.add(position);
        // the reader reuses its array: copy, as the event loop does
        for (int i = from; i < to; i++) {
            Object r = batch[i];
            records.add(r);
            String name = logAs.apply(r);
            if (name != null) {
                log.add(name);
            }
        }
        published = records.size();
        if (records.size() >= limit) {
            open = false;
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void malformed(String where, String why) {
        malformed.add(where + " " + why);
    }

    @Override
    public synchronized void startRun(long run) {
        log.add("run=" + run);
    }

    /** The records that are SNO+ events. */
    public synchronized List<PmtEvent> events() {
        List<PmtEvent> events = new ArrayList<>();
        for (Object r : records) {
            if (r instanceof PmtEvent e) {
                events.add(e);
            }
        }
        return events;
    }

    /** The records that are maps (as the NDJSON reader publishes them). */
    @SuppressWarnings("unchecked")
    public synchronized List<Map<String, Object>> maps() {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object r : records) {
            if (r instanceof Map<?, ?> m) {
                maps.add((Map<String, Object>) m);
            }
        }
        return maps;
    }

    /** Field {@code name} of each map record, in order. */
    public List<Object> field(String name) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> e : maps()) {
            out.add(e.get(name));
        }
        return out;
    }

    /** Waits up to 2 s for {@code n} records. */
    public void awaitPublished(int n) throws InterruptedException {
        awaitPublished(n, 2000);
    }

    /** Waits up to {@code millis} for {@code n} records. */
    public void awaitPublished(int n, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (published < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + published + " records published, waited for " + n);
            }
            Thread.sleep(1);
        }
    }
}
