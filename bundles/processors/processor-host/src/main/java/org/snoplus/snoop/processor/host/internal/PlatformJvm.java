package org.snoplus.snoop.processor.host.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Readings of this JVM from its platform MXBeans. */
final class PlatformJvm implements Jvm {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    private final String id = ProcessHandle.current().pid() + "@" + runtime.getStartTime();
    /** Null where the JDK's extension is not to be had: the CPU figures are then missing. */
    private final SunOperatingSystem cpu;

    PlatformJvm() {
        this(true);
    }

    /** Without the JDK's extension if {@code useExtension} is false, as on a JVM that has none. */
    PlatformJvm(boolean useExtension) {
        SunOperatingSystem sun = null;
        if (useExtension) {
            try {
                sun = SunOperatingSystem.of(os);
            } catch (LinkageError e) {
                // com.sun.management is not wired to this bundle
            }
        }
        cpu = sun;
    }

    @Override
    public JvmReadings read(boolean withPools) {
        long now = System.nanoTime();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        Map<String, JvmReadings.Gc> gcs = new LinkedHashMap<>();
        for (GarbageCollectorMXBean gc : collectors) {
            gcs.put(gc.getName(), new JvmReadings.Gc(gc.getCollectionCount(), gc.getCollectionTime()));
        }
        Map<String, JvmReadings.Pool> ps = new LinkedHashMap<>();
        if (withPools) {
            for (MemoryPoolMXBean p : pools) {
                MemoryUsage u = p.getUsage();
                if (u != null) { // null once a pool is no longer valid
                    ps.put(p.getName(), new JvmReadings.Pool(u.getUsed(), u.getCommitted(), u.getMax()));
                }
            }
        }
        return new JvmReadings(id, now, heap.getUsed(), heap.getCommitted(), heap.getMax(), nonHeap.getUsed(),
                nonHeap.getCommitted(), cpu == null ? -1 : cpu.processCpuLoad(), cpu == null ? -1 : cpu.systemCpuLoad(),
                cpu == null ? -1 : cpu.processCpuTime(), threads.getThreadCount(), threads.getDaemonThreadCount(),
                threads.getPeakThreadCount(), os.getSystemLoadAverage(), os.getAvailableProcessors(),
                runtime.getUptime(), gcs, ps);
    }
}
