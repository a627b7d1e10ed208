package org.snoplus.snoop.query.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;
import static org.snoplus.snoop.testing.SampleDocuments.doc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Cut;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.StoreException;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.CountingDocumentStore;

public class StoreQueryServiceTest {

    private static final long T = 1764362400000L;

    @Test
    public void theConfiguredStoreIsRead() throws Exception {
        StoreQueryService service = new StoreQueryService();
        MemoryStore embedded = new MemoryStore(doc("rate", T));
        MemoryStore couchdb = new MemoryStore(doc("count", T));
        service.addStore(embedded, props("embedded", 1L, null));
        service.addStore(couchdb, props("couchdb", 2L, null));

        service.configure(Configs.of(QueryConfig.class));
        assertEquals("embedded", service.store());
        assertEquals(List.of("rate"), service.names());

        service.configure(Configs.of(QueryConfig.class, "store", "couchdb"));
        assertEquals("couchdb", service.store());
        assertEquals(List.of("count"), service.names());
        assertEquals(doc("count", T), service.latest("count"));
    }

    @Test
    public void withoutItsStoreEveryQuestionFailsNamingIt() throws Exception {
        StoreQueryService service = new StoreQueryService();
        service.addStore(new MemoryStore(), props("embedded", 1L, null));
        service.configure(Configs.of(QueryConfig.class, "store", "couchdb"));
        try {
            service.names();
            fail("answered without its store");
        } catch (StoreException e) {
            assertEquals("store couchdb is not available (stores present: [embedded])", e.getMessage());
        }

        MemoryStore couchdb = new MemoryStore(doc("rate", T));
        service.addStore(couchdb, props("couchdb", 2L, null));
        assertEquals(List.of("rate"), service.names());

        service.removeStore(couchdb);
        try {
            service.latest("rate");
            fail("answered from a store that went away");
        } catch (StoreException e) {
            assertEquals("store couchdb is not available (stores present: [embedded])", e.getMessage());
        }
    }

    @Test
    public void ofTwoStoresOfOneNameTheHigherRankingIsRead() throws Exception {
        StoreQueryService service = new StoreQueryService();
        service.configure(Configs.of(QueryConfig.class));
        MemoryStore older = new MemoryStore(doc("older", T));
        MemoryStore ranked = new MemoryStore(doc("ranked", T));
        service.addStore(older, props("embedded", 5L, null));
        assertEquals(List.of("older"), service.names());
        service.addStore(new MemoryStore(doc("newer", T)), props("embedded", 9L, null));
        assertEquals(List.of("older"), service.names());
        service.addStore(ranked, props("embedded", 10L, 3));
        assertEquals(List.of("ranked"), service.names());
        service.removeStore(ranked);
        assertEquals(List.of("older"), service.names());
    }

    @Test
    public void configurationIsValidatedNamingTheKey() {
        StoreQueryService service = new StoreQueryService();
        Configs.assertRejected("bad configuration: store is required",
                () -> service.configure(Configs.of(QueryConfig.class, "store", " ")));
        Configs.assertRejected("bad configuration: cache.mb must be between 0 (no cache) and 65536, not -1",
                () -> service.configure(Configs.of(QueryConfig.class, "cache.mb", -1)));
        Configs.assertRejected("bad configuration: answer.max.mb must be between 1 and 65536, not 0",
                () -> service.configure(Configs.of(QueryConfig.class, "answer.max.mb", 0)));
        Configs.assertRejected("bad configuration: timeout.ms must be >= 0 (0 = no limit), not -5",
                () -> service.configure(Configs.of(QueryConfig.class, "timeout.ms", -5L)));
    }

    @Test
    public void eachProcessorIsReadOncePerQuery() throws Exception {
        List<SampleDocument> docs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            docs.add(doc("rate", T + i * 1000L, "rate", (double) i));
            docs.add(doc("runinfo", T + i * 1000L, "good", i % 3 != 0, "run", 300000L + i / 10));
            docs.add(doc("nhit", T + i * 1000L, "mean", (long) i));
        }
        CountingDocumentStore store = new CountingDocumentStore(
                new MemoryStore(docs.toArray(new SampleDocument[0])));
        QueryEngine engine = new QueryEngine(store, "memory", 0);

        engine.series(new SeriesQuery("rate", T, T + 100_000, List.of("data.rate"),
                List.of(Cut.equal("runinfo", "data.good", true),
                        Cut.between("runinfo", "data.run", 300002.0, null),
                        Cut.between("nhit", "data.mean", 10.0, 90.0),
                        Cut.between("rate", "data.rate", 0.0, 80.0)), 10));

        assertEquals(1, store.calls("range:rate"));
        assertEquals(1, store.calls("range:runinfo"));
        assertEquals(1, store.calls("range:nhit"));
        assertEquals(3, store.calls("range"));
    }

    private static Map<String, Object> props(String name, long id, Integer ranking) {
        Map<String, Object> p = new HashMap<>();
        p.put(DocumentStore.NAME, name);
        p.put("service.id", id);
        if (ranking != null) {
            p.put("service.ranking", ranking);
        }
        return p;
    }

    /** The simplest store: a sorted map per processor. */
    static final class MemoryStore implements DocumentStore {
        private final Map<String, TreeMap<Long, SampleDocument>> docs = new TreeMap<>();

        MemoryStore(SampleDocument... documents) {
            for (SampleDocument d : documents) {
                docs.computeIfAbsent(d.name(), k -> new TreeMap<>()).put(d.time(), d);
            }
        }

        @Override
        public SampleDocument latest(String name) {
            TreeMap<Long, SampleDocument> m = docs.get(name);
            return m == null || m.isEmpty() ? null : m.lastEntry().getValue();
        }

        @Override
        public void range(String name, long from, long to, Consumer<SampleDocument> sink) {
            TreeMap<Long, SampleDocument> m = docs.get(name);
            if (m != null && from < to) {
                m.subMap(from, to).values().forEach(sink);
            }
        }

        @Override
        public long count(String name, long from, long to) {
            TreeMap<Long, SampleDocument> m = docs.get(name);
            return m == null || from >= to ? 0 : m.subMap(from, to).size();
        }

        @Override
        public List<String> names() {
            return new ArrayList<>(docs.keySet());
        }

        @Override
        public long version(String name) {
            return 0;
        }
    }

    @Test
    public void theCacheOutlivesAnotherStoreComingAndGoing() throws Exception {
        StoreQueryService service = new StoreQueryService();
        service.configure(Configs.of(QueryConfig.class));
        CountingDocumentStore embedded = new CountingDocumentStore(new MemoryStore(doc("rate", T, "rate", 1.0)));
        service.addStore(embedded, props("embedded", 1L, null));
        SeriesQuery q = new SeriesQuery("rate", T, T + 1000, List.of("data.rate"), List.of(), 0);
        service.series(q);

        MemoryStore couchdb = new MemoryStore();
        service.addStore(couchdb, props("couchdb", 2L, null));
        service.removeStore(couchdb);
        embedded.reset();
        assertEquals(1, service.series(q).times().length);
        assertEquals(0, embedded.reads());

        service.configure(Configs.of(QueryConfig.class, "cache.mb", 10));
        assertEquals(1, service.series(q).times().length);
        assertEquals("a new configuration starts an empty cache", 1, embedded.calls("range:rate"));
    }
}
