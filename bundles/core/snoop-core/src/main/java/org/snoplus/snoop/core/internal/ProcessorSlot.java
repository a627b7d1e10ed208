package org.snoplus.snoop.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.Version;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.processor.Processor;

/**
 * Everything the core keeps under one processor name. The slot outlives the instances that fill
 * it: its cursor into the ring, its counters and the state handed from one version to the next
 * belong to the name, so an upgrade continues where the old version stopped.
 *
 * <p><b>Threading.</b> Every field is written by the loop thread only (the thread that owns the
 * {@link EventLoop} at the time; see {@code docs/ARCHITECTURE.md}). Other threads ask the loop
 * to change a slot with a {@link LoopCommand}. The plain fields are read by the loop alone; the
 * volatile ones are also read by the shell (the admin view), the sampler's watchdog and the
 * sampler threads.
 */
final class ProcessorSlot {

    final String name;

    // --- read and written by the loop thread only
    /** The live instance, or null when the slot is ARRIVING, VACANT or REMOVED. */
    Instance live;
    /** {@code live.processor()}, and its event type, unpacked for the inner loop. */
    Processor<Object> processor;
    /** {@code live.delivery()}: the loops over events made for this instance alone. */
    Delivery delivery;
    Class<?> type;
    /** The processor takes every event (its type is Object): no type check per event. */
    boolean all;
    /** The next ring sequence this name has not been given (or has not skipped). */
    long cursor;
    long windowStart;
    long windowEvents;
    long sequence;
    long vacantSince;
    long lostLoggedAt;
    int periodErrors;
    /** State handed over by the last instance, for the next one (VACANT, REMOVED). */
    Object pendingState;
    /** The state taken after the last good sample: what a successor gets when the live one cannot hand over. */
    Object lastGoodState;
    /** Instances of this name that are not live (older versions deployed beside the live one). */
    final ArrayDeque<Instance> waiting = new ArrayDeque<>();
    /** The sample running now, of the live instance or of one that went away while it ran; null if none. */
    Sampling running;
    /** A sample asked for (sample now) while another ran: taken as soon as that one is done. */
    CompletableFuture<SampleDocument> requested;
    /**
     * An operator disabled this name: whatever instance comes to it (an attach, the end of a sample)
     * is put in DISABLED instead of ACTIVE, until enabled. Belongs to the name, not to an instance.
     */
    boolean disabled;
    /** The run of the last event this name received (in-band, from the ring); -1 when unknown. */
    long run = -1;

    // --- written by the loop thread, read by any thread
    private volatile SlotState state = SlotState.REMOVED;
    volatile Version version = Version.emptyVersion;
    volatile String bundle = "";
    /** Events delivered and aborted, across versions: written with release stores (no fence per batch), see {@link #delivered}. */
    private long events;
    private long aborts;
    volatile long errors;
    volatile long lost;
    volatile long held;
    volatile long samples;
    volatile long lastSampleTime;
    volatile String lastError;

    /** Whether the slot held nothing before the instance now arriving: its window starts afresh. */
    private boolean fresh;

