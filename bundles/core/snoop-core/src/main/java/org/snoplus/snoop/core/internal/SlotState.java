package org.snoplus.snoop.core.internal;

import org.snoplus.snoop.admin.ProcessorState;

/**
 * Where one processor name stands. The transitions are the methods of {@link ProcessorSlot}; each
 * checks that it starts from a state it may leave, so a wrong sequence of loop commands fails at
 * once instead of leaving a slot half in two states.
 *
 * <pre>
 * transition          from                                   to
 * attach              ARRIVING                               ACTIVE
 * startSample         ACTIVE                                 SAMPLING
 * sampleDone          SAMPLING, HUNG                         ACTIVE (or QUARANTINED on errors)
 * overran             SAMPLING                               HUNG
 * stuck               ACTIVE                                 STUCK
 * quarantine          ACTIVE                                 QUARANTINED
 * enable              QUARANTINED, DISABLED                  ACTIVE
 * disable             ACTIVE, QUARANTINED                    DISABLED (others: on their next attach or sampleDone)
 * detach              ACTIVE, SAMPLING, HUNG, STUCK, QUAR.,  VACANT
 *                     DISABLED
 * reserve             VACANT, REMOVED, or any with instance  ARRIVING (a newer instance displaces one)
 * expire              VACANT                                 REMOVED
 * reinstate           REMOVED (a name restored at start)     VACANT
 * </pre>
 */
enum SlotState {
    /** A new instance is taking over (its {@code takeover()} runs): events are held for it. */
    ARRIVING(ProcessorState.SWAPPING),
    /** Live: the loop calls {@code event()}. */
    ACTIVE(ProcessorState.ACTIVE),
    /** Its {@code sample()} runs on a sampler thread: events are held. */
    SAMPLING(ProcessorState.SAMPLING),
    /** Its {@code sample()} overran {@code sample.timeout.ms}: events are held while they fit, then dropped. */
    HUNG(ProcessorState.HUNG),
    /** Its {@code event()} overran {@code event.timeout.ms}: the loop left it behind on its thread. */
    STUCK(ProcessorState.HUNG),
    /** Too many errors in one period: no events, no samples, until enabled or replaced. */
    QUARANTINED(ProcessorState.QUARANTINED),
    /** Taken out by an operator: no events, no samples; the instance keeps its state until enabled. */
    DISABLED(ProcessorState.DISABLED),
    /** Its instance went away; events are held for the next version during {@code swap.hold.ms}. */
    VACANT(ProcessorState.SWAPPING),
    /** Vacant for longer than the hold: nothing is held; its state waits for a later deployment. */
    REMOVED(ProcessorState.REMOVED);

    private final ProcessorState shown;

    SlotState(ProcessorState shown) {
        this.shown = shown;
    }

    /** The state as the admin API shows it. */
    ProcessorState shown() {
        return shown;
    }

    /** Whether an instance is in the slot (it may be unable to take events right now). */
    boolean hasInstance() {
        return this == ACTIVE || this == SAMPLING || this == HUNG || this == STUCK || this == QUARANTINED
                || this == DISABLED;
    }
}
