package org.snoplus.snoop.query.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.snoplus.snoop.testing.SampleDocuments.doc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.store.embedded.internal.EmbeddedStore;
import org.snoplus.snoop.testing.CountingDocumentStore;

/**
 * {@link SeriesColumns} in a {@link QueryEngine} over the real embedded store: every answer is
 * compared with the one of an engine without columns (which reads the store each time), and the
 * documents read are counted.
 */
public class SeriesColumnsTest {

    private static final long T = 1_764_000_000_000L;
    private static final long S = 2000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedStore embedded;
    private CountingDocumentStore counted;
    private QueryEngine plain;

    @Before
    public void open() throws Exception {
        embedded = EmbeddedStore.open(tmp.getRoot().toPath());
        counted = new CountingDocumentStore(embedded);
        plain = new QueryEngine(embedded, "embedded", 0, 0, 0, Long.MAX_VALUE);
    }

    @After
    public void close() {
        embedded.close();
    }

    private QueryEngine columns(long bytes) {
        // no answer cache: what is not read again is the columns' doing
        return new QueryEngine(counted, "embedded", 0, bytes, 0, Long.MAX_VALUE);
    }

    private static SampleDocument nhit(long i) {
        Object median = i % 7 == 0 ? null : i % 3 == 0 ? (Object) Long.valueOf(i) : (Object) Double.valueOf(i / 3.0);
        return doc("nhit", T + i * S, "median", median, "count", (int) i, "label", "l" + i % 5,
                "bins", List.of(i, i + 1));
    }

    private void write(long fromIndex, long toIndex) throws Exception {
        List<SampleDocument> batch = new ArrayList<>();
        for (long i = fromIndex; i < toIndex; i++) {
            batch.add(nhit(i));
        }
        embedded.write(batch);
    }

    private static SeriesQuery q(long from, long to, int points, String... fields) {
        return new SeriesQuery("nhit", from, to, List.of(fields), List.of(), points);
    }

