package org.snoplus.snoop.query;

/**
 * A question stopped before its answer: its time limit passed, or its asker called it off
 * ({@link QueryLimits}). Unchecked, so that it leaves a store's read from inside the consumer of
 * its documents.
 */
public class QueryStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    public QueryStoppedException(String message, boolean timedOut) {
        super(message, null, false, false);
        this.timedOut = timedOut;
    }

    /** Whether the time limit passed (rather than the asker calling the question off). */
    public boolean timedOut() {
        return timedOut;
    }
}
