package org.snoplus.snoop.query.internal;

import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.QueryService;

/**
 * snoop-query's engine, which is package-private there, for the benchmarks (a class in the
 * engine's package: the benchmarks run on the class path, not in a framework).
 */
public final class Engines {

    private Engines() {
    }

    /** The engine of the query service over {@code store}, as {@code StoreQueryService} makes it. */
    public static QueryService over(DocumentStore store, long cacheBytes) {
        return new QueryEngine(store, "embedded", cacheBytes);
    }

    /** The same with {@code columnBytes} for series kept column by column (0: none). */
    public static QueryService over(DocumentStore store, long cacheBytes, long columnBytes) {
        return new QueryEngine(store, "embedded", cacheBytes, columnBytes, 0, Long.MAX_VALUE);
    }
}
