package org.snoplus.snoop.core.internal;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a full ring costs, decided on the loop thread. The ring's gate (what the readers may
 * overwrite) is the lowest cursor still needed. When the ring is full because of a slot that is
 * not taking events, the readers wait (back-pressure) while that slot is entitled to hold them:
 * for the first second of a sample (a busy machine can be slow to schedule the sampler thread)
 * and for {@code swap.hold.ms} of a swap. After that the slot's oldest events are dropped and
 * counted ({@code lost}), so that a hung processor cannot stop the others.
 */
final class BackPressure {

    private static final Logger LOG = LoggerFactory.getLogger(BackPressure.class);
    /** How long a sample may hold the readers back when the ring is full. */
    static final long SAMPLE_HOLD_MS = 1000;

    private final EventRing ring;
    private final Supplier<CoreSettings> settings;

    BackPressure(EventRing ring, Supplier<CoreSettings> settings) {
        this.ring = ring;
        this.settings = settings;
    }

    /** Frees the ring up to the lowest cursor still needed, dropping what may no longer be held. */
    void updateGate(ProcessorSlot[] ss, long head) {
        long g = head;
        int capacity = ring.capacity();
        // what the producers need freed: everything claimed must fit in the ring
        long needed = ring.claimed() - capacity;
        for (ProcessorSlot s : ss) {
            long c = s.cursor;
            if (c < head) {
                if (c < needed && !mayHold(s)) {
                    long to = Math.min(head, Math.max(needed, head - capacity / 2));
                    s.lost += to - c;
                    c = to;
                    s.cursor = c;
                    long now = System.currentTimeMillis();
                    if (now - s.lostLoggedAt >= 1000) {
                        s.lostLoggedAt = now;
                        LOG.warn("processor {} is {} and its buffer is full: {} events it could not take "
                                + "dropped so far", s.name, s.state().shown().name().toLowerCase(), s.lost);
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
     * Whether a slot that is not taking events may still hold the readers back. Back-pressure is
     * harmless for files and rare live (the ring holds seconds of data); a slow or hung sample, or
     * a processor that never comes back, must not stop the others for long.
     */
    private boolean mayHold(ProcessorSlot s) {
        CoreSettings c = settings.get();
        return switch (s.state()) {
            case ARRIVING, VACANT -> System.currentTimeMillis() - s.vacantSince < c.swapHoldMs();
            case SAMPLING -> s.running != null && System.nanoTime() - s.running.startedNanos()
                    < Math.min(c.sampleTimeoutMs(), SAMPLE_HOLD_MS) * 1_000_000L;
            default -> false;
        };
    }
}
