package org.snoplus.snoop.admin;

/** What a writer is doing, as {@code snoop:status} and the REST API show it. */
public enum WriterState {
    /** Writing what is queued for it, or waiting for documents. */
    WRITING,
    /** Its last write failed: the batch is offered again after a back-off while documents queue up. */
    RETRYING,
    /** Closed by the framework. */
    STOPPED
}
