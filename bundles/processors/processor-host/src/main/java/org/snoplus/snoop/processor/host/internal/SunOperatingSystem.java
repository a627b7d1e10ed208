package org.snoplus.snoop.processor.host.internal;

import java.lang.management.OperatingSystemMXBean;

/**
 * The CPU figures of the JDK's extension of {@link OperatingSystemMXBean}. Kept in a class of its
 * own: where the package {@code com.sun.management} is not there (another JVM, a framework that
 * does not offer it; the import is optional), loading this class fails and only the CPU figures are
 * missing.
 */
final class SunOperatingSystem {

    private final com.sun.management.OperatingSystemMXBean os;

    private SunOperatingSystem(com.sun.management.OperatingSystemMXBean os) {
        this.os = os;
    }

    /** The extension of {@code os}, or null if it has none. */
    static SunOperatingSystem of(OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? new SunOperatingSystem(sun) : null;
    }

    double processCpuLoad() {
        return os.getProcessCpuLoad();
    }

    double systemCpuLoad() {
        return os.getCpuLoad();
    }

    long processCpuTime() {
        return os.getProcessCpuTime();
    }
}
