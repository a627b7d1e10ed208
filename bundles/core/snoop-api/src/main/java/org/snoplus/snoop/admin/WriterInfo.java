package org.snoplus.snoop.admin;

/**
 * A writer as the shell shows it.
 *
 * @param name its name
 * @param state what it is doing
 * @param queued documents waiting in its queue
 * @param capacity capacity of its queue
 * @param written documents written
 * @param dropped documents dropped because the queue was full
 * @param failures failed write attempts
 * @param description the writer's own description of its store
 * @param lastError the last failure, or null
 */
public record WriterInfo(String name, WriterState state, int queued, int capacity, long written, long dropped, long failures,
        String description, String lastError) {
}
