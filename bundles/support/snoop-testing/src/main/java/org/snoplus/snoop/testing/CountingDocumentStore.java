package org.snoplus.snoop.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.StoreException;

/**
 * A {@link DocumentStore} that passes every call on to another and counts the reads, so that a
 * test can tell whether an answer came from a cache and how often a processor's documents were
 * fetched: {@code calls("range:rate")}, {@code calls("latest")}. {@code version} calls are not counted.
 */
public final class CountingDocumentStore implements DocumentStore {

    private final DocumentStore store;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public CountingDocumentStore(DocumentStore store) {
        this.store = store;
    }

    /** Calls of {@code method} ({@code latest}, {@code range}, {@code count}, {@code names}), or of {@code method:name}. */
    public int calls(String what) {
        AtomicInteger n = calls.get(what);
        return n == null ? 0 : n.get();
    }

    /** Calls that read documents or counts: {@code latest}, {@code range}, {@code count} and {@code names}. */
    public int reads() {
        return calls("latest") + calls("range") + calls("count") + calls("names");
    }

    public void reset() {
        calls.clear();
    }

    private void count(String method, String name) {
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        if (name != null) {
            calls.computeIfAbsent(method + ":" + name, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public SampleDocument latest(String name) throws StoreException {
        count("latest", name);
        return store.latest(name);
    }

    @Override
    public void range(String name, long from, long to, Consumer<SampleDocument> sink) throws StoreException {
        count("range", name);
        store.range(name, from, to, sink);
    }

    @Override
    public long count(String name, long from, long to) throws StoreException {
        count("count", name);
        return store.count(name, from, to);
    }

    @Override
    public List<String> names() throws StoreException {
        count("names", null);
        return store.names();
    }

    @Override
    public long version(String name) throws StoreException {
        return store.version(name);
    }

    @Override
    public long edits(String name) throws StoreException {
        return store.edits(name);
    }
}
