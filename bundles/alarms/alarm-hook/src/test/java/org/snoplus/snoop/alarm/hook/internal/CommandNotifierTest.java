package org.snoplus.snoop.alarm.hook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.AlarmState;
import org.snoplus.snoop.alarm.Notification;
import org.snoplus.snoop.alarm.Severity;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The hook runs real programs (shell scripts written here). */
public class CommandNotifierTest {

    private Path dir;

    @Before
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("hook");
    }

    @After
    public void tearDown() throws IOException {
        try (var w = Files.walk(dir)) {
            w.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    static CommandConfig config(String command, String args, int timeout) {
        return new CommandConfig() {
            public Class<? extends Annotation> annotationType() {
                return CommandConfig.class;
            }

            public String command() {
                return command;
            }

            public String args() {
                return args;
            }

            public int timeout_s() {
                return timeout;
            }
        };
    }

    static Notification notification() {
        Alarm a = new Alarm("hot-channels", Severity.ALARM, AlarmState.FIRING, "detector.rules", "42 hot channels", 42L,
                1000, 1000, false, null, null);
        return new Notification("daq1", List.of(a), 0, List.of(a));
    }

    @Test
    @SuppressWarnings("unchecked")
    public void theProgramGetsTheNotificationAsJsonOnItsInput() throws Exception {
        Path out = dir.resolve("got.json");
        Path s = script("hook.sh", "cat > \"$1\"; echo \"$SNOOP_ALARM_SUBJECT\" > \"$1.subject\"");
        CommandNotifier n = new CommandNotifier();
        n.configure(config(s.toString(), out.toString(), 10));
        n.send(notification());
        Map<String, Object> got = new ObjectMapper().readValue(Files.readString(out), Map.class);
        assertEquals("daq1", got.get("instance"));
        assertEquals("hot-channels", ((List<Map<String, Object>>) got.get("changes")).get(0).get("name"));
        assertEquals("[snoop daq1] 1 firing: hot-channels", Files.readString(dir.resolve("got.json.subject")).strip());
    }

    @Test
    public void aFailingProgramFailsTheSendWithWhatItSaid() throws Exception {
        CommandNotifier n = new CommandNotifier();
        n.configure(config(script("bad.sh", "echo 'pager gateway down' >&2; exit 3").toString(), "", 10));
        try {
            n.send(notification());
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().endsWith("exited with 3: pager gateway down"));
        }
    }

    @Test
    public void aProgramThatHangsIsKilled() throws Exception {
        CommandNotifier n = new CommandNotifier();
        n.configure(config(script("slow.sh", "exec sleep 30").toString(), "", 1));
        long t = System.nanoTime();
        try {
            n.send(notification());
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().endsWith("did not end within 1 s: killed"));
        }
        assertTrue((System.nanoTime() - t) / 1e9 < 20);
    }

    @Test
    public void aCommandThatIsNoProgramIsRefused() {
        try {
            new CommandNotifier().configure(config("relative/path", "", 10));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("absolute path"));
        }
        try {
            new CommandNotifier().configure(config(dir.resolve("none").toString(), "", 10));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("is not an executable file"));
        }
    }
}
