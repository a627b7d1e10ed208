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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The alarms as a shifter meets them, in a real browser (Debian's Chromium, headless) against the
 * assembled instance: a rule fires and the calm banner appears on the home page naming it; the
 * alarm is acknowledged from the page (a wrong token refused and said so, the right one accepted);
 * the rule's condition ends and the banner goes; and a histogram judged by a reference check shows
 * the check's quality beside its title.
 */
public class AlarmPageIT {

    private static final String TOKEN = "alarm-page-token-0123456789";
    private static final String FIRING = """
            [count-burst]
            field = count.data.count
            above = 0
            severity = alarm
            message = count saw {value} events in a sample

            [nhit-shape]
            field = nhit.data.hist
            compare = good-nhit
            test = ks
            """;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static Path conf;
    private static Process snoop;
    private static int port;
    private static Browser browser;

    @BeforeClass
    public static void start() throws Exception {
        assertTrue("the alarm page's test needs Chromium and its driver: apt-get install -y chromium chromium-driver "
                + "(.ci/run does)", Browser.installed());
        dir = Path.of("target/alarm-page-it").toAbsolutePath();
        deleteTree(dir);
        conf = Files.createDirectories(dir.resolve("conf"));
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path dashboards = Files.createDirectories(dir.resolve("dashboards"));
        try (Stream<Path> files = Files.list(SnoopProcess.ROOT.resolve("runtime/conf"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
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
        Path token = conf.resolve("alarms.token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        writeRules(FIRING);
        port = SnoopProcess.freePort();
        snoop = SnoopProcess.start(conf, deploy, data, port, dir.resolve("snoop.out"), dir.resolve("snoop.err"));
        waitFor("the alarm engine's rules in force", 120_000, () -> {
            JsonNode rules = get("/api/v1/alarms/rules");
            return rules != null && rules.path("rules").size() == 2;
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
                if (!snoop.waitFor(30, TimeUnit.SECONDS)) {
                    snoop.destroyForcibly();
                }
            }
        }
    }

    @Test
    public void theBannerAppearsIsAcknowledgedFromThePageAndGoes() throws Exception {
        browser.driver.get(url("/"));
        waitFor("the banner naming the alarm", 60_000, () -> {
            WebElement b = banner();
            return b.isDisplayed() && b.getText().contains("count-burst");
        });
        assertEquals("alarm", banner().getAttribute("data-level"));
        assertTrue(banner().getText(), banner().getText().contains("needs a look"));

        // the list in the banner, then the acknowledge form
        banner().findElement(By.cssSelector(".snoop-alarm-toggle")).click();
        waitFor("the alarm's row", 10_000, () -> !browser.driver.findElements(row("count-burst")).isEmpty());
        browser.driver.findElement(row("count-burst")).findElement(By.cssSelector(".snoop-alarm-ack")).click();
        waitFor("the acknowledge form", 10_000,
                () -> !browser.driver.findElements(By.cssSelector("form.snoop-alarm-form[data-kind=ack]")).isEmpty());

        // a wrong token: refused, said so on the page, the alarm still firing
        fill("by", "JD");
        fill("comment", "looking at the count");
        fill("token", "not-the-token-at-all");
        form().findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the refusal shown", 10_000, () -> {
            List<WebElement> err = browser.driver.findElements(By.cssSelector("form.snoop-alarm-form .err"));
            return !err.isEmpty() && !err.get(0).getText().isBlank();
        });
        assertEquals("FIRING", alarm("count-burst").path("state").asText().toUpperCase());

        // the right one: acknowledged by JD, the banner says so, calmer
        fill("token", TOKEN);
        form().findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the alarm acknowledged on the server", 15_000,
                () -> "ACKNOWLEDGED".equalsIgnoreCase(alarm("count-burst").path("state").asText()));
        JsonNode a = alarm("count-burst");
        assertEquals("JD", a.path("by").asText());
        assertEquals("looking at the count", a.path("comment").asText());
        waitFor("the page showing it acknowledged", 15_000,
                () -> banner().getText().contains("acknowledged") && browser.driver.findElements(
                        By.cssSelector("tr[data-name='count-burst'][data-state='acknowledged']")).size() > 0);

        // the condition ends: the alarm clears and the banner goes
        writeRules(FIRING.replace("above = 0", "above = 1000000000"));
        waitFor("the alarm cleared", 60_000, () -> alarm("count-burst").isMissingNode());
        waitFor("the banner no longer naming it", 15_000, () -> !banner().getText().contains("count-burst"));
        JsonNode others = get("/api/v1/alarms").path("active");
        if (others.isEmpty()) {
            waitFor("the banner gone", 15_000, () -> !banner().isDisplayed());
        }
        assertTrue("the console stays clean: " + browser.consoleErrors(), browser.consoleErrors().isEmpty());
    }

    @Test
    public void aHistogramJudgedByAReferenceShowsItsQuality() throws Exception {
        waitFor("some NHIT history to take the reference from", 60_000, () -> {
            JsonNode n = get("/api/v1/processors");
            if (n == null) {
                return false;
            }
            for (JsonNode p : n.path("processors")) {
                if (p.path("name").asText().equals("nhit") && p.path("live").path(0).path("samples").asLong() >= 3) {
                    return true;
                }
            }
            return false;
        });
        HttpResponse<String> saved = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/references/good-nhit")))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"field\": \"nhit.data.hist\", \"from\": \"-10m\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(saved.body(), 200, saved.statusCode());

        browser.driver.get(url("/nhit"));
        waitFor("the quality beside the NHIT histogram", 60_000, () -> !browser.driver
                .findElements(By.cssSelector(".snoop-histogram .snoop-quality[data-level=good]")).isEmpty());
        WebElement q = browser.driver.findElement(By.cssSelector(".snoop-histogram .snoop-quality"));
        assertEquals("nhit-shape", q.getAttribute("data-check"));
        assertTrue(q.getAttribute("title"), q.getAttribute("title").contains("against reference good-nhit (ks, p = "));
        // only the histograms of the judged field carry it
        for (WebElement h : browser.driver.findElements(By.cssSelector(".snoop-histogram[data-snoop]"))) {
            boolean judged = JSON.readTree(h.getAttribute("data-snoop")).path("field").asText().equals("nhit.data.hist");
            assertEquals(h.getAttribute("data-snoop"), judged,
                    !h.findElements(By.cssSelector(".snoop-quality")).isEmpty());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static WebElement banner() {
        return browser.driver.findElement(By.id("snoop-alarm-banner"));
    }

    private static By row(String name) {
        return By.cssSelector("#snoop-alarm-banner tr[data-name='" + name + "']");
    }

    private static WebElement form() {
        return browser.driver.findElement(By.cssSelector("form.snoop-alarm-form[data-kind=ack]"));
    }

    private static void fill(String input, String value) {
        WebElement e = form().findElement(By.cssSelector("input[name=" + input + "]"));
        e.clear();
        e.sendKeys(value);
    }

    /** The active alarm of that name as the REST API shows it, or a missing node. */
    private static JsonNode alarm(String name) {
        JsonNode d = get("/api/v1/alarms");
        if (d != null) {
            for (JsonNode a : d.path("active")) {
                if (a.path("name").asText().equals(name)) {
                    return a;
                }
            }
        }
        return JSON.missingNode();
    }

    /** Writes the test's rule file beside and renames it in, as an operator should. */
    private static void writeRules(String text) throws IOException {
        Path rules = Files.createDirectories(conf.resolve("alarms"));
        Path tmp = rules.resolve("page.rules.part");
        Files.writeString(tmp, text);
        Files.move(tmp, rules.resolve("page.rules"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static JsonNode get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(path)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void waitFor(String what, long ms, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!safely(condition)) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static boolean safely(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false; // an element replaced while it was read: look again
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
        assertFalse(Files.exists(p));
    }
}
