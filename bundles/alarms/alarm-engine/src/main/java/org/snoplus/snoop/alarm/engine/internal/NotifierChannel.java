package org.snoplus.snoop.alarm.engine.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.Notification;
import org.snoplus.snoop.alarm.Notifier;

/**
 * One notifier's own thread and bounded queue of changes: changes are grouped (the first waits
 * {@code groupMs} for others), at most one notification goes out every {@code intervalMs}, and a
 * notifier that fails gets the same changes again after a back-off (10 s doubling to 5 min), with
 * what came meanwhile. Beyond {@code capacity} changes waiting, the oldest are dropped and counted
 * (the next notification says how many). A slow notifier holds up nobody but itself.
 */
final class NotifierChannel {

    static final int LISTED = 100;
    private static final long BACKOFF_MIN = 10_000;
    private static final long BACKOFF_MAX = 300_000;
    private static final Logger LOG = LoggerFactory.getLogger(NotifierChannel.class);

    final String name;
    final Notifier notifier;
    private final Supplier<List<Alarm>> active;
    private final Supplier<String> instance;
    private record Queued(long seq, Alarm change) {
    }

    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long nextSeq;
    private final Thread thread;
    private volatile Settings settings;
    private volatile boolean closed;
    private long dropped;
    private long firstQueued;
    private long lastSent;
    private long retryAt;
    private long backoff = BACKOFF_MIN;
    volatile long sent;
    volatile long failures;
    volatile String lastError;

    /** How notifications are grouped and limited. */
    record Settings(long groupMs, long intervalMs, int capacity) {
    }

    NotifierChannel(String name, Notifier notifier, Settings settings, Supplier<List<Alarm>> active,
            Supplier<String> instance) {
        this.name = name;
        this.notifier = notifier;
        this.settings = settings;
        this.active = active;
        this.instance = instance;
        this.thread = new Thread(this::run, "snoop-notify-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    void configure(Settings s) {
        settings = s;
        synchronized (queue) {
            queue.notifyAll();
        }
    }

    /** Queues a change; never blocks. */
    void offer(Alarm change) {
        synchronized (queue) {
            if (queue.isEmpty()) {
                firstQueued = System.currentTimeMillis();
            }
            while (queue.size() >= settings.capacity()) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(new Queued(nextSeq++, change));
            queue.notifyAll();
        }
    }

    int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    void close() {
        closed = true;
        thread.interrupt();
    }

    private void run() {
        while (!closed) {
            List<Alarm> batch = new ArrayList<>();
            int left;
            long upTo;
            try {
                synchronized (queue) {
                    while (!closed) {
                        long now = System.currentTimeMillis();
                        Settings s = settings;
                        long due = queue.isEmpty() ? Long.MAX_VALUE
                                : Math.max(Math.max(firstQueued + s.groupMs(), lastSent + s.intervalMs()), retryAt);
                        if (due <= now) {
                            break;
                        }
                        queue.wait(due == Long.MAX_VALUE ? 0 : due - now);
                    }
                    if (closed) {
                        return;
                    }
                    for (Queued q : queue) {
                        batch.add(q.change());
                    }
                    upTo = queue.peekLast().seq();
                    left = (int) Math.min(Integer.MAX_VALUE, dropped + Math.max(0, batch.size() - LISTED));
                    if (batch.size() > LISTED) {
                        batch = new ArrayList<>(batch.subList(batch.size() - LISTED, batch.size()));
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            Notification n = new Notification(instance.get(), batch, left, active.get());
            try {
                notifier.send(n);
                synchronized (queue) {
                    // what was sent goes; what came meanwhile stays for the next one
                    while (!queue.isEmpty() && queue.peekFirst().seq() <= upTo) {
                        queue.pollFirst();
                    }
                    dropped = 0;
                    lastSent = System.currentTimeMillis();
                    firstQueued = lastSent;
                    retryAt = 0;
                    backoff = BACKOFF_MIN;
                }
                sent++;
                if (lastError != null) {
                    LOG.info("notifier {} works again", name);
                }
                lastError = null;
            } catch (Exception e) {
                failures++;
                String why = e.toString();
                if (!why.equals(lastError)) {
                    LOG.error("notifier {} failed ({}); the same changes are sent again in {} s", name, why,
                            backoff / 1000);
                }
                lastError = why;
                synchronized (queue) {
                    retryAt = System.currentTimeMillis() + backoff;
                    backoff = Math.min(BACKOFF_MAX, backoff * 2);
                }
            } catch (Throwable t) {
                failures++;
                lastError = t.toString();
                LOG.error("notifier {} failed", name, t);
                synchronized (queue) {
                    retryAt = System.currentTimeMillis() + backoff;
                    backoff = Math.min(BACKOFF_MAX, backoff * 2);
                }
            }
        }
    }
}
