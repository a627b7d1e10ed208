package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.snoplus.snoop.testing.TestCouchServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one instance guards against, on the assembled runtime: a second start on its data
 * directory, a shell reached by another user, an idle or forbidden shell command, and a password
 * that leaks into the data directory, {@code scr:info} or the log. One instance for the class,
 * writing to a CouchDB-API server that requires a password.
 */
public class InstanceGuardIT {

    private static final String SECRET = "Pw-8e1f-never-shown";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static Path conf;
    private static Path deploy;
    private static Path data;
    private static Path err;
    private static Process snoop;
    private static TestCouchServer couch;

    @BeforeClass
    public static void start() throws Exception {
        dir = OtherUser.openTempDirectory("snoop-guard-it");
        conf = Files.createDirectories(dir.resolve("conf"));
        deploy = Files.createDirectories(dir.resolve("deploy"));
        data = dir.resolve("data");
        err = dir.resolve("snoop.err");
        couch = TestCouchServer.startWithAdmin("snoop", SECRET);
        Path pw = dir.resolve("couchdb.password");
        Files.writeString(pw, SECRET + "\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 500\n");
        Files.writeString(conf.resolve("snoop.reader.synthetic-sim.cfg"), "rate = 200\n");
        Files.writeString(conf.resolve("snoop.writer.couchdb-main.cfg"), "url = " + couch.url()
                + "\nusername = snoop\npassword.file = " + pw + "\ntimeout.ms = 5000\n");
        // the old way: the password in the configuration file, which must go nowhere from there
        Files.writeString(conf.resolve("snoop.writer.couchdb-old.cfg"), "url = " + couch.url()
                + "\ndatabase = old\nusername = snoop\npassword = " + SECRET + "\ntimeout.ms = 5000\n");
        Files.copy(SnoopProcess.DIST.resolve("processors/processor-count.jar"), deploy.resolve("processor-count.jar"));
        snoop = SnoopProcess.start(conf, deploy, data, SnoopProcess.freePort(), dir.resolve("snoop.out"), err);
        StuckProcessorIT.waitFor("count live", 60_000, () -> StuckProcessorIT.line(data, "count").contains("ACTIVE"),
                err);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (snoop != null) {
            snoop.destroy();
            if (!snoop.waitFor(30, TimeUnit.SECONDS)) {
                snoop.destroyForcibly();
            }
        }
        if (couch != null) {
            couch.close();
        }
        OtherUser.deleteTree(dir);
    }

    // ------------------------------------------------------------------ one instance per data directory

