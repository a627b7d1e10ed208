package org.snoplus.snoop.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.snoplus.snoop.admin.ProcessorState;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.document.SampleDocument;

/** Processor jars dropped into, replaced in and removed from the watched directory of a running instance. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends SnoopTestSupport {

    private final List<org.osgi.service.cm.Configuration> readers = new ArrayList<>();
    private Path documents;

    @Configuration
    public Option[] config() throws Exception {
        return baseOptions();
    }

    @Before
    public void setUp() throws Exception {
        configure("snoop.core", Map.of("sample.period.ms", 200L, "swap.hold.ms", 1500L));
        documents = dir().resolve("data/documents.jsonl");
        configureFactory("snoop.writer.jsonl", "documents", Map.of("path", documents.toString()));
        waitFor("the JSON-lines writer", 5000, () -> admin.writers().stream().anyMatch(w -> w.name().equals("documents")));
    }

    @After
    public void stopReaders() throws Exception {
        for (org.osgi.service.cm.Configuration c : readers) {
            c.delete();
        }
        waitFor("readers gone", 5000, () -> admin.readers().isEmpty());
    }

    private void read(String name, Path file, int rate) throws Exception {
        readers.add(configureFactory("snoop.reader.ndjson", name, Map.of("file", file.toString(), "rate", rate)));
    }

    @Test
    public void aDroppedJarGetsEventsAndItsDocumentsReachTheWriter() throws Exception {
        deployCount("dropped", "1.0.0", "dropped.jar");
        waitFor("dropped live", 10_000, () -> processor("dropped") != null && processor("dropped").state() == ProcessorState.ACTIVE);
        read("thousand", events("thousand.ndjson", 1000), 0);
        waitFor("1000 events delivered", 10_000, () -> processor("dropped").events() == 1000);
        waitFor("a document with all 1000 events", 5000, () -> lastTotal("dropped") == 1000);
        Map<String, Object> doc = last("dropped");
        assertEquals("1.0.0", doc.get("version"));
        assertTrue(doc.get("_id").toString().startsWith("dropped@"));
    }

    @Test
    public void upgradeUnderContinuousInputKeepsStateAndLosesNoEvent() throws Exception {
        deployCount("upgraded", "1.0.0", "upgraded.jar");
        waitFor("upgraded live", 10_000, () -> processor("upgraded") != null);
        int n = 20_000;
        read("stream", events("stream.ndjson", n), 5000); // 4 s of continuous input
        waitFor("input flowing", 10_000, () -> processor("upgraded").events() > 3000);

        // a new version written over the same file name: updated in place
        long t0 = System.nanoTime();
        deployCount("upgraded", "1.0.1", "upgraded.jar");
        waitFor("1.0.1 live", 5000, () -> "1.0.1".equals(processor("upgraded").version())
                && processor("upgraded").state() == ProcessorState.ACTIVE);
        long inPlaceMs = (System.nanoTime() - t0) / 1_000_000;

        // a newer version dropped beside it under another name: the newest is live
        long before = processor("upgraded").events();
        waitFor("more input", 10_000, () -> processor("upgraded").events() > before + 3000);
        long t1 = System.nanoTime();
        deployCount("upgraded", "1.0.2", "upgraded-1.0.2.jar");
        waitFor("1.0.2 live", 5000, () -> "1.0.2".equals(processor("upgraded").version()));
        long besideMs = (System.nanoTime() - t1) / 1_000_000;
        System.out.printf("upgrade in place live after %d ms, beside after %d ms%n", inPlaceMs, besideMs);
        assertTrue("in-place upgrade took " + inPlaceMs + " ms", inPlaceMs < 3000);

        waitFor("every event delivered", 20_000, () -> processor("upgraded").events() == n);
        ProcessorInfo info = processor("upgraded");
        assertEquals(0, info.lost());
        SampleDocument doc = admin.sampleNow("upgraded", Duration.ofSeconds(5));
        assertEquals("the count of the newest version covers every event sent", (long) n, doc.data().get("total"));
        String listing = shell("snoop:processors");
        assertTrue(listing, listing.lines().anyMatch(l -> l.startsWith("upgraded ") && l.contains("1.0.2")
                && l.contains(Integer.toString(n))));

        // removing the newest rolls back to the one still deployed, state and all
        Files.delete(deployDir().resolve("upgraded-1.0.2.jar"));
        waitFor("back to 1.0.1", 5000, () -> "1.0.1".equals(processor("upgraded").version()));
        assertEquals((long) n, admin.sampleNow("upgraded", Duration.ofSeconds(5)).data().get("total"));

        // removing the last jar removes the processor (after the hold for a next version)
        Files.delete(deployDir().resolve("upgraded.jar"));
        waitFor("upgraded removed", 10_000, () -> processor("upgraded") == null);
    }

    @Test
    public void aJarThatFailsToResolveOrActivateIsReportedAndTheRestKeepsRunning() throws Exception {
        deployCount("healthy", "1.0.0", "healthy.jar");
        deployCount("unresolvable", "1.0.0", "unresolvable.jar", m -> addImport(m, "org.example.missing"));
        configure("badconfig", Map.of("abort.every", -1L));
        deployCount("badconfig", "1.0.0", "badconfig.jar");
        waitFor("problems reported", 10_000, () -> {
            try {
                String d = shell("snoop:deployed");
                return d.contains("missing package org.example.missing") && d.contains("badconfig failed to activate");
            } catch (Exception e) {
                return false;
            }
        });
        String deployed = shell("snoop:deployed");
        assertTrue(deployed, deployed.contains("abort.every"));
        assertNull(processor("unresolvable"));
        assertNull(processor("badconfig"));
        waitFor("healthy live", 10_000, () -> processor("healthy") != null);
        read("more", events("more.ndjson", 500), 0);
        waitFor("the healthy processor keeps counting", 10_000, () -> processor("healthy").events() == 500);
    }

    private Map<String, Object> last(String name) throws Exception {
        Map<String, Object> found = null;
        for (Map<String, Object> d : documents(documents)) {
            if (name.equals(d.get("name"))) {
                found = d;
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private long lastTotal(String name) {
        try {
            Map<String, Object> d = last(name);
            return d == null ? -1 : ((Number) ((Map<String, Object>) d.get("data")).get("total")).longValue();
        } catch (Exception e) {
            return -1;
        }
    }
}
