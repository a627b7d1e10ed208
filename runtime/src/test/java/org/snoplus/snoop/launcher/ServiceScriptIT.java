package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The distribution as an operator meets it: {@code target/snoop-VERSION.tar.gz} unpacked into an
 * empty directory and driven through its {@code bin/snoop} with nothing on the PATH but a Java
 * runtime and the system's tools (no Maven, no sources): status, start, a second start, reload
 * with a changed configuration, SIGHUP, stop with its final sample, a kill -9 and the pid file it
 * leaves. One instance for the class, the steps in order.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ServiceScriptIT {

    private static Path home;
    private static Path data;
    private static int port;

    @BeforeClass
    public static void unpack() throws Exception {
        Path dir = StuckProcessorIT.fresh(Path.of("target/service-it").toAbsolutePath());
        Path tarball;
        try (Stream<Path> s = Files.list(SnoopProcess.DIST.getParent())) {
            tarball = s.filter(p -> p.getFileName().toString().matches("snoop-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no snoop-*.tar.gz beside " + SnoopProcess.DIST));
        }
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        try (Stream<Path> s = Files.list(dir)) {
            home = s.findFirst().orElseThrow();
        }
        assertTrue("bin/snoop is executable", Files.isExecutable(home.resolve("bin/snoop")));
        assertFalse("the script never builds", Files.readString(home.resolve("bin/snoop")).contains("mvn "));
        data = home.resolve("data");
        port = SnoopProcess.freePort();
        // a quick demo: the synthetic detector and a 1 s period
        Files.writeString(home.resolve("conf/snoop.core.cfg"), "sample.period.ms = 1000\n");
    }

    @AfterClass
    public static void stopIfLeft() throws Exception {
        if (home != null) {
            script("stop", "--timeout", "30");
        }
    }

    /** Runs bin/snoop with a PATH of the JRE and the system's tools only; exit code and output. */
    static Result script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/snoop").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", Path.of(SnoopProcess.java()).getParent() + File.pathSeparator + "/usr/bin:/bin");
        env.put("HOME", home.toString());
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("bin/snoop " + String.join(" ", args) + " ended", p.waitFor(120, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String out) {
    }

    private static long pid(String out) {
        Matcher m = Pattern.compile("pid (\\d+)").matcher(out);
        assertTrue(out, m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    public void a_notRunningIsStatus3() throws Exception {
        Result r = script("status");
        assertEquals(r.out(), 3, r.exit());
        assertTrue(r.out(), r.out().contains("not running"));
    }

    @Test
    public void b_startDetachesAndStatusSaysRunning() throws Exception {
        Result r = script("start", "--http", Integer.toString(port));
        assertEquals(r.out(), 0, r.exit());
        long pid = pid(r.out());
        assertEquals(Long.toString(pid), Files.readString(data.resolve("snoop.pid")).strip());
        StuckProcessorIT.waitFor("samples in the log", 60_000, () -> {
            try {
                return Files.readString(data.resolve("snoop.log")).contains("count seq=");
            } catch (IOException e) {
                return false;
            }
        }, data.resolve("snoop.log"));
        Result s = script("status");
        assertEquals(s.out(), 0, s.exit());
        assertTrue(s.out(), s.out().contains("snoop is running (pid " + pid));
        assertTrue("status tells what the instance does: " + s.out(), s.out().contains("READER"));
    }

    @Test
    public void c_aSecondStartIsRefusedAndTheFirstGoesOn() throws Exception {
        long pid = Long.parseLong(Files.readString(data.resolve("snoop.pid")).strip());
        Result r = script("start", "--http", Integer.toString(SnoopProcess.freePort()));
        assertEquals(r.out(), 1, r.exit());
        assertTrue(r.out(), r.out().contains("already running (pid " + pid));
        assertEquals(0, script("status").exit());
    }

    @Test
    public void d_reloadAndHupReadAChangedConfigurationAndKeepTheState() throws Exception {
        long before = total();
        Files.writeString(home.resolve("conf/rate.cfg"), "peak.samples = 7\n");
        Result r = script("reload");
        assertEquals(r.out(), 0, r.exit());
        StuckProcessorIT.waitFor("the reload logged", 30_000, () -> log().contains("reload done"),
                data.resolve("snoop.log"));
        long pid = Long.parseLong(Files.readString(data.resolve("snoop.pid")).strip());
        new ProcessBuilder("kill", "-HUP", Long.toString(pid)).start().waitFor();
        StuckProcessorIT.waitFor("SIGHUP logged", 30_000, () -> log().contains("SIGHUP: reading conf/ again"),
                data.resolve("snoop.log"));
        StuckProcessorIT.waitFor("count goes on from its state", 30_000, () -> {
            try {
                return total() > before;
            } catch (Exception e) {
                return false;
            }
        }, data.resolve("snoop.log"));
        assertEquals("still the same process", 0, script("status").exit());
    }

    /** count's run total, from the running instance. */
    private static long total() throws Exception {
        Result r = script("shell", "snoop:processors");
        Matcher m = Pattern.compile("(?m)^count\\s+\\S+\\s+ACTIVE\\s+(\\d+)").matcher(r.out());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String log() {
        try {
            return Files.readString(data.resolve("snoop.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    public void dz_theShellCommandsForScriptsAndASecretMasked() throws Exception {
        Files.writeString(home.resolve("conf/snoop.writer.log.cfg"), "format = summary\npassword = hunter2\n");
        StuckProcessorIT.waitFor("the configuration applied", 30_000,
                () -> {
                    try {
                        return script("shell", "snoop:config snoop.writer.log").out().contains("password");
                    } catch (Exception e) {
                        return false;
                    }
                }, data.resolve("snoop.log"));
        Result config = script("shell", "snoop:config --json snoop.writer.log");
        assertTrue(config.out(), config.out().contains("\"password\":\"********\""));
        assertFalse(config.out(), config.out().contains("hunter2"));
        for (String c : List.of("snoop:readers --json", "snoop:writers --json", "snoop:processors --json",
                "snoop:status --json")) {
            Result r = script("shell", c);
            assertEquals(c + ": " + r.out(), 0, r.exit());
            assertTrue(c + ": " + r.out(), r.out().strip().startsWith("[") || r.out().strip().startsWith("{"));
        }
        Result readers = script("shell", "snoop:readers");
        assertTrue(readers.out(), readers.out().contains("demo") && readers.out().contains("READING"));
        // a processor jar installed through the shell: copied in whole, then taken up
        Path jar = home.resolve("processors/processor-count.jar");
        Result up = script("shell", "snoop:upgrade " + jar);
        assertTrue(up.out(), up.out().contains("copied into"));
        assertEquals(0, script("status").exit());
    }

    @Test
    public void dzz_checkConfigNamesFileKeyAndReason() throws Exception {
        Path bad = Files.createDirectories(home.resolve("bad-conf"));
        Files.writeString(bad.resolve("snoop.core.cfg"), "sample.period.ms = fast\nsampel.timeout.ms = 3\n");
        Files.writeString(bad.resolve("snoop.reder.zdab-a.cfg"), "file = x.zdab\n");
        Files.writeString(bad.resolve("snoop.writer.log.cfg"), "format = fancy\n");
        Result r = script("check-config", bad.toString());
        assertEquals(r.out(), 1, r.exit());
        assertTrue(r.out(), r.out().contains("snoop.core.cfg: sample.period.ms: 'fast' is not a long number"));
        assertTrue(r.out(), r.out().contains("sampel.timeout.ms: not a key of snoop.core; did you mean sample.timeout.ms?"));
        assertTrue(r.out(), r.out().contains("no component takes the PID snoop.reder.zdab-a; did you mean snoop.reader.zdab?"));
        assertTrue(r.out(), r.out().contains("format: 'fancy' is not one of [summary, json]"));
        // the instance's own conf/: the password left there by the step before is named, and nothing else
        Result withPassword = script("check-config", home.resolve("conf").toString());
        assertEquals(withPassword.out(), 1, withPassword.exit());
        assertTrue(withPassword.out(), withPassword.out().contains("snoop.writer.log.cfg: password: a password does "
                + "not belong in a configuration file"));
        assertTrue(withPassword.out(), withPassword.out().contains("1 problem"));
        Files.writeString(home.resolve("conf/snoop.writer.log.cfg"), "format = summary\n");
        Result good = script("check-config", home.resolve("conf").toString());
        assertEquals(good.out(), 0, good.exit());
    }

    @Test
    public void e_stopEndsWithAFinalSample() throws Exception {
        Result r = script("stop", "--timeout", "30");
        assertEquals(r.out(), 0, r.exit());
        assertTrue(r.out(), r.out().contains("snoop stopped"));
        assertTrue("a final sample: " + log(), log().contains("final sample taken"));
        assertFalse("the pid file goes with a clean stop", Files.exists(data.resolve("snoop.pid")));
        assertEquals(3, script("status").exit());
        assertEquals("stop when stopped is fine", 0, script("stop").exit());
    }

    @Test
    public void f_killMinus9LeavesAPidFileThatStatusNamesAndStartHandles() throws Exception {
        Result r = script("start", "--http", Integer.toString(port));
        assertEquals(r.out(), 0, r.exit());
        long pid = pid(r.out());
        ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("pid " + pid + " is gone right after its start; "
                + "log: " + log())).destroyForcibly();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        Result s = script("status");
        assertEquals(s.out(), 1, s.exit());
        assertTrue(s.out(), s.out().contains("ended without stopping"));
        // started again, with a second deploy directory (as the old processor_paths list)
        Path extra = Files.createDirectories(home.resolve("more-processors"));
        Files.move(home.resolve("processors-deploy/processor-host.jar"), extra.resolve("processor-host.jar"));
        Result again = script("start", "--http", Integer.toString(port), "--deploy",
                home.resolve("processors-deploy") + "," + extra);
        assertEquals(again.out(), 0, again.exit());
        assertEquals(0, script("status").exit());
        StuckProcessorIT.waitFor("host, from the second directory, live", 60_000, () -> {
            try {
                return Pattern.compile("(?m)^host\\s+\\S+\\s+ACTIVE").matcher(script("shell", "snoop:processors").out())
                        .find();
            } catch (Exception e) {
                return false;
            }
        }, data.resolve("snoop.log"));
        assertEquals(0, script("stop", "--timeout", "30").exit());
    }
}
