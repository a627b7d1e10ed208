package org.snoplus.snoop.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.snoplus.snoop.testing.SampleDocuments.doc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Cut;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;

/**
 * What a {@link QueryService} answers, as the Javadoc of {@link SeriesQuery}, {@link Series} and
 * {@link Cut} says, over any {@link DocumentStore}: extend it with the store of your choice
 * ({@link #createStore()}, {@link #write}) and the query service under test
 * ({@link #createQueryService}). The service is given a {@link CountingDocumentStore} around the
 * store, so that cache hits can be seen.
 */
public abstract class QueryServiceContract {

    // 2025-11-28T20:40:00Z
    protected static final long T = 1764362400000L;
    protected static final long S = 1000;

    protected CountingDocumentStore store;
    protected QueryService query;

    /** A new, empty store. Called before each test. */
    protected abstract DocumentStore createStore() throws Exception;

    /** Writes a batch of documents into the store made by {@link #createStore()}; visible when it returns. */
    protected abstract void write(List<SampleDocument> batch) throws Exception;

    /** The query service under test, reading {@code store}, with a cache of {@code cacheEntries} answers. */
    protected abstract QueryService createQueryService(DocumentStore store, int cacheEntries) throws Exception;

    /** Releases the store after each test; does nothing unless overridden. */
    protected void closeStore() throws Exception {
    }

    @Before
    public final void openTheStore() throws Exception {
        store = new CountingDocumentStore(createStore());
        query = createQueryService(store, 256);
    }

    @After
    public final void closeTheStore() throws Exception {
        closeStore();
    }

    @Test
    public void fieldsAreDottedPathsIntoTheDocument() throws Exception {
        Map<String, Object> hist = new LinkedHashMap<>();
        hist.put("counts", List.of(4L, 5L, 6L, 7L));
        hist.put("under", 0L);
        write(List.of(doc("rate", T, "rate", 2.5, "label", "x", "hist", hist),
                doc("rate", T + S, "rate", 3L, "label", "y")));

        Series s = query.series(new SeriesQuery("rate", T, T + 10 * S, List.of("data.rate", "events", "run",
                "data.hist.counts.3", "data.hist.under", "data.missing", "time", "window.start", "_id", "name",
                "data.label", "data.hist.counts.9", "data.rate.deeper", "nonsense"), List.of(), 0));

        assertEquals("rate", s.name());
        assertEquals(14, s.fields().size());
        assertEquals("data.rate", s.fields().get(0));
        assertEquals(List.of(T, T + S), times(s));
        assertEquals(Arrays.asList(2.5, 1000L, 300000L, 7L, 0L, null, T, T - S, "rate@daq1:" + T, "rate", "x", null, null,
                null), values(s, 0));
        assertEquals(Arrays.asList(3L, 1000L, 300000L, null, null, null, T + S, T, "rate@daq1:" + (T + S), "rate", "y",
                null, null, null), values(s, 1));
        assertEquals(2, s.documents());
        assertFalse(s.downsampled());
    }

    @Test
    public void noFieldsMeansTheWholeDataObject() throws Exception {
        write(List.of(doc("count", T, "count", 5L, "total", 7L)));

        Series s = query.series(new SeriesQuery("count", T, T + S, List.of(), List.of(), 0));

        assertEquals(List.of("data"), s.fields());
        assertEquals(Map.of("count", 5L, "total", 7L), s.values().get(0)[0]);
    }

    @Test
    public void theRangeIncludesItsStartAndNotItsEnd() throws Exception {
        write(seconds("rate", 0, 10, i -> new Object[] {"i", (long) i}));

        Series s = query.series(new SeriesQuery("rate", T + 2 * S, T + 5 * S, List.of("data.i"), List.of(), 0));

        assertEquals(List.of(T + 2 * S, T + 3 * S, T + 4 * S), times(s));
        assertEquals(0, query.series(new SeriesQuery("rate", T + 2 * S, T + 2 * S, List.of("data.i"), List.of(), 0))
                .times().length);
        assertEquals(0, query.series(new SeriesQuery("nothing", T, T + 10 * S, List.of("data.i"), List.of(), 0))
                .times().length);
    }

