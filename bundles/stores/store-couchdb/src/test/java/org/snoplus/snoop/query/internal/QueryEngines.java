package org.snoplus.snoop.query.internal;

import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.QueryService;

/**
 * snoop-query's engine, which is package-private there, for the contract suite of this module's
 * store (a test class in the engine's package: snoop-query is a test dependency, not a bundle
 * these tests run in).
 */
public final class QueryEngines {

    private QueryEngines() {
    }

    /** The engine of the query service over {@code store}, as {@code StoreQueryService} makes it. */
    public static QueryService over(DocumentStore store, String storeName, long cacheBytes) {
        return new QueryEngine(store, storeName, cacheBytes);
    }
}
