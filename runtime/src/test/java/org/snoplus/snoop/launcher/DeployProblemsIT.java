package org.snoplus.snoop.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.After;
import org.junit.Test;

/**
 * Every kind of bad jar in the deploy directory of the assembled runtime is reported, in the log
 * and by {@code snoop:deployed}, while the good processors run on: unreadable, truncated, not a
 * jar, not a bundle, no processor inside; a truncated one replaced by a whole copy goes live.
 *
 * <p>Run as root (as CI does), the instance runs as {@code nobody}, so that a jar of root's with
 * mode 0600 is unreadable to it, as it is when a shifter copies a jar in as another user; root
 * itself can read any file. Otherwise the instance runs as the current user and the jar's mode is
 * 0000.
 */
public class DeployProblemsIT {

    private Process snoop;
    private Path dir;

    @After
    public void cleanUp() throws Exception {
        if (snoop != null) {
            snoop.destroy();
            if (!snoop.waitFor(30, TimeUnit.SECONDS)) {
                snoop.destroyForcibly();
            }
        }
        OtherUser.deleteTree(dir);
    }

    @Test
    public void everyBadJarIsReportedAndTheRestRuns() throws Exception {
        boolean asOther = OtherUser.root();
        dir = OtherUser.openTempDirectory("snoop-deploy-it");
        Path dist = asOther ? OtherUser.copyOfDist(dir.resolve("dist")) : SnoopProcess.DIST;
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path data = Files.createDirectories(dir.resolve("data"));
        if (asOther) {
            Files.setOwner(data, OtherUser.principal());
        }
        Path err = dir.resolve("snoop.err");
        Files.writeString(conf.resolve("snoop.core.cfg"), "sample.period.ms = 500\n");
        Files.writeString(conf.resolve("snoop.reader.synthetic-sim.cfg"), "rate = 500\n");
        for (Path p : List.of(conf, conf.resolve("snoop.core.cfg"), conf.resolve("snoop.reader.synthetic-sim.cfg"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                    : "rw-r--r--"));
        }
        Path count = dist.resolve("processors/processor-count.jar");
        Path rate = dist.resolve("processors/processor-rate.jar");
        Files.copy(count, deploy.resolve("processor-count.jar"));

        Path unreadable = deploy.resolve("unreadable.jar");
        Files.copy(dist.resolve("processors/processor-host.jar"), unreadable);
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString(asOther ? "rw-------" : "---------"));
        byte[] whole = Files.readAllBytes(rate);
        Files.write(deploy.resolve("truncated.jar"), Arrays.copyOf(whole, whole.length * 2 / 3));
        Files.writeString(deploy.resolve("notajar.jar"), "<html>404 Not Found</html>\n");
        jar(deploy.resolve("plain.jar"), Map.of());
        jar(deploy.resolve("library.jar"), Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName",
                "org.example.library", "Bundle-Version", "1.0.0"));
        for (String f : List.of("processor-count.jar", "truncated.jar", "notajar.jar", "plain.jar", "library.jar")) {
            Files.setPosixFilePermissions(deploy.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }

        List<String> run = new ArrayList<>(List.of(SnoopProcess.java(), "-jar", dist.resolve("snoop-launcher.jar")
                .toString(), "run", "--root", SnoopProcess.ROOT.toString(), "--conf", conf.toString(), "--deploy",
                deploy.toString(), "--data", data.toString(), "--http", Integer.toString(SnoopProcess.freePort())));
        snoop = new ProcessBuilder(asOther ? OtherUser.as(run) : run)
                .redirectError(err.toFile()).redirectOutput(dir.resolve("snoop.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();

        Map<String, String> expected = Map.of(
                "unreadable.jar", "cannot be read: permission denied (owner "
                        + Files.getOwner(unreadable).getName() + ", mode " + (asOther ? "rw-------" : "---------")
                        + "; snoop runs as " + (asOther ? OtherUser.NAME : System.getProperty("user.name")) + ")",
                "truncated.jar", "truncated or corrupt (its zip directory cannot be read",
                "notajar.jar", "not a jar (not a zip file)",
                "plain.jar", "not an OSGi bundle: its manifest has no Bundle-SymbolicName",
                "library.jar", "no processor inside: none of its components provides "
                        + "org.snoplus.snoop.processor.Processor");
        StuckProcessorIT.waitFor("every bad jar in snoop:deployed", 60_000, () -> {
            String d = deployed(dist, data);
            return expected.entrySet().stream().allMatch(e -> row(d, e.getKey()).contains(e.getValue()));
        }, err);
        String log = Files.readString(err);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertTrue("logged: " + e, log.lines().anyMatch(l -> l.contains("[ERROR]") && l.contains(e.getKey())
                    && l.contains(e.getValue())));
        }
        String listing = deployed(dist, data);
        assertTrue(listing, row(listing, "truncated.jar").contains("NOT INSTALLED"));
        assertTrue(listing, row(listing, "library.jar").contains("org.example.library"));
        StuckProcessorIT.waitFor("count counts on", 30_000, () -> count(dist, data, "count") > 1000, err);

        // the truncated copy replaced by a whole one, renamed in: it goes live and its row is clean
        Path part = dir.resolve("rate.part");
        Files.copy(rate, part);
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(part, deploy.resolve("truncated.jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        StuckProcessorIT.waitFor("rate live from the fixed jar", 30_000, () -> count(dist, data, "rate") > 0, err);
        StuckProcessorIT.waitFor("its problem gone", 10_000, () -> {
            String r = row(deployed(dist, data), "truncated.jar");
            return r.contains("ACTIVE") && !r.contains("truncated or corrupt");
        }, err);
    }

    // ------------------------------------------------------------------ helpers

    /** snoop:deployed, asked as the instance's user; "" while it cannot be had. */
    private String deployed(Path dist, Path data) {
        return shell(dist, data, "snoop:deployed");
    }

    private String shell(Path dist, Path data, String command) {
        List<String> c = List.of(SnoopProcess.java(), "-jar", dist.resolve("snoop-launcher.jar").toString(), "shell",
                "--data", data.toString(), command);
        try {
            Process p = new ProcessBuilder(OtherUser.root() ? OtherUser.as(c) : c).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : "";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    /** Events of a processor, from snoop:processors; -1 while unknown. */
    private long count(Path dist, Path data, String name) {
        String line = row(shell(dist, data, "snoop:processors"), name);
        String[] f = line.trim().split("\\s+");
        try {
            return f.length > 3 && line.startsWith(name + " ") ? Long.parseLong(f[3]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The line of a listing that names {@code what}, or "". */
    private static String row(String listing, String what) {
        return listing.lines().filter(l -> l.startsWith(what + " ") || l.contains(" " + what + " ")).findFirst()
                .orElse("");
    }

    private static void jar(Path jar, Map<String, String> headers) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("README.txt"));
            out.write("a library, no processor\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
