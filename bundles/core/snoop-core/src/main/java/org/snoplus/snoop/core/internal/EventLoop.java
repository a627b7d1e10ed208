package org.snoplus.snoop.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.processor.Processor;

/**
 * The loop: one thread that takes events from the {@link EventRing} and delivers them, in batches,
 * processor by processor, to every slot that takes events; between batches it runs the
 * {@linkplain LoopCommand commands} other threads submit and starts the samples the ticker asks
 * for. It owns the slots: nothing else writes them (see {@link ProcessorSlot}).
 *
 * <p><b>A processor stuck in {@code event()}.</b> Before each batch handed to a processor the
 * loop publishes a token naming the call ({@link #call}), and after it sets it back to idle, with
 * ordered stores (no fence: nothing is added per event, and per batch no more than two plain
 * stores and one load). The sampler's watchdog that sees the same token for longer than
 * {@code event.timeout.ms} asks for the call ({@link #abandon} = token); at its next round, a
 * quarter of a second later, it takes it ({@code -token}) if the loop is still in that call, and
 * starts a new loop thread, which marks the slot STUCK and carries on from the loop's fields as
 * the stuck thread left them. A loop thread that comes out of a call and finds it asked for
 * either keeps it (it sets the request back to 0 first: it was slow, not stuck) or, finding it
 * taken, ends without touching anything. Both sides decide with a compare-and-set, which happens
 * only on this rare path; a loop thread that left the call before it was asked for has, by the
 * next round, long made its idle store visible (every dispatch ends with a volatile store).
 */
final class EventLoop {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    /** Events handed to each processor per step: small enough to stay in cache, large enough to amortise. */
    static final int BATCH = 1024;
    private static final long COMMAND_TIMEOUT_MS = 30_000;
    private static final int ERRORS_LOGGED_PER_PERIOD = 3;
    private static final long PARK_NANOS = 50_000_000L;
    private static final long IDLE = 0;

    private final EventRing ring;
    private final Supplier<CoreSettings> settings;
    private final BackPressure backPressure;
    private Sampler sampler;
    /** Gives a new slot what the checkpoint the instance started from holds for its name. */
    private java.util.function.Consumer<ProcessorSlot> restorer = s -> {
    };

    // --- loop thread only
    private ProcessorSlot[] slots = new ProcessorSlot[0];
    private long head;
    private long calls;
    private final List<CompletableFuture<Void>> caughtUpWaiters = new ArrayList<>();

    // --- written by the loop thread, read by any
    /** Every slot by name; entries are added by the loop only. */
    private final Map<String, ProcessorSlot> byName = new ConcurrentHashMap<>();
    private volatile long headSnapshot;
    private volatile long loopRun = -1;
    /** The slot whose batch is being delivered (written before the token is published). */
    private ProcessorSlot callSlot;

    // --- shared
    private final ConcurrentLinkedQueue<Queued<?>> commands = new ConcurrentLinkedQueue<>();
    /** The call in progress: a token while the loop is in a processor's {@code event()}, else idle. */
    private final AtomicLong call = new AtomicLong(IDLE);
    /** 0, or a token the watchdog asks for ({@code token}) or has taken ({@code -token}). */
    private final AtomicLong abandon = new AtomicLong();
    /** The thread that owns the loop now (a new one after a stuck {@code event()}); null when stopped. */
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile long tickRequested;
    private long tickHandled;
    /** Inline commands (the loop not running) are serialised on this lock. */
    private final Object inline = new Object();
    // what the watchdog saw last: a token and since when
    private long watchedToken = IDLE;
    private long watchedSince;

    EventLoop(EventRing ring, Supplier<CoreSettings> settings) {
        this.ring = ring;
        this.settings = settings;
        this.backPressure = new BackPressure(ring, settings);
    }

    void sampler(Sampler s) {
        this.sampler = s;
    }

    Sampler sampler() {
        return sampler;
    }

    void restorer(java.util.function.Consumer<ProcessorSlot> r) {
        this.restorer = r;
    }

    // ------------------------------------------------------------------ lifecycle (caller's thread)