    @Test
    public void aSecondStartIsRefusedAtOnceNamingTheRunningInstanceAndTouchesNothingOfIt() throws Exception {
        Path socket = Main.shellSocket(data);
        Object inode = Files.getAttribute(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        Set<String> cache = tree(data.resolve("felix-cache"));
        Path err2 = dir.resolve("second.err");
        long t = System.currentTimeMillis();
        Process second = SnoopProcess.start(conf, deploy, data, SnoopProcess.freePort(), dir.resolve("second.out"), err2);
        assertTrue("the second start ended", second.waitFor(60, TimeUnit.SECONDS));
        System.out.println("second start refused after " + (System.currentTimeMillis() - t) + " ms");
        assertEquals("exit code", Main.EXIT_IN_USE, second.exitValue());
        String said = Files.readString(err2);
        assertTrue(said, said.contains("data directory " + data.toRealPath() + " is in use by a running snoop instance (pid "
                + snoop.pid() + ")"));

        assertTrue(snoop.isAlive());
        assertEquals("the shell socket is the first instance's still", inode,
                Files.getAttribute(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS));
        Set<String> after = tree(data.resolve("felix-cache"));
        assertTrue("felix-cache was not cleaned: missing " + minus(cache, after), after.containsAll(cache));
        assertEquals(Long.toString(snoop.pid()), Files.readString(data.resolve(InstanceLock.FILE)).strip());
        assertEquals(java.util.OptionalLong.of(snoop.pid()), InstanceLock.holder(data));
        assertTrue(SnoopProcess.shell(data, "snoop:status").contains("sim"));
    }

    // ------------------------------------------------------------------ a shell only its owner can use

    @Test
    public void theShellSocketIsItsOwnersOnly() throws Exception {
        Path socket = Main.shellSocket(data);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent(),
                LinkOption.NOFOLLOW_LINKS)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket,
                LinkOption.NOFOLLOW_LINKS)));
        assertEquals(System.getProperty("user.name"), Files.getOwner(socket.getParent()).getName());
    }

    @Test
    public void anotherUserIsRefusedByTheDirectoryAndByThePeerCheck() throws Exception {
        OtherUser.assumeAvailable();
        Path dist = OtherUser.copyOfDist(dir.resolve("dist-copy"));
        List<String> client = OtherUser.as(List.of(SnoopProcess.java(), "-jar", dist.resolve("snoop-launcher.jar")
                .toString(), "shell", "--data", data.toString(), "snoop:processors"));

        Result r = run(client);
        assertEquals(r.out, 2, r.exit);
        assertTrue(r.out, r.out.contains("permission denied (its shell is only for the user who runs it)"));

        // modes loosened by hand: the kernel's word on who connected still keeps the other user out
        Path socket = Main.shellSocket(data);
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            r = run(client);
        } finally {
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        }
        assertEquals(r.out, 2, r.exit);
        assertTrue(r.out, r.out.contains("refused: this snoop instance's shell is only for the user who runs it"));
        assertFalse(r.out, r.out.contains("count"));
        StuckProcessorIT.waitFor("the refusal logged", 10_000, () -> log().contains(
                "shell connection from user " + OtherUser.NAME), err);
    }

    @Test
    public void idleClientsBlockNoOneForLongAndAreBounded() throws Exception {
        Path socket = Main.shellSocket(data);
        List<SocketChannel> idle = new ArrayList<>();
        try {
            idle.add(connect(socket)); // connects and says nothing
            assertTrue(SnoopProcess.shell(data, "snoop:processors").contains("count"));

            for (int i = 1; i < 8; i++) { // clients = 8 by default: now every one is taken
                idle.add(connect(socket));
            }
            Result busy = run(List.of(SnoopProcess.java(), "-jar", SnoopProcess.DIST.resolve("snoop-launcher.jar")
                    .toString(), "shell", "--data", data.toString(), "snoop:processors"));
            if (busy.exit == 0) {
                // an idle client's read.timeout.ms (5 s) ran out meanwhile on a slow machine: then its slot was free
                assertTrue(busy.out, busy.out.contains("count"));
            } else {
                assertEquals(busy.out, 2, busy.exit);
                assertTrue(busy.out, busy.out.contains("busy: 8 shell clients connected already"));
            }
            // each idle one is told, then dropped, after read.timeout.ms
            String told = answer(idle.get(0));
            assertTrue(told, told.contains("error: no command received within 5000 ms") && told.endsWith("\0exit=2\n"));
            StuckProcessorIT.waitFor("a command once the idle ones are gone", 30_000, () -> {
                try {
                    return SnoopProcess.shell(data, "snoop:processors").contains("count");
                } catch (Exception e) {
                    return false;
                }
            }, err);
        } finally {
            for (SocketChannel c : idle) {
                c.close();
            }
        }
    }

    @Test
    public void onlyTheSnoopCommandsAndReadOnlyInspectionRun() throws Exception {
        assertTrue(SnoopProcess.shell(data, "lb").contains("snoop core"));
        assertTrue(SnoopProcess.shell(data, "scr:list").contains("snoop.core"));
        assertTrue(SnoopProcess.shell(data, "help").contains("snoop:processors"));
        for (String forbidden : List.of("cm:getConfiguration snoop.core", "felix:stop 0", "telnetd start",
                "install file:/nonexistent.jar")) {
            Process p = SnoopProcess.shellProcess(data, forbidden);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(out, 1, p.waitFor());
            assertTrue(out, out.startsWith("refused: '" + forbidden.split(" ")[0] + "' is not allowed in this shell: "
                    + "it runs the snoop: commands and lb, scr:list, scr:info, help (all.commands = true in "
                    + "snoop.shell.cfg allows every Gogo command)"));
        }
        Process p = SnoopProcess.shellProcess(data, "snoop:processors ; felix:stop 0");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(out, 1, p.waitFor());
        assertTrue(out, out.startsWith("refused: argument ';' is not allowed in this shell"));
        assertTrue("the instance still runs", snoop.isAlive() && SnoopProcess.shell(data, "lb").contains("Active"));
    }

    // ------------------------------------------------------------------ secrets

    @Test
    public void thePasswordAuthenticatesAndIsNeitherInTheDataDirectoryNorInScrInfoNorInTheLog() throws Exception {
        StuckProcessorIT.waitFor("documents in CouchDB, written with the password", 60_000, () -> rows("snoop") > 3,
                err);
        StuckProcessorIT.waitFor("the configured password reported as ignored", 30_000, () -> log().contains(
                "snoop.writer.couchdb~old: the key password is ignored"), err);

        String info = SnoopProcess.shell(data, "scr:info snoop.writer.couchdb");
        assertTrue(info, info.contains("password.file"));
        assertFalse(info, info.contains(SECRET));
        assertFalse(info, info.lines().anyMatch(l -> l.trim().startsWith("password<")));
        String status = SnoopProcess.shell(data, "snoop:status");
        assertFalse(status, status.contains(SECRET));

        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> w = Files.walk(data)) {
            for (Path f : w.filter(Files::isRegularFile).toList()) {
                if (contains(Files.readAllBytes(f), secret)) {
                    holding.add(f);
                }
            }
        }
        assertEquals("files of the data directory holding the password", List.of(), holding);
        assertFalse("the log shows the password", log().contains(SECRET));
    }

    // ------------------------------------------------------------------ helpers

    private record Result(int exit, String out) {
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(socket));
        return c;
    }

    /** Everything the instance sends on {@code c} until it closes it. */
    private static String answer(SocketChannel c) throws IOException {
        StringBuilder s = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (c.read(buf) >= 0) {
            s.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            buf.clear();
        }
        return s.toString();
    }

    private static long rows(String database) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(couch.url() + "/" + database + "/_all_docs?limit=0"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("snoop:" + SECRET)
                            .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return -1;
            }
            JsonNode n = JSON.readTree(r.body());
            return n.path("total_rows").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String log() {
        try {
            return Files.readString(err);
        } catch (IOException e) {
            return "";
        }
    }

    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> w = Files.walk(root)) {
            return w.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
