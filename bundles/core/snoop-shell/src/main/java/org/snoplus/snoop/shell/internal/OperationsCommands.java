package org.snoplus.snoop.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.admin.WriterInfo;
import org.snoplus.snoop.json.DocumentJson;

/**
 * The operator's {@code snoop:*} commands: readers and writers alone, the effective configuration
 * (secrets masked), a reload, and a safe upgrade of a processor jar. Each listing also has a
 * {@code --json} form for scripts.
 */
@Component(service = OperationsCommands.class, property = {
        "osgi.command.scope=snoop",
        "osgi.command.function=readers",
        "osgi.command.function=writers",
        "osgi.command.function=config",
        "osgi.command.function=reload",
        "osgi.command.function=upgrade"})
public class OperationsCommands {

    /** Shown instead of a value whose key names a secret. */
    static final String MASK = "********";

    @Reference
    private SnoopAdmin admin;

    @Reference
    private ConfigurationAdmin configAdmin;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("list the readers: state, events, rate, malformed records, source, last error")
    public String readers(@Descriptor("JSON instead of a table") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean json) throws IOException {
        List<ReaderInfo> readers = admin.readers();
        if (json) {
            return DocumentJson.writer().writeValueAsString(readers);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"READER", "STATE", "EVENTS", "RATE/S", "MALFORMED", "SOURCE", "LAST ERROR"});
        for (ReaderInfo r : readers) {
            rows.add(new String[] {r.name(), r.state().name(), Long.toString(r.events()), String.format("%.1f", r.rate()),
                Long.toString(r.malformed()), r.description(), SnoopCommands.abbreviate(r.lastError())});
        }
        return Table.format(rows);
    }

    @Descriptor("list the writers: state, queue, written, dropped, failures, store (spool), last error")
    public String writers(@Descriptor("JSON instead of a table") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean json) throws IOException {
        List<WriterInfo> writers = admin.writers();
        if (json) {
            return DocumentJson.writer().writeValueAsString(writers);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"WRITER", "STATE", "QUEUED", "CAPACITY", "WRITTEN", "DROPPED", "FAILURES", "STORE",
            "LAST ERROR"});
        for (WriterInfo w : writers) {
            rows.add(new String[] {w.name(), w.state().name(), Integer.toString(w.queued()),
                Integer.toString(w.capacity()), Long.toString(w.written()), Long.toString(w.dropped()),
                Long.toString(w.failures()), w.description(), SnoopCommands.abbreviate(w.lastError())});
        }
        return Table.format(rows);
    }

    @Descriptor("show the effective configuration of every component, or of one PID; secrets masked")
    public String config(@Descriptor("JSON instead of text") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean json, @Descriptor("PIDs (all when none)") String... pids)
            throws IOException, InvalidSyntaxException {
        Configuration[] all = configAdmin.listConfigurations(null);
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Configuration c : all == null ? new Configuration[0] : all) {
            if (pids.length > 0 && !Arrays.asList(pids).contains(c.getPid())
                    && !Arrays.asList(pids).contains(c.getFactoryPid())) {
                continue;
            }
            out.put(c.getPid(), masked(c.getProperties()));
        }
        if (json) {
            return DocumentJson.writer().writeValueAsString(out);
        }
        if (out.isEmpty()) {
            return pids.length == 0 ? "no configuration" : "no configuration with PID " + String.join(", ", pids);
        }
        StringBuilder text = new StringBuilder();
        out.forEach((pid, props) -> {
            text.append(pid).append('\n');
            props.forEach((k, v) -> text.append("  ").append(k).append(" = ").append(show(v)).append('\n'));
        });
        return text.toString();
    }

    static Map<String, Object> masked(Dictionary<String, Object> properties) {
        Map<String, Object> m = new TreeMap<>();
        if (properties == null) {
            return m;
        }
        for (String k : Collections.list(properties.keys())) {
            m.put(k, isSecret(k) ? MASK : properties.get(k));
        }
        return m;
    }

    /** Keys whose values are never shown: passwords, secrets, tokens, keys of credentials. */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return (k.contains("password") || k.contains("secret") || k.contains("token") || k.endsWith("credentials"))
                && !k.endsWith(".file") && !k.endsWith(".env");
    }

    private static String show(Object v) {
        if (v != null && v.getClass().isArray()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
                l.add(java.lang.reflect.Array.get(v, i));
            }
            return l.toString();
        }
        return String.valueOf(v);
    }

    @Descriptor("scan the deploy directories and conf/ again (as SIGUSR1); processors keep their state")
    public String reload() throws BundleException {
        for (Bundle b : context.getBundles()) {
            if ("org.apache.felix.fileinstall".equals(b.getSymbolicName())) {
                b.stop(Bundle.STOP_TRANSIENT);
                b.start(Bundle.START_TRANSIENT);
                return "reloaded: the deploy directories and conf/ were scanned again";
            }
        }
        return "FileInstall is not installed: nothing watches the deploy directories";
    }

    @Descriptor("install a processor jar safely: checked, copied beside the deploy directory's jars, renamed in")
    public String upgrade(@Descriptor("the jar") String file) throws IOException {
        Path jar = Path.of(file).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            return "no file " + jar;
        }
        String name;
        try (JarFile j = new JarFile(jar.toFile())) {
            name = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
        } catch (IOException e) {
            return jar + " is not a readable jar: " + e.getMessage();
        }
        if (name == null) {
            return jar + " is not an OSGi bundle (no Bundle-SymbolicName in its manifest)";
        }
        String dirs = context.getProperty("snoop.deploy");
        if (dirs == null || dirs.isBlank()) {
            return "no deploy directory is known (framework property snoop.deploy)";
        }
        Path deploy = Path.of(dirs.split(",")[0].strip());
        Path target = deploy.resolve(jar.getFileName());
        // FileInstall must never see half a jar: it is written under a name it ignores, then renamed
        Path part = deploy.resolve("." + jar.getFileName() + ".part");
        Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return name + " copied into " + target + "; it takes over within a second (see snoop:processors)";
    }
}
