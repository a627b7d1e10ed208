package org.snoplus.snoop.reader.ndjson.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.reader.EventSink;

/** Keeps what a reader hands over, in order; closes itself after {@code limit} events if asked. */
final class CollectingSink implements EventSink {

    final List<Map<String, Object>> events = new ArrayList<>();
    final List<String> malformed = new ArrayList<>();
    /** Events and run changes interleaved as they came: "n=1", "run=2". */
    final List<String> log = new ArrayList<>();
    final List<Integer> batchSizes = new ArrayList<>();
    volatile boolean open = true;
    /** For a test thread watching a reader on another thread. */
    volatile int published;
    private long limit = Long.MAX_VALUE;
    private int failOnPublish = -1;

    CollectingSink closeAfter(long events) {
        limit = events;
        return this;
    }

    /** The {@code n}th publish call (from 1) throws, as a failing event loop would. */
    CollectingSink failOnPublish(int n) {
        failOnPublish = n;
        return this;
    }

    @Override
    public void publish(Object event) {
        publish(new Object[] {event}, 0, 1);
    }

    @SuppressWarnings("unchecked")
    @Override
    public void publish(Object[] batch, int from, int to) {
        if (!open) {
            throw new IllegalStateException("closed");
        }
        if (batchSizes.size() + 1 == failOnPublish) {
            batchSizes.add(-1);
            throw new IllegalStateException("simulated failure");
        }
        batchSizes.add(to - from);
        // the reader reuses its array: copy, as the event loop does
        for (int i = from; i < to; i++) {
            Map<String, Object> e = (Map<String, Object>) batch[i];
            events.add(e);
            log.add("n=" + e.get("n"));
        }
        published = events.size();
        if (events.size() >= limit) {
            open = false;
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void malformed(String where, String why) {
        malformed.add(where + " " + why);
    }

    @Override
    public void run(long run) {
        log.add("run=" + run);
    }

    void awaitPublished(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (published < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + published + " events published, waited for " + n);
            }
            Thread.sleep(1);
        }
    }

    List<Object> field(String name) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> e : events) {
            out.add(e.get(name));
        }
        return out;
    }
}
