package org.snoplus.snoop.launcher;

import java.nio.file.Path;

/** A process that takes the instance lock of a directory, says so, and waits to be killed (for InstanceLockTest). */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        InstanceLock.acquire(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
