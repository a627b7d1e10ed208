package org.snoplus.snoop.store.support;

import java.util.List;
import java.util.function.Consumer;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.StoreException;

/**
 * A {@link DocumentStore} that answers with the store it holds now: what a store component is,
 * whose store is made at activation, made again on a new configuration or after a failure, and
 * gone once deactivated. Embedded privately in each store bundle (bnd {@code -conditionalpackage}).
 */
public interface ForwardingDocumentStore extends DocumentStore {

    /**
     * The store that answers now.
     *
     * @throws StoreException naming the store if there is none (not active)
     */
    DocumentStore documentStore() throws StoreException;

    @Override
    default SampleDocument latest(String name) throws StoreException {
        return documentStore().latest(name);
    }

    @Override
    default void range(String name, long from, long to, Consumer<SampleDocument> sink) throws StoreException {
        documentStore().range(name, from, to, sink);
    }

    @Override
    default long count(String name, long from, long to) throws StoreException {
        return documentStore().count(name, from, to);
    }

    @Override
    default List<String> names() throws StoreException {
        return documentStore().names();
    }

    @Override
    default long version(String name) throws StoreException {
        return documentStore().version(name);
    }

    @Override
    default long edits(String name) throws StoreException {
        return documentStore().edits(name);
    }

    @Override
    default long[] runSpan(String name, long run) throws StoreException {
        return documentStore().runSpan(name, run);
    }
}
