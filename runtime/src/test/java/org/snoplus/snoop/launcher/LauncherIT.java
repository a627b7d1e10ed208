package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The assembled instance, started as {@code snoop run} starts it, driven through
 * {@code snoop shell} and stopped with SIGTERM: what a shifter does.
 */
public class LauncherIT {

    private static final Path DIST = Path.of(System.getProperty("snoop.dist", "target/snoop")).toAbsolutePath();
    private static final Path ROOT = Path.of(System.getProperty("snoop.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static Path conf;
    private static Path deploy;
    private static Path data;
    private static Process snoop;
    private static Path log;
    private static int httpPort;


    @BeforeClass
    public static void start() throws Exception {
        dir = Path.of("target/launcher-it").toAbsolutePath();
        deleteTree(dir);
        conf = Files.createDirectories(dir.resolve("conf"));
        deploy = Files.createDirectories(dir.resolve("deploy"));
        data = dir.resolve("data");
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 1000\n");
        Files.writeString(conf.resolve("snoop.reader.ndjson-demo.cfg"),
                "file = ${snoop.root}/runtime/samples/events.ndjson.gz\nrate = 2000\nloop = true\n");
        Files.writeString(conf.resolve("snoop.writer.jsonl-documents.cfg"), "path = ${snoop.data}/documents.jsonl\n");
        Files.copy(DIST.resolve("processors/processor-count.jar"), deploy.resolve("processor-count.jar"));
        log = dir.resolve("snoop.err");
        snoop = new ProcessBuilder(SnoopProcess.java(), "-jar", DIST.resolve("snoop-launcher.jar").toString(), "run",
                "--root", ROOT.toString(), "--conf", conf.toString(), "--deploy", deploy.toString(),
                "--data", data.toString(), "--http", Integer.toString(httpPort = SnoopProcess.freePort()))
                .redirectError(log.toFile())
                .redirectOutput(dir.resolve("snoop.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    @AfterClass
    public static void stop() {
        if (snoop != null && snoop.isAlive()) {
            snoop.destroyForcibly();
        }
    }

    @Test
    public void runsSamplesUpgradesLiveAndStopsCleanly() throws Exception {
        // documents from count within one sample period of it being live
        waitFor("a document from count", 20_000, () -> total(last("count")) > 0);

        String listing = shell("snoop:processors");
        assertTrue(listing, listing.contains("count") && listing.contains("ACTIVE"));
        String status = shell("snoop:status");
        assertTrue(status, status.contains("demo") && status.contains("READING") && status.contains("documents"));

        // a new version copied in while it runs: live within 1 s, counters continuing
        long before = eventsOf(shell("snoop:processors"));
        Path tmp = dir.resolve("processor-count.jar.part");
        withVersion(DIST.resolve("processors/processor-count.jar"), tmp, "9.9.9");
        long t0 = System.nanoTime();
        Files.move(tmp, deploy.resolve("processor-count.jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        String upgraded = null;
        while (System.nanoTime() - t0 < 5_000_000_000L) {
            String l = shell("snoop:processors");
            if (l.lines().anyMatch(x -> x.startsWith("count ") && x.contains("9.9.9"))) {
                upgraded = l;
                break;
            }
            Thread.sleep(20);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("new version not shown within 5 s", upgraded != null);
        System.out.println("new version shown by snoop:processors after " + ms + " ms");
        assertTrue("new version shown after " + ms + " ms", ms < 2000);
        assertTrue("counters continue, not reset: " + upgraded, eventsOf(upgraded) >= before);

        // configuration files apply live: a processor's parameters (its state carries over) ...
        long totalBefore = total(last("count"));
        Files.writeString(conf.resolve("count.cfg"), "abort.every = 2\n");
        waitFor("count reconfigured", 10_000, () -> {
            try {
                String l = shell("snoop:processors");
                return l.lines().anyMatch(x -> x.startsWith("count ") && Long.parseLong(x.trim().split("\\s+")[4]) > 0);
            } catch (Exception e) {
                return false;
            }
        });
        waitFor("count's total carried over", 10_000, () -> total(last("count")) > totalBefore);
        // ... and the sample period
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 300\n");
        waitFor("samples every 300 ms", 10_000, () -> {
            List<Long> t = times("count");
            int n = t.size();
            return n >= 3 && t.get(n - 1) - t.get(n - 2) == 300 && t.get(n - 2) - t.get(n - 3) == 300;
        });
        // a bad value is rejected, naming the key, and the last good configuration stays
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 3\n");
        waitFor("the bad value reported", 10_000, () -> {
            try {
                return Files.readString(log).contains("sample.period.ms must be at least 10");
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue(shell("snoop:status").contains("sample period 300 ms"));

        // the shell reports a command's failure with a non-zero exit
        Process bad = SnoopProcess.shellProcess(data, "snoop:sample nosuchprocessor");
        assertEquals(1, bad.waitFor());

        // SIGTERM: a final sample, writers flushed, exit 0
        long docsBefore = documents().size();
        long sigterm = System.currentTimeMillis();
        snoop.destroy();
        assertTrue("stopped within 30 s", snoop.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, snoop.exitValue());
        Map<String, Object> fin = last("count");
        assertTrue("a final sample was written", documents().size() > docsBefore
                && ((Number) fin.get("time")).longValue() >= sigterm);
        assertEquals("9.9.9", fin.get("version"));
        assertTrue(Files.readString(log).contains("drained: final sample"));
    }

    // ------------------------------------------------------------------ helpers



    private static String shell(String command) throws Exception {
        Process p = SnoopProcess.shellProcess(data, command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(out, 0, p.waitFor());
        return out;
    }

    /** EVENTS column of the count row of snoop:processors. */
    private static long eventsOf(String listing) {
        for (String line : listing.lines().toList()) {
            if (line.startsWith("count ")) {
                return Long.parseLong(line.trim().split("\\s+")[3]);
            }
        }
        throw new AssertionError("no count row in\n" + listing);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        Path f = data.resolve("documents.jsonl");
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f)) {
                if (!line.isBlank()) {
                    docs.add(JSON.readValue(line, Map.class));
                }
            }
        }
        return docs;
    }

    private static Map<String, Object> last(String name) {
        try {
            Map<String, Object> found = null;
            for (Map<String, Object> d : documents()) {
                if (name.equals(d.get("name"))) {
                    found = d;
                }
            }
            return found;
        } catch (IOException e) {
            return null; // being written
        }
    }

    private static List<Long> times(String name) {
        List<Long> out = new ArrayList<>();
        try {
            for (Map<String, Object> d : documents()) {
                if (name.equals(d.get("name"))) {
                    out.add(((Number) d.get("time")).longValue());
                }
            }
        } catch (IOException e) {
            // being written
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static long total(Map<String, Object> doc) {
        return doc == null ? -1 : ((Number) ((Map<String, Object>) doc.get("data")).get("total")).longValue();
    }

    private static void withVersion(Path jar, Path out, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(out), m)) {
                JarEntry e;
                while ((e = in.getNextJarEntry()) != null) {
                    o.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(o);
                    o.closeEntry();
                }
            }
        }
    }

    private static void waitFor(String what, long ms, BooleanSupplier condition) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; log:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(x -> x.toFile().delete());
            }
        }
    }
}
