package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;
import org.snoplus.snoop.launcher.stuck.StuckProcessor;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A deployed processor whose event() never returns, in the assembled instance: it is shown HUNG,
 * the other processors go on, and SIGTERM still ends the instance within 15 s with a final sample
 * of the others.
 */
public class StuckProcessorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Process snoop;

    @After
    public void cleanUp() {
        if (snoop != null) {
            snoop.destroyForcibly();
        }
    }

    @Test
    public void aStuckProcessorIsContainedAndSigtermStillEndsWithAFinalSampleOfTheOthers() throws Exception {
        Path dir = fresh(Path.of("target/stuck-processor-it").toAbsolutePath());
        Path data = dir.resolve("data");
        Path err = dir.resolve("snoop.err");
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/snoop.reader.synthetic-sim.cfg"), "rate = 2000\n");
        start(dir, 2000);

        waitFor("the stuck processor shown HUNG", 60_000, () -> line(data, "stuck").contains("HUNG"), err);
        assertTrue(line(data, "stuck"), line(data, "stuck").contains("event() did not return within 2000 ms"));
        long before = events(data, "count");
        waitFor("count keeps counting", 20_000, () -> events(data, "count") > before + 2000, err);

        long t = System.currentTimeMillis();
        snoop.destroy(); // SIGTERM
        assertTrue("ended within 15 s", snoop.waitFor(15, TimeUnit.SECONDS));
        long took = System.currentTimeMillis() - t;
        assertEquals("exit code", 0, snoop.exitValue());
        System.out.println("SIGTERM with a stuck processor: ended after " + took + " ms");

        Map<String, Object> last = lastDocument(data.resolve("documents.jsonl"), "count");
        assertTrue("a final sample of count, taken after SIGTERM: " + last, ((Number) last.get("time")).longValue() >= t);
    }

    @Test
    public void sigtermWhileAProcessorIsStuckButNotYetLeftBehindStillEndsWithin15s() throws Exception {
        Path dir = fresh(Path.of("target/stuck-processor-it-2").toAbsolutePath());
        Path conf = dir.resolve("conf");
        Path data = dir.resolve("data");
        Path err = dir.resolve("snoop.err");
        start(dir, 6000); // stuck at its 2000th event (a second in), left behind only 6 s later
        waitFor("both processors live", 60_000, () -> line(data, "stuck").contains("ACTIVE")
                && line(data, "count").contains("ACTIVE"), err);
        Path tmp = conf.resolve("reader.part");
        Files.writeString(tmp, "rate = 2000\n");
        Files.move(tmp, conf.resolve("snoop.reader.synthetic-sim.cfg"));
        waitFor("events flowing", 30_000, () -> events(data, "count") > 1000, err);
        Thread.sleep(1500); // the stuck one's 2000th event has come: the whole loop waits in it
        assertTrue("the loop is in the stuck event()", events(data, "count") <= 2000);

        long t = System.currentTimeMillis();
        snoop.destroy(); // SIGTERM while the loop is still in the stuck event()
        assertTrue("ended within 15 s", snoop.waitFor(15, TimeUnit.SECONDS));
        System.out.println("SIGTERM during a stuck event(): ended after " + (System.currentTimeMillis() - t) + " ms");
        assertEquals("exit code", 0, snoop.exitValue());
        Map<String, Object> last = lastDocument(data.resolve("documents.jsonl"), "count");
        assertTrue("a final sample of count, taken after SIGTERM: " + last, ((Number) last.get("time")).longValue() >= t);
    }

    /** An instance with count and the stuck processor deployed, documents to DIR/data/documents.jsonl. */
    private void start(Path dir, long eventTimeoutMs) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path data = dir.resolve("data");
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 500\nevent.timeout.ms = " + eventTimeoutMs
                + "\n");
        Files.writeString(conf.resolve("snoop.writer.jsonl-documents.cfg"), "path = " + data.resolve("documents.jsonl")
                + "\n");
        Files.copy(SnoopProcess.DIST.resolve("processors/processor-count.jar"), deploy.resolve("processor-count.jar"));
        stuckBundle(deploy.resolve("stuck.jar"));
        snoop = SnoopProcess.start(conf, deploy, data, SnoopProcess.freePort(), dir.resolve("snoop.out"),
                dir.resolve("snoop.err"));
    }

    /** The stuck processor as a bundle: its class, a component description, a manifest. */
    static void stuckBundle(Path jar) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.snoplus.snoop.test.stuck");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "org.snoplus.snoop.processor;version=\"[1.0,2)\"");
        a.putValue("Service-Component", "OSGI-INF/stuck.xml");
        String cls = StuckProcessor.class.getName().replace('.', '/') + ".class";
        Path part = jar.resolveSibling(jar.getFileName() + ".part");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(part), m);
                InputStream in = StuckProcessor.class.getClassLoader().getResourceAsStream(cls)) {
            out.putNextEntry(new JarEntry(cls));
            in.transferTo(out);
            out.closeEntry();
            out.putNextEntry(new JarEntry("OSGI-INF/stuck.xml"));
            out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"stuck\" immediate=\"true\">\n"
                    + "  <implementation class=\"" + StuckProcessor.class.getName() + "\"/>\n"
                    + "  <service><provide interface=\"org.snoplus.snoop.processor.Processor\"/></service>\n"
                    + "</scr:component>\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Files.move(part, jar);
    }

    /** The processor's line of snoop:processors, or "" while it cannot be had. */
    static String line(Path data, String name) {
        try {
            return SnoopProcess.shell(data, "snoop:processors").lines().filter(l -> l.startsWith(name + " "))
                    .findFirst().orElse("");
        } catch (Exception e) {
            return "";
        }
    }

    /** Events a processor received, from snoop:processors (the 4th column), -1 while unknown. */
    static long events(Path data, String name) {
        String[] f = line(data, name).trim().split("\\s+");
        try {
            return f.length > 3 ? Long.parseLong(f[3]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> lastDocument(Path jsonl, String name) throws IOException {
        Map<String, Object> last = null;
        for (String l : Files.readAllLines(jsonl)) {
            if (l.startsWith("{")) {
                Map<String, Object> d = JSON.readValue(l, Map.class);
                if (name.equals(d.get("name"))) {
                    last = d;
                }
            }
        }
        return last;
    }

    static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> w = Files.walk(dir)) {
                for (Path p : w.sorted((x, y) -> y.compareTo(x)).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    static void waitFor(String what, long ms, BooleanSupplier condition, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                List<String> tail = Files.readAllLines(log);
                throw new AssertionError("timed out waiting for " + what + "; log:\n"
                        + String.join("\n", tail.subList(Math.max(0, tail.size() - 60), tail.size())));
            }
            Thread.sleep(200);
        }
    }
}
