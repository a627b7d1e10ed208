package org.snoplus.snoop.processor.host.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;
import static org.junit.Assume.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.processor.host.internal.JvmReadings.Gc;
import org.snoplus.snoop.processor.host.internal.JvmReadings.Pool;
import org.snoplus.snoop.testing.Configs;

public class HostUsageTest {

    private static final long SECOND = 1_000_000_000L;

    // ------------------------------------------------------------------ a scripted JVM

    /** The JVM the fake readings come from. */
    private String jvmId = "4242@1764362400000";
    private long nanoTime = 7 * SECOND;
    private long cpuTime = 0;
    private long youngCount = 5;
    private long youngMs = 100;
    private long oldCount = 1;
    private long oldMs = 40;
    private double cpuLoad = 0.25;
    private double loadAverage = 1.5;

    private JvmReadings fake(boolean pools) {
        Map<String, Gc> gcs = new LinkedHashMap<>();
        gcs.put("young", new Gc(youngCount, youngMs));
        gcs.put("old", new Gc(oldCount, oldMs));
        Map<String, Pool> ps = new LinkedHashMap<>();
        if (pools) {
            ps.put("eden", new Pool(1000, 2000, -1));
            ps.put("old gen", new Pool(3000, 4000, 8000));
        }
        return new JvmReadings(jvmId, nanoTime, 500_000, 1_000_000, 4_000_000, 70_000, 80_000, cpuLoad, 0.5, cpuTime,
                20, 15, 22, loadAverage, 8, 3_600_000, gcs, ps);
    }

    private HostUsage scripted(Object... config) {
        HostUsage h = new HostUsage(this::fake);
        h.configure(Configs.of(HostConfig.class, config));
        return h;
    }

    /** Time passes: {@code seconds} of wall clock, {@code cpuSeconds} of CPU, and collections. */
    private void elapse(double seconds, double cpuSeconds, long young, long youngTime, long old, long oldTime) {
        nanoTime += (long) (seconds * SECOND);
        cpuTime += (long) (cpuSeconds * SECOND);
        youngCount += young;
        youngMs += youngTime;
        oldCount += old;
        oldMs += oldTime;
    }

    private static double number(Map<String, Object> sample, String key) {
        Object v = sample.get(key);
        assertNotNull(key + " is missing in " + sample, v);
        return ((Number) v).doubleValue();
    }

    @Test
    public void isAPollerThatAsksForNoEvents() {
        assertNull(scripted().eventType());
    }

    @Test
    public void theFirstWindowStartsAtActivationAndEachNextAtThePreviousSample() {
        HostUsage h = scripted();
        elapse(2, 1, 2, 20, 0, 10);
        Map<String, Object> first = h.sample();
        assertEquals(2L, first.get("gc.count"));
        assertEquals(30L, first.get("gc.time.ms"));
        assertEquals(0.015, number(first, "gc.time.fraction"), 1e-12);
        assertEquals(0.5, number(first, "cpu.time.rate"), 1e-12);
        assertEquals(2.0, number(first, "window.s"), 1e-12);

        elapse(1, 1.5, 1, 5, 2, 25);
        Map<String, Object> second = h.sample();
        assertEquals("from the first sample's counts, not activation's", 3L, second.get("gc.count"));
        assertEquals(30L, second.get("gc.time.ms"));
        assertEquals(0.03, number(second, "gc.time.fraction"), 1e-12);
        assertEquals(1.5, number(second, "cpu.time.rate"), 1e-12);
        assertEquals(1.0, number(second, "window.s"), 1e-12);

        Map<String, Object> quiet = h.sample();
        assertEquals(0L, quiet.get("gc.count"));
        assertNull("a window of no length has no rate", quiet.get("cpu.time.rate"));
    }

    @Test
    public void instantaneousFiguresAreReportedAsRead() {
        Map<String, Object> s = scripted().sample();
        assertEquals(500_000L, s.get("heap.used"));
        assertEquals(1_000_000L, s.get("heap.committed"));
        assertEquals(4_000_000L, s.get("heap.max"));
        assertEquals(70_000L, s.get("nonheap.used"));
        assertEquals(80_000L, s.get("nonheap.committed"));
        assertEquals(0.25, s.get("cpu.process.load"));
        assertEquals(0.5, s.get("cpu.system.load"));
        assertEquals(20L, s.get("threads"));
        assertEquals(15L, s.get("threads.daemon"));
        assertEquals(22L, s.get("threads.peak"));
        assertEquals(1.5, s.get("load.average"));
        assertEquals(8L, s.get("processors"));
        assertEquals(3600.0, s.get("uptime.s"));
        assertEquals(List.of("heap.used", "heap.committed", "heap.max", "nonheap.used", "nonheap.committed",
                "cpu.process.load", "cpu.system.load", "cpu.time.rate", "threads", "threads.daemon", "threads.peak",
                "gc.count", "gc.time.ms", "gc.time.fraction", "load.average", "processors", "uptime.s", "window.s"),
                new ArrayList<>(s.keySet()));
    }

