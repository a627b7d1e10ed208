package org.snoplus.snoop.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.snoplus.snoop.admin.ReaderState;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;

/** The SNO+ readers inside the running platform, feeding a processor in another bundle. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SnoReadersIT extends SnoopTestSupport {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configs = new ArrayList<>();

    @Configuration
    public Option[] config() throws Exception {
        return baseOptions();
    }

    @After
    public void tearDown() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        for (org.osgi.service.cm.Configuration c : configs) {
            c.delete();
        }
        waitFor("readers gone", 5000, () -> admin.readers().isEmpty());
    }

    @Test
    public void theRealZdabFileReachesAProcessorAsOneEvent() throws Exception {
        Path demo = ROOT.resolve("../shared/data/zdab/Demo_Events.zdab").normalize();
        assumeTrue("no " + demo, Files.exists(demo));
        Hits hits = new Hits();
        register("hits", hits);
        configs.add(configureFactory("snoop.reader.zdab", "demo", Map.of("file", demo.toString())));
        waitFor("the reader is done", 10_000, () -> admin.readers().stream()
                .anyMatch(r -> r.name().equals("demo") && r.state() == ReaderState.DONE));
        waitFor("the event delivered", 5000, () -> hits.events == 1);
        assertEquals(364, hits.lastNhit);
        assertEquals(0xDE95, hits.lastGtid);
        assertEquals(3510, hits.lastRun);
        assertEquals(0, admin.readers().get(0).malformed());
        assertEquals(3510, admin.loop().run());
    }

    @Test
    public void theSyntheticDetectorFeedsEventsAndHeaders() throws Exception {
        Hits hits = new Hits();
        register("synthetic-hits", hits);
        Headers headers = new Headers();
        register("synthetic-headers", headers);
        configs.add(configureFactory("snoop.reader.synthetic", "sim",
                Map.of("rate", 20_000, "events", 5000, "seed", 7, "run", 123456)));
        waitFor("5000 events", 10_000, () -> hits.events == 5000);
        assertTrue("run headers seen", headers.runs.contains(123456));
        assertTrue("every channel valid", hits.invalidChannels == 0);
        assertTrue("hits were delivered", hits.totalHits > 5000 * 10L);
        assertEquals(123456, admin.loop().run());
    }

    private void register(String name, Processor<?> p) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Processor.NAME, name);
        registrations.add(context.registerService(Processor.class, p, props));
    }

    static class Hits implements Processor<PmtEvent> {
        volatile long events;
        long totalHits;
        long invalidChannels;
        volatile int lastNhit;
        volatile int lastGtid;
        volatile int lastRun;

        public Class<PmtEvent> eventType() {
            return PmtEvent.class;
        }

        public void event(PmtEvent e) {
            int[] lcn = e.lcn();
            for (int i = 0; i < e.nhit(); i++) {
                if (!Channels.isValid(lcn[i])) {
                    invalidChannels++;
                }
            }
            totalHits += e.nhit();
            lastNhit = e.nhit();
            lastGtid = e.gtid();
            lastRun = e.run();
            events++;
        }

        public Map<String, Object> sample() {
            return Map.of("events", events, "hits", totalHits);
        }
    }

    static class Headers implements Processor<RunHeader> {
        final List<Integer> runs = new java.util.concurrent.CopyOnWriteArrayList<>();

        public Class<RunHeader> eventType() {
            return RunHeader.class;
        }

        public void event(RunHeader h) {
            runs.add(h.run());
        }

        public Map<String, Object> sample() {
            return Map.of("runs", runs.size());
        }
    }
}
