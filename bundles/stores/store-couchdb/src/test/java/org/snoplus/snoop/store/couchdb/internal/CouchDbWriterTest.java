package org.snoplus.snoop.store.couchdb.internal;

import org.snoplus.snoop.testing.TestCouchServer;
import static java.nio.file.StandardOpenOption.APPEND;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.lightcouch.CouchDbClient;
import org.lightcouch.DesignDocument;
import org.lightcouch.ViewResult;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.testing.Configs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The writer against a real CouchDB-API server over HTTP ({@link TestCouchServer}).
 */
public class CouchDbWriterTest {

    // 2025-11-28T20:40:00Z
    private static final long T = 1764362400000L;
    private static final Map<String, Object> PROPS = Map.of("service.pid", "snoop.writer.couchdb~test");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<CouchDbWriter> writers = new ArrayList<>();
    private final List<TestCouchServer> servers = new ArrayList<>();
    private final List<CouchDbClient> readers = new ArrayList<>();

    @After
    public void tearDown() {
        writers.forEach(CouchDbWriter::deactivate);
        readers.forEach(CouchDbClient::shutdown);
        servers.forEach(TestCouchServer::close);
    }

    @Test
    public void documentsAreWrittenInBulkAndReadBackThroughTheViews() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url(), "batch", 500);
        awaitConnected(writer);

        // as the core hands them over: every processor's sample of a tick, up to 1000 a batch
        List<SampleDocument> all = new ArrayList<>();
        for (int tick = 0; tick < 1000; tick++) {
            for (String name : List.of("count", "rate", "nhit")) {
                all.add(doc(name, T + tick * 2000L, tick));
            }
        }
        for (int i = 0; i < all.size(); i += 1000) {
            writer.write(all.subList(i, Math.min(all.size(), i + 1000)));
        }
        assertEquals(3000, writer.written());
        assertTrue(writer.spool().isEmpty());

        CouchDbClient db = reader(server);
        ViewResult<Object, Object, Object> everything = db.view("snoop/by_name_time").reduce(false).limit(0)
                .queryView(Object.class, Object.class, Object.class);
        assertEquals(3000, everything.getTotalRows());

        // one processor's time range, in time order, both ends included
        List<JsonObject> range = db.view("snoop/by_name_time").reduce(false).startKey("rate", T + 100 * 2000L)
                .endKey("rate", T + 199 * 2000L).includeDocs(true).query(JsonObject.class);
        assertEquals(100, range.size());
        for (int i = 0; i < 100; i++) {
            JsonObject d = range.get(i);
            assertEquals("rate", d.get("name").getAsString());
            assertEquals(T + (100 + i) * 2000L, d.get("time").getAsLong());
            assertEquals(100 + i, d.get("seq").getAsLong());
            assertEquals(SampleDocument.idOf("rate", "daq1", T + (100 + i) * 2000L), d.get("_id").getAsString());
            assertEquals(100 + i, d.getAsJsonObject("data").get("count").getAsLong());
        }

        // the latest of one processor
        List<JsonObject> latest = db.view("snoop/by_name_time").reduce(false).startKey("count", new JsonObject())
                .endKey(List.of("count")).descending(true).limit(1).includeDocs(true).query(JsonObject.class);
        assertEquals(1, latest.size());
        assertEquals(T + 999 * 2000L, latest.get(0).get("time").getAsLong());
        assertEquals("count", latest.get(0).get("name").getAsString());
        List<JsonObject> none = db.view("snoop/by_name_time").reduce(false).startKey("absent", new JsonObject())
                .endKey(List.of("absent")).descending(true).limit(1).includeDocs(true).query(JsonObject.class);
        assertEquals(List.of(), none);

        // the processors and how many documents each has
        ViewResult<String, Long, Object> names = db.view("snoop/names").group(true)
                .queryView(String.class, Long.class, Object.class);
        Map<String, Long> counts = new LinkedHashMap<>();
        names.getRows().forEach(r -> counts.put(r.getKey(), r.getValue()));
        assertEquals(Map.of("count", 1000L, "nhit", 1000L, "rate", 1000L), counts);
        assertEquals(List.of("count", "nhit", "rate"), new ArrayList<>(counts.keySet()));
    }

    @Test
    public void theDesignDocumentIsInstalledAndKeptAsItIs() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url());
        awaitConnected(writer);
        CouchDbClient db = reader(server);
        DesignDocument installed = db.design().getFromDb(CouchDatabase.DESIGN_ID);
        assertEquals(CouchDatabase.designDocument(), installed); // same id
        assertEquals(CouchDatabase.designDocument().getViews(), installed.getViews());
        assertEquals("javascript", installed.getLanguage());
        String rev = installed.getRevision();

        // a writer that starts again finds it as it should be and leaves it alone
        writer.deactivate();
        writers.clear();
        awaitConnected(writer(server.url()));
        assertEquals(rev, db.design().getFromDb(CouchDatabase.DESIGN_ID).getRevision());
    }

    @Test
    public void writingTheSameDocumentsAgainAddsNothingAndFailsNothing() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url(), "batch", 100);
        awaitConnected(writer);
        List<SampleDocument> docs = docs("count", 0, 600);
        writer.write(docs);
        CouchDbClient db = reader(server);
        assertEquals(600, totalRows(db));

        writer.write(docs);
        writer.write(docs("count", 550, 100)); // 50 known, 50 new
        assertEquals(650, totalRows(db));
        assertEquals(650, writer.written());
        assertEquals(650, writer.alreadyPresent());
        assertEquals(CouchDbWriter.State.CONNECTED, writer.state());
        assertTrue(writer.spool().isEmpty());
        assertTrue(writer.describe(), writer.describe().endsWith("(connected; spool 0 documents)"));
    }

    @Test
    public void whileTheServerIsDownDocumentsAreSpooledAndReplayedInOrderOnceItIsBack() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url(), "batch", 50);
        awaitConnected(writer);
        writer.write(docs("count", 0, 100));

        server.stop();
        List<SampleDocument> whileDown = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<SampleDocument> batch = docs(i % 2 == 0 ? "count" : "rate", 100 + i * 100, 100);
            whileDown.addAll(batch);
            long started = System.nanoTime();
            writer.write(batch);
            assertTrue("write() waited for the database", System.nanoTime() - started < 3_000_000_000L);
        }
        String down = writer.describe();
        assertTrue(down, down.matches("couchdb http://127\\.0\\.0\\.1:\\d+/snoop \\(unreachable since \\d\\d:\\d\\d:\\d\\d: "
                + "Connection refused; spool 300 documents, 0\\.\\d MB, oldest \\d+ (s|min|h)\\)"));
        assertEquals(300, writer.spool().records());

        // The test server keeps its data in memory: it comes back empty, and the 100 documents
        // written before it stopped went with it. The writer makes the database and the design
        // document again and writes what it spooled.
        server.restart();
        await(() -> writer.state() == CouchDbWriter.State.CONNECTED, 20_000);
        assertTrue(writer.spool().isEmpty());
        assertTrue(writer.describe(), writer.describe().endsWith("(connected; spool 0 documents)"));

        CouchDbClient db = reader(server);
        assertEquals("each exactly once, in the order they were written", ids(whileDown), changedIds(db));
        assertNotNull(db.design().getFromDb(CouchDatabase.DESIGN_ID));

        // and directly again
        writer.write(docs("count", 1000, 10));
        assertEquals(310, totalRows(db));
        assertTrue(writer.spool().isEmpty());
    }

    @Test
    public void aWriterAbandonedWithoutClosingIsReplayedByTheNextOnOnTheSameSpool() throws Exception {
        TestCouchServer server = server();
        server.stop();
        Path spool = tmp.getRoot().toPath().resolve("spool");
        CouchDbWriter first = new CouchDbWriter(Clock.systemDefaultZone(), 50, 500);
        first.start(config(server.url(), "spool.dir", spool.toString()), PROPS, null);
        List<SampleDocument> docs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<SampleDocument> batch = docs("nhit", i * 50, 50);
            first.write(batch);
            docs.addAll(batch);
        }
        assertEquals(250, first.spool().records());
        first.abandon(); // kill -9
        // and it died in the middle of its next append
        try (Stream<Path> s = Files.list(spool)) {
            Path segment = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().reduce((a, b) -> b).orElseThrow();
            Files.write(segment, "{\"_id\":\"nhit@daq1:17".getBytes(StandardCharsets.UTF_8), APPEND);
        }

        server.restart();
        CouchDbWriter second = writer(server.url(), "spool.dir", spool.toString());
        assertEquals(250, second.spool().records());
        await(() -> second.state() == CouchDbWriter.State.CONNECTED, 20_000);
        assertEquals(ids(docs), changedIds(reader(server)));
        assertEquals(250, second.written());
    }

    @Test
    public void aSlowServerTimesOutAndTheDocumentsAreSpooledThenWrittenOnce() throws Exception {
        TestCouchServer server = server();
        CouchDbWriter writer = writer(server.url(), "timeout.ms", 300, "batch", 20);
        awaitConnected(writer);
        server.delay(1500);
        List<SampleDocument> docs = docs("rate", 0, 60);
        long started = System.nanoTime();
        writer.write(docs);
        assertTrue("write() waited long", System.nanoTime() - started < 1_500_000_000L);
        assertTrue(writer.describe(), writer.describe().contains("no answer within 300 ms (timeout.ms); spool 60 documents"));

        server.delay(0);
        await(() -> writer.state() == CouchDbWriter.State.CONNECTED, 20_000);
        CouchDbClient db = reader(server);
        // the server carried out the request that timed out too (late): written once all the same
        assertEquals(ids(docs), changedIds(db));
        assertEquals(60, totalRows(db));
    }

    @Test
    public void basicAuthenticationWorksAndThePasswordIsNeverShown() throws Exception {
        String password = "s3cr3t-Pa55w0rd";
        TestCouchServer server = server(TestCouchServer.startWithAdmin("snoop", password));
        try (CapturedLog log = new CapturedLog()) {
            CouchDbWriter writer = writer(server.url(), "username", "snoop", "password.file", passwordFile(password));
            awaitConnected(writer);
            writer.write(docs("count", 0, 50));
            assertEquals(50, writer.written());

            CouchDbWriter wrong = new CouchDbWriter(Clock.systemDefaultZone(), 50, 500);
            writers.add(wrong);
            wrong.start(config(server.url(), "username", "snoop", "password.file", passwordFile(password + "-not"),
                    "spool.dir", tmp.newFolder().toString()), Map.of("service.pid", "snoop.writer.couchdb~wrong"), null);
            wrong.write(docs("count", 50, 5));
            await(() -> wrong.state() == CouchDbWriter.State.UNREACHABLE, 10_000);
            String d = wrong.describe();
            assertTrue(d, d.contains("unreachable since") && d.contains("unauthorized: Name or password is incorrect."));
            assertEquals(5, wrong.spool().records());

            for (String text : List.of(writer.describe(), d, log.text())) {
                assertFalse(text, text.contains(password));
            }
            assertTrue("the log was captured", log.text().contains("couchdb writer wrong"));
            assertTrue(log.text(), log.text().contains("as snoop"));
        }
        CouchDbClient db = new CouchDbClient("snoop", false, "http", "127.0.0.1", server.port(), "snoop", password);
        readers.add(db);
        assertEquals(50, totalRows(db));
        CouchDbClient anonymous = new CouchDbClient("snoop", false, "http", "127.0.0.1", server.port(), null, null);
        readers.add(anonymous);
        try {
            totalRows(anonymous);
            fail("read without credentials");
        } catch (RuntimeException expected) {
            // 401
        }
    }

    @Test
    public void anUnreachableServerIsNamedWithTheReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // nothing listens there once it is closed
        }
        CouchDbWriter writer = writer("http://127.0.0.1:" + port, "database", "monitoring");
        writer.write(docs("count", 0, 3));
        await(() -> writer.state() == CouchDbWriter.State.UNREACHABLE, 10_000);
        String d = writer.describe();
        assertTrue(d, d.matches("couchdb http://127\\.0\\.0\\.1:" + port + "/monitoring \\(unreachable since "
                + "\\d\\d:\\d\\d:\\d\\d: Connection refused; spool 3 documents, 0\\.0 MB, oldest \\d+ (s|min|h)\\)"));
    }

    @Test
    public void overItsDiskBudgetTheSpoolRaisesTheAlarmAndKeepsEveryDocument() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path spool = tmp.getRoot().toPath().resolve("spool");
        try (CapturedLog log = new CapturedLog()) {
            CouchDbWriter writer = writer("http://127.0.0.1:" + port, "spool.max.mb", 1L, "spool.dir", spool.toString());
            String padding = "x".repeat(1000);
            for (int i = 0; i < 20; i++) {
                List<SampleDocument> batch = new ArrayList<>();
                for (int j = 0; j < 100; j++) {
                    batch.add(new SampleDocument(SampleDocument.idOf("big", "daq1", T + i * 100 + j), "big",
                            T + i * 100 + j, T, T, j, "1.0.0", "daq1", -1, 1, Map.of("padding", padding)));
                }
                writer.write(batch);
            }
            assertEquals(2000, writer.spool().records());
            assertTrue(writer.describe(), writer.describe().contains("; OVER BUDGET spool.max.mb = 1)"));
            String alarm = "ALARM: the spool " + spool + " holds";
            assertTrue(log.text(), log.text().contains(alarm));
            assertTrue(log.text(), log.text().contains("over its budget spool.max.mb = 1"));
            assertEquals("once a minute, not every batch", log.text().indexOf(alarm), log.text().lastIndexOf(alarm));
        }
    }

    @Test
    public void badConfigurationIsRejectedNamingTheKey() throws Exception {
        CouchDbWriter w = new CouchDbWriter();
        String dir = tmp.newFolder().toString();
        reject("bad configuration: url is required", w, config(null, "spool.dir", dir));
        reject("bad configuration: url must start with http:// or https://, not 'ftp://host'", w,
                config("ftp://host", "spool.dir", dir));
        reject("bad configuration: url is not a URL", w, config("http://bad host:5984", "spool.dir", dir));
        reject("bad configuration: url has no host", w, config("http:///snoop", "spool.dir", dir));
        reject("bad configuration: url must not hold credentials: put them in username and password.file", w,
                config("http://admin:hunter22@127.0.0.1:5984", "spool.dir", dir));
        reject("bad configuration: url must not have a query", w, config("http://h:1/?x=1", "spool.dir", dir));
        reject("bad configuration: database must start with a lowercase letter", w,
                config("http://h:1", "database", "Snoop", "spool.dir", dir));
        reject("bad configuration: password.file (or password.env) is set but username is not", w,
                config("http://h:1", "password.file", passwordFile("hunter22"), "spool.dir", dir));
        reject("bad configuration: batch must be between 1 and 100000, not 0", w,
                config("http://h:1", "batch", 0, "spool.dir", dir));
        reject("bad configuration: timeout.ms must be >= 1, not -5", w,
                config("http://h:1", "timeout.ms", -5, "spool.dir", dir));
        reject("bad configuration: spool.max.mb must be >= 1, not 0", w,
                config("http://h:1", "spool.max.mb", 0L, "spool.dir", dir));
        reject("bad configuration: batch cannot be read", w, config("http://h:1", "batch", "many", "spool.dir", dir));
        reject("bad configuration: spool.dir is required: there is no framework property snoop.data", w,
                config("http://h:1"));
        Path file = tmp.newFile("plain").toPath();
        reject("bad configuration: spool.dir " + file + " cannot be used: a file is in the way of the directory", w,
                config("http://h:1", "spool.dir", file.toString()));

        // the default: under the data directory, by the writer's name
        Path data = tmp.newFolder("data").toPath();
        CouchDbWriter ok = new CouchDbWriter();
        writers.add(ok);
        ok.start(config("http://127.0.0.1:1"), PROPS, data.toString());
        assertEquals(data.resolve("spool/test"), ok.spool().dir());
        reject("bad configuration: spool.dir " + data.resolve("spool/test") + " cannot be used: the spool "
                + data.resolve("spool/test") + " is in use by another writer", new CouchDbWriter(), config("http://h:1"),
                data.toString());
    }

    @Test
    public void aRejectedConfigurationNeverShowsThePassword() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            reject("bad configuration: url must not hold credentials", new CouchDbWriter(),
                    config("http://admin:hunter22@127.0.0.1:5984", "spool.dir", tmp.newFolder().toString()));
            reject("bad configuration: database must start", new CouchDbWriter(),
                    config("http://h:1", "username", "u", "password.file", passwordFile("hunter22"), "database",
                            "Xhunter22",
                            "spool.dir", tmp.newFolder().toString()));
            assertFalse(log.text(), log.text().contains("hunter22"));
            assertTrue(log.text(), log.text().contains("bad configuration: url"));
        }
    }

    @Test
    public void thePasswordComesFromAFileOfItsOwnerOnlyOrTheEnvironment() throws Exception {
        String password = "pw-from-elsewhere-42";
        TestCouchServer server = server(TestCouchServer.startWithAdmin("snoop", password));
        String dir = tmp.newFolder().toString();
        try (CapturedLog log = new CapturedLog()) {
            Path file = Path.of(passwordFile(password + "\n")); // the first line; its end is not part of it
            CouchDbWriter fromFile = writer(server.url(), "username", "snoop", "password.file", file.toString());
            awaitConnected(fromFile);
            fromFile.write(docs("count", 0, 5));
            assertEquals(5, fromFile.written());

            CouchDbWriter fromEnv = new CouchDbWriter(Clock.systemDefaultZone(), 50, 500);
            fromEnv.environment = name -> "SNOOP_TEST_PW".equals(name) ? password : null;
            writers.add(fromEnv);
            fromEnv.start(config(server.url(), "username", "snoop", "password.env", "SNOOP_TEST_PW", "spool.dir",
                    tmp.newFolder().toString()), Map.of("service.pid", "snoop.writer.couchdb~env"), null);
            awaitConnected(fromEnv);
            fromEnv.write(docs("count", 5, 5));
            assertEquals(5, fromEnv.written());

            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            reject("bad configuration: password.file " + file + " has mode rw-r--r--: it must be readable by its "
                    + "owner only (chmod 600 " + file + ")", new CouchDbWriter(),
                    config(server.url(), "username", "snoop", "password.file", file.toString(), "spool.dir", dir));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
            reject("bad configuration: password.file " + file + " has mode rw----r--", new CouchDbWriter(),
                    config(server.url(), "username", "snoop", "password.file", file.toString(), "spool.dir", dir));
            reject("bad configuration: password.file " + file + ".missing does not exist", new CouchDbWriter(),
                    config(server.url(), "username", "snoop", "password.file", file + ".missing", "spool.dir", dir));
            reject("bad configuration: password.file " + Path.of(dir).toAbsolutePath() + " is not a regular file",
                    new CouchDbWriter(), config(server.url(), "username", "snoop", "password.file", dir, "spool.dir",
                            dir));
            String empty = passwordFile("");
            reject("bad configuration: password.file " + empty + " is empty", new CouchDbWriter(),
                    config(server.url(), "username", "snoop", "password.file", empty, "spool.dir", dir));
            reject("bad configuration: password.file and password.env are both set", new CouchDbWriter(),
                    config(server.url(), "username", "snoop", "password.file", passwordFile(password), "password.env",
                            "X", "spool.dir", dir));
            reject("bad configuration: password.env names SNOOP_NOT_SET_ANYWHERE, which is not set", new CouchDbWriter(),
                    config(server.url(), "username", "snoop", "password.env", "SNOOP_NOT_SET_ANYWHERE", "spool.dir",
                            dir));
            reject("bad configuration: password.env must be the name of an environment variable", new CouchDbWriter(),
                    config(server.url(), "username", "snoop", "password.env", "a-b", "spool.dir", dir));
            Configs.assertRejected("bad configuration: password is not taken from the configuration",
                    () -> new CouchDbWriter().start(config(server.url(), "username", "snoop", "spool.dir", dir),
                            Map.of("service.pid", "snoop.writer.couchdb~old", "password", password), null));
            assertFalse(log.text(), log.text().contains(password));
        }
    }

    /** A file of mode 0600 holding {@code text}, as an operator would write it. */
    private String passwordFile(String text) throws IOException {
        Path f = tmp.newFile().toPath();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(f, text);
        return f.toString();
    }

    // ------------------------------------------------------------------

    private TestCouchServer server() throws IOException {
        return server(TestCouchServer.start());
    }

    private TestCouchServer server(TestCouchServer s) {
        servers.add(s);
        return s;
    }

    private CouchDbWriterConfig config(String url, Object... more) {
        Object[] kv = new Object[more.length + 2];
        kv[0] = "url";
        kv[1] = url;
        System.arraycopy(more, 0, kv, 2, more.length);
        return Configs.of(CouchDbWriterConfig.class, kv);
    }

    /** A writer named "test", probing again every 50 to 500 ms, spooling under a temporary folder. */
    private CouchDbWriter writer(String url, Object... more) throws IOException {
        List<Object> kv = new ArrayList<>(List.of(more));
        if (!kv.contains("spool.dir")) {
            kv.add("spool.dir");
            kv.add(tmp.newFolder().toString());
        }
        CouchDbWriter w = new CouchDbWriter(Clock.systemDefaultZone(), 50, 500);
        w.start(config(url, kv.toArray()), PROPS, null);
        writers.add(w);
        return w;
    }

    private static void reject(String message, CouchDbWriter writer, CouchDbWriterConfig config) {
        reject(message, writer, config, null);
    }

    private static void reject(String message, CouchDbWriter writer, CouchDbWriterConfig config, String data) {
        Configs.assertRejected(message, () -> writer.start(config, PROPS, data));
    }

    private CouchDbClient reader(TestCouchServer server) {
        CouchDbClient c = new CouchDbClient("snoop", false, "http", "127.0.0.1", server.port(), null, null);
        readers.add(c);
        return c;
    }

    private static long totalRows(CouchDbClient db) {
        return db.view("snoop/by_name_time").reduce(false).limit(0).queryView(Object.class, Object.class, Object.class)
                .getTotalRows();
    }

    /** The ids of the sample documents in the order the database received them. */
    private static List<String> changedIds(CouchDbClient db) {
        JsonObject changes = db.findAny(JsonObject.class, db.getDBUri() + "_changes");
        List<String> ids = new ArrayList<>();
        for (JsonElement e : changes.getAsJsonArray("results")) {
            String id = e.getAsJsonObject().get("id").getAsString();
            if (!id.startsWith("_design/")) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static List<String> ids(List<SampleDocument> docs) {
        return docs.stream().map(SampleDocument::id).toList();
    }

    private static void awaitConnected(CouchDbWriter writer) throws InterruptedException {
        await(() -> writer.state() == CouchDbWriter.State.CONNECTED, 20_000);
    }

    private static void await(BooleanSupplier condition, long ms) throws InterruptedException {
        long until = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                fail("not within " + ms + " ms");
            }
            Thread.sleep(20);
        }
    }

    static List<SampleDocument> docs(String name, int fromSeq, int n) {
        List<SampleDocument> docs = new ArrayList<>(n);
        for (int seq = fromSeq; seq < fromSeq + n; seq++) {
            docs.add(doc(name, T + seq * 2000L, seq));
        }
        return docs;
    }

    static SampleDocument doc(String name, long time, long seq) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("count", seq);
        data.put("mean", seq / 3.0);
        return new SampleDocument(SampleDocument.idOf(name, "daq1", time), name, time, time - 2000, time, seq, "1.0.0",
                "daq1", 300000, 2000, data);
    }
}
