package org.snoplus.snoop.store.embedded.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.document.Shapes;
import org.snoplus.snoop.query.StoreException;
import org.snoplus.snoop.stats.Merger;
import org.snoplus.snoop.testing.Configs;

/** Old documents merged into one a minute, as the aggregation would merge them; a full disk survived. */
public class ConsolidationAndDiskFullTest {

    // 2025-11-28T00:00:00Z
    private static final long T = 1764288000000L;
    private static final long DAY = 86_400_000L;
    private static final long PERIOD = 10_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<EmbeddedStore> opened = new ArrayList<>();

    @After
    public void close() {
        opened.forEach(EmbeddedStore::close);
        FilePathFull.room(Long.MAX_VALUE);
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
            return this;
        }
    }

    private EmbeddedStore store(Clock clock, String scheme, Object... config) throws StoreException {
        EmbeddedStore s = new EmbeddedStore(clock);
        s.scheme = scheme;
        s.activate(Configs.of(EmbeddedStoreConfig.class, config), Map.of("snoop.data", tmp.getRoot().toString())::get);
        opened.add(s);
        return s;
    }

    /** A window of an occupancy-like processor at {@code time}. */
    private static SampleDocument window(long time, Random r) {
        long[] channels = new long[32];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = r.nextInt(30);
        }
        long[] counts = new long[5];
        for (int b = 0; b < counts.length; b++) {
            counts[b] = r.nextInt(100);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("events", 900L + r.nextInt(200));
        data.put("channels", Shapes.indexed("channels", channels));
        data.put("hist", Shapes.histogram(new double[] {0, 10, 20, 30, 40, 50}, counts, r.nextInt(3), 0));
        data.put("nhit", Shapes.moments(1000, 100 + r.nextGaussian(), 20 + r.nextGaussian()));
        data.put("rate", 500 + r.nextDouble());
        data.put("mode", "physics");
        return new SampleDocument(SampleDocument.idOf("occupancy", "daq1", time), "occupancy", time, time - PERIOD, time,
                time / PERIOD, "1.0.0", "daq1", 300000, 1000, data);
    }

    private static Object merged(List<SampleDocument> docs) {
        Merger m = new Merger("data", true);
        for (SampleDocument d : docs) {
            m.add(d.data(), d.windowEnd() - d.windowStart(), d.time());
        }
        return m.result();
    }

    private static List<SampleDocument> all(EmbeddedStore s) throws StoreException {
        List<SampleDocument> docs = new ArrayList<>();
        s.range("occupancy", Long.MIN_VALUE, Long.MAX_VALUE, docs::add);
        return docs;
    }

    @Test
    public void documentsOlderThanFullDaysBecomeOneAMinuteThatMergeToTheSameTotals() throws Exception {
        MutableClock clock = new MutableClock(T);
        EmbeddedStore s = store(clock, "", "full.days", 1L, "consolidate.s", 60L, "retention.days", 30L);
        Random r = new Random(3);
        List<SampleDocument> written = new ArrayList<>();
        List<SampleDocument> batch = new ArrayList<>();
        // 26 hours of windows of 10 s; the clock follows, so that the first 2 hours become older than a day
        for (long t = T + PERIOD; t <= T + 26 * 3_600_000L; t += PERIOD) {
            SampleDocument d = window(t, r);
            written.add(d);
            batch.add(d);
            if (batch.size() == 360) {
                clock.millis = t;
                s.write(batch);
                batch.clear();
            }
        }
        clock.millis = T + 26 * 3_600_000L + 1;
        s.write(batch); // consolidation runs hourly: this write runs it
        List<SampleDocument> stored = all(s);

        long old = clock.millis - DAY;
        long oldMinutes = (old - T) / 60_000;
        long recent = written.stream().filter(d -> d.time() >= old / 60_000 * 60_000).count();
        assertEquals("one a minute before a day ago, every window after", oldMinutes + recent, stored.size());
        SampleDocument first = stored.get(0);
        // the first minute [T, T + 60 s) holds the windows ending at 10..50 s
        assertEquals("the first minute's last window", T + 50_000, first.time());
        assertEquals("from the start of its first window", T, first.windowStart());
        assertEquals(5 * 1000L, first.events());

        // merged again, the consolidated documents give what the windows give
        Map<?, ?> fromWindows = (Map<?, ?>) merged(written);
        Map<?, ?> fromStore = (Map<?, ?>) merged(stored);
        assertEquals(((Map<?, ?>) fromWindows.get("events")).get("sum"), ((Map<?, ?>) fromStore.get("events")).get("sum"));
        assertArrayEquals((long[]) ((Map<?, ?>) fromWindows.get("channels")).get("values"),
                (long[]) ((Map<?, ?>) fromStore.get("channels")).get("values"));
        assertArrayEquals((long[]) ((Map<?, ?>) fromWindows.get("hist")).get("counts"),
                (long[]) ((Map<?, ?>) fromStore.get("hist")).get("counts"));
        assertEquals((Double) ((Map<?, ?>) fromWindows.get("nhit")).get("rms"),
                (Double) ((Map<?, ?>) fromStore.get("nhit")).get("rms"), 1e-9);
        assertEquals((Double) ((Map<?, ?>) fromWindows.get("rate")).get("mean"),
                (Double) ((Map<?, ?>) fromStore.get("rate")).get("mean"), 1e-9);
        assertEquals("physics", fromStore.get("mode"));
        Map<?, ?> oldRate = (Map<?, ?>) first.data().get("rate");
        assertEquals("a number of an old minute is merged", Shapes.MERGED, oldRate.get("shape"));
        assertEquals(5L, oldRate.get("count"));
        assertEquals(6L, ((Map<?, ?>) stored.get(1).data().get("rate")).get("count"));

        // consolidated once: another pass changes nothing
        clock.millis += 3_600_001L;
        s.write(List.of());
        long minutesNow = (clock.millis - DAY - T) / 60_000;
        assertEquals(minutesNow + written.stream().filter(d -> d.time() >= (clock.millis - DAY) / 60_000 * 60_000)
                .count(), all(s).size());
    }

    @Test
    public void aFullDiskFailsTheBatchLeavesTheFileWholeAndWritingResumesWhenThereIsRoom() throws Exception {
        FilePathFull.register();
        MutableClock clock = new MutableClock(T);
        EmbeddedStore s = store(clock, FilePathFull.SCHEME + ":", "retention.days", 0L, "full.days", 0L);
        Random r = new Random(9);
        List<SampleDocument> first = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            first.add(window(T + i * PERIOD, r));
        }
        s.write(first);

        FilePathFull.room(0);
        List<SampleDocument> second = new ArrayList<>();
        for (int i = 51; i <= 100; i++) {
            second.add(window(T + i * PERIOD, r));
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                s.write(second);
                fail("a full disk took the batch");
            } catch (StoreException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("No space left on device"));
            }
            assertTrue(s.describe(), s.describe().contains("failing since") && s.describe().contains("No space"));
            assertEquals("read on from the last commit meanwhile", 50, all(s).size());
        }

        FilePathFull.room(Long.MAX_VALUE);
        s.write(second);
        assertEquals(100, all(s).size());
        assertTrue(s.describe(), !s.describe().contains("failing"));
        s.close();

        EmbeddedStore again = store(clock, "", "retention.days", 0L, "full.days", 0L);
        List<SampleDocument> read = all(again);
        assertEquals(100, read.size());
        for (int i = 0; i < 100; i++) {
            SampleDocument expected = (i < 50 ? first : second).get(i % 50);
            assertEquals(org.snoplus.snoop.json.DocumentJson.toJson(expected),
                    org.snoplus.snoop.json.DocumentJson.toJson(read.get(i)));
        }
        assertNull(again.latest("nothing"));
    }
}
