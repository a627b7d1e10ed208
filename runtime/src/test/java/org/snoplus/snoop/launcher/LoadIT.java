package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.document.Shapes;
import org.snoplus.snoop.store.embedded.internal.EmbeddedStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The load test of the REST API, on loopback: the demo (the synthetic detector at 1 kHz, sampled
 * every 2 s) with a store that already holds a simulated week of it, and 64 clients asking for the
 * largest answers the API allows, for a minute ({@code -Dsnoop.load.seconds}). Every request must
 * end — 200, 4xx or 503 — within the server's time limit (10 s) and a margin; the instance, in a
 * heap of 512 MiB ({@code -Dsnoop.load.heap}), must not run out of memory; the loop must keep 90 %
 * of the detector's rate and take every sample on time; and after the load the instance answers as
 * before, with every processor active and no thread left working for a client. It prints
 * what it measured (the figures of {@code docs/PERFORMANCE.md}), the latency of ordinary dashboard
 * questions with 16 clients among them.
 *
 * <p>The simulated week is as the store holds it with {@code full.days = 1}: the last day at the
 * 2 s period, the six before consolidated to one document a minute; documents of the shapes and
 * sizes of the demo's occupancy (a 9728-channel map), charge (seven histograms), nhit, count and
 * rate processors.
 */
public class LoadIT {