    @Test
    public void latestAndItsFields() throws Exception {
        write(List.of(doc("rate", T + S, "rate", 1.5, "hist", List.of(1L, 2L)), doc("rate", T, "rate", 9.0)));

        assertEquals(doc("rate", T + S, "rate", 1.5, "hist", List.of(1L, 2L)), query.latest("rate"));
        assertEquals(1.5, query.latest("rate", "data.rate"));
        assertEquals(2L, query.latest("rate", "data.hist.1"));
        assertEquals(T + S, query.latest("rate", "time"));
        assertNull(query.latest("rate", "data.missing"));
        assertNull(query.latest("nothing", "data.rate"));
        assertNull(query.latest("nothing"));
    }

    @Test
    public void cutsKeepTheSamplesWhereTheOtherProcessorAgrees() throws Exception {
        List<SampleDocument> docs = new ArrayList<>(seconds("rate", 0, 8, i -> new Object[] {"rate", i * 10.0}));
        // runinfo has no document at 7 s: that sample cannot pass a cut on it
        docs.addAll(seconds("runinfo", 0, 7, i -> new Object[] {"type", i < 4 ? "physics" : "calibration",
            "trigger", i % 2 == 0 ? (Object) 3L : (Object) 4.5, "source", i == 5 ? "laserball" : null}));
        write(docs);

        assertEquals(List.of(T, T + S, T + 2 * S, T + 3 * S),
                times(series("rate", Cut.equal("runinfo", "data.type", "physics"))));
        assertEquals(List.of(T + 4 * S, T + 5 * S, T + 6 * S),
                times(series("rate", Cut.equal("runinfo", "data.type", "calibration"))));
        // numbers as numbers: 3 == 3.0, 4.5 == 4.5f
        assertEquals(List.of(T, T + 2 * S, T + 4 * S, T + 6 * S),
                times(series("rate", Cut.equal("runinfo", "data.trigger", 3.0))));
        assertEquals(List.of(T + S, T + 3 * S, T + 5 * S),
                times(series("rate", Cut.equal("runinfo", "data.trigger", 4.5f))));
        // anything else as text
        assertEquals(List.of(T, T + 2 * S, T + 4 * S, T + 6 * S),
                times(series("rate", Cut.equal("runinfo", "data.trigger", "3"))));
        assertEquals(List.of(), times(series("rate", Cut.equal("runinfo", "data.trigger", "3.0"))));
        assertEquals(List.of(T + 5 * S), times(series("rate", Cut.equal("runinfo", "data.source", "laserball"))));
        // a missing field fails the cut
        assertEquals(List.of(), times(series("rate", Cut.equal("runinfo", "data.nothing", "x"))));
        assertEquals(List.of(), times(series("rate", Cut.equal("nothing", "data.type", "physics"))));
    }

    @Test
    public void rangeCutsAreInclusiveAndNeedANumber() throws Exception {
        List<SampleDocument> docs = new ArrayList<>(seconds("rate", 0, 8, i -> new Object[] {"rate", i * 10.0}));
        docs.addAll(seconds("nhit", 0, 8, i -> new Object[] {"mean", (long) i, "text", "5"}));
        write(docs);

        assertEquals(List.of(T + 2 * S, T + 3 * S, T + 4 * S),
                times(series("rate", Cut.between("nhit", "data.mean", 2.0, 4.0))));
        assertEquals(List.of(T + 6 * S, T + 7 * S), times(series("rate", Cut.between("nhit", "data.mean", 6.0, null))));
        assertEquals(List.of(T, T + S), times(series("rate", Cut.between("nhit", "data.mean", null, 1.0))));
        assertEquals(List.of(), times(series("rate", Cut.between("nhit", "data.text", 0.0, 10.0))));
        // on the queried processor itself
        assertEquals(List.of(T + 5 * S, T + 6 * S, T + 7 * S),
                times(series("rate", Cut.between("rate", "data.rate", 50.0, null))));
        // all cuts must hold
        assertEquals(List.of(T + 3 * S, T + 4 * S), times(series("rate", Cut.between("nhit", "data.mean", 2.0, 4.0),
                Cut.between("rate", "data.rate", 30.0, 70.0))));
        Series s = series("rate", Cut.between("nhit", "data.mean", 2.0, 4.0));
        assertEquals(3, s.documents());
        assertEquals(Arrays.asList(20.0), values(s, 0));
    }

