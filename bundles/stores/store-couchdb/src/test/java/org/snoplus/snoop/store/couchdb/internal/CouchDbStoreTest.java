package org.snoplus.snoop.store.couchdb.internal;

import org.snoplus.snoop.testing.TestCouchServer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.snoplus.snoop.testing.SampleDocuments.doc;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.lightcouch.CouchDbClient;
import org.lightcouch.DesignDocument;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.StoreException;
import org.snoplus.snoop.testing.Configs;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What the CouchDB store does beyond the contract suite: paging, the design document of an older
 * snoop, and how it fails.
 */
public class CouchDbStoreTest {

    // 2025-11-28T20:40:00Z
    private static final long T = 1764362400000L;
    private static final Map<String, Object> PROPS = Map.of("service.pid", "snoop.writer.couchdb~store");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<CouchDbWriter> writers = new ArrayList<>();
    private final List<TestCouchServer> servers = new ArrayList<>();
    private final List<CouchDbClient> clients = new ArrayList<>();

    @After
    public void tearDown() {
        writers.forEach(CouchDbWriter::deactivate);
        clients.forEach(CouchDbClient::shutdown);
        servers.forEach(TestCouchServer::close);
    }

    @Test
    public void aRangeIsPagedWithoutLosingOrRepeatingDocumentsOfTheSameTime() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url());
        List<SampleDocument> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // two instances sample "rate" at the same times; at 4 s five of them do: more than a page
            int instances = i == 4 ? 5 : i % 3 == 0 ? 2 : 1;
            for (int k = 0; k < instances; k++) {
                all.add(of("rate", "daq" + k, T + i * 1000L, i * 10 + k));
            }
            all.add(of("count", "daq0", T + i * 1000L, i));
        }
        ContractStores.write(writer, all);
        List<SampleDocument> rates = all.stream().filter(d -> d.name().equals("rate"))
                .sorted(Comparator.comparingLong(SampleDocument::time).thenComparing(SampleDocument::id)).toList();

        for (int page : new int[] {1, 2, 3, 4, 1000}) {
            CouchDbStore store = new CouchDbStore(writer.database(), page);
            assertEquals("page " + page, rates, range(store, "rate", Long.MIN_VALUE, Long.MAX_VALUE));
            assertEquals("page " + page, rates.stream().filter(d -> d.time() >= T + 4000 && d.time() < T + 7000)
                    .toList(), range(store, "rate", T + 4000, T + 7000));
            assertEquals(rates.size(), store.count("rate", Long.MIN_VALUE, Long.MAX_VALUE));
            assertEquals(5 + 1 + 2, store.count("rate", T + 4000, T + 7000));
        }
        // the latest of several at the same time: the one whose id sorts last
        assertEquals("rate@daq1:" + (T + 9000), writer.latest("rate").id());
    }

    @Test
    public void documentsOfAnotherSnoopWithoutTheirFieldsAreReportedNamingTheDocument() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url());
        CouchDbClient db = client(server, null, null);
        JsonObject foreign = JsonParser.parseString("{\"_id\":\"old-1\",\"name\":\"rate\",\"time\":" + T + "}")
                .getAsJsonObject();
        db.save(foreign);
        try {
            writer.latest("rate");
            fail("read a document without window");
        } catch (StoreException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("old-1") && e.getMessage().contains("window"));
            assertTrue(e.getMessage(), e.getMessage().contains(server.url() + "/snoop"));
        }
        assertEquals(List.of("rate"), writer.names());
    }

    @Test
    public void anUnreachableServerIsNamedAndThePasswordNever() throws Exception {
        String password = "s3cr3t-Pa55w0rd";
        TestCouchServer server = server(TestCouchServer.startWithAdmin("snoop", password));
        CouchDbWriter writer = writer(server.url(), "username", "snoop", "password.file", passwordFile(password),
                "timeout.ms", 2000);
        ContractStores.write(writer, List.of(doc("rate", T, "rate", 1.5)));
        assertEquals(doc("rate", T, "rate", 1.5), writer.latest("rate"));

        CouchDbWriter wrong = new CouchDbWriter(Clock.systemDefaultZone(), 50, 500);
        writers.add(wrong);
        wrong.start(Configs.of(CouchDbWriterConfig.class, "url", server.url(), "username", "snoop", "password.file",
                passwordFile(password + "-not"), "spool.dir", tmp.newFolder().toString()), PROPS, null);
        String unauthorized = failure(() -> wrong.names());
        assertTrue(unauthorized, unauthorized.startsWith("cannot read the names from couchdb " + server.url()
                + "/snoop: "));
        assertTrue(unauthorized, unauthorized.contains("unauthorized"));
        assertFalse(unauthorized, unauthorized.contains(password));

        server.stop();
        for (String m : List.of(failure(() -> writer.latest("rate")), failure(() -> writer.version("rate")),
                failure(() -> writer.count("rate", T, T + 1)), failure(() -> writer.range("rate", T, T + 1, d -> {
                })))) {
            assertTrue(m, m.contains("from couchdb " + server.url() + "/snoop: Connection refused"));
            assertFalse(m, m.contains(password));
        }
    }

    @Test
    public void aStoreWhoseServerWasNeverReachedSaysWhy() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CouchDbWriter writer = unconnectedWriter("http://127.0.0.1:" + port, "database", "monitoring");
        assertEquals("cannot read the names from couchdb http://127.0.0.1:" + port + "/monitoring: Connection refused",
                failure(writer::names));
        CouchDbWriter inactive = new CouchDbWriter();
        assertTrue(failure(() -> inactive.latest("rate")).contains("is not active"));
        writer.deactivate();
        assertTrue(failure(() -> writer.latest("rate")).contains("is not active"));
    }

    @Test
    public void aReadWaitsForTheIndexUpToItsOwnTimeout() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url(), "read.timeout.ms", 300, "timeout.ms", 5000);
        ContractStores.write(writer, List.of(doc("rate", T)));
        server.delay(1500);
        String m = failure(() -> writer.latest("rate"));
        assertEquals("cannot read the latest document of rate from couchdb " + server.url() + "/snoop: no answer "
                + "within 300 ms (read.timeout.ms; a view answers once its index has caught up with the database)", m);
        server.delay(0);
        assertEquals(doc("rate", T), writer.latest("rate"));
    }

    @Test
    public void aServerThatCameBackEmptyIsAnEmptyStoreAgain() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url());
        ContractStores.write(writer, List.of(doc("rate", T)));
        assertEquals(List.of("rate"), writer.names());

        server.restart();
        assertNull(writer.latest("rate"));
        assertEquals(List.of(), writer.names());
        assertEquals(0, writer.count("rate", Long.MIN_VALUE, Long.MAX_VALUE));
        // the database and the design document are there again, for the writer too
        ContractStores.write(writer, List.of(doc("rate", T + 1000)));
        assertEquals(doc("rate", T + 1000), writer.latest("rate"));
    }

    @Test
    public void theDesignDocumentOfAnOlderSnoopIsUpdated() throws Exception {
        TestCouchServer server = server();
        CouchDbClient db = client(server, null, null);
        db.context().createDB("snoop");
        DesignDocument old = CouchDatabase.designDocument();
        old.getViews().get(CouchDatabase.BY_NAME_TIME).setReduce(null); // map only, as before the store
        db.design().synchronizeWithDb(old);
        db.save(JsonParser.parseString(org.snoplus.snoop.json.DocumentJson.toJson(doc("rate", T, "x", 2.0)))
                .getAsJsonObject());

        CouchDbWriter writer = writer(server.url());
        assertEquals(CouchDatabase.designDocument().getViews(), db.design().getFromDb(CouchDatabase.DESIGN_ID)
                .getViews());
        assertEquals(1, writer.count("rate", T, T + 1));
        assertEquals(List.of("rate"), writer.names());
    }

    @Test
    public void writingAChangedDocumentReplacesItAndTheSameOneIsLeftAlone() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url());
        ContractStores.write(writer, List.of(doc("rate", T, "rate", 1.0), doc("rate", T + 1000, "rate", 2.0)));
        long before = writer.version("rate");
        ContractStores.write(writer, List.of(doc("rate", T, "rate", 1.0), doc("rate", T + 1000, "rate", 2.5)));
        assertEquals(3, writer.written());
        assertEquals(1, writer.alreadyPresent());
        assertNotEquals(before, writer.version("rate"));
        assertEquals(List.of(doc("rate", T, "rate", 1.0), doc("rate", T + 1000, "rate", 2.5)),
                range(writer, "rate", T, T + 2000));
    }

    @Test
    public void theVersionChangesWithTheWritesOfAnotherWriter() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter reader = writer(server.url());
        CouchDbWriter other = writer(server.url()); // another snoop instance, same database
        long v = reader.version("rate");
        assertEquals("reads do not change it", v, reader.version("rate"));
        ContractStores.write(other, List.of(of("rate", "daq2", T, 1)));
        assertNotEquals(v, reader.version("rate"));
        assertEquals("rate@daq2:" + T, reader.latest("rate").id());
    }

    // ------------------------------------------------------------------

    @Test
    public void editsCountChangesOtherThanAdditionsAfterTheNewest() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url());
        List<SampleDocument> first = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(of("rate", "daq0", T + i * 1000L, i));
        }
        ContractStores.write(writer, first);
        CouchDbStore store = new CouchDbStore(writer.database());
        long e = store.edits("rate");
        long v = store.version("rate");

        ContractStores.write(writer, List.of(of("rate", "daq0", T + 5000, 5), of("count", "daq0", T + 5000, 1)));
        assertNotEquals(v, store.version("rate"));
        assertEquals("an addition after the newest, and another processor's: no edit", e, store.edits("rate"));

        ContractStores.write(writer, List.of(of("rate", "daq1", T + 5000, 50)));
        long e2 = store.edits("rate");
        assertNotEquals("another instance's at the same time", e, e2);

        ContractStores.write(writer, List.of(of("rate", "daq0", T - 10_000, -1)));
        assertNotEquals("one in the past", e2, store.edits("rate"));
        assertEquals("count was never asked about", store.edits("count"), store.edits("count"));
        assertNotEquals("another store's numbers are its own", new CouchDbStore(writer.database()).edits("rate"),
                store.edits("rate"));
    }

    private static SampleDocument of(String name, String instance, long time, long value) {
        return new SampleDocument(SampleDocument.idOf(name, instance, time), name, time, time - 1000, time, value,
                "1.0.0", instance, 300000, 1000, Map.of("v", value));
    }

    private static List<SampleDocument> range(DocumentStore store, String name, long from, long to)
            throws StoreException {
        List<SampleDocument> docs = new ArrayList<>();
        store.range(name, from, to, docs::add);
        return docs;
    }

    @FunctionalInterface
    private interface Read {
        void run() throws Exception;
    }

    private static String failure(Read read) throws Exception {
        try {
            read.run();
        } catch (StoreException e) {
            return e.getMessage();
        }
        fail("answered");
        return null;
    }

    private TestCouchServer server() throws IOException {
        return server(TestCouchServer.start());
    }

    private TestCouchServer server(TestCouchServer s) {
        servers.add(s);
        return s;
    }

    private CouchDbClient client(TestCouchServer server, String user, String password) {
        CouchDbClient c = new CouchDbClient("snoop", false, "http", "127.0.0.1", server.port(), user, password);
        clients.add(c);
        return c;
    }

    /** A file of mode 0600 holding {@code text}. */
    private String passwordFile(String text) throws IOException {
        java.nio.file.Path f = tmp.newFile().toPath();
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        java.nio.file.Files.writeString(f, text);
        return f.toString();
    }

    private CouchDbWriter writer(String url, Object... more) throws Exception {
        return writer(url, true, more);
    }

    private CouchDbWriter unconnectedWriter(String url, Object... more) throws Exception {
        return writer(url, false, more);
    }

    private CouchDbWriter writer(String url, boolean connected, Object[] more) throws Exception {
        List<Object> kv = new ArrayList<>(List.of("url", url, "spool.dir", tmp.newFolder().toString()));
        kv.addAll(List.of(more));
        CouchDbWriter w = new CouchDbWriter(Clock.systemDefaultZone(), 50, 500);
        w.start(Configs.of(CouchDbWriterConfig.class, kv.toArray()), PROPS, null);
        writers.add(w);
        long until = System.currentTimeMillis() + 20_000;
        while (connected && w.state() != CouchDbWriter.State.CONNECTED) {
            if (System.currentTimeMillis() > until) {
                fail("not connected: " + w.describe());
            }
            Thread.sleep(10);
        }
        return w;
    }
}
