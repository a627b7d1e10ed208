package org.snoplus.snoop.query.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryStoppedException;
import org.snoplus.snoop.query.StoreException;

/**
 * Answers to questions, each computed once however many ask it at the same time, and kept for
 * those who ask again.
 *
 * <p><b>Validity.</b> An answer is kept with the {@code DocumentStore.version} of every processor
 * it read, taken before it was computed: it is given again only while all those versions are the
 * same (a document written meanwhile may or may not be in it, but it changed a version, so the
 * next question computes the answer again). An entry found stale is removed.
 *
 * <p><b>Bounds.</b> The entries' estimated sizes (bytes of JSON) add up to at most
 * {@code capacity}; the least recently used go first; an answer larger than an eighth of the
 * capacity is not kept; an entry not asked for during {@code idleMillis} goes at the next put.
 *
 * <p><b>One computation per question.</b> The first asker computes; those who ask the same
 * question (at the same versions) meanwhile wait for its answer, each within its own limits, and
 * get its answer or its failure. If the first asker called the question off (its client went
 * away), a waiter computes the answer itself.
 */
final class Answers {

    /** An answer with its estimated size. */
    record Sized(Object answer, long bytes) {
    }

    /** Works an answer out. */
    interface Computation {
        Sized compute() throws StoreException;
    }

    private record Entry(long[] versions, Object answer, long bytes, long used) {
    }

    private static final class Flight {
        final long[] versions;
        final CompletableFuture<Sized> result = new CompletableFuture<>();

        Flight(long[] versions) {
            this.versions = versions;
        }
    }

    private final long capacity;
    private final long idleMillis;
    private final LongSupplier clock;
    // guarded by this
    private final LinkedHashMap<Object, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private final Map<Object, Flight> inFlight = new ConcurrentHashMap<>();

    Answers(long capacity, long idleMillis, LongSupplier clock) {
        this.capacity = capacity;
        this.idleMillis = idleMillis;
        this.clock = clock;
    }

    /** The answer to {@code question} at {@code versions}: kept, being computed by another asker, or computed now. */
    Object answer(Object question, long[] versions, QueryLimits limits, Computation computation)
            throws StoreException {
        Object kept = get(question, versions);
        if (kept != null) {
            return kept;
        }
        Flight mine = new Flight(versions);
        Flight other = inFlight.putIfAbsent(question, mine);
        if (other != null) {
            if (Arrays.equals(other.versions, versions)) {
                Sized shared = await(other, limits);
                if (shared != null) {
                    return shared.answer();
                }
            }
            // another version, or the first asker gave up: compute it here, without sharing
            return computation.compute().answer();
        }
        try {
            Sized answer = computation.compute();
            put(question, versions, answer);
            mine.result.complete(answer);
            return answer.answer();
        } catch (StoreException | RuntimeException | Error e) {
            mine.result.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(question, mine);
        }
    }

    /** The other asker's answer; null if it called the question off; its failure rethrown otherwise. */
    private static Sized await(Flight flight, QueryLimits limits) throws StoreException {
        while (true) {
            limits.check();
            try {
                return flight.result.get(Math.min(100, Math.max(1, limits.remainingMillis())), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // check our own limits, wait again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueryStoppedException("interrupted while waiting for the same question's answer", false);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof QueryStoppedException stopped && !stopped.timedOut()) {
                    return null;
                }
                if (cause instanceof StoreException s) {
                    throw new StoreException(s.getMessage(), s);
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    boolean enabled() {
        return capacity > 0;
    }

    /** The answer to {@code question} computed at {@code versions}, or null; a stale one is removed. */
    synchronized Object get(Object question, long[] versions) {
        Entry e = entries.get(question);
        if (e == null) {
            return null;
        }
        if (!Arrays.equals(e.versions, versions)) {
            remove(question, e);
            return null;
        }
        entries.put(question, new Entry(e.versions, e.answer, e.bytes, clock.getAsLong()));
        return e.answer;
    }

    synchronized void put(Object question, long[] versions, Sized answer) {
        if (capacity <= 0 || answer.bytes() > capacity / 8) {
            return;
        }
        long now = clock.getAsLong();
        Entry old = entries.put(question, new Entry(versions, answer.answer(), answer.bytes(), now));
        if (old != null) {
            bytes -= old.bytes;
        }
        bytes += answer.bytes();
        Iterator<Map.Entry<Object, Entry>> eldest = entries.entrySet().iterator();
        while (eldest.hasNext()) {
            Entry e = eldest.next().getValue();
            if (bytes <= capacity && now - e.used < idleMillis) {
                break;
            }
            eldest.remove();
            bytes -= e.bytes;
        }
    }

    private void remove(Object question, Entry e) {
        entries.remove(question);
        bytes -= e.bytes;
    }

    synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    synchronized int size() {
        return entries.size();
    }

    /** Estimated bytes of the answers kept. */
    synchronized long bytes() {
        return bytes;
    }
}
