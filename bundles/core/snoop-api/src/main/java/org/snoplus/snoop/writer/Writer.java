package org.snoplus.snoop.writer;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.snoplus.snoop.document.SampleDocument;

/**
 * A store of sample documents, registered as an OSGi service. Every document goes to every
 * writer, in sample order, through a bounded queue of the writer's own (service property
 * {@value #QUEUE_SIZE}, default 10 000) drained by a thread of its own, so a slow store never
 * blocks sampling nor the other writers.
 *
 * <p>If {@link #write} throws, the same batch is offered again after a back-off (1 s doubling to
 * 30 s) until it succeeds; meanwhile new documents wait in the queue, and when the queue is full
 * the newest are dropped and counted. A writer that must never lose a document spools to disk
 * inside {@code write}. Ids are deterministic, so writing a document twice must be harmless.
 */
@ConsumerType
public interface Writer {

    /** Service property: a short name for the shell and the logs (defaults to the component name). */
    String NAME = "snoop.writer.name";

    /** Service property: the capacity of the writer's queue, in documents. */
    String QUEUE_SIZE = "snoop.writer.queue";

    /** Stores a batch of documents, in order. Called from one thread only. */
    void write(List<SampleDocument> batch) throws Exception;

    /** Makes what was written durable (called at shutdown and when the queue runs empty). */
    default void flush() throws Exception {
    }

    /** One line describing the store and its health, for {@code snoop:status}. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
