package org.snoplus.snoop.store.couchdb.internal;

import org.snoplus.snoop.testing.TestCouchServer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.testing.Configs;

/**
 * A rough figure, not a benchmark: small documents written in bulk ({@code batch} 500, then
 * 2000) to the test server, handed over as the core does (1000 a call; 2000 for batch 2000).
 * Skipped unless asked for:
 *
 * <pre>
 * mvn -B test -Dtest=CouchDbWriterThroughputTest -Dsnoop.throughput=true [-Dsnoop.throughput.documents=50000]
 *     [-Dsnoop.throughput.batches=500,2000]
 * </pre>
 *
 * The test server is PouchDB in memory in one Node process: the figure says what the writer and
 * that server manage together, not what a CouchDB would take.
 */
public class CouchDbWriterThroughputTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void bulkWritesToTheTestServer() throws Exception {
        assumeTrue("run with -Dsnoop.throughput=true", Boolean.getBoolean("snoop.throughput"));
        int n = Integer.getInteger("snoop.throughput.documents", 50_000);
        for (String b : System.getProperty("snoop.throughput.batches", "500,2000").split(",")) {
            bulkWrites(n, Integer.parseInt(b.trim()));
        }
    }

    private void bulkWrites(int n, int batchSize) throws Exception {
        // a new server each time: an empty database, as the first run had
        try (TestCouchServer server = TestCouchServer.start()) {
            CouchDbWriter writer = new CouchDbWriter(Clock.systemDefaultZone(), 50, 500);
            writer.start(Configs.of(CouchDbWriterConfig.class, "url", server.url(), "batch", batchSize, "spool.dir",
                    tmp.newFolder().toString()), Map.of("service.pid", "snoop.writer.couchdb~throughput"), null);
            try {
                while (writer.state() != CouchDbWriter.State.CONNECTED) {
                    Thread.sleep(10);
                }
                // warm up: the JIT, the connection, the server
                int call = Math.max(1000, batchSize);
                write(writer, "warmup", 0, 5000, call);
                long started = System.nanoTime();
                write(writer, "count", 0, n, call);
                double seconds = (System.nanoTime() - started) / 1e9;
                assertEquals(5000 + n, writer.written());
                assertEquals(true, writer.spool().isEmpty());
                System.out.printf(Locale.ROOT, "couchdb writer throughput: %d documents in %.2f s = %.0f documents/s "
                        + "(batch %d, %d a write call, ~%d bytes a document)%n", n, seconds, n / seconds, batchSize, call,
                        size());
            } finally {
                writer.deactivate();
            }
        }
    }

    private static void write(CouchDbWriter writer, String name, int from, int n, int call) throws Exception {
        for (int i = from; i < from + n; i += call) {
            List<SampleDocument> batch = new ArrayList<>(call);
            for (int j = i; j < Math.min(from + n, i + call); j++) {
                batch.add(CouchDbWriterTest.doc(name, CouchDbWriterTest.docs(name, 0, 1).get(0).time() + j * 2000L, j));
            }
            writer.write(batch);
        }
    }

    private static int size() {
        return org.snoplus.snoop.json.DocumentJson.toJsonBytes(CouchDbWriterTest.doc("count", 1764362400000L, 1)).length;
    }
}