    private void assertSame(Series expected, Series actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.fields(), actual.fields());
        assertTrue(Arrays.equals(expected.times(), actual.times()));
        assertEquals(expected.values().size(), actual.values().size());
        for (int i = 0; i < expected.values().size(); i++) {
            assertTrue("point " + i + ": " + Arrays.deepToString(expected.values().get(i)) + " <> "
                    + Arrays.deepToString(actual.values().get(i)),
                    Arrays.deepEquals(expected.values().get(i), actual.values().get(i)));
        }
        assertEquals(expected.documents(), actual.documents());
        assertEquals(expected.downsampled(), actual.downsampled());
    }

    private Series ask(QueryEngine engine, SeriesQuery q) throws Exception {
        Series s = engine.series(q);
        assertSame(plain.series(q), s);
        return s;
    }

    @Test
    public void aRangeMovedOnReadsOnlyTheDocumentsAddedAndAnswersAsTheStoreWould() throws Exception {
        write(0, 2000);
        QueryEngine engine = columns(64 << 20);
        ask(engine, q(T, T + 2000 * S, 100, "data.median", "data.count"));
        assertEquals(1, counted.calls("range:nhit"));
        counted.reset();
        for (int step = 1; step <= 5; step++) {
            write(1990 + step * 10, 2000 + step * 10);
            long from = T + step * 10 * S;
            long to = T + (2000 + step * 10) * S;
            Series s = ask(engine, q(from, to, 100, "data.median", "data.count"));
            assertEquals(2000, s.documents());
            // raw, and one field of the two
            ask(engine, q(from, to, 0, "data.count"));
        }
        assertEquals("one read of the new documents per step", 5, counted.calls("range:nhit"));
        assertEquals("and the whole range read once, no more", 2050, columnsOf(engine).documentsRead());
    }

    @Test
    public void aShortRangeAskedInBetweenKeepsTheLongOneAnotherPagePlots() throws Exception {
        write(0, 2000);
        QueryEngine engine = columns(64 << 20);
        ask(engine, q(T, T + 2000 * S, 100, "data.median"));
        for (int i = 0; i < 3; i++) {
            ask(engine, q(T + 1900 * S, T + 2000 * S, 0, "data.median")); // the last few minutes
        }
        ask(engine, q(T + 10 * S, T + 2000 * S, 100, "data.median"));
        assertEquals("the day read once", 2000, columnsOf(engine).documentsRead());
        ask(engine, q(Long.MIN_VALUE, Long.MAX_VALUE, 10, "data.median")); // all there is: no overflow
    }

    @Test
    public void everyKindOfValueComesBackAsItWasRead() throws Exception {
        write(0, 300);
        QueryEngine engine = columns(64 << 20);
        for (int pass = 0; pass < 2; pass++) { // read, then from the columns
            ask(engine, q(T, T + 300 * S, 0, "data.median", "data.count", "data.label", "data.bins", "data.missing"));
            ask(engine, q(T + 10 * S, T + 250 * S, 17, "data.median", "data.count", "data.label", "data.bins"));
            ask(engine, q(T + 5 * S + 1, T + 6 * S, 0, "data.median"));
        }
        assertEquals(1, counted.calls("range:nhit"));
    }

    @Test
    public void aDocumentWrittenInThePastOrReplacedIsSeenAtTheNextQuestion() throws Exception {
        write(0, 500);
        QueryEngine engine = columns(64 << 20);
        SeriesQuery q = q(T, T + 1000 * S, 0, "data.median");
        ask(engine, q);
        embedded.write(List.of(doc("nhit", T + 100 * S, "median", -1.0))); // replaced
        assertEquals(-1.0, ask(engine, q).values().get(100)[0]);
        embedded.write(List.of(doc("nhit", T + 100 * S + 1, "median", -2.0))); // between two
        assertEquals(-2.0, ask(engine, q).values().get(101)[0]);
        write(500, 510); // after the newest again: read on
        counted.reset();
        assertEquals(511, ask(engine, q).documents());
        assertEquals(1, counted.calls("range:nhit"));
        assertEquals("read whole after each change in the past, then on", 500 + 500 + 501 + 10,
                columnsOf(engine).documentsRead());
    }

    @Test
    public void anotherFieldReadsAgainForBothAndThenNeitherIsRead() throws Exception {
        write(0, 400);
        QueryEngine engine = columns(64 << 20);
        SeriesQuery a = q(T, T + 400 * S, 50, "data.median");
        SeriesQuery b = q(T, T + 400 * S, 50, "data.count");
        ask(engine, a);
        ask(engine, b);
        counted.reset();
        ask(engine, a);
        ask(engine, b);
        assertEquals(0, counted.calls("range:nhit"));
    }

    @Test
    public void boundedQuestionsTooLargeAreAnsweredFromTheStoreAndTheLeastRecentGo() throws Exception {
        write(0, 1000);
        List<SampleDocument> others = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            for (int r = 0; r < 4; r++) {
                others.add(doc("r" + r, T + i * S, "r" + r, (double) i));
            }
        }
        embedded.write(others);
        // a quarter of it holds one processor's 1000 points of one field (17.3 kB), not of five (53 kB);
        // the whole holds four
        int budget = 4 * 18_000;
        QueryEngine engine = columns(budget);
        SeriesColumns columns = columnsOf(engine);
        ask(engine, q(T, T + 1000 * S, 10, "data.median", "data.count", "data.label", "data.bins", "data.x"));
        assertEquals("too large: not kept", 0, columns.usedBytes());
        ask(engine, q(T, T + 1000 * S, 10, "data.median"));
        for (String name : List.of("r0", "r1", "r2", "r3")) {
            Series s = engine.series(new SeriesQuery(name, T, T + 1000 * S, List.of("data." + name), List.of(), 10));
            assertSame(plain.series(new SeriesQuery(name, T, T + 1000 * S, List.of("data." + name), List.of(), 10)), s);
        }
        assertTrue(columns.toString(), columns.usedBytes() <= budget);
        assertTrue(columns.toString(), !columns.toString().contains("nhit")); // the least recently asked for
        // a histogram asked for as a series is checked while it is read
        List<SampleDocument> big = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            big.add(doc("hist", T + i * S, "h", java.util.Collections.nCopies(200, (long) i)));
        }
        embedded.write(big);
        Series h = engine.series(new SeriesQuery("hist", T, T + 200 * S, List.of("data.h"), List.of(), 0));
        assertEquals(200, h.documents());
        assertTrue(columns.toString(), columns.usedBytes() <= budget && !columns.toString().contains("hist"));
    }

    @Test
    public void twoDocumentsAtOneTimeAreAnsweredFromTheStore() throws Exception {
        write(0, 100);
        // as a CouchDB shared by two instances that sampled the processor at the same times
        org.snoplus.snoop.query.DocumentStore twice = new org.snoplus.snoop.query.DocumentStore() {
            public SampleDocument latest(String name) throws org.snoplus.snoop.query.StoreException {
                return embedded.latest(name);
            }

            public void range(String name, long from, long to, java.util.function.Consumer<SampleDocument> sink)
                    throws org.snoplus.snoop.query.StoreException {
                embedded.range(name, from, to, d -> {
                    sink.accept(d);
                    sink.accept(d);
                });
            }

            public long count(String name, long from, long to) throws org.snoplus.snoop.query.StoreException {
                return 2 * embedded.count(name, from, to);
            }

            public List<String> names() throws org.snoplus.snoop.query.StoreException {
                return embedded.names();
            }

            public long version(String name) throws org.snoplus.snoop.query.StoreException {
                return embedded.version(name);
            }
        };
        QueryEngine engine = new QueryEngine(twice, "embedded", 0, 64 << 20, 0, Long.MAX_VALUE);
        QueryEngine direct = new QueryEngine(twice, "embedded", 0, 0, 0, Long.MAX_VALUE);
        SeriesQuery q = q(T, T + 100 * S, 0, "data.median");
        Series s = engine.series(q);
        assertSame(direct.series(q), s);
        assertEquals(200, s.documents());
        assertEquals(0, engine.columns().usedBytes());
    }

    @Test
    public void aQuestionWithCutsOrNoColumnsIsAnsweredFromTheStore() throws Exception {
        write(0, 100);
        QueryEngine none = columns(0);
        none.series(q(T, T + 100 * S, 0, "data.median"));
        none.series(q(T, T + 100 * S, 0, "data.median"));
        assertEquals(2, counted.calls("range:nhit"));
    }

    private static SeriesColumns columnsOf(QueryEngine engine) {
        return engine.columns();
    }
}
