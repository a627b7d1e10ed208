package org.snoplus.snoop.web.dashboard.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One open page following the live stream: what it follows, and the messages waiting for it, in a
 * queue bounded in messages and bytes. When the queue is full the oldest messages go (the newest
 * value is what a shifter needs) and the page is told how many it lost, so that it re-reads them
 * from the REST API. Its connection is written without blocking ({@link Sink#isReady}), so a page
 * that reads slowly, or not at all, costs its own queue and nothing else.
 */
final class LiveClient {

    /** The connection, written only when it says it is ready (a non-blocking servlet stream). */
    interface Sink {
        boolean isReady();

        void write(byte[] bytes) throws IOException;

        void flush() throws IOException;

        void close();
    }

    static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    final long id;
    /** processor → paths it follows (empty: only that its documents come) */
    final Map<String, List<String>> fields;
    /** Whether it wants every processor's stamps. */
    final boolean everyProcessor;
    private final Sink sink;
    private final int maxMessages;
    private final int maxBytes;

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long lostPending;
    private long lost;
    private long sent;
    private boolean unflushed;
    private volatile boolean closed;
    /** When it last took bytes, or had nothing waiting (ms). */
    private volatile long lastProgress;
    /** When something was last written to it (ms), for heartbeats. */
    private volatile long lastWrite;

    LiveClient(long id, Map<String, List<String>> fields, boolean everyProcessor, Sink sink, int maxMessages,
            int maxBytes, long now) {
        this.id = id;
        this.fields = fields;
        this.everyProcessor = everyProcessor;
        this.sink = sink;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.lastProgress = now;
        this.lastWrite = now;
    }

    boolean wants(String processor) {
        return everyProcessor || fields.containsKey(processor);
    }

    Set<String> processors() {
        return fields.keySet();
    }

    /** Queues a message; the oldest go when it does not fit. Called by the feed's one writer thread. */
    synchronized void offer(byte[] message) {
        if (closed) {
            return;
        }
        if (queue.isEmpty()) {
            lastProgress = System.currentTimeMillis();
        }
        queue.addLast(message);
        queuedBytes += message.length;
        while (queue.size() > maxMessages || queuedBytes > maxBytes && queue.size() > 1) {
            byte[] old = queue.removeFirst();
            queuedBytes -= old.length;
            lostPending++;
            lost++;
        }
    }

    /**
     * Writes what waits while the connection takes it; returns when the queue is empty or the
     * connection is not ready (the container then calls again when it is).
     */
    synchronized void drain(long now) {
        if (closed) {
            return;
        }
        try {
            while (sink.isReady()) {
                byte[] next;
                if (lostPending > 0) {
                    next = ("event: lost\ndata: " + lostPending + "\n\n").getBytes(StandardCharsets.UTF_8);
                    lostPending = 0;
                } else {
                    next = queue.pollFirst();
                    if (next != null) {
                        queuedBytes -= next.length;
                    }
                }
                if (next == null) {
                    if (unflushed) {
                        unflushed = false;
                        sink.flush();
                        continue;
                    }
                    lastProgress = now;
                    return;
                }
                sink.write(next);
                sent++;
                unflushed = true;
                lastProgress = now;
                lastWrite = now;
            }
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    /** Whether messages have waited for longer than {@code stuckMs} without the page taking any. */
    synchronized boolean stuck(long now, long stuckMs) {
        return !queue.isEmpty() && now - lastProgress > stuckMs;
    }

    boolean idleSince(long now, long ms) {
        return now - lastWrite >= ms;
    }

    synchronized boolean hasWaiting() {
        return !queue.isEmpty() || lostPending > 0;
    }

    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            queuedBytes = 0;
        }
        sink.close();
    }

    boolean closed() {
        return closed;
    }

    synchronized long lost() {
        return lost;
    }

    synchronized long sent() {
        return sent;
    }

    synchronized int queued() {
        return queue.size();
    }
}