    @Test
    public void aLongRangeIsDownSampledIntoEqualBuckets() throws Exception {
        write(seconds("rate", 0, 10, i -> new Object[] {"i", (long) i, "x", i * 0.5, "label", "L" + i,
            "sometimes", i % 3 == 0 ? (Object) (long) i : null}));

        // 10 s in 5 buckets of 2 s
        Series s = query.series(new SeriesQuery("rate", T, T + 10 * S, List.of("data.i", "data.x", "data.label",
                "data.sometimes", "data.missing"), List.of(), 5));

        assertTrue(s.downsampled());
        assertEquals(10, s.documents());
        assertEquals(List.of(T, T + 2 * S, T + 4 * S, T + 6 * S, T + 8 * S), times(s));
        assertEquals(Arrays.asList(0.5, 0.25, "L1", 0.0, null), values(s, 0));
        assertEquals(Arrays.asList(2.5, 1.25, "L3", 3.0, null), values(s, 1));
        assertEquals(Arrays.asList(4.5, 2.25, "L5", null, null), values(s, 2));
        assertEquals(Arrays.asList(6.5, 3.25, "L7", 6.0, null), values(s, 3));
        assertEquals(Arrays.asList(8.5, 4.25, "L9", 9.0, null), values(s, 4));

        // 9 s in 2 buckets of 4.5 s: [0, 4.5) holds 0..4, [4.5, 9) holds 5..8; 9 is outside
        Series two = query.series(new SeriesQuery("rate", T, T + 9 * S, List.of("data.i"), List.of(), 2));
        assertEquals(List.of(T, T + 5 * S), times(two));
        assertEquals(Arrays.asList(2.0), values(two, 0));
        assertEquals(Arrays.asList(6.5), values(two, 1));
        assertEquals(9, two.documents());
    }

    @Test
    public void emptyBucketsHaveNoPointAndTheBucketTimeIsItsFirstDocument() throws Exception {
        List<SampleDocument> docs = new ArrayList<>();
        docs.addAll(seconds("rate", 1, 3, i -> new Object[] {"i", (long) i}));
        docs.addAll(seconds("rate", 97, 100, i -> new Object[] {"i", (long) i}));
        write(docs);

        Series s = query.series(new SeriesQuery("rate", T, T + 100 * S, List.of("data.i"), List.of(), 4));

        assertTrue(s.downsampled());
        assertEquals(List.of(T + S, T + 97 * S), times(s));
        assertEquals(Arrays.asList(1.5), values(s, 0));
        assertEquals(Arrays.asList(98.0), values(s, 1));
    }

    @Test
    public void aRangeThatFitsIsNotDownSampled() throws Exception {
        write(seconds("rate", 0, 10, i -> new Object[] {"i", (long) i}));

        Series s = query.series(new SeriesQuery("rate", T, T + 100 * S, List.of("data.i"), List.of(), 10));

        assertFalse(s.downsampled());
        assertEquals(10, s.times().length);
        assertEquals(Arrays.asList(9L), values(s, 9));
    }

