package org.snoplus.snoop.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.LoopInfo;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.WriterInfo;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.processor.ProcessorAbort;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.writer.Writer;

/**
 * The event loop, the sampler and the plumbing to readers and writers, free of OSGi so that it can
 * be tested and benchmarked on its own ({@link SnoopCore} wires it to the service registry).
 *
 * <p>One thread (the loop) owns the processors' slots: it delivers events from the
 * {@link EventRing} to every processor in batches, processor by processor, and starts samples.
 * Other threads never touch a slot's loop-owned fields; they send the loop commands
 * ({@link #onLoop}) and wait for them. A processor being sampled, or between two versions, simply
 * stops advancing its cursor: the ring holds its events until it catches up.
 */
public final class Engine {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** Events handed to each processor per step: small enough to stay in cache, large enough to amortise. */
    static final int BATCH = 1024;
    private static final long COMMAND_TIMEOUT_MS = 30_000;
    private static final int ERRORS_LOGGED_PER_PERIOD = 3;
    /** How long a sample may hold the readers back when the ring is full. */
    private static final long SAMPLE_HOLD_MS = 1000;

    private volatile CoreSettings settings;
    private final EventRing ring;

    // --- loop-owned
    private ProcessorSlot[] slots = new ProcessorSlot[0];
    private long head;
    private long tickHandled;

    // --- shared
    private final Map<String, ProcessorSlot> byName = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final CopyOnWriteArrayList<ReaderRunner> readers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<WriterChannel> writers = new CopyOnWriteArrayList<>();
    private final Object bindLock = new Object();
    private final Object lifecycle = new Object();
    private volatile Thread loopThread;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile boolean draining;
    private volatile long tickRequested;
    private volatile long headSnapshot;
    private volatile long run = -1;
    private volatile double loopRate;
    private long eventsAtLastTick;
    private long lastTickTime;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> nextTick;
    private ExecutorService samplers;

