package org.snoplus.snoop.admin;

/**
 * A reader as the shell shows it.
 *
 * @param name its name
 * @param state what it is doing
 * @param events events published
 * @param rate events per second over the last sample period
 * @param malformed records skipped as malformed
 * @param description the reader's own description of its source and position
 * @param lastError the last failure or malformed record, or null
 */
public record ReaderInfo(String name, ReaderState state, long events, double rate, long malformed,
        String description, String lastError) {
}
