package org.snoplus.snoop.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.snoplus.snoop.testing.SampleDocuments.doc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.StoreException;

/**
 * What every {@link DocumentStore} must do, as a JUnit 4 suite: extend it in the store's module
 * (a class named {@code ...Test}), create an empty store in {@link #createStore()} and write
 * through the store's {@link org.snoplus.snoop.writer.Writer} (or its equivalent) in
 * {@link #write}. A write must be visible to the store's reads when {@code write} returns.
 *
 * <p>Documents are identified by processor name and sample time: writing one again replaces it. A
 * document comes back equal to the one written in its JSON form ({@code DocumentJson}).
 */
public abstract class DocumentStoreContract {

    // 2025-11-28T20:40:00Z
    protected static final long T = 1764362400000L;

    protected DocumentStore store;

    /** A new, empty store. Called before each test. */
    protected abstract DocumentStore createStore() throws Exception;

    /** Writes a batch of documents, in order, into the store made by {@link #createStore()}. */
    protected abstract void write(List<SampleDocument> batch) throws Exception;

    /** Releases the store after each test; does nothing unless overridden. */
    protected void closeStore() throws Exception {
    }

    @Before
    public final void openTheStore() throws Exception {
        store = createStore();
    }

    @After
    public final void closeTheStore() throws Exception {
        closeStore();
    }

    @Test
    public void anEmptyStoreHasNothing() throws Exception {
        assertNull(store.latest("rate"));
        assertEquals(List.of(), store.names());
        assertEquals(0, store.count("rate", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(List.of(), range("rate", Long.MIN_VALUE, Long.MAX_VALUE));
        store.version("rate"); // answers, whatever it is
    }

    @Test
    public void aDocumentComesBackEqualToTheOneWritten() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("counts", List.of(0L, 7L, Long.MAX_VALUE, -1L));
        nested.put("empty", Map.of());
        nested.put("nothing", null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("count", 5000L);
        data.put("rate", 961.2941432015792);
        data.put("tiny", 1e-300);
        data.put("negative", -0.5);
        data.put("ok", true);
        data.put("note", "two\nlines, \"quoted\", ünïcödé ✓");
        data.put("hist", nested);
        data.put("list", List.of("a", 1L, 2.5, List.of(), Map.of("k", "v")));
        SampleDocument written = new SampleDocument("custom-id", "hits", T, T - 5000, T, 42, "1.2.3", "daq1", -1, 4999,
                data);

        write(List.of(written));

        // equal in the JSON form: a store may give arrays of numbers back as primitive arrays
        assertEquals(DocumentJson.toJson(written), DocumentJson.toJson(store.latest("hits")));
        List<SampleDocument> read = range("hits", T, T + 1);
        assertEquals(1, read.size());
        assertEquals(DocumentJson.toJson(written), DocumentJson.toJson(read.get(0)));
        assertEquals(written.time(), read.get(0).time());
    }

    @Test
    public void aRunsSpanIsTheTimesOfItsFirstAndLastDocument() throws Exception {
        List<SampleDocument> docs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long time = T + i * 1000L;
            long run = i < 4 ? 299999 : i < 9 ? 300000 : -1;
            docs.add(new SampleDocument(SampleDocument.idOf("runs", "daq1", time), "runs", time, time - 1000, time, i,
                    "1.0.0", "daq1", run, 1, Map.of("i", (long) i)));
        }
        write(docs.subList(6, 12));
        write(docs.subList(0, 6));

        assertEquals(List.of(T, T + 3000), span(store.runSpan("runs", 299999)));
        assertEquals(List.of(T + 4000, T + 8000), span(store.runSpan("runs", 300000)));
        assertEquals(List.of(T + 9000, T + 11000), span(store.runSpan("runs", -1)));
        assertNull(store.runSpan("runs", 300001));
        assertNull(store.runSpan("nothing", 300000));
    }

    private static List<Long> span(long[] span) {
        return span == null ? null : List.of(span[0], span[1]);
    }

    @Test
    public void latestIsTheNewestBySampleTimeNotByWriteOrder() throws Exception {
        write(List.of(doc("rate", T + 3000, "rate", 3L), doc("rate", T + 1000, "rate", 1L)));
        write(List.of(doc("rate", T + 2000, "rate", 2L)));
        write(List.of(doc("count", T + 9000, "count", 9L)));

        assertEquals(doc("rate", T + 3000, "rate", 3L), store.latest("rate"));
        assertEquals(doc("count", T + 9000, "count", 9L), store.latest("count"));
        assertNull(store.latest("other"));
    }

    @Test
    public void aRangeIsAscendingWithItsStartAndWithoutItsEnd() throws Exception {
        List<SampleDocument> docs = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            docs.add(doc("rate", T + i * 1000, "i", (long) i));
        }
        Collections.shuffle(docs, new Random(1));
        write(docs.subList(0, 5));
        write(docs.subList(5, 10));
        write(List.of(doc("count", T + 5000, "i", 0L)));

        assertEquals(times(3, 4, 5, 6), times(range("rate", T + 3000, T + 7000)));
        assertEquals(times(3, 4, 5, 6), times(range("rate", T + 2001, T + 6001)));
        assertEquals(times(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), times(range("rate", Long.MIN_VALUE, Long.MAX_VALUE)));
        assertEquals(times(10), times(range("rate", T + 10000, T + 20000)));
        assertEquals(List.of(), range("rate", T + 5000, T + 5000));
        assertEquals(List.of(), range("rate", T, T + 1000));
        assertEquals(List.of(), range("rate", T + 10001, Long.MAX_VALUE));
        assertEquals(doc("rate", T + 4000, "i", 4L), range("rate", T + 4000, T + 4001).get(0));
    }

