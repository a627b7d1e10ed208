package org.snoplus.snoop.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.launcher.BundleSet;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Felix with SCR, Config Admin, FileInstall (watching this class's own deploy directory),
 * Gogo and the snoop bundles built by the reactor. One framework per test class.
 */
public abstract class SnoopTestSupport {

    static final Path ROOT = Path.of(System.getProperty("snoop.root", "..")).toAbsolutePath().normalize();
    /** The assembled runtime (runtime/target/snoop), built before these tests by the reactor. */
    static final Path DIST = Path.of(System.getProperty("snoop.dist", "../runtime/target/snoop")).toAbsolutePath()
            .normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    protected BundleContext context;
    @Inject
    protected SnoopAdmin admin;
    @Inject
    protected ConfigurationAdmin configAdmin;
    @Inject
    protected CommandProcessor commands;

    /** This test class's own directory: deploy/, data/, inputs. */
    protected Path dir() {
        return Path.of(System.getProperty("snoop.it.dir", "target/it"), getClass().getSimpleName())
                .toAbsolutePath();
    }

    /** This class's HTTP port: chosen free once, the same inside and outside the framework. */
    protected int httpPort() {
        String key = "snoop.it.http." + getClass().getSimpleName();
        String p = System.getProperty(key);
        if (p == null) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                p = Integer.toString(s.getLocalPort());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.setProperty(key, p);
        }
        return Integer.parseInt(p);
    }

    protected Path deployDir() {
        return dir().resolve("deploy");
    }

    protected Option[] baseOptions() throws IOException {
        return baseOptions(java.util.Set.of());
    }

    /**
     * As {@link #baseOptions()}, without the bundles of the runtime whose artifactIds are given (a
     * test that deploys them itself, as plug-ins).
     */
    protected Option[] baseOptions(java.util.Set<String> without) throws IOException {
        Path dir = dir();
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(deployDir());
        Files.createDirectories(dir.resolve("data"));
        List<Option> options = new ArrayList<>(List.of(
                systemProperty("org.ops4j.pax.url.mvn.localRepository")
                        .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository", "")),
                systemProperty("org.ops4j.pax.url.mvn.offline").value("true"),
                frameworkProperty("snoop.deploy").value(deployDir().toString()),
                frameworkProperty("snoop.data").value(dir.resolve("data").toString()),
                frameworkProperty("felix.fileinstall.dir").value(deployDir().toString()),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.bundles.new.start").value("true"),
                frameworkProperty("felix.fileinstall.log.level").value("3"),
                frameworkProperty("ds.loglevel").value("warn"),
                frameworkProperty("gosh.args").value("--nointeractive"),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                frameworkProperty("org.osgi.service.http.port").value(Integer.toString(httpPort()))));
        // the instance's own bundle set, as the runtime assembled it (declared once, in runtime/pom.xml)
        for (BundleSet.Entry e : BundleSet.read(DIST)) {
            if (!without.contains(e.artifactId())) {
                options.add(bundle(e.jar().toUri().toString()));
            }
        }
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    /** An example processor's jar, as the runtime assembled it. */
    static Path processorJar(String artifactId) {
        return DIST.resolve("processors").resolve(artifactId + ".jar");
    }

    // ------------------------------------------------------------------ deploying jars

    /**
     * Places a copy of the {@code count} processor jar in the deploy directory, as processor
     * {@code name} (its component renamed, its symbolic name suffixed) with the given version,
     * under {@code fileName}: written beside the directory first, then renamed in, as a user should.
     */
    protected Path deployCount(String name, String version, String fileName) throws IOException {
        return deployCount(name, version, fileName, m -> {
        });
    }

    protected Path deployCount(String name, String version, String fileName, Consumer<Manifest> change)
            throws IOException {
        Path tmp = dir().resolve(fileName + ".part");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(processorJar("processor-count")))) {
            Manifest m = new Manifest(in.getManifest());
            Attributes a = m.getMainAttributes();
            a.putValue("Bundle-Version", version);
            a.putValue("Bundle-SymbolicName", a.getValue("Bundle-SymbolicName") + "." + name);
            change.accept(m);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), m)) {
                JarEntry e;
                while ((e = in.getNextJarEntry()) != null) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    if (e.getName().startsWith("OSGI-INF/") && e.getName().endsWith(".xml")) {
                        String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        out.write(xml.replace("name=\"count\"", "name=\"" + name + "\"")
                                .getBytes(StandardCharsets.UTF_8));
                    } else {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Path target = deployDir().resolve(fileName);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    static void addImport(Manifest m, String pkg) {
        Attributes a = m.getMainAttributes();
        String imports = a.getValue("Import-Package");
        a.putValue("Import-Package", imports == null ? pkg : imports + "," + pkg);
    }

    // ------------------------------------------------------------------ configuration

    protected Configuration configure(String pid, Map<String, Object> props) throws IOException {
        Configuration c = configAdmin.getConfiguration(pid, "?");
        c.update(new Hashtable<>(props));
        return c;
    }

    protected Configuration configureFactory(String factoryPid, String name, Map<String, Object> props)
            throws IOException {
        Configuration c = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        Dictionary<String, Object> d = new Hashtable<>(props);
        c.update(d);
        return c;
    }

    /** An NDJSON file of {@code n} events numbered from 0. */
    protected Path events(String name, int n) throws IOException {
        Path f = dir().resolve(name);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add("{\"gtid\":" + i + ",\"nhit\":" + (i % 100) + "}");
        }
        Files.write(f, lines);
        return f;
    }

    /** Every document the JSON-lines writer has written so far. */
    @SuppressWarnings("unchecked")
    protected List<Map<String, Object>> documents(Path jsonl) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        if (Files.exists(jsonl)) {
            for (String line : Files.readAllLines(jsonl)) {
                if (!line.isBlank()) {
                    docs.add(JSON.readValue(line, Map.class));
                }
            }
        }
        return docs;
    }

    // ------------------------------------------------------------------ observing

    protected ProcessorInfo processor(String name) {
        return admin.processors().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** Runs a Gogo command as a shifter would and returns what it printed. */
    protected String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandSession s = commands.createSession(System.in, out, out);
        try {
            Object result = s.execute(command);
            if (result != null) {
                out.println(s.format(result, org.apache.felix.service.command.Converter.INSPECT));
            }
        } finally {
            s.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    protected static void waitFor(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
