package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A ZDAB replay killed with SIGKILL at five random moments and started again each time gives the
 * same final run totals as an uninterrupted replay, and every document reaches the store exactly
 * once: the checkpoints (processors' states with the reader's position) and the journal at work in
 * the assembled instance.
 */
public class CheckpointCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Run totals of runstats that must not depend on how the replay was interrupted. */
    private static final List<String> RUN_TOTALS = List.of("run", "events_run", "orphans_run", "owl_run",
            "orphan_nhit_mean_run", "last_gtid");

    private final HttpClient http = HttpClient.newHttpClient();
    private Process snoop;

    @After
    public void cleanUp() {
        if (snoop != null) {
            snoop.destroyForcibly();
        }
    }

    @Test
    public void aReplayKilledFiveTimesCountsEachEventOnceAndStoresEachDocumentOnce() throws Exception {
        Path dir = StuckProcessorIT.fresh(Path.of("target/checkpoint-crash-it").toAbsolutePath());
        Path zdab = dir.resolve("SNOP_0000300000_000.zdab");
        record(zdab, 24_000);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        // a checkpoint at every tick (the default is every 10 s)
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 250\ncheckpoint.period.ms = 0\n");
        String reader = "file = " + zdab + "\nrate = 4000\n";
        Files.writeString(conf.resolve("snoop.writer.jsonl-documents.cfg"), "path = ${snoop.data}/documents.jsonl\n");
        for (String p : List.of("processor-count", "processor-runstats")) {
            Files.copy(SnoopProcess.DIST.resolve("processors/" + p + ".jar"), deploy.resolve(p + ".jar"));
        }

        // an uninterrupted replay
        Path a = dir.resolve("uninterrupted");
        int port = SnoopProcess.freePort();
        snoop = SnoopProcess.start(conf, deploy, a, port, dir.resolve("a.out"), dir.resolve("a.err"));
        startReading(conf, reader, a, dir.resolve("a.err"));
        Map<String, Object> expected = replayed(a, dir.resolve("a.err"));
        stop(a);

        // the same replay, killed five times
        Path b = dir.resolve("killed");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("CheckpointCrashIT: kill moments drawn with seed " + seed);
        Path err = dir.resolve("b.err");
        Files.delete(conf.resolve("snoop.reader.zdab-run.cfg"));
        for (int kill = 0; kill < 5; kill++) {
            snoop = SnoopProcess.start(conf, deploy, b, port, dir.resolve("b.out"), err);
            if (kill == 0) {
                startReading(conf, reader, b, err);
            }
            long documents = count(b);
            StuckProcessorIT.waitFor("documents from this run", 60_000, () -> count(b) > documents, err);
            Thread.sleep(300 + random.nextInt(1500));
            snoop.destroyForcibly(); // SIGKILL: no final sample, nothing flushed
            assertTrue(snoop.waitFor(10, TimeUnit.SECONDS));
        }
        snoop = SnoopProcess.start(conf, deploy, b, port, dir.resolve("b.out"), err);
        Map<String, Object> totals = replayed(b, err);
        assertEquals("the same run totals as the uninterrupted replay", expected, totals);

        // every document reaches the store, once: what the JSON-lines writer saw is all in the store
        Set<String> written = new HashSet<>();
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> d : documents(b)) {
            written.add((String) d.get("_id"));
            names.add((String) d.get("name"));
        }
        // the processors' and the platform's own (the alarms' documents)
        assertTrue(names.toString(), names.containsAll(List.of("count", "runstats", "alarms")));
        List<String> stored = new ArrayList<>();
        for (String name : names) {
            stored.addAll(storedIds(port, name));
        }
        assertEquals("no document twice in the store", new HashSet<>(stored).size(), stored.size());
        Set<String> missing = new HashSet<>(written);
        missing.removeAll(stored);
        assertTrue("documents missing from the store: " + missing, missing.isEmpty());
        stop(b);
    }

    /**
     * The reader is configured once the processors are live (at a first start the processors'
     * bundles may be deployed after the reader started, and a processor counts only what comes
     * after it; at a restart the core holds the events for the processors it expects back).
     */
    private static void startReading(Path conf, String reader, Path data, Path err) throws Exception {
        StuckProcessorIT.waitFor("the processors live", 60_000, () -> StuckProcessorIT.line(data, "count")
                .contains("ACTIVE") && StuckProcessorIT.line(data, "runstats").contains("ACTIVE"), err);
        Path tmp = conf.resolve("reader.part");
        Files.writeString(tmp, reader);
        Files.move(tmp, conf.resolve("snoop.reader.zdab-run.cfg"));
    }

    /** Records the synthetic detector into a ZDAB file, as {@code snoop record} does. */
    private static void record(Path zdab, int events) throws Exception {
        Path bundles = SnoopProcess.DIST.resolve("bundles");
        String cp = String.join(File.pathSeparator, bundles.resolve("snoplus-model.jar").toString(),
                bundles.resolve("snoplus-zdab.jar").toString(), bundles.resolve("snoplus-synthetic.jar").toString());
        Process p = new ProcessBuilder(SnoopProcess.java(), "-cp", cp, "org.snoplus.snoop.sno.synthetic.internal.Record",
                "--events", Integer.toString(events), "--seed", "9", "--mix", "physics=0.3,orphan=0.6,owl=0.1",
                zdab.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(out, 0, p.waitFor());
    }

    /** Waits for the replay to end and be counted, then answers the run totals of its last documents. */
    private Map<String, Object> replayed(Path data, Path err) throws Exception {
        StuckProcessorIT.waitFor("the replay read to its end", 120_000, () -> {
            try {
                return SnoopProcess.shell(data, "snoop:status").lines()
                        .anyMatch(l -> l.trim().startsWith("run ") && l.contains("DONE"));
            } catch (Exception e) {
                return false;
            }
        }, err);
        long events = StuckProcessorIT.events(data, "count");
        // a sample after the last event: its documents hold the totals
        Map<String, Object> count = sample(data, "count");
        Map<String, Object> runstats = sample(data, "runstats");
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("count.total", count.get("total"));
        for (String k : RUN_TOTALS) {
            totals.put("runstats." + k, runstats.get(k));
        }
        assertEquals("count counted every event it was given", ((Number) count.get("total")).longValue(), events);
        return totals;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sample(Path data, String name) throws Exception {
        String out = SnoopProcess.shell(data, "snoop:sample " + name);
        Map<String, Object> doc = JSON.readValue(out.substring(out.indexOf('{')), Map.class);
        return (Map<String, Object>) doc.get("data");
    }

    /** SIGTERM, as a shifter stops an instance. */
    private void stop(Path data) throws Exception {
        snoop.destroy();
        assertTrue("stopped", snoop.waitFor(30, TimeUnit.SECONDS));
        snoop = null;
    }

    private long count(Path data) {
        try {
            return documents(data).stream().filter(d -> "count".equals(d.get("name"))).count();
        } catch (Exception e) {
            return 0;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Path data) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        Path f = data.resolve("documents.jsonl");
        if (Files.exists(f)) {
            for (String l : Files.readAllLines(f)) {
                if (l.startsWith("{") && l.endsWith("}")) {
                    try {
                        out.add(JSON.readValue(l, Map.class));
                    } catch (Exception torn) {
                        // the last line of a killed instance
                    }
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<String> storedIds(int port, String name) throws Exception {
        URI u = URI.create("http://127.0.0.1:" + port + "/api/v1/documents/" + name + "?from=-1h&to="
                + (System.currentTimeMillis() + 60_000) + "&limit=5000");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        Object body = JSON.readValue(r.body(), Object.class);
        List<Map<String, Object>> docs = body instanceof Map<?, ?> m ? (List<Map<String, Object>>) m.get("documents")
                : (List<Map<String, Object>>) body;
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> d : docs) {
            ids.add((String) d.get("_id"));
        }
        return ids;
    }
}
