package org.snoplus.snoop.store.embedded.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.snoplus.snoop.testing.SampleDocuments.doc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.StoreException;
import org.snoplus.snoop.testing.Configs;

public class EmbeddedStoreTest {

    // 2025-11-28T20:40:00Z
    private static final long T = 1764362400000L;
    private static final long DAY = EmbeddedStore.DAY_MS;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<EmbeddedStore> opened = new ArrayList<>();

    @After
    public void closeAll() {
        opened.forEach(EmbeddedStore::deactivate);
    }

    @Test
    public void withoutConfigurationTheStoreIsInTheDataDirectory() throws Exception {
        EmbeddedStore store = activate(new EmbeddedStore());

        store.write(List.of(doc("rate", T)));

        Path file = tmp.getRoot().toPath().resolve("store").resolve(MvDocumentStore.FILE);
        assertTrue(file + " exists", Files.isRegularFile(file));
        assertEquals("embedded " + file + " (1 documents written, 1 stored)", store.describe());
    }

    @Test
    public void aConfiguredPathIsTheStoresDirectory() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("elsewhere/docs");
        EmbeddedStore store = activate(new EmbeddedStore(), "path", dir.toString());

        store.write(List.of(doc("rate", T)));

        assertTrue(Files.isRegularFile(dir.resolve(MvDocumentStore.FILE)));
        assertTrue(Files.notExists(tmp.getRoot().toPath().resolve("store")));
    }

    @Test
    public void configurationIsValidatedNamingTheKey() {
        EmbeddedStore store = new EmbeddedStore();
        Map<String, String> framework = Map.of("snoop.data", tmp.getRoot().toString());
        Configs.assertRejected("bad configuration: retention.days must be >= 0 (0 = keep documents for ever), not -1",
                () -> activateUnchecked(store, framework, "retention.days", -1L));
        Configs.assertRejected("bad configuration: commit.ms must be >= 0 (0 = commit every batch), not -5",
                () -> activateUnchecked(store, framework, "commit.ms", -5L));
        Configs.assertRejected("bad configuration: cache.mb must be between 1 and 1048576, not 0",
                () -> activateUnchecked(store, framework, "cache.mb", 0));
        Configs.assertRejected("bad configuration: path is not a valid path",
                () -> activateUnchecked(store, framework, "path", "a\0b"));
        Configs.assertRejected("bad configuration: full.days (30) must be below retention.days (10)",
                () -> activateUnchecked(store, framework, "full.days", 30L, "retention.days", 10L));
        Configs.assertRejected("bad configuration: consolidate.s must be between 1 and 86400, not 0",
                () -> activateUnchecked(store, framework, "consolidate.s", 0L));
        Configs.assertRejected("bad configuration: compress must be high, fast or none, not 'lz4'",
                () -> activateUnchecked(store, framework, "compress", "lz4"));
    }

    private void activateUnchecked(EmbeddedStore store, Map<String, String> framework, Object... config) {
        try {
            activate(store, framework, config);
        } catch (StoreException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void aStoreInUseByAnotherIsRefusedNamingTheFile() throws Exception {
        activate(new EmbeddedStore());
        try {
            activate(new EmbeddedStore());
            fail("opened a store that is open");
        } catch (StoreException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot open the embedded store "
                    + tmp.getRoot().toPath().resolve("store").resolve(MvDocumentStore.FILE)));
        }
    }

    @Test
    public void documentsAndVersionsOutliveTheStore() throws Exception {
        EmbeddedStore store = activate(new EmbeddedStore());
        store.write(List.of(doc("rate", T, "rate", 1.5), doc("count", T, "count", 3L)));
        store.write(List.of(doc("rate", T + 1000, "rate", 2.5)));
        long version = store.version("rate");
        store.deactivate();

        EmbeddedStore again = activate(new EmbeddedStore());
        assertEquals(List.of("count", "rate"), again.names());
        assertEquals(doc("rate", T + 1000, "rate", 2.5), again.latest("rate"));
        assertEquals(2, again.count("rate", T, T + 2000));
        assertEquals(version, again.version("rate"));
        again.write(List.of(doc("rate", T + 2000, "rate", 3.5)));
        assertNotEquals("a version never comes back", version, again.version("rate"));
        assertTrue(again.version("rate") > version);
    }

    @Test
    public void everyBatchIsCommittedSoACrashLosesNone() throws Exception {
        EmbeddedStore store = activate(new EmbeddedStore());
        for (int i = 0; i < 10; i++) {
            store.write(List.of(doc("rate", T + i * 1000L, "i", (long) i), doc("count", T + i * 1000L)));
        }
        store.store().abandon(); // as a killed process leaves it: nothing more written

        EmbeddedStore again = activate(new EmbeddedStore());
        assertEquals(10, again.count("rate", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(doc("rate", T + 9000, "i", 9L), again.latest("rate"));
    }

    @Test
    public void withCommitMsABatchWaitsForTheFlushAndACrashLosesWhatWaited() throws Exception {
        EmbeddedStore store = activate(new EmbeddedStore(), "commit.ms", 3_600_000L);
        store.write(List.of(doc("rate", T)));
        store.flush(); // the writer's queue ran empty
        store.write(List.of(doc("rate", T + 1000)));
        assertEquals("readers see it at once", 2, store.count("rate", T, T + 2000));
        store.store().abandon();

        EmbeddedStore again = activate(new EmbeddedStore());
        assertEquals(List.of(doc("rate", T)), range(again, "rate"));
    }

    @Test
    public void aKilledProcessLeavesAStoreWithEveryBatchItWrote() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("killed");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                CrashWriter.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // should the child hang, killing it ends the read below
        Thread watchdog = new Thread(() -> {
            try {
                child.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // the test is over
            }
            child.destroyForcibly();
        });
        watchdog.setDaemon(true);
        watchdog.start();
        long written = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                written = Long.parseLong(line.trim());
                if (written >= 50 * CrashWriter.BATCH) {
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL, in the middle of further batches
            assertTrue("killed", child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertTrue("the writer wrote " + written, written >= 50 * CrashWriter.BATCH);

        EmbeddedStore store = activate(new EmbeddedStore(), "path", dir.toString());
        long stored = store.count(CrashWriter.NAME, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(stored + " stored, " + written + " written", stored >= written);
        List<SampleDocument> all = range(store, CrashWriter.NAME);
        assertEquals(stored, all.size());
        // what the file holds is what was written first, whole and readable
        for (int i = 0; i < all.size(); i++) {
            assertEquals(CrashWriter.doc(i), all.get(i));
        }
        store.write(List.of(CrashWriter.doc((int) stored)));
        assertEquals(stored + 1, store.count(CrashWriter.NAME, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    public void documentsOlderThanTheRetentionAreRemovedHourly() throws Exception {
        MutableClock clock = new MutableClock(T);
        EmbeddedStore store = activate(new EmbeddedStore(clock), "retention.days", 2L);
        long before = store.version("old");
        long soonOld = T - 2 * DAY + 10 * 60_000;

        store.write(List.of(doc("old", T - 5 * DAY), doc("rate", T - 3 * DAY), doc("rate", soonOld), doc("rate", T)));

        assertEquals("removed at once", List.of(soonOld, T), times(range(store, "rate")));
        assertEquals(List.of("rate"), store.names());
        assertNull(store.latest("old"));
        assertNotEquals("removing changes the version", before, store.version("old"));

        clock.millis = T + 30 * 60_000; // soonOld is 2 days and 20 minutes old
        store.write(List.of(doc("rate", clock.millis)));
        assertEquals("looked for once an hour", List.of(soonOld, T, T + 30 * 60_000), times(range(store, "rate")));

        clock.millis = T + EmbeddedStore.PRUNE_EVERY_MS;
        long version = store.version("rate");
        store.write(List.of(doc("count", clock.millis)));
        assertEquals(List.of(T, T + 30 * 60_000), times(range(store, "rate")));
        assertNotEquals("removing changes the version", version, store.version("rate"));
    }

    @Test
    public void aDocumentThatIsNotJsonIsSkippedAndTheRestWritten() throws Exception {
        EmbeddedStore store = activate(new EmbeddedStore());

        store.write(List.of(doc("rate", T), doc("rate", T + 1000, "thing", new Object()), doc("rate", T + 2000)));

        assertEquals(List.of(T, T + 2000), times(range(store, "rate")));
        assertTrue(store.describe(), store.describe().endsWith("(2 documents written, 2 stored)"));
    }

    @Test
    public void aClosedStoreSaysSo() throws Exception {
        EmbeddedStore store = activate(new EmbeddedStore());
        store.deactivate();
        try {
            store.latest("rate");
            fail("read a closed store");
        } catch (StoreException e) {
            assertEquals("the embedded store is not active", e.getMessage());
        }
        assertEquals("embedded (closed)", store.describe());
    }

    @Test
    public void dataWhoseKeysChangeEverySampleIsKeptAsJsonBeyondTheShapeLimit() throws Exception {
        EmbeddedStore store = activate(new EmbeddedStore());
        int n = MvDocumentStore.MAX_SHAPES + 20;
        List<SampleDocument> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(doc("hot", T + i * 1000L, "channel" + i, (long) i, "rate", i / 2.0));
            if (batch.size() == 1000) {
                store.write(batch);
                batch.clear();
            }
        }
        store.write(batch);
        store.deactivate();

        EmbeddedStore again = activate(new EmbeddedStore());
        List<SampleDocument> all = range(again, "hot");
        assertEquals(n, all.size());
        for (int i : new int[] {0, 1, MvDocumentStore.MAX_SHAPES - 2, MvDocumentStore.MAX_SHAPES + 10, n - 1}) {
            assertEquals(doc("hot", T + i * 1000L, "channel" + i, (long) i, "rate", i / 2.0), all.get(i));
            assertEquals(i / 2.0, all.get(i).data().get("rate"));
        }
    }

    private EmbeddedStore activate(EmbeddedStore store, Object... config) throws StoreException {
        return activate(store, Map.of("snoop.data", tmp.getRoot().toString()), config);
    }

    private EmbeddedStore activate(EmbeddedStore store, Map<String, String> framework, Object... config)
            throws StoreException {
        store.activate(Configs.of(EmbeddedStoreConfig.class, keepAll(config)), framework::get);
        opened.add(store);
        return store;
    }

    /**
     * The configuration, with documents of 2025 kept as they are (neither consolidated nor removed
     * as a year old) unless the test says otherwise.
     */
    private static Object[] keepAll(Object... config) {
        List<Object> all = new ArrayList<>(List.of(config));
        for (String key : new String[] {"retention.days", "full.days"}) {
            if (!all.contains(key)) {
                all.add(key);
                all.add(0L);
            }
        }
        return all.toArray();
    }

    private static List<SampleDocument> range(EmbeddedStore store, String name) throws StoreException {
        List<SampleDocument> docs = new ArrayList<>();
        store.range(name, Long.MIN_VALUE, Long.MAX_VALUE, docs::add);
        return docs;
    }

    private static List<Long> times(List<SampleDocument> docs) {
        return docs.stream().map(SampleDocument::time).toList();
    }

    private static final class MutableClock extends Clock {
        volatile long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
