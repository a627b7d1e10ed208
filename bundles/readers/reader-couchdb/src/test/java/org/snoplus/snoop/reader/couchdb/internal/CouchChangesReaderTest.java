package org.snoplus.snoop.reader.couchdb.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.snoplus.snoop.testing.CollectingSink;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.TestCouchServer;

/**
 * The reader against the CouchDB-API test server over HTTP: documents written through the REST API
 * come out of the feed; the server goes down and comes back; a restart resumes from a checkpoint's
 * sequence. Records are logged by their {@code _id}.
 */
public class CouchChangesReaderTest {

    private static TestCouchServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int databases;

    private final List<Thread> threads = new ArrayList<>();
    private final List<CollectingSink> sinks = new ArrayList<>();
    private String db;

    @BeforeClass
    public static void startServer() throws IOException {
        server = TestCouchServer.start();
    }

    @AfterClass
    public static void stopServer() {
        server.close();
    }

    @After
    public void stopReaders() throws Exception {
        for (CollectingSink s : sinks) {
            s.open = false;
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join(10_000);
            if (t.isAlive()) {
                AssertionError e = new AssertionError("a reader did not stop");
                e.setStackTrace(t.getStackTrace());
                throw e;
            }
        }
    }

    private String newDatabase() throws Exception {
        db = "changes" + (++databases);
        assertEquals(201, http("PUT", "/" + db, null));
        return db;
    }

    private static int http(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type",
                "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void put(String id, String json) throws Exception {
        assertEquals(201, http("PUT", "/" + db + "/" + id, json));
    }

    private CouchChangesReader reader(Object... kv) {
        Object[] all = new Object[kv.length + 4];
        all[0] = "url";
        all[1] = server.url();
        all[2] = "database";
        all[3] = db;
        System.arraycopy(kv, 0, all, 4, kv.length);
        return new CouchChangesReader(CouchChangesSettings.from(Configs.of(CouchChangesReaderConfig.class, all)));
    }

    private CollectingSink start(CouchChangesReader reader, Object resumeFrom) {
        CollectingSink sink = new CollectingSink(r -> String.valueOf(((Map<?, ?>) r).get("_id")));
        sink.resumingFrom(resumeFrom);
        Thread t = new Thread(() -> {
            try {
                reader.read(sink);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "couchdb-reader-test");
        t.start();
        threads.add(t);
        sinks.add(sink);
        return sink;
    }

    private static void stop(CollectingSink sink) throws InterruptedException {
        sink.open = false;
    }

    @Test
    public void followsFromNowAndPublishesTheSelectedTypesInOrder() throws Exception {
        newDatabase();
        put("before", "{\"type\":\"run\",\"run\":1}");
        put("gone", "{\"type\":\"run\"}");
        CouchChangesReader reader = reader("types", "run, alarm", "timeout.ms", 500);
        CollectingSink sink = start(reader, null);
        waitFor("the feed started", 10_000, () -> reader.since() != null);
        put("r2", "{\"type\":\"run\",\"run\":2,\"nested\":{\"a\":[1,2.5,\"x\"]}}");
        put("other", "{\"type\":\"slowcontrol\"}");
        put("_design/x", "{\"views\":{}}");
        put("a1", "{\"type\":\"alarm\",\"level\":3}");
        // deleting "gone" (written before the start) makes its one change a deletion
        assertEquals(200, http("DELETE", "/" + db + "/gone?rev=" + rev("gone"), null));
        put("r3", "{\"type\":\"run\",\"run\":3}");
        sink.awaitPublished(3, 10_000);
        waitFor("the others counted", 10_000, () -> reader.describe().contains("3 skipped"));
        assertEquals(List.of("r2", "a1", "r3"), sink.log);
        Map<String, Object> r2 = sink.maps().get(0);
        assertEquals(2, r2.get("run"));
        assertEquals(List.of(1, 2.5, "x"), ((Map<?, ?>) r2.get("nested")).get("a"));
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) sink.lastPosition();
        assertEquals(server.url(), at.get("url"));
        assertEquals(db, at.get("database"));
        assertNotNull(at.get("seq"));
    }

    private String rev(String id) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/" + db + "/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        int i = body.indexOf("\"_rev\":\"") + 8;
        return body.substring(i, body.indexOf('"', i));
    }

