package org.snoplus.snoop.sno.zdab.internal;

import java.util.ArrayList;
import java.util.List;

import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.sno.PmtEvent;

/** Keeps what a reader hands over, in order; closes itself after {@code limit} records if asked. */
final class CollectingSink implements EventSink {

    final List<Object> records = new ArrayList<>();
    final List<String> malformed = new ArrayList<>();
    /** Records and run changes interleaved as they came: "PMT 12" (GTID), "RHDR", "run=2". */
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
    public synchronized void publish(Object[] batch, int from, int to) {
        if (!open) {
            throw new IllegalStateException("closed");
        }
        if (batchSizes.size() + 1 == failOnPublish) {
            batchSizes.add(-1);
            throw new IllegalStateException("simulated failure");
        }
        batchSizes.add(to - from);
        for (int i = from; i < to; i++) {
            Object r = batch[i];
            records.add(r);
            log.add(r instanceof PmtEvent e ? "PMT " + e.gtid() : r.getClass().getSimpleName());
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
    public synchronized void run(long run) {
        log.add("run=" + run);
    }

    synchronized List<PmtEvent> events() {
        List<PmtEvent> events = new ArrayList<>();
        for (Object r : records) {
            if (r instanceof PmtEvent e) {
                events.add(e);
            }
        }
        return events;
    }

    void awaitPublished(int n, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (published < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + published + " records published, waited for " + n);
            }
            Thread.sleep(2);
        }
    }
}
