package org.snoplus.snoop.admin;

/** What a processor is doing, as {@code snoop:processors} and the REST API show it. */
public enum ProcessorState {
    /** Live: receives every event. */
    ACTIVE,
    /** Its {@code sample()} is running: its events are held until it returns. */
    SAMPLING,
    /** Between two versions (the old one went, the new one has not come yet): events are held. */
    SWAPPING,
    /** Too many errors in one sample period: it gets no events until a new version or {@code snoop:enable}. */
    QUARANTINED,
    /** A {@code sample()} or {@code event()} call overran its time limit; the reason is its last error. */
    HUNG,
    /**
     * Taken out by an operator ({@code snoop:disable}): no events, no samples, its state kept, until
     * {@code snoop:enable}. Survives upgrades and restarts.
     */
    DISABLED,
    /** Its bundle went and no new version came within the hold time: its state is kept for a later one. */
    REMOVED
}