    @Test
    public void aRestartResumesFromTheCheckpointSequenceWithoutReplayingOrSkipping() throws Exception {
        newDatabase();
        CouchChangesReader first = reader("since", "0", "limit", 3, "timeout.ms", 500);
        CollectingSink sink = start(first, null);
        for (int i = 0; i < 10; i++) {
            put("d" + i, "{\"i\":" + i + "}");
        }
        sink.awaitPublished(10, 10_000);
        Object checkpoint = sink.lastPosition();
        stop(sink);
        threads.get(0).join(10_000);
        for (int i = 10; i < 15; i++) {
            put("d" + i, "{\"i\":" + i + "}"); // while snoop is down
        }
        CollectingSink again = start(reader("since", "0", "timeout.ms", 500), checkpoint);
        again.awaitPublished(5, 10_000);
        put("d15", "{\"i\":15}");
        again.awaitPublished(6, 10_000);
        Thread.sleep(300);
        assertEquals(List.of("d10", "d11", "d12", "d13", "d14", "d15"), again.log);

        // a checkpoint of another database is not this reader's: it starts from since
        Map<String, Object> other = Map.of("url", server.url(), "database", "elsewhere", "seq", 3);
        CollectingSink fresh = start(reader("since", "0", "timeout.ms", 500), other);
        fresh.awaitPublished(16, 10_000);
    }

    @Test
    public void aServerThatGoesDownAndComesBackIsFollowedWithoutAGapOrADouble() throws Exception {
        newDatabase();
        CouchChangesReader reader = reader("since", "0", "timeout.ms", 2000, "reconnect.max.ms", 500);
        CollectingSink sink = start(reader, null);
        for (int i = 0; i < 10; i++) {
            put("a" + i, "{}");
        }
        sink.awaitPublished(10, 10_000);
        server.down(); // the long poll in flight is cut, new connections refused
        try {
            waitFor("the reader sees it down", 10_000, reader::isDown);
            String d = reader.describe();
            assertTrue(d, d.contains(" DOWN for ") && d.contains("cannot be reached"));
        } finally {
            server.up();
        }
        for (int i = 0; i < 10; i++) {
            put("b" + i, "{}");
        }
        sink.awaitPublished(20, 20_000);
        Thread.sleep(300);
        assertEquals(20, sink.log.size());
        assertEquals(20, new HashSet<>(sink.log).size());
        assertEquals("b9", sink.log.get(19));
        assertTrue(!reader.isDown());
    }

    @Test
    public void aDocumentAboveTheBoundIsCountedMalformedAndTheOthersGoOn() throws Exception {
        newDatabase();
        CouchChangesReader reader = reader("since", "0", "max.doc.kb", 4, "timeout.ms", 500);
        CollectingSink sink = start(reader, null);
        put("small1", "{}");
        put("large", "{\"blob\":\"" + "x".repeat(10_000) + "\"}");
        put("small2", "{}");
        sink.awaitPublished(2, 10_000);
        waitFor("the large one reported", 5000, () -> sink.malformed.size() == 1);
        assertEquals(List.of("small1", "small2"), sink.log);
        assertTrue(sink.malformed.get(0), sink.malformed.get(0).contains("document large of 9 kB, above max.doc.kb = 4"));
    }

    @Test
    public void anAnswerAboveTheResponseBoundIsAskedForInSmallerPieces() throws Exception {
        newDatabase();
        for (int i = 0; i < 6; i++) {
            put("big" + i, "{\"blob\":\"" + "y".repeat(400_000) + "\"}"); // 6 × 400 kB > 1 MB
        }
        CouchChangesReader reader = reader("since", "0", "max.response.mb", 1, "timeout.ms", 500);
        CollectingSink sink = start(reader, null);
        sink.awaitPublished(6, 20_000);
        assertEquals(List.of("big0", "big1", "big2", "big3", "big4", "big5"), sink.log);
        assertEquals(List.of(), sink.malformed);
    }

    @Test
    public void aMissingDatabaseIsNamedAndFollowedOnceItExists() throws Exception {
        db = "notyet" + (++databases);
        CouchChangesReader reader = reader("since", "0", "timeout.ms", 500, "reconnect.max.ms", 250);
        CollectingSink sink = start(reader, null);
        waitFor("the reader says so", 10_000, reader::isDown);
        String d = reader.describe();
        assertTrue(d, d.contains("answered 404 (no database " + db + " there)"));
        assertEquals(201, http("PUT", "/" + db, null));
        put("first", "{}");
        sink.awaitPublished(1, 10_000);
    }

    @Test
    public void aBadConfigurationIsRejectedNamingItsKey() throws Exception {
        db = "x";
        Configs.assertRejected("bad configuration: database must be a CouchDB database name",
                () -> new CouchChangesReader(CouchChangesSettings.from(Configs.of(CouchChangesReaderConfig.class,
                        "database", "Runs"))));
        Configs.assertRejected("bad configuration: url must not hold a user name or password",
                () -> reader("url", "http://me:secret@localhost:5984"));
        Configs.assertRejected("bad configuration: limit must be between 1 and 10000", () -> reader("limit", 0));
        Configs.assertRejected("bad configuration: max.doc.kb must be between", () -> reader("max.doc.kb", -1));
    }

    static void waitFor(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