    @Test
    public void cutsApplyBeforeDownSampling() throws Exception {
        List<SampleDocument> docs = new ArrayList<>(seconds("rate", 0, 12, i -> new Object[] {"i", (long) i}));
        docs.addAll(seconds("runinfo", 0, 12, i -> new Object[] {"good", i % 2 == 0}));
        write(docs);

        // even seconds pass: 0 2 4 | 6 8 10
        Series s = query.series(new SeriesQuery("rate", T, T + 12 * S, List.of("data.i"),
                List.of(Cut.equal("runinfo", "data.good", true)), 2));

        assertTrue(s.downsampled());
        assertEquals(6, s.documents());
        assertEquals(List.of(T, T + 6 * S), times(s));
        assertEquals(Arrays.asList(2.0), values(s, 0));
        assertEquals(Arrays.asList(8.0), values(s, 1));

        Series fits = query.series(new SeriesQuery("rate", T, T + 12 * S, List.of("data.i"),
                List.of(Cut.equal("runinfo", "data.good", "true")), 6));
        assertFalse("6 documents pass, 6 points allowed", fits.downsampled());
        assertEquals(6, fits.times().length);
    }

    @Test
    public void documentsAreTheNewestInTheRangeInAscendingOrder() throws Exception {
        write(seconds("rate", 0, 10, i -> new Object[] {"i", (long) i}));

        assertEquals(List.of(T + 7 * S, T + 8 * S, T + 9 * S), docTimes(query.documents("rate", T, T + 10 * S, 3)));
        assertEquals(List.of(T + 4 * S, T + 5 * S), docTimes(query.documents("rate", T + 2 * S, T + 6 * S, 2)));
        assertEquals(List.of(T + 2 * S, T + 3 * S), docTimes(query.documents("rate", T + 2 * S, T + 4 * S, 100)));
        assertEquals(List.of(), docTimes(query.documents("rate", T + 20 * S, T + 40 * S, 100)));
        assertEquals(List.of(T + 9 * S), docTimes(query.documents("rate", Long.MIN_VALUE, Long.MAX_VALUE, 1)));
        assertEquals(doc("rate", T + 9 * S, "i", 9L), query.documents("rate", T, T + 10 * S, 1).get(0));
    }

    @Test
    public void namesAreTheStoresNames() throws Exception {
        write(List.of(doc("rate", T), doc("count", T)));

        assertEquals(List.of("count", "rate"), query.names());
    }

    @Test
    public void aRepeatedQueryIsAnsweredFromTheCacheUntilANewDocumentArrives() throws Exception {
        write(seconds("rate", 0, 5, i -> new Object[] {"i", (long) i}));
        write(seconds("runinfo", 0, 5, i -> new Object[] {"good", true}));
        SeriesQuery q = new SeriesQuery("rate", T, T + 100 * S, List.of("data.i"),
                List.of(Cut.equal("runinfo", "data.good", true)), 0);

        assertEquals(5, query.series(q).times().length);
        store.reset();
        assertEquals(5, query.series(q).times().length);
        assertEquals("a repeated query reads nothing", 0, store.reads());

        write(seconds("rate", 5, 6, i -> new Object[] {"i", (long) i}));
        assertEquals("rate has no runinfo at 5 s yet", 5, query.series(q).times().length);
        write(seconds("runinfo", 5, 6, i -> new Object[] {"good", true}));
        Series six = query.series(q);
        assertEquals("a new document of a cut's processor is seen", 6, six.times().length);
        assertEquals(Arrays.asList(5L), values(six, 5));

        // an answer handed out and then changed by its receiver does not change the cache
        six.times()[0] = 0;
        six.values().get(0)[0] = "spoiled";
        Series again = query.series(q);
        assertEquals(T, again.times()[0]);
        assertEquals(0L, again.values().get(0)[0]);

        store.reset();
        query.documents("rate", T, T + 100 * S, 3);
        query.documents("rate", T, T + 100 * S, 3);
        int reads = store.reads();
        write(seconds("rate", 6, 7, i -> new Object[] {"i", (long) i}));
        assertEquals(List.of(T + 4 * S, T + 5 * S, T + 6 * S), docTimes(query.documents("rate", T, T + 100 * S, 3)));
        assertTrue("documents() was recomputed", store.reads() > reads);
    }

