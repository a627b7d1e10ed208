package org.snoplus.snoop.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.snoplus.snoop.admin.ReaderInfo;

/**
 * Readers and writers deployed like processors: a writer jar and a reader jar that are not in the
 * instance (the runtime's writer-jsonl and reader-ndjson, left out of this framework) are dropped
 * into the watched directory with their configuration files beside them, while the synthetic
 * detector feeds the loop; the reader is replaced by a newer version, then both are removed. The
 * loop, the other reader and the processor are untouched throughout, and the documents name both
 * sources.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginDeployIT extends SnoopTestSupport {

    @Configuration
    public Option[] config() throws Exception {
        return baseOptions(Set.of("writer-jsonl", "reader-ndjson"));
    }

    private static Path runtimeJar(String artifactId) {
        return DIST.resolve("bundles").resolve(artifactId + ".jar");
    }

    /** Writes a copy of {@code jar} with another Bundle-Version beside the directory, then renames it in. */
    private Path deploy(Path jar, String version, String fileName) throws IOException {
        Path tmp = dir().resolve(fileName + ".part");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest m = new Manifest(in.getManifest());
            if (version != null) {
                m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), m)) {
                JarEntry e;
                while ((e = in.getNextJarEntry()) != null) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return Files.move(tmp, deployDir().resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }

    /** A configuration file in the watched directory, written beside it and renamed in. */
    private Path cfg(String fileName, String text) throws IOException {
        Path tmp = dir().resolve(fileName + ".part");
        Files.writeString(tmp, text);
        return Files.move(tmp, deployDir().resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private ReaderInfo reader(String name) {
        return admin.readers().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    @Test
    public void aWriterAndAReaderDroppedInWorkAreReplacedAndRemovedWhileTheLoopGoesOn() throws Exception {
        configure("snoop.core", Map.of("sample.period.ms", 300L, "swap.hold.ms", 1500L));
        configureFactory("snoop.reader.synthetic", "detector", Map.of("rate", 2000.0));
        deployCount("count", "1.0.0", "count.jar");
        waitFor("the synthetic detector feeding count", 20_000,
                () -> processor("count") != null && processor("count").events() > 1000);
        assertEquals(null, bundle("org.snoplus.snoop.writer-jsonl"));

        // a new writer: its jar and its configuration file dropped in
        Path out = dir().resolve("plugged.jsonl");
        cfg("snoop.writer.jsonl-plugged.cfg", "path = " + out + "\n");
        deploy(runtimeJar("writer-jsonl"), null, "writer-jsonl.jar");
        waitFor("the dropped writer writing", 20_000, () -> {
            try {
                return !documents(out).isEmpty();
            } catch (IOException e) {
                return false;
            }
        });

        // a new reader: its jar and its configuration file
        Path events = events("plugged.ndjson", 1000);
        cfg("snoop.reader.ndjson-plugged.cfg", "file = " + events + "\nrate = 500\n");
        deploy(runtimeJar("reader-ndjson"), null, "reader-ndjson.jar");
        waitFor("the dropped reader reading", 20_000, () -> reader("plugged") != null && reader("plugged").events() > 0);
        String status = shell("snoop:status");
        assertTrue(status, status.contains("plugged") && status.contains("detector"));

        // the documents name both sources while both feed the loop
        waitFor("a document of count naming both sources", 20_000, () -> {
            try {
                return documents(out).stream().anyMatch(d -> "count".equals(d.get("name"))
                        && d.get("sources") instanceof List<?> l && l.contains("plugged") && l.contains("detector"));
            } catch (IOException e) {
                return false;
            }
        });

        // a newer version of the reader over the same file: replaced; the rest goes on
        long countBefore = processor("count").events();
        long detectorBefore = reader("detector").events();
        Bundle old = bundle("org.snoplus.snoop.reader-ndjson");
        long oldId = old.getBundleId();
        deploy(runtimeJar("reader-ndjson"), "0.2.0", "reader-ndjson.jar.new");
        Files.move(deployDir().resolve("reader-ndjson.jar.new"), deployDir().resolve("reader-ndjson.jar"),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        waitFor("version 0.2.0 live", 20_000, () -> {
            Bundle b = bundle("org.snoplus.snoop.reader-ndjson");
            return b != null && b.getVersion().toString().equals("0.2.0") && b.getState() == Bundle.ACTIVE
                    && reader("plugged") != null;
        });
        assertEquals("updated in place", oldId, bundle("org.snoplus.snoop.reader-ndjson").getBundleId());
        waitFor("the detector and count going on", 20_000,
                () -> reader("detector").events() > detectorBefore + 1000 && processor("count").events() > countBefore);
        assertTrue("count's totals were kept", processor("count").events() > countBefore);

        // removed: both plug-ins go, nothing else does
        Files.delete(deployDir().resolve("reader-ndjson.jar"));
        Files.delete(deployDir().resolve("writer-jsonl.jar"));
        waitFor("both gone", 20_000, () -> reader("plugged") == null
                && admin.writers().stream().noneMatch(w -> w.name().equals("plugged")));
        long after = reader("detector").events();
        waitFor("the loop going on", 20_000, () -> reader("detector").events() > after + 1000);
        assertEquals(null, bundle("org.snoplus.snoop.reader-ndjson"));
    }
}
