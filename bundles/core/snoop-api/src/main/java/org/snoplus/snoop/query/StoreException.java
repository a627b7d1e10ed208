package org.snoplus.snoop.query;

/** A store could not answer: unreachable, or its data could not be read. The message says which. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
