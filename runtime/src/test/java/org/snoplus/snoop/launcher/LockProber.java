package org.snoplus.snoop.launcher;

import java.nio.file.Path;

/**
 * A process that asks, as fast as it can, whether an instance holds the lock of a directory (as
 * {@code snoop status} and the start script's wait do), until killed (for InstanceLockTest).
 */
public final class LockProber {

    private LockProber() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("probing");
        System.out.flush();
        while (true) {
            InstanceLock.holder(dir);
        }
    }
}
