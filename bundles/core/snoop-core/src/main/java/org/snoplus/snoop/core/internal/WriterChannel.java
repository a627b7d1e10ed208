package org.snoplus.snoop.core.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.WriterState;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.writer.Writer;

/**
 * One writer's bounded queue and the thread that drains it in batches, so that a slow store never
 * blocks sampling nor the other writers. With a journal, the channel first writes what the journal
 * holds for this writer beyond what it confirmed before the instance stopped (the replay), then its
 * queue; it confirms a journal sequence once the writer has flushed it ({@link #confirmed}).
 */
final class WriterChannel implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WriterChannel.class);
    private static final int MAX_BATCH = 1000;
    /** A writer that is never idle is still flushed (and its documents confirmed) this often. */
    private static final long FLUSH_EVERY_MS = 1000;

    final String name;
    final Writer writer;
    final int capacity;
    private final ArrayBlockingQueue<DocumentJournal.Journaled> queue;
    private final Thread thread;
    private volatile boolean closing;
    private volatile long closeDeadline = Long.MAX_VALUE;
    // offered but not yet written (or given up): what "queued" means to a user and to drain()
    private final AtomicInteger pending = new AtomicInteger();
    final AtomicLong written = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    volatile String lastError;
    private volatile boolean retrying;

    // --- journal
    /** What the journal holds for this writer from an earlier run, written first; null when nothing. */
    private Iterator<DocumentJournal.Journaled> replay;
    /** Offered documents up to this sequence are in the replay already. */
    private final long replayUpTo;
    /** The last journal sequence this writer has flushed (written by the writer thread). */
    private volatile long confirmed;
    /** The last journal sequence written but not yet flushed (writer thread only). */
    private long unflushed;

    WriterChannel(String name, Writer writer, int capacity) {
        this(name, writer, capacity, -1, null, -1);
    }

    /**
     * @param confirmed the last journal sequence this writer had confirmed (-1: no journal)
     * @param replay what the journal holds for it after that, up to {@code replayUpTo}
     */
    WriterChannel(String name, Writer writer, int capacity, long confirmed, Iterator<DocumentJournal.Journaled> replay,
            long replayUpTo) {
        this.name = name;
        this.writer = writer;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.confirmed = confirmed;
        this.unflushed = confirmed;
        this.replay = replay;
        this.replayUpTo = replayUpTo;
        this.thread = new Thread(this, "snoop-writer-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Offers a document (journal sequence {@code seq}, -1 if not journaled); full queue: dropped, counted. */
    void offer(long seq, SampleDocument doc) {
        if (seq >= 0 && seq < replayUpTo) {
            return; // the replay writes it
        }
        if (queue.offer(new DocumentJournal.Journaled(seq, doc))) {
            pending.incrementAndGet();
        } else {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.error("writer {} is full ({} documents queued): {} documents dropped so far", name, capacity, n);
            }
        }
    }

    /** The last journal sequence this writer has made durable. */
    long confirmed() {
        return confirmed;
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
        List<DocumentJournal.Journaled> batch = new ArrayList<>();
        replay(batch);
        boolean dirty = false;
        long lastFlush = System.currentTimeMillis();
        while (true) {
            DocumentJournal.Journaled first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = queue.poll();
                if (first == null) {
                    break;
                }
            }
            if (first == null || dirty && System.currentTimeMillis() - lastFlush >= FLUSH_EVERY_MS) {
                if (dirty) {
                    flush();
                    dirty = false;
                    lastFlush = System.currentTimeMillis();
                }
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    continue;
                }
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

    /** Writes what the journal held for this writer, in batches, before anything new. */
    private void replay(List<DocumentJournal.Journaled> batch) {
        Iterator<DocumentJournal.Journaled> r = replay;
        replay = null;
        if (r == null) {
            return;
        }
        long n = 0;
        try {
            while (r.hasNext() && !(closing && System.currentTimeMillis() >= closeDeadline)) {
                batch.add(r.next());
                if (batch.size() == MAX_BATCH || !r.hasNext()) {
                    write(batch);
                    n += batch.size();
                    batch.clear();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("writer {}: the journal could not be replayed to it: {}", name, e.toString());
        }
        batch.clear();
        flush();
        if (n > 0) {
            LOG.info("writer {}: {} documents replayed from the journal (written before the last stop, not confirmed "
                    + "by it)", name, n);
        }
    }

    private void write(List<DocumentJournal.Journaled> batch) {
        List<SampleDocument> docs = new ArrayList<>(batch.size());
        long last = -1;
        for (DocumentJournal.Journaled j : batch) {
            docs.add(j.document());
            last = Math.max(last, j.seq());
        }
        long backoff = 1000;
        while (true) {
            try {
                writer.write(docs);
                written.addAndGet(docs.size());
                retrying = false;
                if (last > unflushed) {
                    unflushed = last;
                }
                return;
            } catch (Throwable t) {
                failures.incrementAndGet();
                retrying = true;
                lastError = String.valueOf(t.getMessage() == null ? t : t.getMessage());
                if (closing && System.currentTimeMillis() >= closeDeadline) {
                    dropped.addAndGet(docs.size());
                    LOG.error("writer {} failed at shutdown: {}; {} documents not written", name, lastError,
                            docs.size());
                    return;
                }
                LOG.warn("writer {} failed to write {} documents: {}; retrying in {} s", name, docs.size(),
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
            confirmed = unflushed;
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
