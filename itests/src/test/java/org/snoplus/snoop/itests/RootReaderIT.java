package org.snoplus.snoop.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.ReaderState;
import org.snoplus.snoop.processor.Processor;

/**
 * The ROOT reader as it is meant to be used: a plug-in. Its two jars, as the runtime builds them
 * ({@code target/snoop/plugins/}), are dropped into the watched directory of a running instance with a
 * configuration file naming a real ROOT ntuple ({@code ../shared/data/root/uproot-Zmumu.root}), its tree, branches
 * and run branch; every entry reaches a processor as a map, in order, with the runs of the run branch; removing the
 * configuration removes the reader, removing the jars the bundles, and the instance goes on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RootReaderIT extends SnoopTestSupport {

    @Configuration
    public Option[] config() throws Exception {
        return baseOptions();
    }

    /** The shared data's file, or a skip (a failure in CI) when the data is not beside the project. */
    private static Path sharedData(String relative) {
        String dir = System.getProperty("snoop.shared.data");
        Path p = (dir != null && !dir.isBlank() ? Path.of(dir) : ROOT.resolve("../shared/data")).resolve(relative)
                .toAbsolutePath().normalize();
        if (!Files.isReadable(p)) {
            assertTrue("the real data file " + p + " is missing", !"true".equals(System.getenv("CI")));
            assumeTrue("no " + p, false);
        }
        return p;
    }

    /** Writes {@code source} beside the watched directory, then renames it in, as a user should. */
    private Path drop(Path source, String fileName) throws IOException {
        Path tmp = dir().resolve(fileName + ".part");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, deployDir().resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }

    private Path dropText(String fileName, String text) throws IOException {
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
    public void aRootNtupleConfiguredBesideThePluginReachesAProcessor() throws Exception {
        Path ntuple = sharedData("root/uproot-Zmumu.root");
        assertEquals("not in the runtime's bundle set", null, bundle("org.snoplus.snoop.reader-root"));

        Entries entries = new Entries();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Processor.NAME, "ntuple");
        ServiceRegistration<?> registration = context.registerService(Processor.class, entries, props);
        try {
            Path cfg = dropText("snoop.reader.root-zmumu.cfg", "file = " + ntuple + "\ntree = events\n"
                    + "branches = Type, Event, E1, px1\nrun.branch = Run\n");
            Path library = drop(DIST.resolve("plugins/snoplus-root.jar"), "snoplus-root.jar");
            Path plugin = drop(DIST.resolve("plugins/reader-root.jar"), "reader-root.jar");

            waitFor("the ntuple read to its end", 30_000,
                    () -> reader("zmumu") != null && reader("zmumu").state() == ReaderState.DONE);
            waitFor("every entry at the processor", 10_000, () -> entries.count == 2304);
            ReaderInfo info = reader("zmumu");
            assertEquals(2304, info.events());
            assertEquals(0, info.malformed());
            // the first and last entries as jsroot reads them; the branches in the order configured, Run added
            assertEquals(List.of("Type", "Event", "E1", "px1", "Run"), new ArrayList<>(entries.first.keySet()));
            assertEquals("GT", entries.first.get("Type"));
            assertEquals(Double.longBitsToDouble(0x40548ceb60ff1e59L), entries.first.get("E1"));
            assertEquals(10507008L, entries.first.get("Event"));
            assertEquals("GG", entries.last.get("Type"));
            assertEquals(99991333L, entries.last.get("Event"));
            assertEquals("the loop's run is the last entry's Run", 148029L, admin.loop().run());
            assertEquals(0, entries.outOfOrder);
            String status = shell("snoop:status");
            assertTrue(status, status.contains("root " + ntuple + " tree events entry 2304 of 2304"));

            // the configuration removed: the reader goes; the jars removed: the bundles go; the instance goes on
            Files.delete(cfg);
            waitFor("the reader removed", 10_000, () -> reader("zmumu") == null);
            Files.delete(plugin);
            Files.delete(library);
            waitFor("the plug-in uninstalled", 10_000, () -> bundle("org.snoplus.snoop.reader-root") == null
                    && bundle("org.snoplus.snoop.snoplus-root") == null);
            assertTrue("the instance goes on: " + shell("snoop:processors"), shell("snoop:processors").contains("ntuple"));
        } finally {
            registration.unregister();
        }
    }

    /** Keeps the first and last entry and checks that the Event numbers of each run come in the file's order. */
    @SuppressWarnings("rawtypes")
    static class Entries implements Processor<Map> {
        volatile long count;
        volatile Map<?, ?> first;
        volatile Map<?, ?> last;
        volatile long outOfOrder;
        private int index;

        public Class<Map> eventType() {
            return Map.class;
        }

        public void event(Map e) {
            if (first == null) {
                first = e;
            }
            last = e;
            if (!(e.get("E1") instanceof Double) || !(e.get("Event") instanceof Long)) {
                outOfOrder++;
            }
            index++;
            count = index;
        }

        public Map<String, Object> sample() {
            return Map.of("entries", count);
        }
    }
}