    /** A new name: like a removed one, it holds nothing until an instance is reserved for it. */
    private static final VarHandle EVENTS;
    private static final VarHandle ABORTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            EVENTS = l.findVarHandle(ProcessorSlot.class, "events", long.class);
            ABORTS = l.findVarHandle(ProcessorSlot.class, "aborts", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    ProcessorSlot(String name, long head) {
        this.name = name;
        this.cursor = head;
    }

    SlotState state() {
        return state;
    }

    /** Counts what a batch delivered (loop thread): ordered stores, visible to the shell soon after. */
    void delivered(long delivered, long aborted) {
        if (delivered != 0) {
            EVENTS.setRelease(this, events + delivered);
            windowEvents += delivered;
        }
        if (aborted != 0) {
            ABORTS.setRelease(this, aborts + aborted);
        }
    }

    long events() {
        return (long) EVENTS.getAcquire(this);
    }

    long aborts() {
        return (long) ABORTS.getAcquire(this);
    }

    /** Whether the loop calls {@code event()} now. */
    boolean takesEvents() {
        return state == SlotState.ACTIVE && type != null;
    }

    /**
     * Whether the events this name has not taken are kept in the ring for it: it is between two
     * versions or its sample runs. Otherwise (quarantined, stuck, removed, a poller) nothing is
     * kept: the loop moves its cursor on.
     */
    boolean holdsEvents() {
        return switch (state) {
            case ARRIVING, VACANT, SAMPLING, HUNG -> true;
            case ACTIVE -> type != null;
            case QUARANTINED, STUCK, DISABLED, REMOVED -> false;
        };
    }

    /**
     * A new slot takes what the checkpoint the instance started from holds for its name: the state
     * for its first instance, and the counters, so that a restart continues the numbers (and the
     * document sequence) instead of starting them again.
     */
    void restore(Checkpoint.Entry e) {
        EVENTS.setRelease(this, e.events());
        ABORTS.setRelease(this, e.aborts());
        errors = e.errors();
        lost = e.lost();
        samples = e.samples();
        sequence = e.sequence();
        windowStart = e.windowStart();
        run = e.run();
        pendingState = e.state();
        lastGoodState = e.state();
        version = Version.parseVersion(e.version());
    }

    // ------------------------------------------------------------------ transitions (loop thread)

    /**
     * A name restored from the checkpoint whose processor is expected back (its bundle is being
     * deployed while the instance starts): it holds its events from the start, as during a swap,
     * so that it misses none of those the readers publish before it binds.
     */
    void reinstate(long now) {
        expect("reinstate", SlotState.REMOVED);
        vacantSince = now;
        state = SlotState.VACANT;
    }

    /** A new instance is about to take over (its {@code takeover()} runs next, off the loop). */
    void reserve(long now) {
        expect("reserve", SlotState.ARRIVING, SlotState.VACANT, SlotState.REMOVED, SlotState.ACTIVE,
                SlotState.SAMPLING, SlotState.HUNG, SlotState.STUCK, SlotState.QUARANTINED, SlotState.DISABLED);
        fresh = (state == SlotState.REMOVED || fresh) && windowStart == 0;
        if (state != SlotState.VACANT) {
            vacantSince = now; // the hold for the arrival counts from here
        }
        unpack(null);
        state = SlotState.ARRIVING;
    }

    /** The instance reserved for goes live, from the slot's cursor: what was held is its to take. */
    void attach(Instance instance, long now) {
        expect("attach", SlotState.ARRIVING);
        unpack(instance);
        version = instance.version();
        bundle = instance.bundle();
        periodErrors = 0;
        if (fresh) {
            windowStart = now;
            fresh = false;
        }
        vacantSince = 0;
        state = disabled ? SlotState.DISABLED : SlotState.ACTIVE;
    }

    void startSample(Sampling s) {
        expect("startSample", SlotState.ACTIVE);
        running = s;
        state = SlotState.SAMPLING;
    }

    /** The sample {@code s} returned; the slot is ACTIVE again if it was this instance's. */
    void sampleDone(Sampling s) {
        if (running == s) {
            running = null;
        }
        if ((state == SlotState.SAMPLING || state == SlotState.HUNG) && s.instance() == live) {
            state = disabled ? SlotState.DISABLED : SlotState.ACTIVE;
        }
    }

    void overran(Sampling s) {
        expect("overran", SlotState.SAMPLING);
        if (running == s) {
            state = SlotState.HUNG;
        }
    }

    void stuck() {
        expect("stuck", SlotState.ACTIVE);
        state = SlotState.STUCK;
    }

    void quarantine() {
        expect("quarantine", SlotState.ACTIVE);
        state = SlotState.QUARANTINED;
    }

    /**
     * Quarantined or disabled: live again from {@code head} on (the events it was not given while
     * out are not held for it). A disabled name whose instance is sampling or between two versions
     * only loses its mark: it comes back ACTIVE.
     */
    void enable(long head) {
        disabled = false;
        if (state == SlotState.DISABLED || state == SlotState.QUARANTINED) {
            periodErrors = 0;
            cursor = Math.max(cursor, head);
            state = SlotState.ACTIVE;
        }
    }

    /**
     * Marks the name disabled. An instance that is live or quarantined stops at once; one that is
     * sampling (or hung in its sample) when its sample ends; one arriving when it attaches.
     *
     * @return whether the slot is DISABLED now
     */
    boolean disable() {
        disabled = true;
        if (state == SlotState.ACTIVE || state == SlotState.QUARANTINED) {
            state = SlotState.DISABLED;
        }
        return state == SlotState.DISABLED;
    }


    /** The live instance went away: it gets no more events; what it leaves is held for the next. */
    Instance detach(long now) {
        expect("detach", SlotState.ACTIVE, SlotState.SAMPLING, SlotState.HUNG, SlotState.STUCK,
                SlotState.QUARANTINED, SlotState.DISABLED);
        Instance gone = live;
        unpack(null);
        vacantSince = now;
        state = SlotState.VACANT;
        return gone;
    }

    /**
     * The instance reserved for did not take over in time (its {@code takeover()} hangs): the name
     * is vacant again, its events held, the hold counting from the reservation.
     */
    void abandonArrival() {
        expect("abandonArrival", SlotState.ARRIVING);
        unpack(null);
        state = SlotState.VACANT;
    }

    /** No next version came within the hold: nothing is held any more. */
    void expire() {
        expect("expire", SlotState.VACANT);
        held = 0;
        state = SlotState.REMOVED;
    }

    private void unpack(Instance instance) {
        live = instance;
        processor = instance == null ? null : instance.processor();
        delivery = instance == null ? null : instance.delivery();
        type = instance == null ? null : instance.eventType();
        all = type == Object.class;
    }

    private void expect(String transition, SlotState... from) {
        for (SlotState s : from) {
            if (state == s) {
                return;
            }
        }
        throw new IllegalStateException("processor " + name + ": " + transition + " from " + state);
    }
}
