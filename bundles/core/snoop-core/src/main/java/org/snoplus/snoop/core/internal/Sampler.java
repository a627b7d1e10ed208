package org.snoplus.snoop.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.JsonValues;

/**
 * Sampling: the ticker (a tick on every multiple of {@code sample.period.ms}), the samples
 * themselves (each {@code sample()} on a sampler thread while the loop holds that processor's
 * events), sample-now, and the watchdog (samples that overrun {@code sample.timeout.ms}, a
 * processor stuck in {@code event()}).
 *
 * <p>Threads: the ticker thread asks the loop for ticks and runs the watchdog; the loop starts
 * samples ({@link #tick}, {@link SampleNow}); a sampler thread runs one {@code sample()}, stamps
 * and copies the document, hands it on, and reports back to the loop with a {@link SampleDone}
 * command. No field of a slot is written off the loop.
 */
final class Sampler {

    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);
    private static final long WATCHDOG_MS = 250;
    /** How often states are taken when there are no checkpoints (the default checkpoint period). */
    private static final long CAPTURE_MS = 10_000;

    private final EventLoop loop;
    private final Supplier<CoreSettings> settings;
    /** Where documents go (the journal and the writers); called on the sampler thread. */
    private final Consumer<SampleDocument> documents;
    /** Called on the loop at each tick with the elapsed ms (readers' rates). */
    private final java.util.function.LongConsumer onTick;
    /** The readers, for the positions of a checkpoint cut. */
    private final Supplier<List<ReaderRunner>> readers;
    /** Null when checkpoints are off. */
    private final Checkpointer checkpointer;

    // --- guarded by this
    private ScheduledExecutorService ticker;
    private ScheduledFuture<?> nextTick;
    private ExecutorService threads;
    private boolean ticking;

    // --- loop thread only
    private long eventsAtLastTick;
    private long lastTickTime;
    /** Without checkpoints, the last tick whose samples took the states (the last good states). */
    private long lastCapture = Long.MIN_VALUE / 2;

    // --- ticker thread only
    private CompletableFuture<Void> lastCheck = CompletableFuture.completedFuture(null);

    private volatile double loopRate;
    /** The readers that published since the tick before (loop thread): the provenance of this tick's documents. */
    private List<String> sources = List.of();

    Sampler(EventLoop loop, Supplier<CoreSettings> settings, Consumer<SampleDocument> documents,
            java.util.function.LongConsumer onTick, Supplier<List<ReaderRunner>> readers, Checkpointer checkpointer) {
        this.loop = loop;
        this.settings = settings;
        this.documents = documents;
        this.onTick = onTick;
        this.readers = readers;
        this.checkpointer = checkpointer;
    }

    // ------------------------------------------------------------------ lifecycle (any thread)

    synchronized void start() {
        threads = Executors.newCachedThreadPool(daemon("snoop-sample-"));
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("snoop-ticker-"));
        ticking = true;
        lastTickTime = System.currentTimeMillis();
        scheduleTick();
        ticker.scheduleWithFixedDelay(this::watchdog, WATCHDOG_MS, WATCHDOG_MS, TimeUnit.MILLISECONDS);
    }

    /** No more ticks (the final sample of a drain is taken by hand); the watchdog goes on. */
    synchronized void stopTicks() {
        ticking = false;
        if (nextTick != null) {
            nextTick.cancel(false);
        }
    }

    /** The period changed: the next tick is on the new grid. */
    synchronized void reschedule() {
        if (ticking) {
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            scheduleTick();
        }
    }

    synchronized void stop() {
        ticking = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** After the loop stopped: samples still running are interrupted. */
    synchronized void shutdown() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    private void scheduleTick() {
        long period = settings.get().samplePeriodMs();
        long now = System.currentTimeMillis();
        long next = (now / period + 1) * period;
        nextTick = ticker.schedule(() -> {
            loop.requestTick(next);
            synchronized (this) {
                if (ticking) {
                    scheduleTick();
                }
            }
        }, next - now, TimeUnit.MILLISECONDS);
    }

    double loopRate() {
        return loopRate;
    }

    // ------------------------------------------------------------------ on the loop thread

    /** The names of the readers that published since the last call (loop thread). */
    private static List<String> fed(List<ReaderRunner> readers) {
        List<String> names = new ArrayList<>(2);
        for (ReaderRunner r : readers) {
            if (r.fedSinceLastTick()) {
                names.add(r.name);
            }
        }
        return names.isEmpty() ? List.of() : List.copyOf(names);
    }

    /**
     * Samples every slot that can be sampled, at time {@code t}; removes slots vacant for too long;
     * takes the checkpoint cut. The loop has delivered everything published so far.
     */
    List<CompletableFuture<SampleDocument>> tick(long t, boolean last) {
        List<CompletableFuture<SampleDocument>> started = new ArrayList<>();
        List<Sampling> samplings = new ArrayList<>();
        sources = fed(readers.get());
        boolean checkpoint = checkpointer != null ? checkpointer.due(t, last) : capture(t);
        long now = System.currentTimeMillis();
        CoreSettings c = settings.get();
        for (ProcessorSlot s : loop.slots()) {
            SlotState state = s.state();
            if (state == SlotState.VACANT && now - s.vacantSince >= c.swapHoldMs()) {
                s.expire();
                LOG.info("processor {} removed (no new version within {} ms); its state is kept for a later "
                        + "deployment", s.name, c.swapHoldMs());
                continue;
            }
            if (state.hasInstance()) {
                s.periodErrors = 0;
            }
            if (state == SlotState.ACTIVE) {
                Sampling sm = start(s, t, checkpoint);
                samplings.add(sm);
                started.add(sm.done());
            } else if (last && state == SlotState.SAMPLING && s.running.instance() == s.live) {
                // the final sample must come after the one running (a tick's, late because the loop was held
                // up): it is taken as soon as that one returns, as a sample asked for by hand is
                if (s.requested == null) {
                    s.requested = new CompletableFuture<>();
                }
                started.add(s.requested);
            }
        }
        if (checkpoint && checkpointer != null) {
            checkpointer.cut(t, loop.head(), loop.slots(), samplings, readers.get());
        }
        long elapsed = now - lastTickTime;
        if (elapsed > 0) {
            long head = loop.head();
            loopRate = (head - eventsAtLastTick) * 1000.0 / elapsed;
            eventsAtLastTick = head;
            lastTickTime = now;
            onTick.accept(elapsed);
        }
        return started;
    }

    /**
     * Without checkpoints the states are still taken now and then: a successor of an instance that
     * hangs gets its last good state.
     */
    private boolean capture(long t) {
        if (t - lastCapture >= CAPTURE_MS) {
            lastCapture = t;
            return true;
        }
        return false;
    }

    /** Closes the slot's window and hands {@code sample()} to a sampler thread; its events are held meanwhile. */
    Sampling start(ProcessorSlot s, long t, boolean checkpoint) {
        Sampling sm = new Sampling(s, s.live, t, s.windowStart, s.windowEvents, ++s.sequence,
                s.type == null ? loop.run() : s.run, sources, System.nanoTime(), checkpoint, new CompletableFuture<>());
        s.windowStart = t;
        s.windowEvents = 0;
        s.startSample(sm);
        String instance = settings.get().instance();
        try {
            threads.execute(() -> take(sm, instance));
        } catch (RuntimeException e) {
            // the pool is shut down: the engine is stopping
            loop.submit(new SampleDone(sm, null, e, null, null));
            sm.done().completeExceptionally(e);
        }
        return sm;
    }

    // ------------------------------------------------------------------ on a sampler thread

    private void take(Sampling sm, String instance) {
        SampleDocument doc = null;
        Throwable error = null;
        Object state = null;
        Throwable stateError = null;
        try {
            Map<String, Object> body = sm.instance().processor().sample();
            // the state right after the sample, while the loop still holds the processor's events:
            // the checkpoint's, and the last good state a successor gets if this instance hangs
            if (sm.checkpoint()) {
                try {
                    state = JsonValues.copyForHandoff(sm.instance().processor().handoff());
                } catch (Throwable e) {
                    stateError = e;
                }
            }
            if (body != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) JsonValues.copyForDocument(body);
                String name = sm.slot().name;
                doc = new SampleDocument(SampleDocument.idOf(name, instance, sm.time()), name, sm.time(),
                        sm.windowStart(), sm.time(), sm.sequence(), sm.instance().version().toString(), instance,
                        sm.run(), sm.windowEvents(), sm.sources(), data);
            }
        } catch (Throwable e) {
            error = e;
        }
        // first the document goes out, then the loop learns that the processor may take events again:
        // a sample the loop starts then (one asked for meanwhile, a drain's final one) is published after
        // this one, so that a processor's documents reach the writers in the order of their times
        if (doc != null) {
            try {
                documents.accept(doc);
            } catch (RuntimeException e) {
                LOG.error("processor {}: its document could not be handed to the writers: {}", sm.slot().name,
                        e.toString(), e);
            }
        }
        loop.submit(new SampleDone(sm, doc, error, state, stateError));
        if (error == null) {
            sm.done().complete(doc);
        } else {
            sm.done().completeExceptionally(error);
        }
    }

    /**
     * A sample returned (or failed): the slot takes events again, its state after the sample is
     * its last good one and goes into the tick's checkpoint, a sample asked for meanwhile is taken.
     */
    record SampleDone(Sampling sampling, SampleDocument document, Throwable error, Object state,
            Throwable stateError) implements LoopCommand<Void> {
        @Override
        public Void run(EventLoop loop) {
            ProcessorSlot s = sampling.slot();
            boolean wasHung = s.state() == SlotState.HUNG && s.running == sampling;
            s.sampleDone(sampling);
            boolean good = error == null && stateError == null;
            if (good && sampling.checkpoint() && sampling.instance() == s.live) {
                s.lastGoodState = state;
            }
            if (stateError != null) {
                s.errors++;
                s.lastError = "handoff() after a sample: " + stateError;
                LOG.warn("processor {}: handoff() failed after its sample; its last good state is kept: {}", s.name,
                        stateError.toString());
            }
            Checkpointer c = loop.sampler().checkpointer;
            if (c != null) {
                c.sampled(sampling, document != null, good ? state : null);
            }
            if (wasHung) {
                LOG.warn("processor {}: sample() returned after {} ms", s.name,
                        (System.nanoTime() - sampling.startedNanos()) / 1_000_000);
            }
            if (document != null) {
                s.samples++;
                s.lastSampleTime = sampling.time();
            }
            if (error != null) {
                loop.failed(s, "sample()", error);
            }
            CompletableFuture<SampleDocument> asked = s.requested;
            if (asked != null && s.running == null) {
                s.requested = null;
                try {
                    loop.sampler().sampleNowOnLoop(s).whenComplete((d, e) -> {
                        if (e != null) {
                            asked.completeExceptionally(e);
                        } else {
                            asked.complete(d);
                        }
                    });
                } catch (RuntimeException e) {
                    asked.completeExceptionally(e);
                }
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ sample now (any thread)

    /**
     * Samples one processor now and returns its document. If a sample of it is running (a tick's),
     * this one is taken as soon as that one returns.
     */
    SampleDocument sampleNow(String name, Duration timeout) throws Exception {
        CompletableFuture<SampleDocument> f = loop.call(new SampleNow(name));
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    record SampleNow(String name) implements LoopCommand<CompletableFuture<SampleDocument>> {
        @Override
        public CompletableFuture<SampleDocument> run(EventLoop loop) {
            ProcessorSlot s = loop.slot(name);
            if (s == null || !s.state().hasInstance()) {
                throw new IllegalArgumentException("no live processor named '" + name + "'");
            }
            if (s.running != null && s.running.instance() == s.live) {
                if (s.requested == null) {
                    s.requested = new CompletableFuture<>();
                }
                return s.requested;
            }
            return loop.sampler().sampleNowOnLoop(s);
        }
    }

    private CompletableFuture<SampleDocument> sampleNowOnLoop(ProcessorSlot s) {
        switch (s.state()) {
            case QUARANTINED -> throw new IllegalArgumentException("processor '" + s.name + "' is quarantined");
            case DISABLED -> throw new IllegalArgumentException("processor '" + s.name + "' is disabled "
                    + "(snoop:enable " + s.name + ")");
            case STUCK -> throw new IllegalArgumentException("processor '" + s.name + "' is stuck in event()");
            case ACTIVE -> {
                // deliver what is already read, so the sample covers everything up to now
                loop.catchUp(s);
                return start(s, System.currentTimeMillis(), false).done();
            }
            default -> throw new IllegalArgumentException("no live processor named '" + s.name + "' (it is "
                    + s.state().shown() + ")");
        }
    }

    // ------------------------------------------------------------------ the watchdog (ticker thread)

    private void watchdog() {
        CoreSettings c = settings.get();
        loop.abandonIfStuck(c.eventTimeoutMs() * 1_000_000L);
        // one check at a time: if the loop is slow to run it, checks do not pile up
        if (lastCheck.isDone()) {
            lastCheck = loop.submit(new CheckSamples(c.sampleTimeoutMs() * 1_000_000L, c.sampleTimeoutMs()));
        }
    }

    /** Marks samples that overran their time as hung (the processor shows HUNG, an error is counted). */
    record CheckSamples(long timeoutNanos, long timeoutMs) implements LoopCommand<Void> {
        @Override
        public Void run(EventLoop loop) {
            long now = System.nanoTime();
            for (ProcessorSlot s : loop.slots()) {
                Sampling r = s.running;
                if (r != null && s.state() == SlotState.SAMPLING && now - r.startedNanos() > timeoutNanos) {
                    s.lastError = "sample() did not return within " + timeoutMs + " ms";
                    s.errors++;
                    s.overran(r);
                    LOG.error("processor {}: sample() has not returned within {} ms; its events are held (up to {}) "
                            + "and its samples skipped until it does", s.name, timeoutMs, loop.ring().capacity());
                }
            }
            return null;
        }
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
