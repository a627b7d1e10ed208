package org.snoplus.snoop.admin;

/**
 * A processor as the shell shows it.
 *
 * @param name stable name
 * @param version version of the bundle that provides it now (or provided it last)
 * @param bundle symbolic name of that bundle
 * @param state what it is doing
 * @param events events delivered, across versions
 * @param aborts events given up with {@code ProcessorAbort}
 * @param errors unhandled exceptions and sample timeouts
 * @param lost events that could not be held for it (its backlog overflowed)
 * @param held events held for it right now
 * @param samples samples taken, across versions
 * @param lastSampleTime time of the last sample, ms since the epoch, 0 if none
 * @param lastError the last error message, or null
 */
public record ProcessorInfo(String name, String version, String bundle, ProcessorState state, long events,
        long aborts, long errors, long lost, long held, long samples, long lastSampleTime, String lastError) {
}
