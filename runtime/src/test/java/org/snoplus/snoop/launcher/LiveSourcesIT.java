package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two-terminal demo as processes: {@code snoop dispatch} serving the synthetic detector, an
 * instance reading it with the dispatcher reader beside an NDJSON replay; the documents name both
 * sources; the dispatcher is killed with SIGKILL and started again, and the instance follows it
 * without the loop ever stopping.
 */
public class LiveSourcesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Process> processes = new ArrayList<>();
    private Path dir;

    @After
    public void stop() throws Exception {
        for (Process p : processes) {
            p.destroy(); // SIGTERM
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process dispatcher(int port) throws IOException {
        Path b = SnoopProcess.DIST.resolve("bundles");
        String cp = String.join(File.pathSeparator, b.resolve("snoplus-model.jar").toString(),
                b.resolve("snoplus-zdab.jar").toString(), b.resolve("snoplus-synthetic.jar").toString(),
                b.resolve("snoplus-dispatch.jar").toString());
        Process p = new ProcessBuilder(SnoopProcess.java(), "-cp", cp, "org.snoplus.snoop.dispatch.internal.Replay",
                "--port", Integer.toString(port), "--rate", "2000")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dispatch.out")
                        .toFile())).start();
        processes.add(p);
        return p;
    }

    @Test
    public void aDispatcherKilledAndStartedAgainIsFollowedAndDocumentsNameEverySource() throws Exception {
        dir = Path.of("target/live-sources-it").toAbsolutePath();
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path data = dir.resolve("data");
        int port = SnoopProcess.freePort();
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 1000\n");
        Files.writeString(conf.resolve("snoop.reader.dispatcher-daq.cfg"),
                "host = 127.0.0.1\nport = " + port + "\nreconnect.max.ms = 500\n");
        Files.writeString(conf.resolve("snoop.reader.ndjson-demo.cfg"),
                "file = ${snoop.root}/runtime/samples/events.ndjson.gz\nrate = 200\nloop = true\n");
        Path documents = data.resolve("documents.jsonl");
        Files.writeString(conf.resolve("snoop.writer.jsonl-documents.cfg"), "path = ${snoop.data}/documents.jsonl\n");
        Files.copy(SnoopProcess.DIST.resolve("processors/processor-count.jar"), deploy.resolve("processor-count.jar"));

        Process disp = dispatcher(port);
        Process snoop = SnoopProcess.start(conf, deploy, data, SnoopProcess.freePort(), dir.resolve("snoop.out"),
                dir.resolve("snoop.err"));
        processes.add(snoop);

        waitFor("a document of count naming both sources", 60_000, () -> lastSources(documents, "count")
                .containsAll(List.of("daq", "demo")));
        waitFor("the dispatcher reader connected", 30_000, () -> status(data).contains("daq ")
                && status(data).contains(" connected for "));

        disp.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9
        waitFor("the reader sees it down", 30_000, () -> status(data).contains("DOWN for"));
        long during = countEvents(documents);
        waitFor("the loop going on with the other source", 30_000, () -> countEvents(documents) > during + 100);
        waitFor("documents without the dead source", 30_000, () -> {
            List<String> s = lastSources(documents, "count");
            return s.contains("demo") && !s.contains("daq");
        });

        dispatcher(port);
        waitFor("connected again", 30_000, () -> status(data).contains(" connected for ")
                && status(data).contains("connection lost 1 time"));
        waitFor("both sources again", 30_000, () -> lastSources(documents, "count").containsAll(List.of("daq", "demo")));
        assertTrue("snoop is running", snoop.isAlive());
    }

    private static String status(Path data) {
        try {
            return SnoopProcess.shell(data, "snoop:status");
        } catch (Exception e) {
            return "";
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> docs(Path jsonl) {
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            if (Files.exists(jsonl)) {
                for (String line : Files.readAllLines(jsonl)) {
                    if (!line.isBlank()) {
                        try {
                            out.add(JSON.readValue(line, Map.class));
                        } catch (IOException partial) {
                            // a line being written
                        }
                    }
                }
            }
        } catch (IOException e) {
            // not yet
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> lastSources(Path jsonl, String name) {
        List<Map<String, Object>> d = docs(jsonl);
        for (int i = d.size() - 1; i >= 0; i--) {
            if (name.equals(d.get(i).get("name"))) {
                Object s = d.get(i).get("sources");
                return s instanceof List<?> l ? (List<String>) l : List.of();
            }
        }
        return List.of();
    }

    private static long countEvents(Path jsonl) {
        long n = 0;
        for (Map<String, Object> d : docs(jsonl)) {
            if ("count".equals(d.get("name")) && d.get("events") instanceof Number e) {
                n += e.longValue();
            }
        }
        return n;
    }

    static void waitFor(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
