package org.snoplus.snoop.query;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;
import org.snoplus.snoop.document.SampleDocument;

/**
 * A store that can be read: registered as a service by a store bundle, beside the
 * {@link org.snoplus.snoop.writer.Writer} through which documents reach it. Only plain reads
 * live here; fields, cuts, down-sampling and caching are the {@link QueryService}'s.
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
}