    @Test
    public void aQueryOfAnotherRangeIsNotAnsweredWithTheCachedOne() throws Exception {
        write(seconds("rate", 0, 10, i -> new Object[] {"i", (long) i}));

        assertEquals(10, query.series(new SeriesQuery("rate", T, T + 10 * S, List.of("data.i"), List.of(), 0))
                .times().length);
        assertEquals(5, query.series(new SeriesQuery("rate", T, T + 5 * S, List.of("data.i"), List.of(), 0))
                .times().length);
        assertEquals(5, query.series(new SeriesQuery("rate", T, T + 10 * S, List.of("data.i"), List.of(), 5))
                .times().length);
        assertEquals(10, query.series(new SeriesQuery("rate", T, T + 10 * S, List.of("events"), List.of(), 0))
                .times().length);
    }

    @Test
    public void badQuestionsAreRejectedNamingTheParameter() throws Exception {
        assertRejected("name", () -> query.series(new SeriesQuery("", T, T + S, List.of(), List.of(), 0)));
        assertRejected("name", () -> query.series(new SeriesQuery(" ", T, T + S, List.of(), List.of(), 0)));
        assertRejected("fields", () -> query.series(new SeriesQuery("rate", T, T + S, List.of("data.i", " "),
                List.of(), 0)));
        assertRejected("cuts", () -> query.series(new SeriesQuery("rate", T, T + S, List.of(),
                List.of(Cut.equal("", "data.i", 1L)), 0)));
        assertRejected("cuts", () -> query.series(new SeriesQuery("rate", T, T + S, List.of(),
                List.of(Cut.equal("nhit", "", 1L)), 0)));
        assertRejected("cuts", () -> query.series(new SeriesQuery("rate", T, T + S, List.of(),
                List.of(Cut.between("nhit", "data.mean", 5.0, 4.0)), 0)));
        assertRejected("name", () -> query.latest(""));
        assertRejected("name", () -> query.latest("", "data.i"));
        assertRejected("field", () -> query.latest("rate", ""));
        assertRejected("name", () -> query.documents("", T, T + S, 10));
        assertRejected("to", () -> query.documents("rate", T + S, T, 10));
        assertRejected("limit", () -> query.documents("rate", T, T + S, 0));
    }

    /** Asserts that {@code call} throws an IllegalArgumentException whose message names {@code parameter}. */
    protected static void assertRejected(String parameter, ThrowingRunnable call) throws Exception {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            assertTrue("\"" + e.getMessage() + "\" does not name " + parameter,
                    e.getMessage() != null && e.getMessage().contains(parameter));
            return;
        }
        fail("accepted; expected an IllegalArgumentException naming " + parameter);
    }

    /** A call that may throw. */
    @FunctionalInterface
    protected interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Data of the document at second {@code i}, as names and values. */
    @FunctionalInterface
    protected interface DataOf {
        Object[] at(int i);
    }

    /** Documents of {@code name} at {@code T + i} seconds for {@code from <= i < to}. */
    protected static List<SampleDocument> seconds(String name, int from, int to, DataOf data) {
        List<SampleDocument> docs = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Object[] kv = data.at(i);
            Map<String, Object> m = new LinkedHashMap<>();
            for (int k = 0; k < kv.length; k += 2) {
                if (kv[k + 1] != null) {
                    m.put((String) kv[k], kv[k + 1]);
                }
            }
            docs.add(doc(name, T + i * S, m));
        }
        return docs;
    }

    private Series series(String name, Cut... cuts) throws Exception {
        return query.series(new SeriesQuery(name, T, T + 100 * S, List.of("data.rate"), List.of(cuts), 0));
    }

    protected static List<Long> times(Series s) {
        List<Long> times = new ArrayList<>();
        for (long t : s.times()) {
            times.add(t);
        }
        return times;
    }

    protected static List<Object> values(Series s, int point) {
        return Arrays.asList(s.values().get(point));
    }

    private static List<Long> docTimes(List<SampleDocument> docs) {
        return docs.stream().map(SampleDocument::time).toList();
    }
}