    void start() {
        synchronized (inline) {
            if (thread != null) {
                return;
            }
            stopping = false;
            startThread(null);
        }
    }

    /** Asks the loop to end once the commands queued so far have run, and waits for it. */
    void stop(long timeoutMs) {
        Thread t;
        synchronized (inline) {
            t = thread;
            if (t == null) {
                return;
            }
            stopping = true;
        }
        ring.wakeConsumer();
        try {
            t.join(Math.max(1, timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (inline) {
            if (thread == t) {
                thread = null;
            }
            // what was submitted while the loop ended runs here, as any command once it is stopped
            runCommands();
        }
    }

    boolean running() {
        return thread != null;
    }

    private void startThread(ProcessorSlot stuck) {
        Thread t = new Thread(() -> run(stuck), "snoop-loop");
        t.setDaemon(true);
        thread = t;
        ring.consumer(t);
        t.start();
    }

    // ------------------------------------------------------------------ the loop (loop thread)

    private void run(ProcessorSlot stuck) {
        if (stuck == null) {
            LOG.info("event loop started (buffer of {} events)", ring.capacity());
        } else {
            leftBehind(stuck);
        }
        while (true) {
            try {
                if (!step()) {
                    break;
                }
            } catch (Abandoned a) {
                return; // a stuck event() returned after the loop went on without this thread
            } catch (Throwable t) {
                // processors' exceptions are caught where they are called; this is a bug of ours,
                // and the loop must outlive it
                LOG.error("event loop error (the loop goes on): {}", t.toString(), t);
            }
        }
        LOG.info("event loop stopped after {} events", head);
    }

    /** One turn of the loop; false once it should stop. */
    private boolean step() {
        runCommands();
        long published = ring.published();
        boolean worked = false;
        if (published != head) {
            dispatch(Math.min(published, head + BATCH));
            worked = true;
        }
        long t = tickRequested;
        if (t > tickHandled) {
            tickHandled = t;
            deliverPublished();
            sampler.tick(t, false);
            worked = true;
        }
        if (!worked) {
            // deliver what was held for slots that take events again (a sample returned, a new
            // version arrived) before sleeping
            if (catchUp()) {
                return true;
            }
            notifyCaughtUp();
            if (ring.claimed() != ring.published()) {
                // producers wait for room: the ring may be full of events held for a slot that
                // cannot take them, which only the gate decision frees
                backPressure.updateGate(slots, head);
            }
            if (stopping && commands.isEmpty()) {
                return false;
            }
            ring.consumerParked(true);
            if (commands.isEmpty() && ring.published() == head && tickRequested <= tickHandled && !stopping) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            ring.consumerParked(false);
        }
        return true;
    }

    /** Delivers events up to {@code to} to every slot that takes them; moves the others on. */
    private void dispatch(long to) {
        ProcessorSlot[] ss = slots;
        long run = ring.runAt(to - 1);
        for (ProcessorSlot s : ss) {
            if (s.cursor < to) {
                if (s.takesEvents()) {
                    deliver(s, s.cursor, to);
                    s.run = run;
                } else if (!s.holdsEvents()) {
                    s.cursor = to; // nothing is kept for pollers, quarantined, stuck or removed names
                    s.run = run;
                }
            }
        }
        head = to;
        headSnapshot = to;
        loopRun = run;
        backPressure.updateGate(ss, head);
    }

    /**
     * Delivers everything published so far: the cut of a tick's checkpoint is then at a batch
     * boundary of every reader (a producer's batch is published whole, so {@code published} is
     * never inside one).
     */
    void deliverPublished() {
        long p = ring.published();
        while (head < p) {
            dispatch(Math.min(p, head + BATCH));
        }
    }

    private boolean catchUp() {
        for (ProcessorSlot s : slots) {
            if (s.cursor < head && (s.takesEvents() || !s.holdsEvents())) {
                dispatch(head);
                return true;
            }
        }
        return false;
    }

    /**
     * Hands {@code [from, to)} to one slot's instance. The bookkeeping is here and the loops over
     * the events are apart, so that this method stays small enough for the compiler to inline
     * into {@link #dispatch} (it measurably matters: see docs/PERFORMANCE.md).
     */
    private void deliver(ProcessorSlot s, long from, long to) {
        long token = ++calls;
        callSlot = s;
        call.setRelease(token);
        long counts = s.all ? everyEvent(s, from, to) : eventsOfType(s, from, to);
        call.setRelease(IDLE);
        if (abandon.getAcquire() != 0 || thread != Thread.currentThread()) {
            keepOrLeave(token);
        }
        s.cursor = to;
        s.delivered((int) counts, counts >>> 32);
    }

    /** Calls {@code event()} on every event of the batch through the instance's own loop (see {@link Delivery}). */
    private long everyEvent(ProcessorSlot s, long from, long to) {
        // locals, not fields: the calls could (as far as the compiler knows) change fields
        Object[] events = ring.slots();
        int mask = events.length - 1;
        return s.delivery.everyEvent(this, s, s.processor, events, (int) from & mask, (int) (to - from), mask);
    }

    /** As {@link #everyEvent}, for the events of the slot's type only. */
    private long eventsOfType(ProcessorSlot s, long from, long to) {
        Object[] events = ring.slots();
        int mask = events.length - 1;
        return s.delivery.eventsOfType(this, s, s.processor, s.type, events, (int) from & mask, (int) (to - from),
                mask);
    }

    /** Counts an error of a slot's instance; returns true if it quarantined the slot. Loop thread. */
    boolean failed(ProcessorSlot s, String where, Throwable t) {
        s.errors++;
        int n = ++s.periodErrors;
        s.lastError = where + ": " + t;
        if (n <= ERRORS_LOGGED_PER_PERIOD) {
            LOG.warn("processor {} failed in {}: {}", s.name, where, t.toString(), t);
        }
        if (n >= settings.get().quarantineErrors() && s.state() == SlotState.ACTIVE) {
            s.quarantine();
            LOG.error("processor {} quarantined after {} errors in one sample period (last: {}); "
                    + "deploy a new version or run 'snoop:enable {}'", s.name, n, t, s.name);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ a stuck event()

    /**
     * Called by the watchdog (one thread) every round: if the same batch has been in a processor's
     * {@code event()} for longer than {@code event.timeout.ms}, asks for the call; if it asked
     * last round and the loop is still in that call, takes it and starts a new loop thread.
     * Returns the slot left behind, or null.
     */
    ProcessorSlot abandonIfStuck(long timeoutNanos) {
        long token = call.get();
        long asked = abandon.get();
        if (asked > 0) {
            if (token == asked && abandon.compareAndSet(asked, -asked)) {
                return takeOver(asked);
            }
            abandon.compareAndSet(asked, 0); // it came out (or kept the call): nothing to do
            return null;
        }
        long now = System.nanoTime();
        if (token == IDLE || token != watchedToken) {
            watchedToken = token;
            watchedSince = now;
            return null;
        }
        if (now - watchedSince >= timeoutNanos && thread != null && !stopping) {
            abandon.compareAndSet(0, token);
        }
        return null;
    }

    private ProcessorSlot takeOver(long token) {
        ProcessorSlot s = callSlot;
        synchronized (inline) {
            Thread old = thread;
            call.set(IDLE);
            startThread(s);
            LOG.error("processor {}: event() has not returned within {} ms; the loop goes on without it on a new "
                    + "thread ({} is left behind in it)", s.name, settings.get().eventTimeoutMs(),
                    old == null ? "?" : old.getName());
        }
        watchedToken = IDLE;
        return s;
    }

    /** Out of a call the watchdog asked for: keep going if it is not taken yet, else end this thread. */
    private void keepOrLeave(long token) {
        if (Thread.currentThread() == thread) {
            if (abandon.compareAndSet(token, 0) || abandon.get() != -token) {
                return; // slow, not stuck (or asked for another call): the loop goes on here
            }
        }
        throw new Abandoned();
    }

    /** First act of a loop thread that replaces a stuck one. */
    private void leftBehind(ProcessorSlot s) {
        if (s.state() != SlotState.ACTIVE) {
            LOG.error("processor {}: left behind in event() while {}", s.name, s.state());
            return;
        }
        abandon.set(0); // the thread left behind knows by the loop's thread, no longer its own
        // the reason first: whoever sees the state sees why
        s.lastError = "event() did not return within " + settings.get().eventTimeoutMs() + " ms";
        s.errors++;
        s.stuck();
    }

    /** Thrown on a thread the loop has left behind, when its stuck call returns. */
    private static final class Abandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super(null, null, false, false);
        }
    }

    // ------------------------------------------------------------------ commands

    private void runCommands() {
        Queued<?> c;
        while ((c = commands.poll()) != null) {
            c.run(this);
        }
    }

    /**
     * Hands {@code command} to the loop; its future completes when the loop has run it. When the
     * loop is not running the command runs here and now (nothing else touches the slots then).
     */
    <T> CompletableFuture<T> submit(LoopCommand<T> command) {
        Queued<T> q = new Queued<>(command);
        if (Thread.currentThread() == thread) {
            q.run(this);
            return q.result;
        }
        synchronized (inline) {
            if (thread == null) {
                q.run(this);
                return q.result;
            }
            commands.add(q);
        }
        ring.wakeConsumer();
        return q.result;
    }

    /** Submits {@code command} and waits for its result. */
    <T> T call(LoopCommand<T> command) {
        CompletableFuture<T> f = submit(command);
        try {
            return f.get(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error("the event loop did not answer within {} s", COMMAND_TIMEOUT_MS / 1000);
            throw new IllegalStateException("event loop not responding", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the event loop", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static final class Queued<T> {
        final LoopCommand<T> command;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Queued(LoopCommand<T> command) {
            this.command = command;
        }

        void run(EventLoop loop) {
            try {
                result.complete(command.run(loop));
            } catch (Abandoned a) {
                // the command delivered events and got stuck in event(): this thread is done
                result.completeExceptionally(new IllegalStateException("a processor got stuck in event()"));
                throw a;
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    // ------------------------------------------------------------------ what commands may use (loop thread)

    long head() {
        return head;
    }

    ProcessorSlot[] slots() {
        return slots;
    }

    ProcessorSlot slot(String name) {
        return byName.get(name);
    }

    /** The slot of {@code name}, created (holding nothing) if it is new. */
    ProcessorSlot slotFor(String name) {
        ProcessorSlot s = byName.get(name);
        if (s == null) {
            s = new ProcessorSlot(name, head);
            restorer.accept(s);
            ProcessorSlot[] ss = Arrays.copyOf(slots, slots.length + 1);
            ss[ss.length - 1] = s;
            slots = ss;
            byName.put(name, s);
        }
        return s;
    }

    /** Delivers to {@code s} what is already read, so that a sample covers everything up to now. */
    void catchUp(ProcessorSlot s) {
        if (s.cursor < head && s.takesEvents()) {
            deliver(s, s.cursor, head);
            s.run = loopRun;
        }
    }

    /**
     * Completes when every event read so far has reached every slot that takes events, samples
     * still running (not hung) included.
     */
    CompletableFuture<Void> caughtUp() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        caughtUpWaiters.add(f);
        return f;
    }

    private void notifyCaughtUp() {
        if (!caughtUpWaiters.isEmpty() && head == ring.published() && !sampling()) {
            for (CompletableFuture<Void> f : caughtUpWaiters) {
                f.complete(null);
            }
            caughtUpWaiters.clear();
        }
    }

    /** Whether a sample runs that has not overrun its time (its events are held and will come). */
    private boolean sampling() {
        for (ProcessorSlot s : slots) {
            if (s.state() == SlotState.SAMPLING) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ for the ticker and the admin view

    /** Asks for a tick at {@code t} (any thread). */
    void requestTick(long t) {
        tickRequested = t;
        ring.wakeConsumer();
    }

    Collection<ProcessorSlot> allSlots() {
        return byName.values();
    }

    long eventsTaken() {
        return headSnapshot;
    }

    long run() {
        return loopRun;
    }

    EventRing ring() {
        return ring;
    }
}
