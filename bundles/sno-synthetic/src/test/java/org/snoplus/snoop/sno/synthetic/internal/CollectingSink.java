package org.snoplus.snoop.sno.synthetic.internal;

import java.util.ArrayList;
import java.util.List;

import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;

/** Keeps what a reader hands over, in order; closes itself after {@code limit} records if asked. */
final class CollectingSink implements EventSink {

    final List<Object> records = new ArrayList<>();
    final List<String> malformed = new ArrayList<>();
    /** Run changes and records interleaved as they came: "run=300000", "RunHeader 300000", "event". */
    final List<String> log = new ArrayList<>();
    final List<Integer> batchSizes = new ArrayList<>();
    volatile boolean open = true;
    /** For a test thread watching a reader on another thread. */
    volatile int published;
    private long limit = Long.MAX_VALUE;
    private int failOnPublish = -1;

    CollectingSink closeAfter(long records) {
        limit = records;
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
            Object o = batch[i];
            records.add(o);
            if (o instanceof RunHeader h) {
                log.add("RunHeader " + h.run());
            } else if (o instanceof PmtEvent e) {
                log.add("event " + e.run());
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
    public void malformed(String where, String why) {
        malformed.add(where + " " + why);
    }

    @Override
    public void run(long run) {
        log.add("run=" + run);
    }

    List<PmtEvent> events() {
        List<PmtEvent> out = new ArrayList<>();
        for (Object o : records) {
            if (o instanceof PmtEvent e) {
                out.add(e);
            }
        }
        return out;
    }

    void awaitPublished(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (published < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + published + " records published, waited for " + n);
            }
            Thread.sleep(1);
        }
    }
}