    static final String HEAP = System.getProperty("snoop.load.heap", "512m");
    static final int CLIENTS = 64;
    static final int LIGHT_CLIENTS = 16;
    static final long PERIOD = 2000;
    static final long DAY = 86_400_000L;
    /** The server's time limit (web API's timeout.ms), and what a client allows beyond it. */
    static final long LIMIT_MS = 10_000;
    static final long MARGIN_MS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Process snoop;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(8)).build();

    @After
    public void stop() throws Exception {
        if (snoop != null) {
            snoop.destroy();
            if (!snoop.waitFor(30, TimeUnit.SECONDS)) {
                snoop.destroyForcibly();
            }
        }
    }

    @Test
    public void sixtyFourClientsAskingForTheLargestAnswersLeaveTheMonitoringAsItWas() throws Exception {
        long seconds = Long.getLong("snoop.load.seconds", 60);
        Path dir = StuckProcessorIT.fresh(Path.of("target/load-it").toAbsolutePath());
        Path data = dir.resolve("data");
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        long now = System.currentTimeMillis() / PERIOD * PERIOD;
        long built = System.nanoTime();
        long documents = writeWeek(data.resolve("store"), now - 60_000);
        System.out.printf("LoadIT: a simulated week of %,d documents written in %d s (%,d MB)%n", documents,
                (System.nanoTime() - built) / 1_000_000_000, Files.size(data.resolve("store/documents.mv.db")) >> 20);

        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 2000\n");
        Files.writeString(conf.resolve("snoop.reader.synthetic-demo.cfg"), "rate = 1000\nseed = 1\nrun = 300000\n");
        Files.writeString(conf.resolve("snoop.store.embedded.cfg"), "full.days = 1\n");
        for (String p : List.of("count", "rate", "occupancy", "nhit", "charge", "host")) {
            Files.copy(SnoopProcess.DIST.resolve("processors/processor-" + p + ".jar"),
                    deploy.resolve("processor-" + p + ".jar"));
        }
        int port = SnoopProcess.freePort();
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        snoop = new ProcessBuilder(SnoopProcess.java(), "-Xmx" + HEAP, "-jar",
                SnoopProcess.DIST.resolve("snoop-launcher.jar").toString(), "run", "--root",
                SnoopProcess.ROOT.toString(), "--conf", conf.toString(), "--deploy", deploy.toString(), "--data",
                data.toString(), "--http", Integer.toString(port))
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        URI base = URI.create("http://127.0.0.1:" + port);
        StuckProcessorIT.waitFor("the demo's documents", 120_000, () -> {
            try {
                return get(base, "/api/v1/latest/host").statusCode() == 200
                        && get(base, "/api/v1/latest/count").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, err);
        Thread.sleep(3 * PERIOD);
        long[] ordinaryBefore = ordinary(base, LIGHT_CLIENTS, 20);
        Map<String, Integer> threadsBefore = threads(snoop.pid());

        // the load: 64 clients, the largest answers the API allows, for a minute
        List<String> heavy = List.of(
                "/api/v1/documents/occupancy?from=-7d&limit=5000",          // 5000 maps: beyond the budget
                "/api/v1/documents/occupancy?from=-7d&limit=600",           // the largest that fits: 15 MB, streamed
                "/api/v1/series/occupancy?fields=data.channels&from=-7d&points=5000",
                "/api/v1/aggregate/occupancy?fields=data.channels,data.events&from=-7d",
                "/api/v1/aggregate/occupancy?fields=data.channels,data.events&from=-1d",
                "/api/v1/aggregate/charge?from=-7d",
                "/api/v1/series/charge?fields=data.qhs&from=-7d&points=5000",
                "/api/v1/series/count?fields=data.count,events&from=-7d&points=5000",
                "/api/v1/documents/charge?from=-7d&limit=5000",
                "/proc/count/count/all?rate.rate=0..",
                "/api/v1/series/nhit?from=-7d&points=5000");
        Map<String, AtomicLong> statuses = new TreeMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Long> durations = Collections.synchronizedList(new ArrayList<>());
        AtomicLong bytes = new AtomicLong();
        long loadStart = System.currentTimeMillis();
        long loadEnd = loadStart + seconds * 1000;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.execute(() -> {
                Random r = new Random(client);
                while (System.currentTimeMillis() < loadEnd) {
                    // each its own question: a few days more or less, another field, so that few are shared
                    String path = heavy.get(r.nextInt(heavy.size())).replace("-7d", "-" + (140 + r.nextInt(28)) + "h");
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(base.resolve(path))
                                .timeout(Duration.ofMillis(LIMIT_MS + MARGIN_MS)).build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        long n;
                        String status = Integer.toString(resp.statusCode());
                        try (InputStream in = resp.body()) {
                            if (resp.statusCode() == 503) {
                                byte[] error = in.readAllBytes();
                                n = error.length;
                                status += new String(error, java.nio.charset.StandardCharsets.UTF_8)
                                        .contains("busy") ? " busy" : " time limit";
                            } else {
                                n = in.transferTo(java.io.OutputStream.nullOutputStream());
                            }
                        }
                        bytes.addAndGet(n);
                        synchronized (statuses) {
                            statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                        }
                        if (resp.statusCode() >= 500 && resp.statusCode() != 503) {
                            failures.add(resp.statusCode() + " " + path);
                        }
                        if (resp.statusCode() == 503) {
                            Thread.sleep(1000); // Retry-After
                        }
                    } catch (IOException e) {
                        failures.add(e + " " + path);
                    } catch (InterruptedException e) {
                        return;
                    }
                    durations.add((System.nanoTime() - t0) / 1_000_000);
                }
            });
        }
        // the dashboards' ordinary questions go on meanwhile
        long[] ordinaryDuring = ordinary(base, 4, (int) Math.max(5, seconds / 2));
        clients.shutdown();
        assertTrue("the clients ended", clients.awaitTermination(seconds + 2 * (LIMIT_MS + MARGIN_MS) / 1000,
                TimeUnit.SECONDS));
        long loadStop = System.currentTimeMillis();

        // every request ended, with 200, 4xx or 503, within the time limit and a margin
        assertTrue("requests that did not end well: " + failures, failures.isEmpty());
        long longest = durations.stream().mapToLong(Long::longValue).max().orElse(0);
        assertTrue("the longest request took " + longest + " ms", longest <= LIMIT_MS + MARGIN_MS);
        assertTrue("the process is alive", snoop.isAlive());
        for (Path f : List.of(out, err, data.resolve("snoop.log"))) {
            if (Files.exists(f)) {
                assertFalse(f + " tells of an OutOfMemoryError", Files.readString(f).contains("OutOfMemoryError"));
            }
        }

        Thread.sleep(3 * PERIOD);
        // the loop kept the detector's rate and took every sample on time, through the load
        JsonNode counts = json(get(base, "/api/v1/series/count?fields=data.count&from=" + loadStart + "&to="
                + loadStop + "&points=5000"));
        List<Long> times = new ArrayList<>();
        long events = 0;
        long fewest = Long.MAX_VALUE;
        for (JsonNode p : counts.get("points")) {
            times.add(p.get(0).asLong());
            events += p.get(1).asLong();
            fewest = Math.min(fewest, p.get(1).asLong());
        }
        long expected = (loadStop - loadStart) / PERIOD;
        assertTrue("samples during the load: " + times.size() + " of " + expected, times.size() >= expected - 1);
        for (int i = 1; i < times.size(); i++) {
            assertEquals("a sample every period, none missed", PERIOD, times.get(i) - times.get(i - 1));
        }
        double rate = events * 1000.0 / (times.size() * PERIOD);
        assertTrue("the loop kept " + rate + " events/s of the detector's 1000", rate >= 900);

        // and afterwards the instance is as before: every processor active, none failed
        for (JsonNode proc : json(get(base, "/api/v1/processors")).get("processors")) {
            for (JsonNode live : proc.path("live")) {
                assertEquals(proc.get("name").asText(), "ACTIVE", live.get("state").asText());
                assertEquals(proc.get("name").asText() + " errors", 0, live.get("errors").asLong());
            }
        }
        long[] ordinaryAfter = ordinary(base, LIGHT_CLIENTS, 20);
        Map<String, Integer> threadsAfter = threads(snoop.pid());
        JsonNode heap = json(get(base, "/api/v1/series/host?fields=data.heap.used&from=" + loadStart + "&to="
                + loadStop + "&points=5000"));
        long heapMax = 0;
        for (JsonNode p : heap.get("points")) {
            heapMax = Math.max(heapMax, p.get(1).asLong());
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("requests", durations.size());
        report.put("statuses", statuses);
        report.put("MB sent", bytes.get() >> 20);
        report.put("longest request ms", longest);
        report.put("median request ms", percentile(durations, 50));
        report.put("loop events/s", Math.round(rate));
        report.put("fewest events in a window", fewest);
        report.put("samples", times.size() + " of " + expected);
        report.put("heap used max MB (host)", heapMax >> 20);
        report.put("threads before (HTTP pool/others)", threadsBefore.get("http") + "/"
                + withoutHttp(threadsBefore).values().stream().mapToInt(Integer::intValue).sum());
        report.put("threads after (HTTP pool/others)", threadsAfter.get("http") + "/"
                + withoutHttp(threadsAfter).values().stream().mapToInt(Integer::intValue).sum());
        report.put("ordinary p50/p99 ms, 16 clients, before", ordinaryBefore[0] + "/" + ordinaryBefore[1]);
        report.put("ordinary p50/p99 ms, 4 clients, during the load", ordinaryDuring[0] + "/" + ordinaryDuring[1]);
        report.put("ordinary p50/p99 ms, 16 clients, after", ordinaryAfter[0] + "/" + ordinaryAfter[1]);
        System.out.println("LoadIT: " + report);

        // The HTTP server's pool keeps threads it grew for the crowd (Jetty lets one go a minute, up
        // to its bound of 200); every other thread is as it was: nothing left working for a client.
        for (Map.Entry<String, Integer> t : withoutHttp(threadsAfter).entrySet()) {
            assertTrue("threads " + t.getKey() + ": " + threadsBefore.get(t.getKey()) + " before, " + t.getValue()
                    + " after", t.getValue() <= threadsBefore.getOrDefault(t.getKey(), 0));
        }
        assertTrue("the HTTP server's threads " + threadsAfter.get("http"), threadsAfter.get("http") <= 200);
    }

    /**
     * The threads of process {@code pid} (a thread dump through {@code jcmd}), by name with the
     * numbers left out: those of the HTTP server's pool ({@code qtp...}) together under
     * {@code "http"}, the JVM's own (compiler, GC, attach), which come and go as it pleases, left out.
     */
    static Map<String, Integer> threads(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(dump, 0, jcmd.waitFor());
        Map<String, Integer> threads = new TreeMap<>();
        threads.put("http", 0);
        for (String line : dump.split("\n")) {
            if (!line.startsWith("\"")) {
                continue;
            }
            String name = line.substring(1, line.indexOf('"', 1));
            if (name.startsWith("qtp")) {
                threads.merge("http", 1, Integer::sum);
            } else if (!name.matches("(C1|C2) CompilerThread.*|G1 .*|GC Thread.*|Attach Listener|Sweeper thread")) {
                threads.merge(name.replaceAll("[0-9]+", "N"), 1, Integer::sum);
            }
        }
        return threads;
    }

    private static Map<String, Integer> withoutHttp(Map<String, Integer> threads) {
        Map<String, Integer> m = new TreeMap<>(threads);
        m.remove("http");
        return m;
    }

    /** Latency of ordinary dashboard questions (latest values, an hour's series): p50 and p99, ms. */
    private long[] ordinary(URI base, int clients, int rounds) throws Exception {
        List<String> paths = List.of("/api/v1/latest/count", "/api/v1/latest/rate/data.rate",
                "/api/v1/series/rate?fields=data.rate&from=-1h", "/api/v1/series/count?fields=data.count&from=-1h",
                "/api/v1/latest/occupancy/data.events");
        List<Long> durations = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> odd = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i = 0; i < rounds; i++) {
                    for (String path : paths) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = get(base, path);
                            if (r.statusCode() != 200) {
                                odd.put(path, r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            odd.put(path, e.toString());
                        }
                        durations.add((System.nanoTime() - t0) / 1_000_000);
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.MINUTES));
        assertTrue("ordinary questions that failed: " + odd, odd.isEmpty());
        return new long[] {percentile(durations, 50), percentile(durations, 99)};
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertEquals(r.body(), 200, r.statusCode());
        return JSON.readTree(r.body());
    }

    // ------------------------------------------------------------------------- the week

    /**
     * A week of the demo ending at {@code end}, as the store holds it with {@code full.days = 1}:
     * the last day every 2 s, the six before one document a minute.
     */
    static long writeWeek(Path storeDir, long end) throws Exception {
        EmbeddedStore store = EmbeddedStore.open(storeDir);
        Random r = new Random(42);
        long[] channels = new long[9728];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = i % 24 == 0 ? 0 : 10 + r.nextInt(25);
        }
        long written = 0;
        List<SampleDocument> batch = new ArrayList<>(1000);
        for (long t = end - 7 * DAY; t <= end; t += t < end - DAY ? 60_000 : PERIOD) {
            long window = t < end - DAY ? 60_000 : PERIOD;
            long events = window;
            channels[(int) (t / PERIOD % channels.length)]++; // not every document the same
            batch.add(doc("occupancy", t, window, events, occupancy(channels, events)));
            batch.add(doc("charge", t, window, events, charge(r)));
            batch.add(doc("nhit", t, window, events, nhit(r)));
            batch.add(doc("count", t, window, events, Map.of("count", events, "total", t / PERIOD, "aborted", 0L)));
            batch.add(doc("rate", t, window, events, Map.of("events", events, "seconds", window / 1000.0, "rate",
                    1000.0 + r.nextGaussian(), "peak", 1003.5, "total", t / PERIOD)));
            if (batch.size() >= 1000) {
                store.write(batch);
                written += batch.size();
                batch.clear();
            }
        }
        store.write(batch);
        written += batch.size();
        store.close();
        return written;
    }

    private static SampleDocument doc(String name, long time, long window, long events, Map<String, Object> data) {
        return new SampleDocument(SampleDocument.idOf(name, "daq1", time), name, time, time - window, time,
                time / PERIOD, "1.0.0", "daq1", 300000, events, data);
    }

    private static Map<String, Object> occupancy(long[] channels, long events) {
        long[] cards = new long[304];
        long[] crates = new long[19];
        long hits = 0;
        for (int i = 0; i < channels.length; i++) {
            cards[i / 32] += channels[i];
            crates[i / 512] += channels[i];
            hits += channels[i];
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("selection", Map.of("triggers", "100L,100M,100H,20,20LB,ESUML,ESUMH", "veto", "PULGT,PED"));
        m.put("thresholds", Map.of("low", 0.0005, "high", 0.05, "min.events", 1000L));
        m.put("events", events);
        m.put("hits", hits);
        m.put("channels", Shapes.indexed("channels", channels));
        m.put("cards", Shapes.indexed("cards", cards));
        m.put("crates", Shapes.indexed("crates", crates));
        m.put("judged", true);
        m.put("zero", 400L);
        m.put("low", 3L);
        m.put("high", 4L);
        return m;
    }

    private static Map<String, Object> charge(Random r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String q : List.of("qhs", "qhl", "qlx", "tac")) {
            m.put(q, histogram(r, 512, 0, 4096));
        }
        for (String q : List.of("qhs_minus_ped", "qhl_minus_ped", "qlx_minus_ped")) {
            m.put(q, histogram(r, 250, -100, 400));
        }
        return m;
    }

    private static Map<String, Object> nhit(Random r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", 1900L);
        m.put("nhit", Shapes.moments(1900, 100 + r.nextGaussian(), 20));
        m.put("hist", histogram(r, 100, 0, 500));
        Map<String, Object> per = new LinkedHashMap<>();
        for (String bit : List.of("100L", "100M", "20", "ESUMH", "PULGT", "PED")) {
            per.put(bit, Map.of("events", 300L, "nhit", Shapes.moments(300, 90, 15), "hist", histogram(r, 100, 0, 500)));
        }
        m.put("per_trigger", per);
        return m;
    }

    private static Map<String, Object> histogram(Random r, int bins, double low, double high) {
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = low + i / (bins / (high - low));
        }
        edges[bins] = high;
        long[] counts = new long[bins];
        for (int i = 0; i < bins; i++) {
            counts[i] = r.nextInt(400);
        }
        return Shapes.histogram(edges, counts, 0, 0);
    }
}
