package org.snoplus.snoop.processor;

/**
 * Thrown by {@link Processor#event} to give up on one event. The framework counts it and keeps the
 * processor in the loop, unlike any other exception (see {@link Processor}).
 */
public class ProcessorAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessorAbort(String reason) {
        super(reason);
    }

    public ProcessorAbort(String reason, Throwable cause) {
        super(reason, cause);
    }
}