    @Test
    public void countAgreesWithTheRange() throws Exception {
        List<SampleDocument> docs = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            docs.add(doc("rate", T + i * 1000, "i", (long) i));
        }
        write(docs);
        long[][] bounds = {{T + 3000, T + 7000}, {T + 2001, T + 6001}, {Long.MIN_VALUE, Long.MAX_VALUE},
            {T + 5000, T + 5000}, {T, T + 1000}, {T + 10000, T + 10001}, {T + 10001, Long.MAX_VALUE}};
        for (long[] b : bounds) {
            assertEquals("count in [" + b[0] + ", " + b[1] + ")", range("rate", b[0], b[1]).size(),
                    store.count("rate", b[0], b[1]));
        }
        assertEquals(4, store.count("rate", T + 3000, T + 7000));
        assertEquals(0, store.count("count", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    public void namesAreSortedAndOnlyThoseWithDocuments() throws Exception {
        write(List.of(doc("rate", T), doc("count", T), doc("diskusage", T)));
        write(List.of(doc("Nhit", T + 1000), doc("count", T + 1000)));

        assertEquals(List.of("Nhit", "count", "diskusage", "rate"), store.names());
    }

    @Test
    public void theVersionChangesOnEveryWriteAndOnlyThen() throws Exception {
        long empty = store.version("rate");
        write(List.of(doc("rate", T)));
        long one = store.version("rate");
        assertNotEquals("after the first document", empty, one);

        store.latest("rate");
        range("rate", T, T + 1);
        store.count("rate", T, T + 1);
        store.names();
        assertEquals("reads do not change the version", one, store.version("rate"));

        write(List.of(doc("rate", T + 1000)));
        long two = store.version("rate");
        assertNotEquals("after a new document", one, two);

        write(List.of(doc("rate", T, "again", true)));
        assertNotEquals("after a document was replaced", two, store.version("rate"));
    }

    @Test
    public void writingADocumentAgainReplacesIt() throws Exception {
        write(List.of(doc("rate", T, "rate", 1.0), doc("rate", T + 1000, "rate", 2.0)));
        write(List.of(doc("rate", T, "rate", 1.5)));
        write(List.of(doc("rate", T, "rate", 1.5)));

        assertEquals(2, store.count("rate", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(List.of(doc("rate", T, "rate", 1.5), doc("rate", T + 1000, "rate", 2.0)),
                range("rate", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    public void tenThousandDocumentsOfSeveralProcessors() throws Exception {
        String[] names = {"rate", "count", "nhit", "trigger", "occupancy", "charge", "timing", "runinfo", "crate",
            "diskusage"};
        int perName = 1200;
        List<SampleDocument> batch = new ArrayList<>();
        for (int i = 0; i < perName; i++) {
            for (String name : names) {
                batch.add(doc(name, T + i * 1000L, "i", (long) i, "name", name, "x", i / 7.0));
                if (batch.size() == 500) {
                    write(batch);
                    batch = new ArrayList<>();
                }
            }
        }
        write(batch);

        List<String> sorted = new ArrayList<>(Arrays.asList(names));
        Collections.sort(sorted);
        assertEquals(sorted, store.names());
        for (String name : names) {
            assertEquals(name, perName, store.count(name, Long.MIN_VALUE, Long.MAX_VALUE));
            assertEquals(name, 100, store.count(name, T + 500_000, T + 600_000));
            assertEquals(doc(name, T + (perName - 1) * 1000L, "i", perName - 1L, "name", name, "x", (perName - 1) / 7.0),
                    store.latest(name));
        }
        List<SampleDocument> all = range("nhit", Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(perName, all.size());
        for (int i = 0; i < perName; i++) {
            assertEquals(doc("nhit", T + i * 1000L, "i", (long) i, "name", "nhit", "x", i / 7.0), all.get(i));
        }
        List<SampleDocument> some = range("crate", T + 500_000, T + 600_000);
        assertEquals(100, some.size());
        assertEquals(T + 500_000, some.get(0).time());
        assertEquals(T + 599_000, some.get(99).time());
    }

    /** The documents of {@code name} in {@code [from, to)}, as the store hands them over. */
    protected List<SampleDocument> range(String name, long from, long to) throws StoreException {
        List<SampleDocument> docs = new ArrayList<>();
        store.range(name, from, to, docs::add);
        return docs;
    }

    private static List<Long> times(List<SampleDocument> docs) {
        return docs.stream().map(SampleDocument::time).toList();
    }

    /** Times of the documents made by the tests: {@code T + i} seconds. */
    private static List<Long> times(int... seconds) {
        return Arrays.stream(seconds).mapToObj(i -> T + i * 1000L).toList();
    }
}
