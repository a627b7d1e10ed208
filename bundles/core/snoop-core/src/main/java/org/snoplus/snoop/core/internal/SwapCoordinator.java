package org.snoplus.snoop.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.json.JsonValues;
import org.snoplus.snoop.processor.Processor;

/**
 * Processor services coming and going (SCR's bind and unbind, on SCR's threads): which instance
 * of a name is live, and the state handed from the one that goes to the one that comes.
 *
 * <p>The decisions are loop commands ({@link Decide}, {@link Detach}, {@link Attach},
 * {@link Park}); what calls into a processor ({@code eventType()}, {@code handoff()},
 * {@code takeover()}) runs here, on the SCR thread, once the loop has stopped calling that
 * instance; {@code handoff()} and {@code takeover()} on a thread of their own, waited for at most
 * {@code sample.timeout.ms}, so that one that never returns holds up neither the swap nor SCR. Waiting for an instance's last sample is a wait on that sample's future (bounded by
 * {@code sample.timeout.ms}), never a poll. Binds and unbinds are serialised by one lock, so a
 * name sees one swap at a time.
 */
final class SwapCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(SwapCoordinator.class);

    private final EventLoop loop;
    private final Supplier<CoreSettings> settings;
    private final Object lock = new Object();

    SwapCoordinator(EventLoop loop, Supplier<CoreSettings> settings) {
        this.loop = loop;
        this.settings = settings;
    }

    // ------------------------------------------------------------------ bind

    /**
     * A processor service arrived. If the name is free it goes live, taking over the state and the
     * held events of its predecessor. If another instance of the name is live, the one with the
     * higher bundle version is live and the other waits (so a newer jar dropped beside an older one
     * takes over, and removing it rolls back to the older one).
     */
    @SuppressWarnings("unchecked")
    void bind(String name, Processor<?> processor, Version version, String bundle) {
        Class<?> type;
        try {
            type = processor.eventType();
        } catch (Throwable t) {
            LOG.error("processor {}: eventType() failed, it gets no events: {}", name, t.toString());
            type = null;
        }
        Instance c = new Instance((Processor<Object>) processor, version, bundle, type);
        synchronized (lock) {
            BindDecision d = loop.call(new Decide(name, c));
            // (Java 17: no patterns in switch; the decision type is sealed, so these are all)
            if (d instanceof BindDecision.Wait w) {
                LOG.warn("processor {} from {} {} waits: {} is live under that name", name, bundle, version,
                        w.live() == null ? "another version" : w.live().bundle() + " " + w.live().version());
            } else if (d instanceof BindDecision.Replace r) {
                LOG.info("processor {} {} replaces the older {} still deployed beside it", name, version,
                        r.old().version());
                goLive(r.slot(), c, handoff(r.slot(), r.old(), r.running(), r.fallback()));
            } else if (d instanceof BindDecision.Free f) {
                goLive(f.slot(), c, f.state());
            }
        }
    }

    /** Decides where a new instance goes: live at once, live in place of an older one, or waiting. */
    record Decide(String name, Instance instance) implements LoopCommand<BindDecision> {
        @Override
        public BindDecision run(EventLoop loop) {
            ProcessorSlot s = loop.slotFor(name);
            SlotState state = s.state();
            long now = System.currentTimeMillis();
            if (state == SlotState.ARRIVING || state.hasInstance() && !instance.newerThan(s.live)) {
                s.waiting.add(instance);
                return new BindDecision.Wait(s, s.live);
            }
            if (state.hasInstance()) {
                Instance old = s.live;
                Sampling running = s.running != null && s.running.instance() == old ? s.running : null;
                // a stuck instance is never made live again (its thread may come back into it);
                // a hung one cannot hand over while its sample runs: both leave their last good state
                Fallback fallback = fallback(s, state);
                s.reserve(now);
                if (state != SlotState.STUCK) {
                    s.waiting.addFirst(old);
                }
                return new BindDecision.Replace(s, old, running, fallback);
            }
            Object state0 = s.pendingState;
            s.pendingState = null;
            s.reserve(now);
            return new BindDecision.Free(s, state0);
        }
    }

    /** What to hand over when the instance that goes cannot: its last good state, and why. */
    record Fallback(boolean needed, Object state, String why) {
    }

    private static Fallback fallback(ProcessorSlot s, SlotState state) {
        return switch (state) {
            case STUCK -> new Fallback(true, s.lastGoodState, "it is stuck in event()");
            case HUNG -> new Fallback(true, s.lastGoodState, "its sample() is hung");
            default -> new Fallback(false, s.lastGoodState, null);
        };
    }

    private void goLive(ProcessorSlot s, Instance c, Object state) {
        Throwable failed = null;
        if (state != null) {
            try {
                // a copy: a takeover() that is left behind must not change what the next one gets
                Object given = JsonValues.copyForHandoff(state);
                bounded("takeover", s, () -> {
                    c.processor().takeover(given);
                    return null;
                });
            } catch (TimeoutException e) {
                long ms = settings.get().sampleTimeoutMs();
                LOG.error("processor {} {}: takeover() has not returned within {} ms; it is left behind on its thread "
                        + "and never made live; the name's events and state are held for another version", s.name,
                        c.version(), ms);
                Instance next = loop.call(new Abandon(s, "takeover() did not return within " + ms + " ms"));
                if (next != null) {
                    LOG.info("processor {}: {} goes live again instead", s.name, next.version());
                    goLive(s, next, state);
                } else {
                    loop.call(new Park(s, state));
                }
                return;
            } catch (Throwable t) {
                failed = t;
                LOG.error("processor {} {} could not take over the state handed to it: {}", s.name, c.version(), t, t);
            }
        }
        long held = loop.call(new Attach(s, c, failed));
        if (state != null) {
            LOG.info("processor {} {} is live, took over its predecessor's state ({} held events to replay)", s.name,
                    c.version(), held);
        } else {
            LOG.info("processor {} {} is live", s.name, c.version());
        }
    }

    /**
     * The reserved instance did not take over in time: the name is vacant again; the best
     * instance waiting under it (the one it was to replace) is reserved and answered, if any.
     */
    record Abandon(ProcessorSlot slot, String why) implements LoopCommand<Instance> {
        @Override
        public Instance run(EventLoop loop) {
            ProcessorSlot s = slot;
            s.abandonArrival();
            s.errors++;
            s.lastError = why;
            return reserveNewestWaiting(s, System.currentTimeMillis());
        }
    }

    /**
     * Calls into a processor on a thread of its own, waiting at most {@code sample.timeout.ms}: a
     * {@code takeover()} or {@code handoff()} that never returns is left behind on it (one thread
     * per such call, as for a stuck {@code event()}), and the swap goes on without it.
     */
    private <T> T bounded(String what, ProcessorSlot s, Callable<T> call) throws Throwable {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "snoop-" + what + "-" + s.name);
        t.setDaemon(true);
        t.start();
        long ms = settings.get().sampleTimeoutMs();
        try {
            return result.get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            throw new TimeoutException(what + "() did not return within " + ms + " ms");
        }
    }

    /** The reserved instance goes live; answers how many held events it has to take. */
    record Attach(ProcessorSlot slot, Instance instance, Throwable takeoverFailed) implements LoopCommand<Long> {
        @Override
        public Long run(EventLoop loop) {
            slot.attach(instance, System.currentTimeMillis());
            if (takeoverFailed != null) {
                slot.errors++;
                slot.lastError = "takeover(): " + takeoverFailed;
            }
            return Math.max(0, loop.head() - slot.cursor);
        }
    }

    // ------------------------------------------------------------------ unbind

    /**
     * A processor service went away: it stops getting events at once, its events are held, and
     * the state it hands over goes to the best instance waiting under its name, or is kept for the
     * next one to come.
     */
    void unbind(Processor<?> processor) {
        synchronized (lock) {
            Detached d = loop.call(new Detach(processor));
            if (d == null) {
                return;
            }
            Object state = handoff(d.slot(), d.gone(), d.running(), d.fallback());
            LOG.info("processor {} {} went away; {}", d.slot().name, d.gone().version(),
                    d.next() != null ? d.next().version() + " takes over" : "holding its events for a new version");
            if (d.next() != null) {
                goLive(d.slot(), d.next(), state);
            } else {
                loop.call(new Park(d.slot(), state));
            }
        }
    }

    /** What {@link Detach} found: the instance that went, its running sample, and who comes next. */
    record Detached(ProcessorSlot slot, Instance gone, Sampling running, Fallback fallback, Instance next) {
    }

    /** Stops calling an instance; reserves the name for the best instance waiting under it, if any. */
    record Detach(Processor<?> processor) implements LoopCommand<Detached> {
        @Override
        public Detached run(EventLoop loop) {
            for (ProcessorSlot s : loop.slots()) {
                if (s.live != null && s.live.processor() == processor) {
                    SlotState state = s.state();
                    Sampling running = s.running != null && s.running.instance() == s.live ? s.running : null;
                    Fallback fallback = fallback(s, state);
                    long now = System.currentTimeMillis();
                    Instance gone = s.detach(now);
                    return new Detached(s, gone, running, fallback, reserveNewestWaiting(s, now));
                }
                if (s.waiting.removeIf(c -> c.processor() == processor)) {
                    return null;
                }
            }
            return null;
        }
    }

    /** Takes the newest instance waiting under the slot's name out of the queue and reserves the name for it; null if none. */
    private static Instance reserveNewestWaiting(ProcessorSlot s, long now) {
        Instance next = null;
        for (Instance w : s.waiting) {
            if (next == null || w.newerThan(next)) {
                next = w;
            }
        }
        if (next != null) {
            s.waiting.remove(next);
            s.reserve(now);
        }
        return next;
    }

    /** Keeps the state handed over for the next instance of the name. */
    record Park(ProcessorSlot slot, Object state) implements LoopCommand<Void> {
        @Override
        public Void run(EventLoop loop) {
            slot.pendingState = state;
            return null;
        }
    }

    /**
     * Takes the state of an instance the loop no longer calls, once its last sample is done (the
     * threading contract holds for handoff too). An instance that cannot hand over (stuck, hung,
     * or failing in {@code handoff()}) leaves the state of its last good sample, if there is one.
     */
    private Object handoff(ProcessorSlot s, Instance old, Sampling running, Fallback fallback) {
        if (fallback.needed()) {
            LOG.warn("processor {} {}: {}; its successor takes over the state of its last good sample{}", s.name,
                    old.version(), fallback.why(), fallback.state() == null ? " (there is none: it starts afresh)" : "");
            return fallback.state();
        }
        if (running != null) {
            try {
                running.done().get(settings.get().sampleTimeoutMs(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.error("processor {} {}: its sample() is still running; its successor takes over the state of its "
                        + "last good sample", s.name, old.version());
                return fallback.state();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fallback.state();
            } catch (ExecutionException e) {
                // the sample failed (counted by the sampler); the state may still be good
            }
        }
        try {
            return JsonValues.copyForHandoff(bounded("handoff", s, () -> old.processor().handoff()));
        } catch (TimeoutException e) {
            long ms = settings.get().sampleTimeoutMs();
            loop.submit(new Failed(s, "handoff()", e));
            LOG.error("processor {} {}: handoff() has not returned within {} ms; it is left behind on its thread and its "
                    + "successor takes over the state of its last good sample", s.name, old.version(), ms);
            return fallback.state();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback.state();
        } catch (Throwable t) {
            loop.submit(new Failed(s, "handoff()", t));
            LOG.error("processor {} {}: handoff() failed; its successor takes over the state of its last good "
                    + "sample: {}", s.name, old.version(), t.toString(), t);
            return fallback.state();
        }
    }

    /**
     * Takes the state of an instance an operator disabled (the loop no longer calls it) as its last
     * good state, so that a checkpoint and a successor get what it holds now rather than what it held
     * at the last checkpoint. Under the lock: no swap hands the same instance over meanwhile.
     */
    void keepState(ProcessorSlot s, Instance stopped) {
        synchronized (lock) {
            Object state;
            try {
                state = JsonValues.copyForHandoff(bounded("handoff", s, () -> stopped.processor().handoff()));
            } catch (Throwable t) {
                loop.submit(new Failed(s, "handoff()", t));
                LOG.error("processor {} {}: handoff() failed as it was disabled; the state of its last good sample is "
                        + "what a restart gets: {}", s.name, stopped.version(), t.toString());
                return;
            }
            loop.call(new KeepState(s, stopped, state));
        }
    }

    /** The state of a disabled instance, if it is still the one disabled in the slot. */
    record KeepState(ProcessorSlot slot, Instance instance, Object state) implements LoopCommand<Void> {
        @Override
        public Void run(EventLoop loop) {
            if (slot.live == instance && slot.state() == SlotState.DISABLED) {
                slot.lastGoodState = state;
            }
            return null;
        }
    }

    /** Counts an error that happened off the loop (a failed handoff). */
    record Failed(ProcessorSlot slot, String where, Throwable error) implements LoopCommand<Void> {
        @Override
        public Void run(EventLoop loop) {
            slot.errors++;
            slot.lastError = where + ": " + error;
            return null;
        }
    }
}
