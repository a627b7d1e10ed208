package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;
import org.snoplus.snoop.testing.TestCouchServer;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * CouchDB goes away while snoop runs, snoop is killed with SIGKILL while documents wait in its
 * spool, CouchDB comes back (empty) and snoop is started again: every spooled document arrives,
 * exactly once.
 */
public class SpoolCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestCouchServer couch;
    private Process snoop;
    private Path dir;
    private Path data;

    @After
    public void cleanUp() {
        if (snoop != null) {
            snoop.destroyForcibly();
        }
        if (couch != null) {
            couch.close();
        }
    }

    @Test
    public void spooledDocumentsSurviveAKillAndArriveExactlyOnce() throws Exception {
        dir = Path.of("target/spool-crash-it").toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        data = dir.resolve("data");
        couch = TestCouchServer.start();
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 200\n");
        Files.writeString(conf.resolve("snoop.reader.synthetic-sim.cfg"), "rate = 500\n");
        Files.writeString(conf.resolve("snoop.writer.couchdb-main.cfg"),
                "url = " + couch.url() + "\ndatabase = snoop\ntimeout.ms = 2000\n");
        Files.copy(SnoopProcess.DIST.resolve("processors/processor-count.jar"), deploy.resolve("processor-count.jar"));
        int port = SnoopProcess.freePort();
        Path out = dir.resolve("snoop.out");
        Path err = dir.resolve("snoop.err");

        snoop = SnoopProcess.start(conf, deploy, data, port, out, err);
        waitFor("documents in CouchDB", 30_000, () -> rows() > 3, err);

        couch.stop();
        waitFor("documents spooled", 20_000, () -> spooled().size() >= 10, err);
        snoop.destroyForcibly(); // SIGKILL: no shutdown, no flush
        snoop.waitFor();
        Set<String> spooled = spooled();
        assertFalse(spooled.isEmpty());

        couch.restart(); // empty, same port
        snoop = SnoopProcess.start(conf, deploy, data, port, out, err);
        waitFor("the spool replayed", 60_000, () -> {
            try {
                return present(spooled) == spooled.size();
            } catch (Exception e) {
                return false;
            }
        }, err, () -> {
            try {
                Set<String> missing = new HashSet<>(spooled);
                missing.removeAll(allIds());
                return "missing " + missing + " of " + spooled;
            } catch (Exception e) {
                return e.toString();
            }
        });
        String status = SnoopProcess.shell(data, "snoop:status");
        assertTrue(status, status.contains("connected"));
        // every id once: CouchDB holds one document per id, and the replayed ones are all there
        List<String> ids = allIds();
        assertEquals("no id twice", new HashSet<>(ids).size(), ids.size());
        assertTrue(ids.containsAll(spooled));
    }

    /**
     * Ids of the documents in the spool files that wait to be written, as they are on disk: those
     * past the committed position ({@code committed}: "SEGMENT OFFSET"). Those before it reached the
     * first CouchDB before it went away (its restart loses them: it is empty), and are not replayed.
     */
    private Set<String> spooled() {
        Set<String> ids = new HashSet<>();
        Path spool = data.resolve("spool/main");
        if (!Files.isDirectory(spool)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(spool)) {
            long committedSegment = 0;
            long committedOffset = 0;
            Path committed = spool.resolve("committed");
            if (Files.exists(committed)) {
                String[] parts = Files.readString(committed).strip().split(" ");
                committedSegment = Long.parseLong(parts[0]);
                committedOffset = Long.parseLong(parts[1]);
            }
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                long segment = Long.parseLong(f.getFileName().toString().replace(".jsonl", ""));
                if (segment < committedSegment) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(f);
                int from = segment == committedSegment ? (int) Math.min(committedOffset, bytes.length) : 0;
                String rest = new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8);
                for (String line : rest.split("\n")) {
                    if (line.startsWith("{") && line.endsWith("}")) {
                        ids.add((String) JSON.readValue(line, Map.class).get("_id"));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // being written
        }
        return ids;
    }

    private long rows() {
        try {
            return allIds().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private int present(Set<String> ids) throws Exception {
        Set<String> all = new HashSet<>(allIds());
        int n = 0;
        for (String id : ids) {
            if (all.contains(id)) {
                n++;
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private List<String> allIds() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(couch.url() + "/snoop/_all_docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("status " + r.statusCode());
        }
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) JSON.readValue(r.body(), Map.class).get("rows")) {
            String id = (String) row.get("id");
            if (!id.startsWith("_design/")) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static void waitFor(String what, long ms, BooleanSupplier condition, Path log) throws Exception {
        waitFor(what, ms, condition, log, () -> "");
    }

    private static void waitFor(String what, long ms, BooleanSupplier condition, Path log,
            java.util.function.Supplier<String> state) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " (" + state.get() + "); log:\n"
                        + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }
}
