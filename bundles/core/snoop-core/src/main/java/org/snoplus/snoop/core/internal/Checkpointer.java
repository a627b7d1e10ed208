package org.snoplus.snoop.core.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a checkpoint at each sample tick: a cut of the ring at a batch boundary ({@code H}: the
 * loop has delivered everything published before it to every slot that takes events), the
 * readers' positions after their last batch below {@code H}, and the state every processor hands
 * over right after its sample at that tick ({@code handoff()}, on its sampler thread, while the
 * loop holds its events). When the last of those samples is back the checkpoint is complete and
 * goes to a thread of its own, which writes it atomically ({@link CheckpointStore}) with the
 * writers' journal marks, then truncates the journal.
 *
 * <p>A cut is complete only if every name stands exactly at {@code H}: those sampled at the tick,
 * and those that take no events (quarantined, stuck, removed; a hung one too, whose held events are
 * then given up on a restart), which carry the state of their last good sample. A cut with a slot
 * still sampling from an earlier tick, between two versions, or a reader whose position at
 * {@code H} cannot be told, is not written: the previous checkpoint stays, and the next tick tries
 * again.
 *
 * <p>Threads: {@link #cut} and {@link #sampled} run on the loop (they read slots); the writing on
 * {@code snoop-checkpoint}. Bounded: at most {@value #PENDING} cuts wait for their samples, one
 * checkpoint is being written and one waits (a newer one replaces it).
 */
final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final int PENDING = 4;

    private final CheckpointStore store;
    private final DocumentJournal journal;
    private final Supplier<CoreSettings> settings;
    private final Supplier<List<WriterChannel>> writers;
    /** What the instance started from; its readers and writers are carried until they come back. */
    private final Checkpoint restored;

    private final long periodMs;

    // --- loop thread only
    private final ArrayDeque<Cut> pending = new ArrayDeque<>();
    private String lastIncomplete;
    /** The tick of the last checkpoint submitted for writing. */
    private long lastCut = Long.MIN_VALUE / 2;

    // --- readers and writers known from the restored checkpoint that have not come back yet (any thread)
    private final Map<String, Object> carriedReaders = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> carriedWriters = new java.util.concurrent.ConcurrentHashMap<>();

    // --- the writing thread
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Sampler.daemon("snoop-checkpoint-"));
    private final AtomicReference<Checkpoint> next = new AtomicReference<>();
    private volatile CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
    private volatile long lastWritten;
    private volatile long checkpoints;

    Checkpointer(CheckpointStore store, DocumentJournal journal, Checkpoint restored, long periodMs,
            Supplier<CoreSettings> settings, Supplier<List<WriterChannel>> writers) {
        this.store = store;
        this.periodMs = periodMs;
        this.journal = journal;
        this.restored = restored;
        this.settings = settings;
        this.writers = writers;
        if (restored != null) {
            restored.readers().forEach((k, v) -> {
                if (v != null) {
                    carriedReaders.put(k, v);
                }
            });
            carriedWriters.putAll(restored.writers());
        }
    }

    Checkpoint restored() {
        return restored;
    }

    /** Where a reader coming now resumes from (null: afresh); it is no longer carried. */
    Object readerStarts(String name) {
        return carriedReaders.remove(name);
    }

    /**
     * The journal sequence a writer coming now had confirmed before the last stop, or -1 for a
     * writer not seen before (nothing is replayed to it).
     */
    long writerStarts(String name) {
        Long m = carriedWriters.remove(name);
        return m == null ? -1 : m;
    }

    /** A writer that goes keeps its mark: if it comes back, it gets what it missed (within the bound). */
    void writerGone(String name, long confirmed) {
        if (confirmed >= 0) {
            carriedWriters.put(name, confirmed);
        }
    }

    // ------------------------------------------------------------------ on the loop thread

    /** One cut waiting for the states of the samples started at its tick. */
    private static final class Cut {
        final long time;
        final long sequence;
        final Map<String, Object> readers = new LinkedHashMap<>();
        final Map<String, Checkpoint.Entry> entries = new LinkedHashMap<>();
        final Set<Sampling> waiting = new HashSet<>();
        String incomplete;

        Cut(long time, long sequence) {
            this.time = time;
            this.sequence = sequence;
        }
    }

    /**
     * Whether the tick at {@code t} takes a checkpoint: at most one every {@code checkpoint.period.ms},
     * and always the final one of a drain. Decided before its samples start, which then take the
     * processors' states.
     */
    boolean due(long t, boolean last) {
        // a cut that waits for its samples is not doubled; one that was incomplete is tried again
        return last || pending.isEmpty() && t - lastCut >= periodMs;
    }

    /** At a tick, after its samples were started: the cut at {@code head}. */
    void cut(long t, long head, ProcessorSlot[] slots, List<Sampling> started, List<ReaderRunner> readers) {
        Cut c = new Cut(t, head);
        for (Sampling sm : started) {
            c.waiting.add(sm);
        }
        for (ProcessorSlot s : slots) {
            switch (s.state()) {
                case SAMPLING -> {
                    if (s.running == null || s.running.time() != t) {
                        c.incomplete = "processor " + s.name + " is still sampling";
                    }
                }
                case QUARANTINED, STUCK, HUNG, DISABLED, REMOVED -> c.entries.put(s.name, carried(s));
                case ARRIVING, VACANT -> c.incomplete = "processor " + s.name + " is between two versions";
                case ACTIVE -> c.incomplete = "processor " + s.name + " was not sampled";
            }
        }
        for (ReaderRunner r : readers) {
            Object p = r.positions.at(head);
            if (p == PositionLog.PARTIAL || p == PositionLog.LOST) {
                c.incomplete = "the position of reader " + r.name + " is " + p;
            }
            c.readers.put(r.name, p);
        }
        carriedReaders.forEach(c.readers::putIfAbsent);
        if (pending.size() == PENDING) {
            pending.removeFirst();
        }
        pending.addLast(c);
        complete(c);
    }

    private static Checkpoint.Entry carried(ProcessorSlot s) {
        boolean removed = s.state() == SlotState.REMOVED;
        return new Checkpoint.Entry(s.version.toString(), !removed, s.events(), s.aborts(), s.errors, s.lost,
                s.samples, s.sequence, s.windowStart, s.run, removed ? s.pendingState : s.lastGoodState);
    }

    /**
     * A sample is back (from {@code SampleDone}, on the loop): with the state its instance handed
     * over after it ({@code null} if it did not), it completes its tick's cut.
     */
    void sampled(Sampling sm, boolean documented, Object state) {
        for (Cut c : pending) {
            if (c.waiting.remove(sm)) {
                ProcessorSlot s = sm.slot();
                c.entries.put(s.name, new Checkpoint.Entry(sm.instance().version().toString(), true, s.events(),
                        s.aborts(), s.errors, s.lost, s.samples, sm.sequence(), sm.time(), sm.run(),
                        state != null ? state : s.lastGoodState));
                complete(c);
                return;
            }
        }
    }

    private void complete(Cut c) {
        if (!c.waiting.isEmpty()) {
            return;
        }
        pending.remove(c);
        if (c.incomplete != null) {
            if (!c.incomplete.equals(lastIncomplete)) {
                LOG.info("no checkpoint at {}: {} (the last one stays)", c.time, c.incomplete);
                lastIncomplete = c.incomplete;
            }
            return;
        }
        lastIncomplete = null;
        lastCut = c.time;
        // older cuts still waiting can only be worse than this one
        pending.removeIf(o -> o.time < c.time);
        submit(new Checkpoint(c.time, c.sequence, settings.get().instance(), c.readers, c.entries, Map.of()));
    }

    // ------------------------------------------------------------------ writing (its own thread)

    private void submit(Checkpoint c) {
        if (next.getAndSet(c) == null) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            written = done;
            thread.execute(() -> {
                try {
                    write(next.getAndSet(null));
                } finally {
                    done.complete(null);
                }
            });
        }
    }

    private void write(Checkpoint c) {
        if (c == null) {
            return;
        }
        Map<String, Long> marks = new LinkedHashMap<>(carriedWriters);
        for (WriterChannel w : writers.get()) {
            if (w.confirmed() >= 0) {
                marks.put(w.name, w.confirmed());
            }
        }
        Checkpoint full = new Checkpoint(c.time(), c.cut(), c.instance(), c.readers(), c.processors(), marks);
        try {
            long bytes = store.write(full);
            lastWritten = c.time();
            if (checkpoints++ == 0) {
                LOG.info("first checkpoint written: {} ({} kB)", store.file(), bytes >> 10);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("checkpoint not written to {}: {}; a restart resumes from the previous one", store.file(),
                    e.toString());
            return;
        }
        if (journal != null) {
            long min = journal.next() - 1;
            for (long m : marks.values()) {
                min = Math.min(min, m);
            }
            journal.truncate(min);
        }
    }

    /** Completes when the checkpoints submitted so far are written. */
    CompletableFuture<Void> written() {
        return written;
    }

    long lastWritten() {
        return lastWritten;
    }

    void close() {
        thread.shutdown();
    }
}
