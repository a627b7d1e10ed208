package org.snoplus.snoop.processor.host.internal;

/** Where readings come from: the platform's MXBeans, or a test's script. */
@FunctionalInterface
interface Jvm {

    /** Reads everything now; the memory pools only if {@code pools}. */
    JvmReadings read(boolean pools);
}
