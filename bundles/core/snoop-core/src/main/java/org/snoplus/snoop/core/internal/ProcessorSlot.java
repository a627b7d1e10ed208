package org.snoplus.snoop.core.internal;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.snoplus.snoop.admin.ProcessorState;
import org.snoplus.snoop.processor.Processor;

/**
 * Everything the loop keeps under one processor name. The slot outlives the instances that fill
 * it: its cursor into the ring, its counters and the state handed from one version to the next
 * belong to the name, so an upgrade continues where the old version stopped.
 *
 * <p>Fields without {@code volatile} belong to the loop thread; the others are read by the shell
 * and written by the loop or by the sampler thread of this slot.
 */
final class ProcessorSlot {

    /** A second service with a name that is already live, queued until the live one goes. */
    record Candidate(Processor<Object> processor, String version, String bundle) {
    }

    final String name;

    // --- owned by the loop thread
    Processor<Object> processor;
    Candidate live;
    Class<?> type;
    boolean all;
    boolean reserved;
    long cursor;
    long windowStart;
    long windowEvents;
    long sequence;
    long vacantSince;
    long lostLoggedAt;
    Object pendingState;
    final ArrayDeque<Candidate> waiting = new ArrayDeque<>();

    // --- shared
    volatile String version = "";
    volatile String bundle = "";
    volatile long events;
    volatile long aborts;
    volatile long lost;
    volatile long held;
    volatile long samples;
    volatile long lastSampleTime;
    volatile boolean sampling;
    volatile long sampleStartedNanos;
    volatile boolean hung;
    volatile boolean quarantined;
    volatile boolean gone;
    volatile String lastError;
    final AtomicLong errors = new AtomicLong();
    final AtomicInteger periodErrors = new AtomicInteger();

    ProcessorSlot(String name) {
        this.name = name;
    }

    /** Whether the loop may call {@code event()} now. */
    boolean ready() {
        return processor != null && !sampling && !quarantined;
    }

    ProcessorState state() {
        if (gone) {
            return ProcessorState.REMOVED;
        }
        if (processor == null) {
            return ProcessorState.SWAPPING;
        }
        if (quarantined) {
            return ProcessorState.QUARANTINED;
        }
        if (hung) {
            return ProcessorState.HUNG;
        }
        return sampling ? ProcessorState.SAMPLING : ProcessorState.ACTIVE;
    }
}
