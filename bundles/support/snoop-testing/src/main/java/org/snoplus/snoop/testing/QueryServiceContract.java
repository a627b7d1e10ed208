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

    /** The query service under test, reading {@code store}, with a cache of {@code cacheBytes} (estimated JSON) of answers. */
    protected abstract QueryService createQueryService(DocumentStore store, long cacheBytes) throws Exception;

    /** Releases the store after each test; does nothing unless overridden. */
    protected void closeStore() throws Exception {
    }

    @Before
    public final void openTheStore() throws Exception {
        store = new CountingDocumentStore(createStore());
        query = createQueryService(store, 16L << 20);
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

        // equal in the JSON form: a store may give arrays of numbers back as primitive arrays
        assertEquals(org.snoplus.snoop.json.DocumentJson.toJson(doc("rate", T + S, "rate", 1.5, "hist", List.of(1L, 2L))),
                org.snoplus.snoop.json.DocumentJson.toJson(query.latest("rate")));
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

    // ------------------------------------------------------------------------- aggregation

    /** Windows of an occupancy-like processor: counts per channel, a histogram, numbers, moments. */
    private static List<SampleDocument> windows(int n, long seed, long[] runs) {
        java.util.Random r = new java.util.Random(seed);
        List<SampleDocument> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] channels = new long[64];
            for (int c = 0; c < channels.length; c++) {
                channels[c] = r.nextInt(c == 5 ? 1 : 40); // channel 5 is dead
            }
            long[] counts = new long[10];
            for (int b = 0; b < counts.length; b++) {
                counts[b] = r.nextInt(100);
            }
            long events = 1000 + r.nextInt(1000);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("events", events);
            data.put("channels", org.snoplus.snoop.document.Shapes.indexed("channels", channels));
            data.put("hist", org.snoplus.snoop.document.Shapes.histogram(edges(), counts, i, 2L * i));
            data.put("rate", events / 2.0);
            data.put("nhit", org.snoplus.snoop.document.Shapes.moments(events, 100 + r.nextGaussian(),
                    20 + r.nextGaussian()));
            data.put("mode", "window " + i);
            long time = T + i * 2 * S;
            docs.add(new SampleDocument(SampleDocument.idOf("occupancy", "daq1", time), "occupancy", time,
                    time - 2 * S, time, i, "1.0.0", "daq1", runs == null ? 300000 : runs[i], events, data));
        }
        return docs;
    }

    private static double[] edges() {
        double[] e = new double[11];
        for (int i = 0; i < e.length; i++) {
            e[i] = i * 50;
        }
        return e;
    }

    private static long longAt(Object values, int i) {
        return values instanceof long[] a ? a[i] : ((Number) ((List<?>) values).get(i)).longValue();
    }

    @Test
    public void anAggregateOverARangeIsTheSumOfItsWindowsByHand() throws Exception {
        List<SampleDocument> docs = windows(30, 11, null);
        write(docs);
        long from = T + 6 * S; // windows 3..19
        long to = T + 40 * S;

        org.snoplus.snoop.query.Aggregate a = query.aggregate(org.snoplus.snoop.query.AggregateQuery.range("occupancy",
                from, to, List.of("data.channels", "data.hist", "data.events", "data.rate", "data.nhit", "data.mode",
                        "data.missing", "events")));

        long[] channels = new long[64];
        long[] counts = new long[10];
        long under = 0;
        long over = 0;
        long events = 0;
        double rates = 0;
        double minRate = Double.MAX_VALUE;
        double maxRate = 0;
        long n = 0;
        double sum = 0;
        double sumSquares = 0;
        int windows = 0;
        for (SampleDocument d : docs) {
            if (d.time() < from || d.time() >= to) {
                continue;
            }
            windows++;
            Map<?, ?> data = d.data();
            for (int c = 0; c < 64; c++) {
                channels[c] += ((long[]) ((Map<?, ?>) data.get("channels")).get("values"))[c];
            }
            Map<?, ?> hist = (Map<?, ?>) data.get("hist");
            for (int b = 0; b < 10; b++) {
                counts[b] += ((long[]) hist.get("counts"))[b];
            }
            under += (Long) hist.get("underflow");
            over += (Long) hist.get("overflow");
            events += (Long) data.get("events");
            double rate = (Double) data.get("rate");
            rates += rate;
            minRate = Math.min(minRate, rate);
            maxRate = Math.max(maxRate, rate);
            Map<?, ?> nhit = (Map<?, ?>) data.get("nhit");
            long k = (Long) nhit.get("count");
            double mean = (Double) nhit.get("mean");
            double rms = (Double) nhit.get("rms");
            n += k;
            sum += k * mean;
            sumSquares += k * (rms * rms + mean * mean);
        }
        assertEquals(17, windows);
        assertEquals("occupancy", a.name());
        assertEquals(from, a.from());
        assertEquals(to, a.to());
        assertNull(a.run());
        assertEquals(17, a.documents());

        Map<?, ?> ch = (Map<?, ?>) a.data().get("data.channels");
        assertEquals("channels", ch.get("shape"));
        for (int c = 0; c < 64; c++) {
            assertEquals("channel " + c, channels[c], longAt(ch.get("values"), c));
        }
        Map<?, ?> hist = (Map<?, ?>) a.data().get("data.hist");
        assertEquals("histogram", hist.get("shape"));
        for (int b = 0; b < 10; b++) {
            assertEquals("bin " + b, counts[b], longAt(hist.get("counts"), b));
        }
        assertEquals(under, ((Number) hist.get("underflow")).longValue());
        assertEquals(over, ((Number) hist.get("overflow")).longValue());
        long entries = under + over;
        for (long c : counts) {
            entries += c;
        }
        assertEquals(entries, ((Number) hist.get("entries")).longValue());

        Map<?, ?> ev = (Map<?, ?>) a.data().get("data.events");
        assertEquals("merged", ev.get("shape"));
        assertEquals(17L, ev.get("count"));
        assertEquals(events, ev.get("sum"));
        assertEquals("each window is 2 s long: the mean over time is the plain mean", events / 17.0,
                ((Number) ev.get("mean")).doubleValue(), 1e-9);
        Map<?, ?> rate = (Map<?, ?>) a.data().get("data.rate");
        assertEquals(rates / 17, ((Number) rate.get("mean")).doubleValue(), 1e-9);
        assertEquals(minRate, ((Number) rate.get("min")).doubleValue(), 0);
        assertEquals(maxRate, ((Number) rate.get("max")).doubleValue(), 0);
        Map<?, ?> nhit = (Map<?, ?>) a.data().get("data.nhit");
        assertEquals(n, ((Number) nhit.get("count")).longValue());
        assertEquals(sum / n, ((Number) nhit.get("mean")).doubleValue(), 1e-9);
        assertEquals(Math.sqrt(sumSquares / n - (sum / n) * (sum / n)), ((Number) nhit.get("rms")).doubleValue(), 1e-9);
        assertEquals("the newest window's text", "window 19", a.data().get("data.mode"));
        assertNull(a.data().get("data.missing"));
        assertEquals(events, ((Map<?, ?>) a.data().get("events")).get("sum"));
    }

    @Test
    public void anAggregateOfARunKeepsOnlyItsDocuments() throws Exception {
        long[] runs = new long[20];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = i < 6 ? 299999 : i < 15 ? 300000 : 300001;
        }
        runs[9] = -1; // a window whose run was not known
        List<SampleDocument> docs = windows(20, 5, runs);
        write(docs);

        org.snoplus.snoop.query.Aggregate a = query.aggregate(org.snoplus.snoop.query.AggregateQuery.run("occupancy",
                300000, List.of("data.channels", "data.events")));
        long events = 0;
        long channel7 = 0;
        for (int i = 6; i < 15; i++) {
            if (i != 9) {
                events += docs.get(i).events();
                channel7 += ((long[]) ((Map<?, ?>) docs.get(i).data().get("channels")).get("values"))[7];
            }
        }
        assertEquals(8, a.documents());
        assertEquals(Long.valueOf(300000), a.run());
        assertEquals("from the run's first document", T + 12 * S, a.from());
        assertEquals("to just after its last", T + 28 * S + 1, a.to());
        assertEquals(events, ((Map<?, ?>) a.data().get("data.events")).get("sum"));
        assertEquals(channel7, longAt(((Map<?, ?>) a.data().get("data.channels")).get("values"), 7));

        org.snoplus.snoop.query.Aggregate none = query.aggregate(org.snoplus.snoop.query.AggregateQuery.run("occupancy",
                123, List.of("data.events")));
        assertEquals(0, none.documents());
        assertNull(none.data().get("data.events"));

        org.snoplus.snoop.query.Aggregate within = query.aggregate(new org.snoplus.snoop.query.AggregateQuery(
                "occupancy", T + 20 * S, T + 100 * S, 300000L, List.of("data.events")));
        assertEquals("windows 10..14 of the run", 5, within.documents());
    }

    @Test
    public void fieldsThatDoNotMergeAreRefusedNamingThem() throws Exception {
        List<SampleDocument> docs = new ArrayList<>(windows(3, 1, null));
        Map<String, Object> other = new LinkedHashMap<>(docs.get(2).data());
        other.put("hist", org.snoplus.snoop.document.Shapes.histogram(new double[] {0, 1}, new long[] {3}, 0, 0));
        SampleDocument d = docs.get(2);
        docs.set(2, new SampleDocument(d.id(), d.name(), d.time(), d.windowStart(), d.windowEnd(), d.sequence(),
                d.version(), d.instance(), d.run(), d.events(), other));
        write(docs);
        assertRejected("data.hist", () -> query.aggregate(org.snoplus.snoop.query.AggregateQuery.range("occupancy",
                T, T + 100 * S, List.of("data.hist"))));
        assertRejected("fields", () -> query.aggregate(org.snoplus.snoop.query.AggregateQuery.range("occupancy",
                T, T + 100 * S, List.of(" "))));
    }

    @Test
    public void answersBeyondTheirBudgetAreRefusedNamingWhatToNarrow() throws Exception {
        write(windows(40, 3, null));
        org.snoplus.snoop.query.QueryLimits small = org.snoplus.snoop.query.QueryLimits.of(0, 5_000);
        try {
            query.series(new SeriesQuery("occupancy", T, T + 100 * S, List.of("data.channels"), List.of(), 1000),
                    small);
            fail("answered beyond its budget");
        } catch (org.snoplus.snoop.query.AnswerTooLargeException e) {
            assertEquals("points", e.parameter());
            assertEquals(5_000, e.budget());
            assertTrue(e.getMessage(), e.getMessage().contains("5000 bytes"));
        }
        try {
            query.documents("occupancy", T, T + 100 * S, 1000, small, doc -> fail("a document was sent"));
            fail("answered beyond its budget");
        } catch (org.snoplus.snoop.query.AnswerTooLargeException e) {
            assertEquals("limit", e.parameter());
        }
        List<SampleDocument> sent = new ArrayList<>();
        assertEquals(3, query.documents("occupancy", T, T + 100 * S, 3, small, sent::add));
        assertEquals(List.of(T + 74 * S, T + 76 * S, T + 78 * S), docTimes(sent));
        assertEquals(40, query.series(new SeriesQuery("occupancy", T, T + 100 * S, List.of("data.events"),
                List.of(), 1000), small).times().length);
    }

    @Test
    public void aQuestionCalledOffStops() throws Exception {
        write(windows(10, 3, null));
        org.snoplus.snoop.query.QueryLimits limits = org.snoplus.snoop.query.QueryLimits.of(60_000, 1 << 20);
        limits.cancel("the client went away");
        try {
            query.aggregate(org.snoplus.snoop.query.AggregateQuery.range("occupancy", T, T + 100 * S,
                    List.of("data.events")), limits);
            fail("answered a question called off");
        } catch (org.snoplus.snoop.query.QueryStoppedException e) {
            assertEquals("the client went away", e.getMessage());
            assertFalse(e.timedOut());
        }
        // the question was not answered: the next asker gets the whole answer
        assertEquals(10, query.aggregate(org.snoplus.snoop.query.AggregateQuery.range("occupancy", T, T + 100 * S,
                List.of("data.events"))).documents());
    }

    @Test
    public void pathsBeyondTheLimitsAreRefused() throws Exception {
        String deep = "data" + ".a".repeat(3000);
        assertRejected("segments", () -> query.series(new SeriesQuery("rate", T, T + S, List.of("data.a.b.c.d.e.f.g.h"
                + ".i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h"), List.of(), 0)));
        assertRejected("characters", () -> query.series(new SeriesQuery("rate", T, T + S, List.of(deep), List.of(), 0)));
        assertRejected("characters", () -> query.latest("rate", deep));
        assertRejected("characters", () -> query.aggregate(org.snoplus.snoop.query.AggregateQuery.range("rate", T,
                T + S, List.of(deep))));
        assertRejected("characters", () -> query.series(new SeriesQuery("rate", T, T + S, List.of(),
                List.of(Cut.equal("nhit", deep, 1L)), 0)));
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

    protected static List<Long> docTimes(List<SampleDocument> docs) {
        return docs.stream().map(SampleDocument::time).toList();
    }
}
