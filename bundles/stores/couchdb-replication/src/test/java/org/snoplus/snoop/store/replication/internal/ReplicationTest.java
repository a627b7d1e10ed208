package org.snoplus.snoop.store.replication.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.TestCouchServer;

/**
 * Replication by configuration against two CouchDB-API test servers over HTTP: the document in
 * _replicator, the copy on the second server following the first, a changed configuration, a
 * document removed by hand and put back, the configuration removed.
 */
public class ReplicationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private TestCouchServer main;
    private TestCouchServer offsite;
    private Replication replication;

    @Before
    public void start() throws Exception {
        main = TestCouchServer.start();
        offsite = TestCouchServer.start();
        assertEquals(201, http("PUT", main.url() + "/snoop", null));
    }

    @After
    public void stop() {
        if (replication != null) {
            replication.deactivate();
        }
        main.close();
        offsite.close();
    }

    private static int http(String method, String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private Replication replication(String target, Object... kv) {
        Object[] all = new Object[kv.length + 6];
        all[0] = "url";
        all[1] = main.url();
        all[2] = "target";
        all[3] = target;
        all[4] = "check.s";
        all[5] = 1;
        System.arraycopy(kv, 0, all, 6, kv.length);
        return new Replication(ReplicationSettings.from("offsite", Configs.of(ReplicationConfig.class, all)));
    }

    @Test
    public void aConfiguredReplicationCopiesTheDatabaseAndFollowsIt() throws Exception {
        assertEquals(201, http("PUT", main.url() + "/snoop/count@daq1:1", "{\"name\":\"count\",\"events\":1}"));
        replication = replication(offsite.url() + "/snoop");
        replication.start();
        waitFor("the first document copied", 20_000, () -> contains(offsite.url() + "/snoop/count@daq1:1", "count"));
        assertTrue(get(main.url() + "/_replicator/snoop-offsite").contains("\"continuous\":true"));
        assertEquals(201, http("PUT", main.url() + "/snoop/count@daq1:2", "{\"name\":\"count\",\"events\":2}"));
        waitFor("a later document copied", 20_000, () -> contains(offsite.url() + "/snoop/count@daq1:2", "count"));
        waitFor("the state read", 10_000, () -> !replication.state().equals("not checked yet"));
        assertTrue(replication.describe(), replication.describe().startsWith("offsite: " + main.url() + "/snoop -> "
                + offsite.url() + "/snoop (continuous) on " + main.url() + " is "));

        // removed by hand: put back at the next check
        String doc = get(main.url() + "/_replicator/snoop-offsite");
        String rev = doc.strip().replaceAll(".*\"_rev\":\"([^\"]+)\".*", "$1");
        assertEquals(200, http("DELETE", main.url() + "/_replicator/snoop-offsite?rev=" + rev, null));
        waitFor("put back", 10_000, () -> contains(main.url() + "/_replicator/snoop-offsite", "\"source\""));

        // the configuration deleted: the document goes
        replication.remove();
        assertTrue(get(main.url() + "/_replicator/snoop-offsite").contains("not_found"));
    }

    @Test
    public void aChangedConfigurationReplacesTheReplication() throws Exception {
        replication = replication(offsite.url() + "/first");
        replication.check();
        assertTrue(get(main.url() + "/_replicator/snoop-offsite").contains("/first"));
        Replication changed = replication(offsite.url() + "/second");
        changed.check();
        String doc = get(main.url() + "/_replicator/snoop-offsite");
        assertTrue(doc + " " + changed.describe(), doc.contains("/second") && !doc.contains("/first"));
        assertEquals(201, http("PUT", main.url() + "/snoop/x", "{}"));
        waitFor("copied to the new target", 20_000, () -> contains(offsite.url() + "/second/x", "_rev"));
    }

    @Test
    public void credentialsGoIntoTheDocumentNotIntoMessages() throws Exception {
        // the password from a file of mode 0600, never from the configuration
        java.nio.file.Path file = java.nio.file.Files.createTempFile("target-password", "");
        java.nio.file.Files.writeString(file, "s3cret\n");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        replication = replication(offsite.url() + "/snoop", "target.username", "off", "target.password.file",
                file.toString());
        String d = replication.describe();
        assertTrue(d, !d.contains("s3cret"));
        assertEquals("http://off:s3cret@127.0.0.1:" + offsite.port() + "/snoop", replication.settings().targetUrl());
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Configs.assertRejected("bad configuration: target.password.file " + file.toAbsolutePath().normalize()
                + " has mode rw-r--r--", () -> replication(offsite.url() + "/snoop", "target.username", "off",
                "target.password.file", file.toString()));
    }

    @Test
    public void anUnreachableServerIsNamedAndCheckedAgain() throws Exception {
        replication = new Replication(ReplicationSettings.from("offsite", Configs.of(ReplicationConfig.class,
                "url", "http://127.0.0.1:1", "target", offsite.url() + "/snoop")));
        replication.check();
        assertTrue(replication.describe(), replication.describe().contains("cannot check: http://127.0.0.1:1 cannot "
                + "be reached"));
    }

    @Test
    public void aBadConfigurationIsRejectedNamingItsKey() {
        Configs.assertRejected("bad configuration: target is required", () -> replication(""));
        Configs.assertRejected("bad configuration: target must name a database", () -> replication("http://a:5984"));
        Configs.assertRejected("bad configuration: target must not hold a user name or password",
                () -> replication("http://u:p@a:5984/db"));
        Configs.assertRejected("bad configuration: source must be a database name or a URL",
                () -> replication("http://a:5984/db", "source", "Bad Name"));
    }

    private static boolean contains(String url, String text) {
        try {
            return get(url).contains(text);
        } catch (Exception e) {
            return false;
        }
    }

    static void waitFor(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
