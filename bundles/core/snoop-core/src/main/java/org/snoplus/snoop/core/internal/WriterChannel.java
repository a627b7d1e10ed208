package org.snoplus.snoop.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.WriterState;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.writer.Writer;

/**
 * One writer's bounded queue and the thread that drains it in batches, so that a slow store never
 * blocks sampling nor the other writers.
 */
final class WriterChannel implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WriterChannel.class);
    private static final int MAX_BATCH = 1000;

    final String name;
    final Writer writer;
    final int capacity;
    private final ArrayBlockingQueue<SampleDocument> queue;
    private final Thread thread;
    private volatile boolean closing;
    private volatile long closeDeadline = Long.MAX_VALUE;
    // offered but not yet written (or given up): what "queued" means to a user and to drain()
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    final AtomicLong written = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    volatile String lastError;
    private volatile boolean retrying;

    WriterChannel(String name, Writer writer, int capacity) {
        this.name = name;
        this.writer = writer;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this, "snoop-writer-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void offer(SampleDocument doc) {
        if (queue.offer(doc)) {
            pending.incrementAndGet();
        } else {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.error("writer {} is full ({} documents queued): {} documents dropped so far", name, capacity, n);
            }
        }
    }

    WriterState state() {
        if (!thread.isAlive() && closing) {
            return WriterState.STOPPED;
        }
        return retrying ? WriterState.RETRYING : WriterState.WRITING;
    }

    int queued() {
        return pending.get();
    }

    @Override
    public void run() {
        List<SampleDocument> batch = new ArrayList<>();
        boolean dirty = false;
        while (true) {
            SampleDocument first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = queue.poll();
                if (first == null) {
                    break;
                }
            }
            if (first == null) {
                if (dirty) {
                    flush();
                    dirty = false;
                }
                if (closing) {
                    break;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            write(batch);
            pending.addAndGet(-batch.size());
            batch.clear();
            dirty = true;
        }
        flush();
    }

    private void write(List<SampleDocument> batch) {
        long backoff = 1000;
        while (true) {
            try {
                writer.write(batch);
                written.addAndGet(batch.size());
                retrying = false;
                return;
            } catch (Throwable t) {
                failures.incrementAndGet();
                retrying = true;
                lastError = String.valueOf(t.getMessage() == null ? t : t.getMessage());
                if (closing && System.currentTimeMillis() >= closeDeadline) {
                    dropped.addAndGet(batch.size());
                    LOG.error("writer {} failed at shutdown: {}; {} documents not written", name, lastError,
                            batch.size());
                    return;
                }
                LOG.warn("writer {} failed to write {} documents: {}; retrying in {} s", name, batch.size(),
                        lastError, backoff / 1000);
                long until = Math.min(System.currentTimeMillis() + backoff, closeDeadline);
                while (System.currentTimeMillis() < until) {
                    try {
                        Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
                    } catch (InterruptedException e) {
                        // keep the batch: only the close deadline may give it up
                    }
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private void flush() {
        try {
            writer.flush();
        } catch (Throwable t) {
            failures.incrementAndGet();
            lastError = "flush: " + t.getMessage();
            LOG.warn("writer {} failed to flush: {}", name, t.getMessage());
        }
    }

    /** Waits until everything queued so far is written (or the deadline passes). */
    boolean awaitWritten(long deadline) {
        while (queued() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return queued() == 0;
    }

    /** Writes what is queued, flushes and stops the thread, giving up at the deadline. */
    void close(long deadline) {
        closeDeadline = deadline;
        closing = true;
        try {
            thread.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.error("writer {} did not finish in time; {} documents not written", name, queue.size());
        }
    }
}