    @Test
    public void whatTheJvmCannotTellIsNull() {
        cpuLoad = -1;
        loadAverage = -1;
        cpuTime = -1;
        HostUsage h = scripted();
        elapse(1, 0, 0, 0, 0, 0);
        Map<String, Object> s = h.sample();
        assertNull(s.get("cpu.process.load"));
        assertNull(s.get("load.average"));
        assertNull(s.get("cpu.time.rate"));
        assertTrue(s.containsKey("cpu.time.rate"));
    }

    @Test
    public void fullDetailAddsPoolsAndCollectors() {
        HostUsage h = scripted("detail", "full");
        elapse(1, 0, 4, 8, 1, 30);
        Map<String, Object> s = h.sample();
        Map<String, Object> eden = new LinkedHashMap<>();
        eden.put("used", 1000L);
        eden.put("committed", 2000L);
        eden.put("max", null);
        assertEquals(Map.of("eden", eden, "old gen", Map.of("used", 3000L, "committed", 4000L, "max", 8000L)),
                s.get("pools"));
        assertEquals(Map.of("young", Map.of("count", 4L, "time.ms", 8L), "old", Map.of("count", 1L, "time.ms", 30L)),
                s.get("collectors"));
        assertNull("summary by default", scripted().sample().get("pools"));
    }

    @Test
    public void anUpgradeContinuesTheWindowOfThePreviousVersion() {
        HostUsage old = scripted();
        elapse(2, 1, 2, 20, 0, 0);
        old.sample();
        elapse(0.5, 0.5, 1, 1, 0, 0); // the old version's last, unsampled half second
        Object state = old.handoff();

        HostUsage next = scripted();
        next.takeover(state);
        elapse(0.5, 0.25, 2, 3, 0, 0);
        Map<String, Object> s = next.sample();
        assertEquals(3L, s.get("gc.count"));
        assertEquals(4L, s.get("gc.time.ms"));
        assertEquals(1.0, number(s, "window.s"), 1e-12);
        assertEquals(0.75, number(s, "cpu.time.rate"), 1e-12);
    }

    @Test
    public void handoffIsPlainData() {
        HostUsage h = scripted();
        assertEquals(Map.of("jvm", jvmId, "nano.time", 7 * SECOND, "cpu.time.ns", 0L, "collectors",
                Map.of("young", Map.of("count", 5L, "time.ms", 100L), "old", Map.of("count", 1L, "time.ms", 40L))),
                h.handoff());
    }

    @Test
    public void countersOfAnotherJvmOrGarbageAreIgnored() {
        HostUsage h = scripted();
        Map<String, Object> foreign = new LinkedHashMap<>();
        foreign.put("jvm", "1@0");
        foreign.put("nano.time", 0L);
        foreign.put("cpu.time.ns", 0L);
        foreign.put("collectors", Map.of("young", Map.of("count", 0L, "time.ms", 0L)));
        h.takeover(foreign);
        h.takeover("not a map");
        h.takeover(Map.of("jvm", jvmId, "nano.time", 99 * SECOND)); // from the future
        h.takeover(null);
        elapse(1, 0, 1, 1, 0, 0);
        Map<String, Object> s = h.sample();
        assertEquals("the window started at activation", 1L, s.get("gc.count"));
        assertEquals(1.0, number(s, "window.s"), 1e-12);
    }

    @Test
    public void takeoverReplacesTheWindowAndToleratesOtherNumberTypes() {
        HostUsage h = scripted();
        elapse(10, 0, 10, 10, 0, 0);
        h.sample(); // its own window now starts at 17 s
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("jvm", jvmId);
        state.put("nano.time", 12.0 * SECOND); // a Double
        state.put("collectors", Map.of("young", Map.of("count", 12, "time.ms", 105))); // Integers
        h.takeover(state);
        elapse(1, 0, 0, 0, 0, 0);
        Map<String, Object> s = h.sample();
        assertEquals(6.0, number(s, "window.s"), 1e-12);
        assertEquals("15 young collections less 12; no baseline for old", 3L, s.get("gc.count"));
        assertEquals(5L, s.get("gc.time.ms"));
        assertNull("no CPU time was handed over", s.get("cpu.time.rate"));
    }