    public Engine(CoreSettings settings) {
        this.settings = settings;
        this.ring = new EventRing(settings.ringSize());
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts the loop thread, the sample ticks and the hung-sample watchdog. */
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            samplers = Executors.newCachedThreadPool(daemon("snoop-sample-"));
            scheduler = Executors.newSingleThreadScheduledExecutor(daemon("snoop-ticker-"));
            running = true;
            stopping = false;
            Thread t = new Thread(this::loop, "snoop-loop");
            t.setDaemon(true);
            loopThread = t;
            ring.consumer(t);
            t.start();
            lastTickTime = System.currentTimeMillis();
            scheduleTick();
            scheduler.scheduleWithFixedDelay(this::watchdog, 250, 250, TimeUnit.MILLISECONDS);
        }
        for (ReaderRunner r : readers) {
            r.start();
        }
    }

    /**
     * Stops the readers, delivers what they read, takes a final sample of every processor and waits
     * for the writers to write it. Idempotent; the loop keeps running so that processors can still
     * be unbound (and hand their state over) afterwards.
     */
    public void drain(Duration timeout) {
        if (!running || draining) {
            return;
        }
        draining = true;
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (lifecycle) {
            if (nextTick != null) {
                nextTick.cancel(false);
            }
        }
        for (ReaderRunner r : readers) {
            r.stop(Math.max(1, Math.min(5000, deadline - System.currentTimeMillis())));
        }
        ring.close();
        // wait until every event read has reached every processor that can take it
        while (System.currentTimeMillis() < deadline) {
            Boolean done = onLoop(() -> head == ring.published() && Arrays.stream(slots)
                    .noneMatch(s -> s.ready() && s.cursor < head));
            if (Boolean.TRUE.equals(done)) {
                break;
            }
            sleep(5);
        }
        long t = System.currentTimeMillis();
        List<CompletableFuture<SampleDocument>> finals = onLoop(() -> tick(t));
        for (CompletableFuture<SampleDocument> f : finals == null ? List.<CompletableFuture<SampleDocument>>of() : finals) {
            try {
                f.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // reported by the sampler or the watchdog
            }
        }
        for (WriterChannel w : writers) {
            if (!w.awaitWritten(deadline)) {
                LOG.error("writer {} still has {} documents queued after the final sample", w.name, w.queued());
            }
        }
        LOG.info("drained: final sample taken at {}", t);
    }

    /** Stops everything: writers are given until the timeout to write what they hold. */
    public void stop(Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            stopping = true;
            scheduler.shutdownNow();
        }
        for (ReaderRunner r : readers) {
            r.stop(1000);
        }
        ring.wakeConsumer();
        Thread t = loopThread;
        try {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (WriterChannel w : writers) {
            w.close(Math.max(deadline, System.currentTimeMillis() + 100));
        }
        samplers.shutdownNow();
        synchronized (lifecycle) {
            running = false;
            loopThread = null;
        }
    }

    /** Applies a new configuration; what can only change at a restart is reported. */
    public void configure(CoreSettings next) {
        CoreSettings old = settings;
        settings = next;
        if (old.ringSize() != next.ringSize()) {
            LOG.warn("ring.size changes from {} to {} at the next start", old.ringSize(), next.ringSize());
        }
        if (old.samplePeriodMs() != next.samplePeriodMs()) {
            LOG.info("sample period is now {} ms", next.samplePeriodMs());
            synchronized (lifecycle) {
                if (running && !draining) {
                    if (nextTick != null) {
                        nextTick.cancel(false);
                    }
                    scheduleTick();
                }
            }
        }
    }

    public CoreSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ the loop

    private void loop() {
        LOG.info("event loop started (buffer of {} events)", ring.capacity());
        while (true) {
            try {
                if (!step()) {
                    break;
                }
            } catch (Throwable t) {
                // processors' exceptions are caught where they are called; this is a bug of
                // ours, and the loop must outlive it
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
            tick(t);
            worked = true;
        }
        if (!worked) {
            // deliver what was held for processors that became ready (a sample returned, a new
            // version arrived) before sleeping
            if (catchUp()) {
                return true;
            }
            if (ring.claimed() != ring.published()) {
                // producers wait for room: the ring may be full of events held for a processor
                // that cannot take them, which only the gate decision frees
                updateGate(slots);
            }
            if (stopping && commands.isEmpty()) {
                return false;
            }
            ring.consumerParked(true);
            if (commands.isEmpty() && ring.published() == head && tickRequested <= tickHandled && !stopping) {
                LockSupport.parkNanos(this, 50_000_000L);
            }
            ring.consumerParked(false);
        }
        return true;
    }

    /** Delivers events up to {@code to} to every processor that is ready. */
    private void dispatch(long to) {
        ProcessorSlot[] ss = slots;
        for (ProcessorSlot s : ss) {
            if (s.cursor < to) {
                if (s.ready()) {
                    deliver(s, s.cursor, to);
                } else if (s.type == null && s.processor != null || s.quarantined || s.gone) {
                    s.cursor = to; // nothing held for pollers, quarantined or removed processors
                }
            }
        }
        head = to;
        headSnapshot = to;
        updateGate(ss);
    }

    private boolean catchUp() {
        boolean any = false;
        for (ProcessorSlot s : slots) {
            if (s.cursor < head && s.ready()) {
                any = true;
            }
        }
        if (any) {
            dispatch(head);
        }
        return any;
    }

    private void deliver(ProcessorSlot s, long from, long to) {
        Processor<Object> p = s.processor;
        if (s.type == null) {
            s.cursor = to;
            return;
        }
        // locals, not fields: the calls below could (as far as the compiler knows) change fields,
        // which would otherwise be reloaded on every event
        Object[] events = ring.slots();
        int mask = events.length - 1;
        int index = (int) from & mask;
        int n = (int) (to - from);
        long delivered = 0;
        long aborts = 0;
        if (s.all) {
            int k = 0;
            for (; k < n; k++) {
                try {
                    p.event(events[index]);
                } catch (ProcessorAbort a) {
                    aborts++;
                } catch (Throwable t) {
                    if (failed(s, "event()", t)) {
                        k++;
                        break; // quarantined: the rest of the batch is not its to see
                    }
                }
                index = (index + 1) & mask;
            }
            delivered = k;
        } else {
            Class<?> type = s.type;
            for (int k = 0; k < n; k++) {
                Object ev = events[index];
                index = (index + 1) & mask;
                if (type.isInstance(ev)) {
                    delivered++;
                    try {
                        p.event(ev);
                    } catch (ProcessorAbort a) {
                        aborts++;
                    } catch (Throwable t) {
                        if (failed(s, "event()", t)) {
                            break;
                        }
                    }
                }
            }
        }
        s.cursor = to;
        if (delivered != 0) {
            s.events += delivered;
            s.windowEvents += delivered;
        }
        if (aborts != 0) {
            s.aborts += aborts;
        }
    }

    /** Counts an error; returns true if it quarantined the processor. */
    private boolean failed(ProcessorSlot s, String where, Throwable t) {
        s.errors.incrementAndGet();
        int n = s.periodErrors.incrementAndGet();
        s.lastError = where + ": " + t;
        if (n <= ERRORS_LOGGED_PER_PERIOD) {
            LOG.warn("processor {} failed in {}: {}", s.name, where, t.toString(), t);
        }
        if (n >= settings.quarantineErrors() && !s.quarantined) {
            s.quarantined = true;
            LOG.error("processor {} quarantined after {} errors in one sample period (last: {}); "
                    + "deploy a new version or run 'snoop:enable {}'", s.name, n, t, s.name);
            return true;
        }
        return false;
    }

    /** Frees the ring up to the lowest cursor still needed, and decides what a full ring costs. */
    private void updateGate(ProcessorSlot[] ss) {
        long g = head;
        int capacity = ring.capacity();
        // what the producers need freed: everything claimed must fit in the ring
        long needed = ring.claimed() - capacity;
        for (ProcessorSlot s : ss) {
            long c = s.cursor;
            if (c < head) {
                if (c < needed && !s.ready() && !holds(s)) {
                    // the ring is full because of this processor, and it may not hold it back
                    // any longer: drop the oldest of what it has not taken
                    long to = Math.min(head, Math.max(needed, head - capacity / 2));
                    long drop = to - c;
                    c = to;
                    s.cursor = c;
                    s.lost += drop;
                    long now = System.currentTimeMillis();
                    if (now - s.lostLoggedAt >= 1000) {
                        s.lostLoggedAt = now;
                        LOG.warn("processor {} is {} and its buffer is full: {} events it could not take "
                                + "dropped so far", s.name, s.state().name().toLowerCase(), s.lost);
                    }
                }
                s.held = head - c;
                if (c < g) {
                    g = c;
                }
            } else if (s.held != 0) {
                s.held = 0;
            }
        }
        ring.gate(g);
    }

    /**
     * Whether a processor that is not taking events may still hold the readers back when the ring
     * is full: for the first second of a sample (a busy machine may be slow to schedule the sampler
     * thread; losing events to that would be wrong), and while a swap is within its hold time.
     * Back-pressure is harmless for files and rare live (the ring holds seconds of data); a slow
     * or hung sample, or a processor that never comes back, must not stop the others for long.
     */
    private boolean holds(ProcessorSlot s) {
        if (s.gone || s.quarantined) {
            return false;
        }
        if (s.processor == null) {
            return System.currentTimeMillis() - s.vacantSince < settings.swapHoldMs();
        }
        long grace = Math.min(settings.sampleTimeoutMs(), SAMPLE_HOLD_MS) * 1_000_000L;
        return s.sampling && !s.hung && System.nanoTime() - s.sampleStartedNanos < grace;
    }

    private void runCommands() {
        Runnable c;
        while ((c = commands.poll()) != null) {
            c.run();
        }
    }

    /**
     * Runs {@code action} on the loop thread and waits for it; runs it here when the loop is not
     * running (then nothing else touches the slots).
     */
    private <T> T onLoop(Callable<T> action) {
        if (Thread.currentThread() == loopThread) {
            return call(action);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        synchronized (lifecycle) {
            if (!running || stopping && loopThread == null) {
                return call(action);
            }
            commands.add(() -> {
                try {
                    f.complete(action.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        }
        ring.wakeConsumer();
        try {
            return f.get(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error("the event loop did not answer within {} s: a processor may be stuck in event()",
                    COMMAND_TIMEOUT_MS / 1000);
            throw new IllegalStateException("event loop not responding", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the event loop", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static <T> T call(Callable<T> action) {
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ sampling

    private void scheduleTick() {
        long period = settings.samplePeriodMs();
        long now = System.currentTimeMillis();
        long next = (now / period + 1) * period;
        nextTick = scheduler.schedule(() -> {
            tickRequested = next;
            ring.wakeConsumer();
            synchronized (lifecycle) {
                if (running && !stopping && !draining) {
                    scheduleTick();
                }
            }
        }, next - now, TimeUnit.MILLISECONDS);
    }

    /** On the loop: samples every processor that can be sampled, at time {@code t}. */
    private List<CompletableFuture<SampleDocument>> tick(long t) {
        tickHandled = t;
        List<CompletableFuture<SampleDocument>> started = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (ProcessorSlot s : slots) {
            if (s.processor == null) {
                if (!s.gone && !s.reserved && now - s.vacantSince >= settings.swapHoldMs()) {
                    s.gone = true;
                    s.held = 0;
                    LOG.info("processor {} removed (no new version within {} ms); its state is kept for a later "
                            + "deployment", s.name, settings.swapHoldMs());
                }
                continue;
            }
            s.periodErrors.set(0);
            if (s.quarantined || s.sampling) {
                continue;
            }
            started.add(startSample(s, t));
        }
        long elapsed = now - lastTickTime;
        if (elapsed > 0) {
            loopRate = (head - eventsAtLastTick) * 1000.0 / elapsed;
            eventsAtLastTick = head;
            lastTickTime = now;
            for (ReaderRunner r : readers) {
                r.updateRate(elapsed);
            }
        }
        return started;
    }

    /** On the loop: hands the processor to a sampler thread; its events are held meanwhile. */
    private CompletableFuture<SampleDocument> startSample(ProcessorSlot s, long t) {
        CompletableFuture<SampleDocument> done = new CompletableFuture<>();
        s.sampleStartedNanos = System.nanoTime();
        s.sampling = true;
        long windowStart = s.windowStart;
        long windowEvents = s.windowEvents;
        long seq = ++s.sequence;
        s.windowStart = t;
        s.windowEvents = 0;
        Processor<Object> p = s.processor;
        String version = s.version;
        long runNow = run;
        String instance = settings.instance();
        samplers.execute(() -> {
            try {
                Map<String, Object> body = p.sample();
                SampleDocument doc = null;
                if (body != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = (Map<String, Object>) JsonValues.copyForDocument(body);
                    doc = new SampleDocument(SampleDocument.idOf(s.name, instance, t), s.name, t, windowStart, t,
                            seq, version, instance, runNow, windowEvents, data);
                    s.samples++;
                    s.lastSampleTime = t;
                    for (WriterChannel w : writers) {
                        w.offer(doc);
                    }
                }
                done.complete(doc);
            } catch (Throwable e) {
                failed(s, "sample()", e);
                done.completeExceptionally(e);
            } finally {
                if (s.hung) {
                    s.hung = false;
                    LOG.warn("processor {}: sample() returned after {} ms", s.name,
                            (System.nanoTime() - s.sampleStartedNanos) / 1_000_000);
                }
                s.sampling = false;
                ring.wakeConsumer();
            }
        });
        return done;
    }

    private void watchdog() {
        long timeout = settings.sampleTimeoutMs() * 1_000_000L;
        long now = System.nanoTime();
        for (ProcessorSlot s : byName.values()) {
            if (s.sampling && !s.hung && now - s.sampleStartedNanos > timeout) {
                s.hung = true;
                s.errors.incrementAndGet();
                s.lastError = "sample() did not return within " + settings.sampleTimeoutMs() + " ms";
                LOG.error("processor {}: sample() has not returned within {} ms; its events are held (up to {}) "
                        + "and its samples skipped until it does", s.name, settings.sampleTimeoutMs(), ring.capacity());
            }
        }
    }

    /** Samples one processor now and returns its document. */
    public SampleDocument sampleNow(String name, Duration timeout) throws Exception {
        CompletableFuture<SampleDocument> f = onLoop(() -> {
            ProcessorSlot s = byName.get(name);
            if (s == null || s.processor == null || s.gone) {
                throw new IllegalArgumentException("no live processor named '" + name + "'");
            }
            if (s.quarantined) {
                throw new IllegalArgumentException("processor '" + name + "' is quarantined");
            }
            if (s.sampling) {
                throw new IllegalArgumentException("processor '" + name + "' is being sampled already");
            }
            // deliver what is already read, so the sample covers everything up to now
            if (s.cursor < head) {
                deliver(s, s.cursor, head);
            }
            return startSample(s, System.currentTimeMillis());
        });
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ processors

    /**
     * A processor service arrived. If the name is free it goes live, taking over the state and the
     * held events of its predecessor. If another instance of the name is live, the one with the
     * higher bundle version is live and the other waits (so a newer jar dropped beside an older one
     * takes over, and removing it rolls back to the older one).
     */
    @SuppressWarnings("unchecked")
    public void bind(String name, Processor<?> processor, String version, String bundle) {
        ProcessorSlot.Candidate c = new ProcessorSlot.Candidate((Processor<Object>) processor, version, bundle);
        synchronized (bindLock) {
            Object[] decision = onLoop(() -> {
                ProcessorSlot s = byName.get(name);
                if (s == null) {
                    s = new ProcessorSlot(name);
                    s.cursor = head;
                    byName.put(name, s);
                    ProcessorSlot[] ss = Arrays.copyOf(slots, slots.length + 1);
                    ss[ss.length - 1] = s;
                    slots = ss;
                }
                if (s.reserved || s.processor != null && compareVersions(version, s.version) <= 0) {
                    s.waiting.add(c);
                    return new Object[] {s, "wait", null};
                }
                s.reserved = true;
                if (s.processor != null) {
                    ProcessorSlot.Candidate old = s.live;
                    s.processor = null;
                    s.vacantSince = System.currentTimeMillis();
                    s.waiting.addFirst(old);
                    return new Object[] {s, "replace", old};
                }
                Object state = s.pendingState;
                s.pendingState = null;
                return new Object[] {s, "free", state};
            });
            ProcessorSlot s = (ProcessorSlot) decision[0];
            switch ((String) decision[1]) {
                case "wait" -> LOG.warn("processor {} from {} {} waits: {} {} is live under that name", name, bundle,
                        version, s.bundle, s.version);
                case "replace" -> {
                    ProcessorSlot.Candidate old = (ProcessorSlot.Candidate) decision[2];
                    LOG.info("processor {} {} replaces the older {} still deployed beside it", name, version,
                            old.version());
                    goLive(s, c, handoff(s, old.processor()));
                }
                default -> goLive(s, c, decision[2]);
            }
        }
    }

    /** Compares OSGi-style versions (major.minor.micro.qualifier). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.", 4);
        String[] y = b.split("\\.", 4);
        for (int i = 0; i < 3; i++) {
            long u = i < x.length ? parse(x[i]) : 0;
            long v = i < y.length ? parse(y[i]) : 0;
            if (u != v) {
                return Long.compare(u, v);
            }
        }
        return (x.length > 3 ? x[3] : "").compareTo(y.length > 3 ? y[3] : "");
    }

    private static long parse(String n) {
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void goLive(ProcessorSlot s, ProcessorSlot.Candidate c, Object state) {
        String from = s.version;
        if (state != null) {
            try {
                c.processor().takeover(state);
            } catch (Throwable t) {
                s.errors.incrementAndGet();
                s.lastError = "takeover(): " + t;
                LOG.error("processor {} {} could not take over the state of {}: {}", s.name, c.version(), from, t, t);
            }
        }
        Class<?> type;
        try {
            type = c.processor().eventType();
        } catch (Throwable t) {
            LOG.error("processor {}: eventType() failed, it gets no events: {}", s.name, t.toString());
            type = null;
        }
        Class<?> eventType = type;
        long held = onLoop(() -> {
            s.processor = c.processor();
            s.live = c;
            s.type = eventType;
            s.all = eventType == Object.class;
            s.version = c.version();
            s.bundle = c.bundle();
            s.reserved = false;
            s.quarantined = false;
            s.hung = false;
            s.periodErrors.set(0);
            if (s.gone || s.vacantSince == 0) {
                s.cursor = head; // nothing was held for it
                s.windowStart = System.currentTimeMillis();
            }
            s.gone = false;
            s.vacantSince = 0;
            return head - s.cursor;
        });
        if (state != null) {
            LOG.info("processor {} {} is live, took over from {} ({} held events to replay)", s.name, c.version(),
                    from, held);
        } else {
            LOG.info("processor {} {} is live", s.name, c.version());
        }
    }

    /**
     * A processor service went away: it stops getting events at once, its events are held, and the
     * state it hands over is kept for its successor.
     */
    public void unbind(Processor<?> processor) {
        synchronized (bindLock) {
            ProcessorSlot s = onLoop(() -> {
                for (ProcessorSlot x : slots) {
                    if (x.processor == processor) {
                        x.processor = null;
                        x.live = null;
                        x.vacantSince = System.currentTimeMillis();
                        return x;
                    }
                    x.waiting.removeIf(c -> c.processor() == processor);
                }
                return null;
            });
            if (s == null) {
                return;
            }
            Object state = handoff(s, processor);
            ProcessorSlot.Candidate next = onLoop(() -> {
                s.pendingState = state;
                ProcessorSlot.Candidate c = null;
                for (ProcessorSlot.Candidate w : s.waiting) {
                    if (c == null || compareVersions(w.version(), c.version()) > 0) {
                        c = w;
                    }
                }
                if (c != null) {
                    s.waiting.remove(c);
                    s.reserved = true;
                    s.pendingState = null;
                }
                return c;
            });
            LOG.info("processor {} {} went away; {}", s.name, s.version,
                    next != null ? next.version() + " takes over" : "holding its events for a new version");
            if (next != null) {
                goLive(s, next, state);
            }
        }
    }

    /**
     * Takes the state of an instance the loop no longer calls, once its last sample is done (the
     * threading contract holds for handoff too). Returns null when there is none to take.
     */
    private Object handoff(ProcessorSlot s, Processor<?> processor) {
        long deadline = System.nanoTime() + settings.sampleTimeoutMs() * 1_000_000L;
        while (s.sampling && System.nanoTime() < deadline) {
            sleep(1);
        }
        if (s.sampling) {
            LOG.error("processor {} {}: no state handed over, its sample() is still running", s.name, s.version);
            return null;
        }
        try {
            return JsonValues.copyForHandoff(processor.handoff());
        } catch (Throwable t) {
            s.errors.incrementAndGet();
            s.lastError = "handoff(): " + t;
            LOG.error("processor {} {}: handoff() failed, its successor starts afresh: {}", s.name, s.version,
                    t.toString(), t);
            return null;
        }
    }

    /** Lets a quarantined processor run again, from the current event on. */
    public void enable(String name) {
        Boolean found = onLoop(() -> {
            ProcessorSlot s = byName.get(name);
            if (s == null) {
                return false;
            }
            s.quarantined = false;
            s.periodErrors.set(0);
            s.cursor = Math.max(s.cursor, head);
            return true;
        });
        if (!found) {
            throw new IllegalArgumentException("no processor named '" + name + "'");
        }
        LOG.info("processor {} enabled", name);
    }

    // ------------------------------------------------------------------ readers and writers

    public void addReader(String name, Reader reader) {
        ReaderRunner r = new ReaderRunner(uniqueName(name, readers.stream().map(x -> x.name).toList()), reader,
                this, ring);
        readers.add(r);
        boolean start;
        synchronized (lifecycle) {
            start = running && !draining;
        }
        if (start) {
            r.start();
        }
        LOG.info("reader {} added: {}", r.name, describe(reader));
    }

    public void removeReader(Reader reader) {
        for (ReaderRunner r : readers) {
            if (r.reader == reader) {
                r.stop(5000);
                readers.remove(r);
                LOG.info("reader {} removed after {} events", r.name, r.events());
            }
        }
    }

    public void addWriter(String name, Writer writer, int queueSize) {
        WriterChannel w = new WriterChannel(uniqueName(name, writers.stream().map(x -> x.name).toList()), writer,
                queueSize > 0 ? queueSize : settings.writerQueue());
        w.start();
        writers.add(w);
        LOG.info("writer {} added: {}", w.name, w.writer.describe());
    }

    /** A writer went away: it is given a few seconds to write what is queued for it. */
    public void removeWriter(Writer writer) {
        for (WriterChannel w : writers) {
            if (w.writer == writer) {
                writers.remove(w);
                w.close(System.currentTimeMillis() + 5000);
                LOG.info("writer {} removed after {} documents", w.name, w.written.get());
            }
        }
    }

    void run(long r) {
        run = r;
    }

    private static String uniqueName(String name, List<String> taken) {
        String n = name;
        for (int i = 2; taken.contains(n); i++) {
            n = name + "-" + i;
        }
        return n;
    }

    private static String describe(Reader r) {
        try {
            return r.describe();
        } catch (Throwable t) {
            return r.getClass().getSimpleName();
        }
    }

    // ------------------------------------------------------------------ what the shell sees

    public List<ProcessorInfo> processors() {
        List<ProcessorInfo> out = new ArrayList<>();
        for (ProcessorSlot s : byName.values()) {
            if (!s.gone) {
                out.add(info(s));
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static ProcessorInfo info(ProcessorSlot s) {
        return new ProcessorInfo(s.name, s.version, s.bundle, s.state(), s.events, s.aborts, s.errors.get(), s.lost,
                s.held, s.samples, s.lastSampleTime, s.lastError);
    }

    public List<ReaderInfo> readers() {
        List<ReaderInfo> out = new ArrayList<>();
        for (ReaderRunner r : readers) {
            out.add(new ReaderInfo(r.name, r.state, r.events(), r.rate, r.malformed(), describe(r.reader),
                    r.lastError));
        }
        return out;
    }

    public List<WriterInfo> writers() {
        List<WriterInfo> out = new ArrayList<>();
        for (WriterChannel w : writers) {
            String d;
            try {
                d = w.writer.describe();
            } catch (Throwable t) {
                d = w.writer.getClass().getSimpleName();
            }
            out.add(new WriterInfo(w.name, w.state(), w.queued(), w.capacity, w.written.get(), w.dropped.get(),
                    w.failures.get(), d, w.lastError));
        }
        return out;
    }

    public LoopInfo loopInfo() {
        long h = headSnapshot;
        return new LoopInfo(h, loopRate, Math.max(0, ring.published() - ring.gate()), ring.capacity(),
                settings.samplePeriodMs(), run);
    }

    // ------------------------------------------------------------------ helpers

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
