package org.snoplus.snoop.sno.zdab;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;
import org.snoplus.snoop.testing.SharedData;

/** Test data: the real ZDAB file, seeded random events and headers, and ways to compare them. */
public final class ZdabTestData {

    public static final int RUN = 300_000;

    private ZdabTestData() {
    }

    /** The real file (see {@link SharedData}). */
    public static Path demoFile() {
        return SharedData.demoZdab();
    }

    /** Event {@code i} of a seeded random run, with 100..400 hits. */
    public static PmtEvent event(long seed, long i) {
        SplittableRandom r = random(seed, i);
        return event(r, i, 100 + r.nextInt(301), RUN);
    }

    /** Event {@code i} of a seeded random run, with {@code nhit} hits. */
    public static PmtEvent event(long seed, long i, int nhit) {
        return event(random(seed, i), i, nhit, RUN);
    }

    /** Event {@code i} of a seeded random run {@code run}, with {@code nhit} hits. */
    public static PmtEvent event(long seed, long i, int nhit, int run) {
        return event(random(seed, i), i, nhit, run);
    }

    private static SplittableRandom random(long seed, long i) {
        return new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + i);
    }

    /**
     * Random channels, cells, charges, TACs, flags, trigger words and error bits; GTID incrementing
     * from just below the 24-bit wrap; clocks increasing; the sub-run changing every 50,000 events.
     */
    private static PmtEvent event(SplittableRandom r, long i, int nhit, int run) {
        PmtEvent e = new PmtEvent(nhit);
        int gtid = (int) (0xFF_F000 + i & 0xFF_FFFF);
        long clock10 = 100_000_000_000L + i * 10_000 + r.nextInt(100);
        long clock50 = 500_000_000_000L + i * 50_000 + r.nextInt(500);
        e.header(run, (int) (i / 50_000), (int) i, gtid, r.nextInt(1 << 27), r.nextInt(1 << 15), clock10, clock50);
        e.esum(r.nextInt(1024), r.nextInt(1024), r.nextInt(1024));
        for (int h = 0; h < nhit; h++) {
            e.addHit(r.nextInt(Channels.COUNT), r.nextInt(16), r.nextInt(4096), r.nextInt(4096), r.nextInt(4096),
                    r.nextInt(4096), r.nextInt(64));
        }
        return e;
    }

    public static RunHeader runHeader(int run) {
        return new RunHeader(20261128, 13_45_30_00, 4, run, 2, 0x8L, 0x4L | 0x8000_0000L, 0x7FFFFL, 0xFFF000, 0xFFF001);
    }

    public static TriggerSettings triggerSettings(int gtid) {
        int[] thresholds = {4000, 4010, 4020, 4030, 4040, 4050, 4060, 4070, 4080, 4090};
        int[] zeros = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        return new TriggerSettings(0x7FFF, thresholds, zeros, 5, 0x1234, 420, 100, gtid);
    }

    public static PedestalSettings pedestalSettings(int gtid) {
        return new PedestalSettings(60, 150, 0, 200, 0x80 | 7, 3, gtid, 1);
    }

    /** Asserts every field and every hit equal. */
    public static void assertSameEvent(String where, PmtEvent expected, PmtEvent actual) {
        String at = where + ": ";
        assertEquals(at + "run", expected.run(), actual.run());
        assertEquals(at + "subrun", expected.subrun(), actual.subrun());
        assertEquals(at + "event number", expected.eventNumber(), actual.eventNumber());
        assertEquals(at + "GTID", expected.gtid(), actual.gtid());
        assertEquals(at + "trigger word", expected.triggerWord(), actual.triggerWord());
        assertEquals(at + "trigger errors", expected.triggerErrors(), actual.triggerErrors());
        assertEquals(at + "10 MHz clock", expected.clock10(), actual.clock10());
        assertEquals(at + "50 MHz clock", expected.clock50(), actual.clock50());
        assertEquals(at + "ESUM peak", expected.esumPeak(), actual.esumPeak());
        assertEquals(at + "ESUM diff", expected.esumDiff(), actual.esumDiff());
        assertEquals(at + "ESUM int", expected.esumInt(), actual.esumInt());
        int n = expected.nhit();
        assertEquals(at + "nhit", n, actual.nhit());
        if (!Arrays.equals(expected.lcn(), 0, n, actual.lcn(), 0, n)
                || !Arrays.equals(expected.cell(), 0, n, actual.cell(), 0, n)
                || !Arrays.equals(expected.qhs(), 0, n, actual.qhs(), 0, n)
                || !Arrays.equals(expected.qhl(), 0, n, actual.qhl(), 0, n)
                || !Arrays.equals(expected.qlx(), 0, n, actual.qlx(), 0, n)
                || !Arrays.equals(expected.tac(), 0, n, actual.tac(), 0, n)
                || !Arrays.equals(expected.flags(), 0, n, actual.flags(), 0, n)) {
            for (int i = 0; i < n; i++) {
                assertArrayEquals(at + "hit " + i + " (lcn, cell, qhs, qhl, qlx, tac, flags)", hit(expected, i),
                        hit(actual, i));
            }
        }
    }

    private static int[] hit(PmtEvent e, int i) {
        return new int[] {e.lcn()[i], e.cell()[i], e.qhs()[i], e.qhl()[i], e.qlx()[i], e.tac()[i], e.flags()[i]};
    }

    /** Asserts two records equal: events field by field, headers and banks by {@code equals}. */
    public static void assertSameRecord(String where, Object expected, Object actual) {
        if (expected instanceof PmtEvent e) {
            if (!(actual instanceof PmtEvent a)) {
                fail(where + ": expected an event, got " + actual);
                return;
            }
            assertSameEvent(where, e, a);
        } else {
            assertEquals(where, expected, actual);
        }
    }

    /** What the writer makes of the records (events, headers) given, in memory. */
    public static byte[] write(List<?> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZdabWriter out = new ZdabWriter(bytes)) {
            for (Object r : records) {
                if (r instanceof PmtEvent e) {
                    out.write(e);
                } else if (r instanceof RunHeader h) {
                    out.write(h);
                } else if (r instanceof TriggerSettings t) {
                    out.write(t);
                } else if (r instanceof PedestalSettings p) {
                    out.write(p);
                } else {
                    throw new IllegalArgumentException("cannot write " + r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Everything a {@link ZdabFile} gives for some bytes: the records, their offsets, the problems. */
    public static final class Read {
        public final List<Object> records = new ArrayList<>();
        public final List<Long> offsets = new ArrayList<>();
        public final List<String> problems = new ArrayList<>();
        public int malformed;
        public boolean endOfData;

        public List<PmtEvent> events() {
            List<PmtEvent> events = new ArrayList<>();
            for (Object r : records) {
                if (r instanceof PmtEvent e) {
                    events.add(e);
                }
            }
            return events;
        }
    }

    public static Read read(byte[] bytes) {
        Read read = new Read();
        try (ZdabFile zdab = new ZdabFile(new ByteArrayInputStream(bytes), "test",
                (offset, why) -> read.problems.add(offset + ": " + why))) {
            return drain(zdab, read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Read read(Path file) throws IOException {
        Read read = new Read();
        try (ZdabFile zdab = ZdabFile.open(file, (offset, why) -> read.problems.add(offset + ": " + why))) {
            return drain(zdab, read);
        }
    }

    private static Read drain(ZdabFile zdab, Read read) throws IOException {
        for (Object r; (r = zdab.next()) != null;) {
            read.records.add(r);
            read.offsets.add(zdab.offset());
        }
        read.malformed = zdab.malformed();
        read.endOfData = zdab.endOfData();
        return read;
    }
}