    @Test
    public void badConfigurationIsRejectedNamingTheKey() {
        Configs.assertRejected("bad configuration: detail must be summary or full, not 'verbose'",
                () -> scripted("detail", "verbose"));
        Configs.assertRejected("bad configuration: detail must be summary or full, not ''",
                () -> scripted("detail", ""));
    }

    // ------------------------------------------------------------------ this JVM

    private static HostUsage real(Object... config) {
        HostUsage h = new HostUsage();
        h.configure(Configs.of(HostConfig.class, config));
        return h;
    }

    private static boolean jdkExtension() {
        try {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean;
        } catch (LinkageError e) {
            return false;
        }
    }

    private static void assertLoad(Map<String, Object> s, String key) {
        Object v = s.get(key);
        assertTrue(key + " = " + v, v == null || (Double) v >= 0 && (Double) v <= 1);
    }

    @Test
    public void thisJvmsFiguresArePlausible() {
        Map<String, Object> s = real().sample();
        long heapUsed = (Long) s.get("heap.used");
        assertTrue("heap.used " + heapUsed, heapUsed > 0);
        assertTrue((Long) s.get("heap.committed") >= heapUsed);
        assertTrue(s.get("heap.max") == null || (Long) s.get("heap.max") >= (Long) s.get("heap.committed"));
        assertTrue((Long) s.get("nonheap.used") > 0);
        assertTrue((Long) s.get("threads") >= 1);
        assertTrue((Long) s.get("threads.peak") >= (Long) s.get("threads"));
        assertTrue((Long) s.get("threads.daemon") <= (Long) s.get("threads"));
        assertTrue((Long) s.get("processors") >= 1);
        assertTrue((Double) s.get("uptime.s") > 0);
        assertTrue((Double) s.get("window.s") >= 0);
        assertTrue((Long) s.get("gc.count") >= 0);
        assertTrue((Long) s.get("gc.time.ms") >= 0);
        assertLoad(s, "cpu.process.load");
        assertLoad(s, "cpu.system.load");
        assertLoad(s, "gc.time.fraction");
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertTrue("load.average " + s.get("load.average"), (Double) s.get("load.average") >= 0);
        }
    }

    @Test
    public void thisJvmsSecondSampleCountsTheCollectionsAndCpuTimeSinceTheFirst() {
        assumeFalse("explicit GC is disabled", ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:+DisableExplicitGC"));
        HostUsage h = real("detail", "full");
        h.sample();
        busy(200);
        System.gc();
        Map<String, Object> s = h.sample();
        assertTrue("gc.count " + s.get("gc.count"), (Long) s.get("gc.count") >= 1);
        assertTrue((Long) s.get("gc.time.ms") >= 0);
        assertTrue((Double) s.get("window.s") >= 0.2);
        assertFalse(((Map<?, ?>) s.get("pools")).isEmpty());
        assertFalse(((Map<?, ?>) s.get("collectors")).isEmpty());
        if (jdkExtension()) {
            double rate = (Double) s.get("cpu.time.rate");
            assertTrue("cpu.time.rate " + rate + " after 200 ms of work", rate > 0);
        }

        Map<String, Object> next = h.sample();
        assertTrue("the collection was counted once: " + next.get("gc.count"), (Long) next.get("gc.count") < 10);
    }

    @Test
    public void withoutTheJdkExtensionTheCpuFiguresAreNullAndTheRestIsThere() {
        HostUsage h = new HostUsage(new PlatformJvm(false));
        h.configure(Configs.of(HostConfig.class));
        busy(20);
        Map<String, Object> s = h.sample();
        assertNull(s.get("cpu.process.load"));
        assertNull(s.get("cpu.system.load"));
        assertNull(s.get("cpu.time.rate"));
        assertTrue((Long) s.get("heap.used") > 0);
    }

    @Test
    public void withTheJdkExtensionTheCpuFiguresAreThere() {
        assumeTrue("this JVM has no com.sun.management", jdkExtension());
        HostUsage h = real();
        busy(50);
        Map<String, Object> s = h.sample();
        assertNotNull(s.get("cpu.time.rate"));
        assertLoad(s, "cpu.process.load"); // the JVM's own average: may be unknown right after start
    }

    private static long sink;

    /** Keeps a CPU busy for {@code ms}, allocating as it goes. */
    private static void busy(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            sink += new long[64].length;
        }
    }
}
