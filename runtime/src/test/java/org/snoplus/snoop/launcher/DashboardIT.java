package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.document.Shapes;
import org.snoplus.snoop.store.embedded.internal.EmbeddedStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The dashboard in a real browser (Debian's Chromium, headless, through chromedriver) against the
 * assembled instance fed by the synthetic detector, with the default pages and 24 hours of
 * history in its store. One instance for the class.
 *
 * <p>Screenshots of the main pages go to {@code target/screenshots/}, or to the directory named by
 * the system property {@code snoop.screenshots} ({@code docs/screenshots} to refresh the README's).
 * What is measured (drawing times, live latencies, the loop under 20 open pages) is printed and
 * written to {@code target/dashboard-performance.txt}; see docs/PERFORMANCE.md.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PERIOD_MS = 2000;
    private static final long HOUR = 3_600_000L;
    private static final List<String> PROCESSORS = List.of("charge", "count", "dataflow", "diskusage", "host", "nhit",
            "occupancy", "rate", "runstats", "timing", "triggers");
    private static final List<String> DEFAULT_PAGES = List.of("", "overview", "triggers", "nhit", "occupancy", "charge",
            "timing", "dataflow", "host", "README");

    private static Path dir;
    private static Path dashboards;
    private static Path data;
    private static Process snoop;
    private static int port;
    private static Browser browser;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final StringBuilder REPORT = new StringBuilder();

    @BeforeClass
    public static void start() throws Exception {
        assertTrue("the dashboard's tests need Chromium and its driver: apt-get install -y chromium chromium-driver "
                + "(.ci/run does)", Browser.installed());
        dir = Path.of("target/dashboard-it").toAbsolutePath();
        deleteTree(dir);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        data = Files.createDirectories(dir.resolve("data"));
        dashboards = Files.createDirectories(dir.resolve("dashboards"));
        // the demo as runtime/bin/snoop run starts it: its configuration, its processors, the default pages
        try (Stream<Path> files = Files.list(SnoopProcess.ROOT.resolve("runtime/conf"))) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        try (Stream<Path> files = Files.list(SnoopProcess.DIST.resolve("processors"))) {
            for (Path f : files.toList()) {
                Files.copy(f, deploy.resolve(f.getFileName()));
            }
        }
        try (Stream<Path> files = Files.list(SnoopProcess.ROOT.resolve("dashboards"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dashboards.resolve(f.getFileName()));
            }
        }
        Files.writeString(conf.resolve("snoop.web.dashboard.cfg"), "dir = " + dashboards + "\n");
        long history = writeHistory(data.resolve("store"), System.currentTimeMillis());
        note("history written: " + history + " documents over 24 h");
        port = SnoopProcess.freePort();
        snoop = SnoopProcess.start(conf, deploy, data, port, dir.resolve("snoop.out"), dir.resolve("snoop.err"));
        waitFor("every processor to have sampled twice", 120_000, () -> {
            JsonNode status = status();
            if (status == null || !status.path("admin").asBoolean()) {
                return false;
            }
            int ready = 0;
            for (JsonNode p : status.path("processors")) {
                ready += p.path("samples").asLong() >= 2 ? 1 : 0;
            }
            return ready >= PROCESSORS.size();
        });
        browser = new Browser(dir.resolve("chromium-profile"), 1400, 1000);
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (snoop != null && snoop.isAlive()) {
                snoop.destroy();
                if (!snoop.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    snoop.destroyForcibly();
                }
            }
            if (dir != null) {
                Files.writeString(dir.resolve("../dashboard-performance.txt"), REPORT.toString());
            }
        }
    }

    // ------------------------------------------------------------------ the default pages

    @Test
    public void a_everyDefaultPageLoadsWithoutAConsoleErrorAndDrawsEveryPlot() throws Exception {
        for (String page : DEFAULT_PAGES) {
            long ready = load(page);
            List<String> problems = new ArrayList<>();
            for (WebElement box : browser.driver.findElements(By.cssSelector(".snoop-error"))) {
                problems.add("error box: " + box.getText());
            }
            for (WebElement w : browser.driver.findElements(By.cssSelector("[data-snoop]"))) {
                String tag = JSON.readTree(w.getDomAttribute("data-snoop")).path("tag").asText();
                String state = w.getDomAttribute("data-state");
                if (!"drawn".equals(state)) {
                    problems.add(tag + " is " + state + ": " + w.getDomAttribute("data-snoop"));
                }
                if (List.of("timeseries", "histogram", "detectormap", "scatter").contains(tag)) {
                    String points = w.getDomAttribute("data-points");
                    if (points == null || Integer.parseInt(points) < 2) {
                        problems.add(tag + " drew " + points + " points: " + w.getDomAttribute("data-snoop"));
                    }
                    if (!tag.equals("detectormap") && w.findElements(By.cssSelector("canvas")).isEmpty()) {
                        problems.add(tag + " has no canvas");
                    }
                }
            }
            List<String> console = browser.consoleErrors();
            problems.addAll(console.stream().map(c -> "console: " + c).toList());
            assertEquals("/" + page, List.of(), problems);
            note("page /" + page + ": " + browser.driver.findElements(By.cssSelector("[data-snoop]")).size()
                    + " tags drawn in " + ready + " ms from navigation");
        }
    }

    @Test
    public void b_screenshotsOfTheMainPages() throws Exception {
        Path out = Path.of(System.getProperty("snoop.screenshots", "target/screenshots")).toAbsolutePath();
        for (String page : List.of("", "overview", "nhit", "occupancy", "timing", "charge")) {
            load(page);
            // a sample or two on the live plots
            Thread.sleep(PERIOD_MS + 500);
            shoot(out.resolve("dashboard-" + (page.isEmpty() ? "home" : page) + ".png"), 2400);
        }
        load("nhit");
        browser.driver.findElement(By.id("snoop-theme")).click();
        Thread.sleep(500);
        shoot(out.resolve("dashboard-nhit-light.png"), 1000);
        browser.driver.findElement(By.id("snoop-theme")).click();
        assertEquals("dark", browser.js("return document.documentElement.getAttribute('data-theme')"));
        assertEquals(List.of(), browser.consoleErrors());
    }

    // ------------------------------------------------------------------ live

    @Test
    public void c_aLiveValueChangesWithinOneSamplePeriod() throws Exception {
        load("overview");
        WebElement events = browser.driver.findElement(By.cssSelector(
                "[data-snoop*='runstats.data.events_run'] .snoop-number"));
        String before = events.getText();
        long t0 = System.currentTimeMillis();
        waitFor("the number of events to change without a reload", 30_000, () -> !events.getText().equals(before));
        long changed = System.currentTimeMillis() - t0;
        // and again, to time one whole period between two changes
        String second = events.getText();
        long t1 = System.currentTimeMillis();
        waitFor("the number of events to change again", 30_000, () -> !events.getText().equals(second));
        long between = System.currentTimeMillis() - t1;
        note("live value: changed " + changed + " ms after the page was drawn, then " + between
                + " ms later (sample period " + PERIOD_MS + " ms)");
        Thread.sleep(3 * PERIOD_MS);
        List<Long> latencies = latencies();
        note("live latency, sample time to the page (" + latencies.size() + " samples): " + summary(latencies));
        assertTrue("live updates arrive", latencies.size() >= 5);
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    public void d_aNewMarkdownFileAppearsWithoutARestart() throws Exception {
        Path file = dashboards.resolve("mine.md");
        Path tmp = dashboards.resolve(".mine.tmp");
        Files.writeString(tmp, "# My page\n\n{{ value rate.data.rate unit=Hz format=.0f }}\n\n"
                + "{{ timeseries rate.data.rate range=-10m }}\n");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        load("mine");
        assertEquals("My page", browser.driver.findElement(By.tagName("h1")).getText());
        List<WebElement> tags = browser.driver.findElements(By.cssSelector("[data-snoop]"));
        assertEquals(2, tags.size());
        for (WebElement t : tags) {
            assertEquals("drawn", t.getDomAttribute("data-state"));
        }
        assertTrue(browser.driver.findElement(By.cssSelector(".snoop-value .snoop-number")).getText().matches("\\d+"));
        assertTrue("listed in the bar", browser.driver.findElements(By.cssSelector("nav a[href='/mine']")).size() == 1);
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    public void e_aBrokenTagShowsItsErrorBoxAndTheRestIsDrawn() throws Exception {
        Files.writeString(dashboards.resolve("broken.md"), "# Broken\n\n{{ histogram nhit.data.hist rnage=-1h }}\n\n"
                + "{{ timeseries rate.data.rat }}\n\n{{ value rate.data.rate }}\n");
        load("broken");
        List<WebElement> boxes = browser.driver.findElements(By.cssSelector(".snoop-error"));
        assertEquals(2, boxes.size());
        assertTrue(boxes.get(0).isDisplayed());
        assertTrue(boxes.get(0).getText(), boxes.get(0).getText().contains("histogram takes no rnage= (did you mean range=?)"));
        assertTrue(boxes.get(0).getText(), boxes.get(0).getText().contains("How to fix:"));
        assertTrue(boxes.get(1).getText(), boxes.get(1).getText().contains("did you mean rate.data.rate?"));
        assertEquals("drawn", browser.driver.findElement(By.cssSelector("[data-snoop]")).getDomAttribute("data-state"));
        assertEquals(List.of(), browser.consoleErrors());
        Path out = Path.of(System.getProperty("snoop.screenshots", "target/screenshots")).toAbsolutePath();
        shoot(out.resolve("dashboard-error-box.png"), 600);
    }

    @Test
    public void f_tenPlotsOver24HoursAreDrawnQuickly() throws Exception {
        String[] fields = {"rate.data.rate", "rate.data.peak", "runstats.data.rate_wall", "nhit.data.nhit.mean", "nhit.data.nhit.rms",
            "host.data.heap.used", "host.data.cpu.process.load", "host.data.threads", "triggers.data.ratio_100M_PULGT",
            "count.data.count"};
        StringBuilder page = new StringBuilder("# Ten plots, 24 hours\n\n");
        for (String f : fields) {
            page.append("{{ timeseries ").append(f).append(" range=-24h height=160 }}\n");
        }
        Files.writeString(dashboards.resolve("ten.md"), page.toString());
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            times.add(load("ten"));
            note("  load " + i + ": the API's series answers (start..end ms after navigation): " + browser.js(
                    "return performance.getEntriesByType('resource').filter(function (e) {"
                    + " return e.name.indexOf('/api/v1/series/') >= 0; }).map(function (e) {"
                    + " return e.name.replace(/^.*series\\//, '').replace(/\\?.*$/, '') + ' '"
                    + " + Math.round(e.startTime) + '..' + Math.round(e.responseEnd); }).join(', ')"));
            for (WebElement w : browser.driver.findElements(By.cssSelector("[data-snoop]"))) {
                assertEquals(w.getDomAttribute("data-snoop") + ": " + w.getText(), "drawn",
                        w.getDomAttribute("data-state"));
                int points = Integer.parseInt(w.getDomAttribute("data-points"));
                assertTrue(w.getDomAttribute("data-snoop") + " drew " + points + " points", points >= 500);
            }
        }
        note("10 plots over 24 h, from navigation to every plot drawn (first load cold): " + times + " ms");
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    public void g_twentyOpenPagesDoNotSlowTheLoop() throws Exception {
        Map<String, Object> quiet = loopFor(20_000);
        note("without pages: " + quiet);
        // twenty pages following what the default pages follow, the detector maps included
        List<String> fields = new ArrayList<>();
        for (String page : DEFAULT_PAGES) {
            load(page);
            fields.addAll(followed());
        }
        String follow = String.join(",", fields.stream().distinct().toList());
        List<InputStream> streams = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/-/live?f="
                        + java.net.URLEncoder.encode(follow, StandardCharsets.UTF_8))).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, r.statusCode());
                InputStream in = r.body();
                streams.add(in);
                Thread t = new Thread(() -> {
                    byte[] buf = new byte[65536];
                    try {
                        for (int n; (n = in.read(buf)) >= 0;) {
                            bytes.addAndGet(n);
                        }
                    } catch (IOException e) {
                        // closed by the test
                    }
                }, "page-" + i);
                t.setDaemon(true);
                t.start();
                readers.add(t);
            }
            waitFor("twenty pages following", 20_000, () -> status().path("live").path("clients").asInt() >= 20);
            Map<String, Object> loaded = loopFor(20_000);
            note("with 20 pages following " + fields.stream().distinct().count() + " fields each: " + loaded
                    + ", " + bytes.get() / 1024 + " kB sent to them");
            JsonNode live = status().path("live");
            assertEquals("no page fell behind", 0, live.path("lost").asLong());
            assertTrue("events kept flowing at the reader's rate: " + loaded,
                    (double) loaded.get("events/s") > 0.8 * (double) quiet.get("events/s"));
            assertEquals("no sample late by a period or more", 0L, loaded.get("late samples"));
            for (JsonNode w : status().path("writers")) {
                assertEquals(w.path("name").asText() + " dropped documents", 0, w.path("dropped").asLong());
            }
        } finally {
            for (InputStream in : streams) {
                in.close();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (Stream<Path> walk = Files.walk(p)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(x -> x.toFile().delete());
            }
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Loads a page and waits until every tag is drawn; the time from navigation to that, in ms. */
    private static long load(String page) throws Exception {
        browser.driver.manage().window().setSize(new Dimension(1400, 1000));
        browser.driver.get(base() + "/" + page);
        waitFor("/" + page + " drawn", 60_000, () -> browser.js("return document.body.getAttribute('data-ready')") != null);
        return Long.parseLong((String) browser.js("return document.body.getAttribute('data-ready')"));
    }

    private static void shoot(Path file, int maxHeight) throws Exception {
        Number h = (Number) browser.js("return document.documentElement.scrollHeight");
        browser.driver.manage().window().setSize(new Dimension(1400, Math.min(maxHeight, h.intValue())));
        Thread.sleep(400);
        browser.screenshot(file);
        browser.driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    @SuppressWarnings("unchecked")
    private static List<Long> latencies() {
        List<Object> raw = (List<Object>) browser.js("return window.snoop.latencies.slice()");
        return raw.stream().map(o -> ((Number) o).longValue()).toList();
    }

    /** The fields the page in the browser follows live. */
    @SuppressWarnings("unchecked")
    private static List<String> followed() {
        return (List<String>) browser.js("var l = window.snoop.live, out = [];"
                + "Object.keys(l.fields).forEach(function (p) { Object.keys(l.fields[p]).forEach(function (f) { out.push(p + '.' + f); }); });"
                + "Object.keys(l.processors).forEach(function (p) { out.push(p); }); if (l.every) { out.push('*'); } return out;");
    }

    private static String summary(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return "median " + v[v.length / 2] + " ms, 90th percentile " + v[(int) (v.length * 0.9)] + " ms, max "
                + v[v.length - 1] + " ms";
    }

    /**
     * Watches the loop for {@code ms}: events per second, and samples that came late (a processor's
     * last sample older than two periods when looked at).
     */
    private static Map<String, Object> loopFor(long ms) throws Exception {
        JsonNode first = status();
        long late = 0;
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(500);
            JsonNode s = status();
            for (JsonNode p : s.path("processors")) {
                if (s.path("time").asLong() - p.path("lastSample").asLong() > 2 * PERIOD_MS + 1000) {
                    late++;
                }
            }
        }
        JsonNode last = status();
        Map<String, Object> m = new LinkedHashMap<>();
        double seconds = (last.path("time").asLong() - first.path("time").asLong()) / 1000.0;
        m.put("events/s", Math.round((last.path("loop").path("events").asLong()
                - first.path("loop").path("events").asLong()) / seconds * 10) / 10.0);
        m.put("late samples", late);
        m.put("buffered", last.path("loop").path("buffered").asLong());
        for (JsonNode w : last.path("writers")) {
            if (w.path("name").asText().equals("live")) {
                m.put("live writer queue", w.path("queued").asInt());
            }
        }
        return m;
    }

    private static JsonNode status() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/-/status"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static void note(String line) {
        System.out.println("DashboardIT: " + line);
        REPORT.append(line).append('\n');
    }

    private static void waitFor(String what, long ms, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            Thread.sleep(100);
        }
        fail("waited " + ms + " ms for " + what);
    }

    // ------------------------------------------------------------------ 24 hours of history

    /**
     * Writes 24 hours of documents at the demo's period before {@code now}, shaped as the demo's
     * processors write them (the fields that the pages of the performance test plot), into a new
     * embedded store. Values wander as a day of detector data does: a daily swing, noise, steps.
     */
    static long writeHistory(Path store, long now) throws Exception {
        Random random = new Random(7);
        long end = now - now % PERIOD_MS - PERIOD_MS * 5;
        long start = end - 24 * HOUR;
        long written = 0;
        EmbeddedStore s = EmbeddedStore.open(store);
        try {
            List<SampleDocument> batch = new ArrayList<>();
            long total = 0;
            for (long t = start; t < end; t += PERIOD_MS) {
                double day = Math.sin(2 * Math.PI * (t - start) / (24.0 * HOUR));
                double rate = 1000 + 20 * day + random.nextGaussian() * 22;
                long events = Math.round(rate * PERIOD_MS / 1000.0);
                total += events;
                batch.add(doc("rate", t, events, Map.of("events", events, "seconds", 2.0, "rate", rate,
                        "peak", rate + 30 + 10 * random.nextDouble(), "total", total)));
                batch.add(doc("count", t, events, Map.of("count", events, "total", total, "aborted", 0L)));
                batch.add(doc("runstats", t, events, Map.of("run", 299_999L, "subrun", (t - start) / (60 * PERIOD_MS),
                        "rate_wall", rate, "rate_clock10", rate * 0.98, "events", events, "events_run", total)));
                batch.add(doc("nhit", t, events, Map.of("nhit", Shapes.moments(events, 62 + 3 * day + random.nextGaussian(),
                        120 + 15 * random.nextGaussian()), "events", events)));
                batch.add(doc("triggers", t, events, Map.of("ratio_100M_PULGT", 20.5 + random.nextGaussian(),
                        "ratio_ESUMH_PULGT", 0.22 + 0.03 * random.nextGaussian(), "events", events)));
                Map<String, Object> host = new LinkedHashMap<>();
                host.put("heap.used", 60_000_000L + (long) (40_000_000 * ((t / 60_000) % 10) / 10.0));
                host.put("cpu.process.load", 0.2 + 0.05 * random.nextDouble());
                host.put("threads", 48L + (t / HOUR) % 3);
                batch.add(doc("host", t, 0, host));
                if (batch.size() >= 3000) {
                    s.write(batch);
                    written += batch.size();
                    batch.clear();
                }
            }
            s.write(batch);
            written += batch.size();
            s.flush();
        } finally {
            s.close();
        }
        return written;
    }

    private static SampleDocument doc(String name, long time, long events, Map<String, Object> data) {
        return new SampleDocument(SampleDocument.idOf(name, "history", time), name, time, time - PERIOD_MS, time, 0,
                "0.0.0", "history", 299_999, events, data);
    }
}
