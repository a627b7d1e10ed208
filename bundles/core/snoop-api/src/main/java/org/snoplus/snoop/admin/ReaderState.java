package org.snoplus.snoop.admin;

/** What a reader is doing, as {@code snoop:status} and the REST API show it. */
public enum ReaderState {
    /** Added; its thread has not started reading yet. */
    STARTING,
    /** Reading its source and publishing events. */
    READING,
    /** Its source failed (a missing file, a lost connection): it is retried with back-off. */
    RETRYING,
    /** Its source ended (a file read to its end): nothing more will come. */
    DONE,
    /** Stopped by the framework (removed, reconfigured or shutting down). */
    STOPPED
}
