package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an operator does to one processor in the assembled instance: {@code snoop:disable} takes it
 * out (shown DISABLED in the shell and the REST status, its count frozen), through a reload and a
 * restart; {@code snoop:enable} resumes it from the total it kept. Then a bad value in its
 * {@code conf/} file is logged with the key and the reason while it runs on with its old values,
 * and a corrected file is applied.
 */
public class ProcessorControlIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Process snoop;
    private Path dir;
    private Path conf;
    private Path data;
    private Path err;
    private int http;

    @After
    public void cleanUp() {
        if (snoop != null) {
            snoop.destroyForcibly();
        }
    }

    @Test
    public void disableEnableAcrossReloadAndRestartThenABadConfigurationKeepsTheLastGoodOne() throws Exception {
        dir = StuckProcessorIT.fresh(Path.of("target/processor-control-it").toAbsolutePath());
        conf = Files.createDirectories(dir.resolve("conf"));
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        data = dir.resolve("data");
        err = dir.resolve("snoop.err");
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 500\n");
        Files.writeString(conf.resolve("snoop.reader.synthetic-sim.cfg"), "rate = 2000\n");
        Files.writeString(conf.resolve("snoop.writer.jsonl-documents.cfg"), "path = " + data.resolve("documents.jsonl")
                + "\n");
        Files.copy(SnoopProcess.DIST.resolve("processors/processor-count.jar"), deploy.resolve("processor-count.jar"));
        Files.copy(SnoopProcess.DIST.resolve("processors/processor-rate.jar"), deploy.resolve("processor-rate.jar"));
        http = SnoopProcess.freePort();
        snoop = SnoopProcess.start(conf, deploy, data, http, dir.resolve("snoop.out"), err);
        waitFor("count counting", 90_000, () -> events("count") > 2000);

        // an unknown name: a clear message and a non-zero exit
        Process unknown = SnoopProcess.shellProcess(data, "snoop:disable nosuch");
        String said = new String(unknown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(said, 1, unknown.waitFor());
        assertTrue(said, said.contains("no processor named 'nosuch'"));

        // disabled: shown so everywhere, its count frozen while the others go on
        String out = SnoopProcess.shell(data, "snoop:disable --json count");
        assertEquals("the answer alone: " + out, 1, out.strip().lines().count());
        assertEquals(out, "DISABLED", JSON.readTree(out).get("state").asText());
        // what the instance logs while the command runs goes to its log, not to the one who typed it
        waitFor("the disable logged", 10_000, () -> log().contains("processor count disabled by an operator"));
        assertTrue(StuckProcessorIT.line(data, "count").contains("DISABLED"));
        assertEquals("DISABLED", processorJson("count").get("state").asText());
        assertTrue("the REST status shows it", status().contains("\"DISABLED\""));
        long kept = events("count");
        long rate = events("rate");
        waitFor("rate going on", 30_000, () -> events("rate") > rate + 3000);
        assertEquals("no events while disabled", kept, events("count"));
        long docs = documents("count").size();
        Thread.sleep(1500); // three sample periods
        assertEquals("no samples while disabled", docs, documents("count").size());

        // a reload (SIGUSR1, as 'snoop reload' sends) and the shell's reload leave it disabled
        assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(snoop.pid())).start().waitFor());
        SnoopProcess.shell(data, "snoop:reload");
        waitFor("the reload logged", 20_000, () -> log().contains("SIGUSR1"));
        Thread.sleep(3000);
        assertTrue(StuckProcessorIT.line(data, "count"), StuckProcessorIT.line(data, "count").contains("DISABLED"));
        assertEquals(kept, events("count"));

        // a restart: still disabled, with the same count
        stop();
        snoop = SnoopProcess.start(conf, deploy, data, http, dir.resolve("snoop.out"), err);
        waitFor("count back, disabled", 90_000, () -> StuckProcessorIT.line(data, "count").contains("DISABLED"));
        waitFor("rate counting again", 60_000, () -> events("rate") > rate + 6000);
        assertEquals("the kept count after a restart", kept, events("count"));

        // enabled: it counts on from the total it kept, not from zero
        out = SnoopProcess.shell(data, "snoop:enable count");
        assertTrue(out, out.contains("count enabled"));
        waitFor("count counting again", 30_000, () -> events("count") > kept + 2000);
        Map<String, Object> doc = waitForDocument("count", d -> total(d) > kept);
        assertTrue("the total goes on from " + kept + ": " + doc, total(doc) <= events("count"));
        assertTrue(!Files.readString(data.resolve("state/disabled-processors.txt")).contains("\ncount"));

        // a bad value: logged with the file, the key and the reason; count goes on with its old values
        Files.writeString(conf.resolve("count.cfg"), "abort.every = -5\n");
        waitFor("the bad value logged", 30_000, () -> log().contains(
                "abort.every must be 0 (never) or positive, not -5; it keeps running with its previous configuration"));
        assertTrue(log().contains("count.cfg"));
        long before = events("count");
        long totalBefore = total(lastDocument("count"));
        waitFor("count live and counting", 30_000, () -> StuckProcessorIT.line(data, "count").matches(
                "count\\s+\\S+\\s+(ACTIVE|SAMPLING)\\s.*") && events("count") > before + 2000);
        assertEquals("still no aborts: abort.every stays 0", 0, aborts("count"));
        waitForDocument("count", d -> total(d) > totalBefore); // its state carried over

        // corrected: applied
        Files.writeString(conf.resolve("count.cfg"), "abort.every = 10\n");
        waitFor("every 10th event aborted", 30_000, () -> aborts("count") > 100);

        stop();
    }

    private void stop() throws Exception {
        snoop.destroy();
        assertTrue("stopped within 30 s", snoop.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, snoop.exitValue());
    }

    private long events(String name) {
        return StuckProcessorIT.events(data, name);
    }

    private long aborts(String name) {
        String[] f = StuckProcessorIT.line(data, name).trim().split("\\s+");
        return f.length > 4 ? Long.parseLong(f[4]) : -1;
    }

    private JsonNode processorJson(String name) throws Exception {
        String out = SnoopProcess.shell(data, "snoop:processors --json");
        String json = out.lines().filter(l -> l.startsWith("[")).reduce((a, b) -> b).orElse("");
        for (JsonNode p : JSON.readTree(json)) {
            if (name.equals(p.get("name").asText())) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " in snoop:processors --json");
    }

    private String status() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http + "/-/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        return r.body();
    }

    private String log() {
        try {
            return Files.readString(err);
        } catch (IOException e) {
            return "";
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> documents(String name) throws IOException {
        Path f = data.resolve("documents.jsonl");
        if (!Files.exists(f)) {
            return List.of();
        }
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            if (l.startsWith("{")) {
                Map<String, Object> d = JSON.readValue(l, Map.class);
                if (name.equals(d.get("name"))) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private Map<String, Object> lastDocument(String name) throws IOException {
        List<Map<String, Object>> d = documents(name);
        return d.isEmpty() ? Map.of() : d.get(d.size() - 1);
    }

    private Map<String, Object> waitForDocument(String name, java.util.function.Predicate<Map<String, Object>> p)
            throws Exception {
        Map<String, Object>[] found = new Map[1];
        waitFor("a document of " + name, 30_000, () -> {
            try {
                Map<String, Object> d = lastDocument(name);
                found[0] = d;
                return !d.isEmpty() && p.test(d);
            } catch (IOException e) {
                return false;
            }
        });
        return found[0];
    }

    @SuppressWarnings("unchecked")
    private static long total(Map<String, Object> doc) {
        Object data = doc.get("data");
        return data instanceof Map<?, ?> m && m.get("total") instanceof Number n ? n.longValue() : -1;
    }

    private void waitFor(String what, long ms, java.util.function.BooleanSupplier condition) throws Exception {
        StuckProcessorIT.waitFor(what, ms, condition, err);
    }
}
