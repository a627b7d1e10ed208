package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The lock of a data directory between real processes: held, named, refused, and freed by a SIGKILL. */
public class InstanceLockTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private Process holder;

    @After
    public void kill() {
        if (holder != null) {
            holder.destroyForcibly();
        }
    }

    @Test
    public void anotherProcessHoldingTheLockIsNamedByPidAndAKillFreesIt() throws Exception {
        Path data = tmp.getRoot().toPath().resolve("data");
        holder = new ProcessBuilder(SnoopProcess.java(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), data.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine());

        assertEquals(OptionalLong.of(holder.pid()), InstanceLock.holder(data));
        try (InstanceLock l = InstanceLock.acquire(data)) {
            fail("took a lock another process holds");
        } catch (InstanceLock.HeldException e) {
            assertEquals(holder.pid(), e.pid());
            assertTrue(e.getMessage(), e.getMessage().contains("is in use by a running snoop instance (pid "
                    + holder.pid() + ")"));
        }
        assertEquals("the refused attempt left the pid in place", Long.toString(holder.pid()),
                Files.readString(data.resolve(InstanceLock.FILE)).strip());

        holder.destroyForcibly(); // SIGKILL: no clean-up, the file stays
        assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        assertTrue(Files.exists(data.resolve(InstanceLock.FILE)));
        assertEquals("a dead holder holds nothing", OptionalLong.empty(), InstanceLock.holder(data));
        try (InstanceLock l = InstanceLock.acquire(data)) {
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), InstanceLock.holder(data));
            assertEquals(Long.toString(ProcessHandle.current().pid()),
                    Files.readString(data.resolve(InstanceLock.FILE)).strip());
            try (InstanceLock again = InstanceLock.acquire(data)) {
                fail("took the same lock twice in one process");
            } catch (InstanceLock.HeldException e) {
                assertEquals(ProcessHandle.current().pid(), e.pid());
            }
        }
        assertEquals(OptionalLong.empty(), InstanceLock.holder(data));
    }

    @Test
    public void anotherProcessOnlyAskingWhoHoldsTheLockDoesNotKeepAnInstanceFromTakingIt() throws Exception {
        Path data = tmp.getRoot().toPath().resolve("data");
        java.nio.file.Files.createDirectories(data);
        holder = new ProcessBuilder(SnoopProcess.java(), "-cp", System.getProperty("java.class.path"),
                LockProber.class.getName(), data.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("probing", out.readLine());
        Thread.sleep(300); // the prober's loop is compiled and running
        for (int i = 0; i < 5000; i++) {
            // the start script's wait asks over and over while the instance starts: it once refused to start
            try (InstanceLock l = InstanceLock.acquire(data)) {
                assertEquals(OptionalLong.of(ProcessHandle.current().pid()), InstanceLock.holder(data));
            }
        }
    }

    @Test
    public void noDirectoryNoHolder() throws Exception {
        assertEquals(OptionalLong.empty(), InstanceLock.holder(tmp.getRoot().toPath().resolve("none")));
        assertEquals(OptionalLong.empty(), InstanceLock.holder(tmp.getRoot().toPath()));
    }
}
