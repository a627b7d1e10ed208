package org.snoplus.snoop.store.couchdb.internal;

import org.snoplus.snoop.testing.TestCouchServer;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.testing.Configs;

/**
 * The contract suites' stores: one test server for a test class, and for each test a writer (and
 * so a store) on a database of its own, so that every test starts empty without a new server.
 */
final class ContractStores implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final TestCouchServer server;
    private final List<CouchDbWriter> writers = new ArrayList<>();

    private ContractStores(TestCouchServer server) {
        this.server = server;
    }

    static ContractStores start() throws IOException {
        return new ContractStores(TestCouchServer.start());
    }

    TestCouchServer server() {
        return server;
    }

    /** A writer, connected, on a new database, spooling to {@code spoolDir}. */
    CouchDbWriter newStore(Path spoolDir, Object... config) throws InterruptedException {
        List<Object> kv = new ArrayList<>(List.of("url", server.url(), "database", "contract"
                + DATABASES.incrementAndGet(), "spool.dir", spoolDir.toString()));
        kv.addAll(List.of(config));
        CouchDbWriter w = new CouchDbWriter(Clock.systemDefaultZone(), 50, 500);
        w.start(Configs.of(CouchDbWriterConfig.class, kv.toArray()),
                Map.of("service.pid", "snoop.writer.couchdb~contract"), null);
        writers.add(w);
        long until = System.currentTimeMillis() + 20_000;
        while (w.state() != CouchDbWriter.State.CONNECTED) {
            if (System.currentTimeMillis() > until) {
                fail("the writer did not connect to the test server: " + w.describe());
            }
            Thread.sleep(10);
        }
        return w;
    }

    /**
     * Writes as the core does, and returns once the database has the documents (at once: the
     * writer writes directly while the server answers; if it had to spool, once the spool is out).
     */
    static void write(CouchDbWriter writer, List<SampleDocument> batch) throws Exception {
        writer.write(batch);
        long until = System.currentTimeMillis() + 30_000;
        while (!(writer.state() == CouchDbWriter.State.CONNECTED && writer.spool().isEmpty())) {
            if (System.currentTimeMillis() > until) {
                fail("the documents stayed spooled: " + writer.describe());
            }
            Thread.sleep(10);
        }
    }

    /** Stops the writers made since the last call. */
    void closeStores() {
        writers.forEach(CouchDbWriter::deactivate);
        writers.clear();
    }

    @Override
    public void close() {
        closeStores();
        server.close();
    }
}
