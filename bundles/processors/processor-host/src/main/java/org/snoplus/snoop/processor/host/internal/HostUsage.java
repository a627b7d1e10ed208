package org.snoplus.snoop.processor.host.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Poller;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.stats.Precision;
import org.snoplus.snoop.processor.host.internal.JvmReadings.Gc;
import org.snoplus.snoop.processor.host.internal.JvmReadings.Pool;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * How the snoop process itself is doing (the old SNOOP's "memory/CPU usage"). Each sample is
 * <pre>{"heap.used": 61234567, "heap.committed": 134217728, "heap.max": 4294967296,
 *  "nonheap.used": 45678901, "nonheap.committed": 50331648,
 *  "cpu.process.load": 0.12, "cpu.system.load": 0.30, "cpu.time.rate": 0.96,
 *  "threads": 41, "threads.daemon": 30, "threads.peak": 44,
 *  "gc.count": 3, "gc.time.ms": 12, "gc.time.fraction": 0.006,
 *  "load.average": 1.5, "processors": 8, "uptime.s": 3600.2, "window.s": 2.0}</pre>
 * <ul>
 * <li>memory in bytes, from the {@code MemoryMXBean}; {@code heap.max} null when undefined;</li>
 * <li>{@code cpu.process.load}, {@code cpu.system.load}: this process's and the machine's share of
 * all CPUs, 0..1, as the JVM averages them; {@code cpu.time.rate}: CPU seconds this process used
 * per wall-clock second of the window (2.0 is two cores busy). From the JDK's
 * {@code com.sun.management.OperatingSystemMXBean}; null where there is none;</li>
 * <li>{@code gc.count}, {@code gc.time.ms}: collections and time spent collecting in the window,
 * all collectors together; {@code gc.time.fraction} that time over the window;</li>
 * <li>{@code load.average}: the system load average of the last minute, null where not
 * available (Windows); {@code uptime.s}: since the JVM started; {@code window.s}: the wall-clock
 * time the per-window figures cover (since the previous sample, or since activation).</li>
 * </ul>
 * With {@code detail = full}, also {@code "pools": {"G1 Eden Space": {"used", "committed", "max"}, ...}}
 * and {@code "collectors": {"G1 Young Generation": {"count", "time.ms"}, ...}} (per window).
 *
 * <p>The counters of the previous sample are handed over on upgrade (see {@link #handoff()}), so
 * that the first window of a new version starts where the last one of the old version ended.
 */
@Component(name = "host", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HostConfig.class)
public class HostUsage implements Poller {

    static final String SUMMARY = "summary";
    static final String FULL = "full";

    private final Jvm jvm;
    private boolean full;

    /** The counters at the start of the current window. */
    private Baseline last;

    private record Baseline(String jvm, long nanoTime, long cpuTime, Map<String, Gc> collectors) {
        static Baseline of(JvmReadings r) {
            return new Baseline(r.jvm(), r.nanoTime(), r.processCpuTime(), r.collectors());
        }
    }

    public HostUsage() {
        this(new PlatformJvm());
    }

    /** With readings of the test's choosing. */
    HostUsage(Jvm jvm) {
        this.jvm = jvm;
    }

    @Activate
    void activate(HostConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(HostConfig config) {
        String detail = config.detail() == null ? "" : config.detail().trim();
        check(detail.equals(SUMMARY) || detail.equals(FULL), "detail",
                "must be " + SUMMARY + " or " + FULL + ", not '" + config.detail() + "'");
        full = detail.equals(FULL);
        // the first window starts now, so that the first sample has figures too
        last = Baseline.of(jvm.read(false));
    }

    @Override
    public Map<String, Object> sample() {
        JvmReadings r = jvm.read(full);
        long wallNs = r.nanoTime() - last.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heap.used", r.heapUsed());
        m.put("heap.committed", r.heapCommitted());
        m.put("heap.max", r.heapMax() >= 0 ? r.heapMax() : null);
        m.put("nonheap.used", r.nonHeapUsed());
        m.put("nonheap.committed", r.nonHeapCommitted());
        m.put("cpu.process.load", fraction(r.processCpuLoad()));
        m.put("cpu.system.load", fraction(r.systemCpuLoad()));
        m.put("cpu.time.rate", wallNs > 0 && r.processCpuTime() >= 0 && last.cpuTime() >= 0
                ? Precision.round(Math.max(0, r.processCpuTime() - last.cpuTime()) / (double) wallNs) : null);
        m.put("threads", (long) r.threads());
        m.put("threads.daemon", (long) r.daemonThreads());
        m.put("threads.peak", (long) r.peakThreads());

        long gcCount = 0;
        long gcMs = 0;
        Map<String, Object> perCollector = new LinkedHashMap<>();
        for (Map.Entry<String, Gc> e : r.collectors().entrySet()) {
            Gc now = e.getValue();
            Gc before = last.collectors().get(e.getKey());
            Map<String, Object> c = new LinkedHashMap<>();
            if (before != null && now.count() >= 0 && before.count() >= 0) {
                long count = Math.max(0, now.count() - before.count());
                long ms = now.timeMs() >= 0 && before.timeMs() >= 0 ? Math.max(0, now.timeMs() - before.timeMs()) : 0;
                gcCount += count;
                gcMs += ms;
                c.put("count", count);
                c.put("time.ms", ms);
            } else { // a collector with no counts, or none at the window's start
                c.put("count", null);
                c.put("time.ms", null);
            }
            perCollector.put(e.getKey(), c);
        }
        m.put("gc.count", gcCount);
        m.put("gc.time.ms", gcMs);
        m.put("gc.time.fraction", wallNs > 0 ? Precision.round(Math.min(1.0, gcMs * 1e6 / wallNs)) : null);

        m.put("load.average", r.loadAverage() >= 0 ? Precision.round(r.loadAverage()) : null);
        m.put("processors", (long) r.processors());
        m.put("uptime.s", r.uptimeMs() / 1000.0);
        m.put("window.s", Precision.round(wallNs / 1e9));
        if (full) {
            Map<String, Object> pools = new LinkedHashMap<>();
            for (Map.Entry<String, Pool> e : r.pools().entrySet()) {
                Pool p = e.getValue();
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("used", p.used());
                u.put("committed", p.committed());
                u.put("max", p.max() >= 0 ? p.max() : null);
                pools.put(e.getKey(), u);
            }
            m.put("pools", pools);
            m.put("collectors", perCollector);
        }
        last = Baseline.of(r);
        return m;
    }

    /** A load in 0..1, or null when the JVM does not know it (it says so with a negative value). */
    private static Double fraction(double load) {
        return load >= 0 && load <= 1 ? Precision.round(load) : null;
    }

    /**
     * The counters at the start of the current window: {@code {"jvm": "pid@start", "nano.time": ns,
     * "cpu.time.ns": ns, "collectors": {"G1 Young Generation": {"count": n, "time.ms": ms}, ...}}}.
     */
    @Override
    public Object handoff() {
        Map<String, Object> collectors = new LinkedHashMap<>();
        last.collectors().forEach((name, gc) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("count", gc.count());
            c.put("time.ms", gc.timeMs());
            collectors.put(name, c);
        });
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("jvm", last.jvm());
        state.put("nano.time", last.nanoTime());
        state.put("cpu.time.ns", last.cpuTime());
        state.put("collectors", collectors);
        return state;
    }

    /**
     * Continues the predecessor's window when the state comes from this same JVM; otherwise (the
     * counters of another process mean nothing here) the window started at activation stays.
     */
    @Override
    public void takeover(Object state) {
        if (!(state instanceof Map<?, ?> m) || !(m.get("nano.time") instanceof Number nanoTime)) {
            return;
        }
        JvmReadings now = jvm.read(false);
        if (!now.jvm().equals(m.get("jvm")) || now.nanoTime() - nanoTime.longValue() < 0) {
            return;
        }
        Map<String, Gc> collectors = new LinkedHashMap<>();
        if (m.get("collectors") instanceof Map<?, ?> cs) {
            cs.forEach((name, c) -> {
                if (name instanceof String n && c instanceof Map<?, ?> gc && gc.get("count") instanceof Number count
                        && gc.get("time.ms") instanceof Number ms) {
                    collectors.put(n, new Gc(count.longValue(), ms.longValue()));
                }
            });
        }
        long cpuTime = m.get("cpu.time.ns") instanceof Number t ? t.longValue() : -1;
        // replace, never add: this instance may have sampled before (a rollback makes it live again)
        last = new Baseline(now.jvm(), nanoTime.longValue(), cpuTime, collectors);
    }
}
