package org.snoplus.snoop.store.couchdb.internal;

import org.snoplus.snoop.testing.TestCouchServer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;
import static org.snoplus.snoop.testing.SampleDocuments.doc;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.internal.QueryEngines;
import org.snoplus.snoop.testing.Configs;

/**
 * Rough figures, not a benchmark: how long the CouchDB store takes to answer over the test server
 * for an hour of documents at one a second of each of {@code processors} processors. Skipped
 * unless asked for:
 *
 * <pre>
 * mvn -B test -Dtest=CouchDbStoreLatencyTest -Dsnoop.throughput=true [-Dsnoop.latency.processors=10]
 * </pre>
 *
 * The test server is PouchDB in memory in one Node process, on this machine: the figures say what
 * the store and that server manage together, not what a CouchDB would.
 */
public class CouchDbStoreLatencyTest {

    // 2025-11-28T20:40:00Z
    private static final long T = 1764362400000L;
    private static final int HOUR = 3600;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void latestAndAnHourAtOneSecond() throws Exception {
        assumeTrue("run with -Dsnoop.throughput=true", Boolean.getBoolean("snoop.throughput"));
        int processors = Integer.getInteger("snoop.latency.processors", 10);
        try (TestCouchServer server = TestCouchServer.start()) {
            CouchDbWriter writer = new CouchDbWriter(Clock.systemDefaultZone(), 50, 500);
            writer.start(Configs.of(CouchDbWriterConfig.class, "url", server.url(), "spool.dir",
                    tmp.newFolder().toString(), "read.timeout.ms", 600_000), Map.of("service.pid",
                            "snoop.writer.couchdb~latency"), null);
            try {
                while (writer.state() != CouchDbWriter.State.CONNECTED) {
                    Thread.sleep(10);
                }
                // as the core hands them over: every processor's sample of a tick, 1000 a call
                List<SampleDocument> all = new ArrayList<>(HOUR * processors);
                for (int s = 0; s < HOUR; s++) {
                    for (int p = 0; p < processors; p++) {
                        all.add(doc(p == 0 ? "rate" : "proc" + p, T + s * 1000L, "i", (long) s, "rate", s / 7.0,
                                "hist", List.of(1L, 2L, 3L, (long) s)));
                    }
                }
                long started = System.nanoTime();
                for (int i = 0; i < all.size(); i += 1000) {
                    ContractStores.write(writer, all.subList(i, Math.min(all.size(), i + 1000)));
                }
                double writeS = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "couchdb store: %d documents (%d processors x %d s, ~%d bytes each) "
                        + "written in %.2f s%n", all.size(), processors, HOUR,
                        DocumentJson.toJsonBytes(all.get(0)).length, writeS);

                started = System.nanoTime();
                SampleDocument latest = writer.latest("rate");
                System.out.printf(Locale.ROOT, "  first latest (the view indexes %d documents): %.0f ms%n", all.size(),
                        (System.nanoTime() - started) / 1e6);
                assertEquals(T + (HOUR - 1) * 1000L, latest.time());

                time("latest", 200, () -> writer.latest("rate"));
                time("version", 200, () -> writer.version("rate"));
                time("count 1 h", 50, () -> assertEquals(HOUR, writer.count("rate", T, T + HOUR * 1000L)));
                time("names", 50, () -> assertEquals(processors, writer.names().size()));
                for (int page : new int[] {500, 1000, 2000, 4000}) {
                    CouchDbStore store = new CouchDbStore(writer.database(), page);
                    time("range 1 h (" + HOUR + " documents), pages of " + page, 20, () -> {
                        int[] n = {0};
                        store.range("rate", T, T + HOUR * 1000L, d -> n[0]++);
                        assertEquals(HOUR, n[0]);
                    });
                }
                QueryService query = QueryEngines.over(writer, "couchdb", 0);
                time("query service: series of 1 h, one field, 500 points, no cache", 20, () -> assertEquals(500,
                        query.series(new SeriesQuery("rate", T, T + HOUR * 1000L, List.of("data.rate"), List.of(),
                                500)).times().length));
                time("query service: 100 newest documents of 1 h, no cache", 20, () -> assertEquals(100,
                        query.documents("rate", T, T + HOUR * 1000L, 100).size()));
            } finally {
                writer.deactivate();
            }
        }
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static void time(String what, int n, Call call) throws Exception {
        call.run(); // once to warm up
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "  %-62s median %7.2f ms, p90 %7.2f ms, min %7.2f ms (%d calls)%n", what,
                ms[n / 2], ms[(int) (n * 0.9)], ms[0], n);
    }
}
