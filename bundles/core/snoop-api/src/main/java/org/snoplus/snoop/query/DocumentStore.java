package org.snoplus.snoop.query;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;
import org.snoplus.snoop.document.SampleDocument;

/**
 * A store that can be read: registered as a service by a store bundle, beside the
 * {@link org.snoplus.snoop.writer.Writer} through which documents reach it. Only plain reads
 * live here; fields, cuts, down-sampling, aggregation and caching are the {@link QueryService}'s.
 *
 * <p>A document read back is equal in its JSON form to the one written: arrays of numbers may come
 * back as lists or as primitive arrays ({@code long[]}, {@code double[]}).
 */
@ConsumerType
public interface DocumentStore {

    /** Service property: the store's name ({@code embedded}, {@code couchdb}...), used to pick one. */
    String NAME = "snoop.store.name";

    /** The newest document of processor {@code name}, or null if there is none. */
    SampleDocument latest(String name) throws StoreException;

    /**
     * The documents of processor {@code name} with {@code from <= time < to}, in ascending time,
     * handed to {@code sink} one by one (a long range is not held in memory at once).
     */
    void range(String name, long from, long to, Consumer<SampleDocument> sink) throws StoreException;

    /** How many documents of {@code name} have {@code from <= time < to}. */
    long count(String name, long from, long to) throws StoreException;

    /** The names of the processors that have documents, sorted. */
    List<String> names() throws StoreException;

    /**
     * A number that changes whenever documents of {@code name} are added (or replaced): a cached
     * answer computed at version v is still right while the version is v.
     */
    long version(String name) throws StoreException;

    /**
     * A number that changes whenever documents of {@code name} are changed otherwise than by adding
     * one later than every other: one added before the newest, replaced, or removed. While it
     * stays, what was read of {@code name} is still right and only documents after the newest
     * read can have come: a reader may keep what it read and read on from there.
     *
     * <p>This default is {@link #version}: every change counts, and a reader reads again.
     *
     * @since 1.2
     */
    default long edits(String name) throws StoreException {
        return version(name);
    }

    /**
     * The sample times of the first and the last document of {@code name} whose {@code run} is
     * {@code run}, as {@code {first, last}}, or null if there is none: the range to read for a
     * run's documents (which may hold documents of other runs too, if runs interleave).
     *
     * <p>This default reads every document of {@code name}; a store with an index of runs answers
     * from it.
     *
     * @since 1.1
     */
    default long[] runSpan(String name, long run) throws StoreException {
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        range(name, Long.MIN_VALUE, Long.MAX_VALUE, doc -> {
            if (doc.run() == run) {
                span[0] = Math.min(span[0], doc.time());
                span[1] = Math.max(span[1], doc.time());
            }
        });
        return span[0] > span[1] ? null : span;
    }
}
