package org.snoplus.snoop.core.internal;

/**
 * What the loop decided when a processor service arrived (see {@link SwapCoordinator#bind}).
 */
sealed interface BindDecision {

    ProcessorSlot slot();

    /** Another instance of the name is live and at least as new: this one waits behind it. */
    record Wait(ProcessorSlot slot, Instance live) implements BindDecision {
    }

    /**
     * The newcomer is newer than the live instance, which stops getting events now and waits
     * behind it; its state is to be handed over once its running sample (if any) is done.
     */
    record Replace(ProcessorSlot slot, Instance old, Sampling running, SwapCoordinator.Fallback fallback)
            implements BindDecision {
    }

    /** The name was free: the newcomer takes over {@code state} (null when there is none). */
    record Free(ProcessorSlot slot, Object state) implements BindDecision {
    }
}
