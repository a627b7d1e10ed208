package org.snoplus.snoop.sno.zdab;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.sno.TriggerSettings;
import org.snoplus.snoop.sno.zdab.ZdabTestData.Read;

public class ZdabFileTest {

    private static final int PR = ZdabFile.RECORD_BYTES;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    // ------------------------------------------------------------------ the real file

    @Test
    public void theRealFileHoldsOneEventAndNothingElse() throws Exception {
        Path demo = ZdabTestData.demoFile();
        byte[] bytes = Files.readAllBytes(demo);
        // the trap: the padding of the last two physical records holds stale copies of the event
        assertEquals(3, count(bytes, "ZDAB".getBytes(StandardCharsets.US_ASCII)));

        Read read = ZdabTestData.read(demo);

        assertEquals(read.problems.toString(), 0, read.malformed);
        assertTrue("the file ends with the ZEBRA end-of-data record", read.endOfData);
        assertEquals(1, read.records.size());
        PmtEvent e = (PmtEvent) read.records.get(0);
        assertEquals(3510, e.run());
        assertEquals(0xDE95, e.gtid());
        assertEquals(364, e.nhit());
        assertEquals(364, e.pmtHits());
        assertEquals(10, e.subrun());
        // the event's logical record starts after the steering block (32 bytes)
        assertEquals(32L, (long) read.offsets.get(0));
    }

    /**
     * The values the reference decoders give, worked out by hand from the bytes (xxd of the file)
     * and the layouts of Record_Info.h. The bank data starts at byte 120 (word 30: steering 8,
     * control 2, pilot 10, I/O word 1, bank header 9).
     */
    @Test
    public void theRealEventDecodesAsTheReferenceDecodersGiveIt() throws Exception {
        PmtEvent e = ZdabTestData.read(ZdabTestData.demoFile()).events().get(0);

        // MTC words at bytes 140..163: 78e5f0fb d743c7a9 bf530265 0f00de95 61ac0000 000e7f80
        // 10 MHz = (0xd743c7a9 & 0x1fffff) << 32 | 0x78e5f0fb = 0x3c7a9_78e5f0fb
        assertEquals(0x3C7A9_78E5F0FBL, e.clock10());
        // 50 MHz = 0xbf530265 << 11 | 0xd743c7a9 >>> 21 (= 0x6ba)
        assertEquals(0xBF530265L << 11 | 0x6BA, e.clock50());
        // GTID = 0x0f00de95 & 0xffffff; trigger bits 0..7 = 0x0f (100L 100M 100H 20);
        // 0x61ac0000 & 0x7ffff = 0x40000: bit 18 of MTC word 4 = trigger bit 26, MISS
        assertEquals(0xDE95, e.gtid());
        assertEquals(TriggerBits.N100L | TriggerBits.N100M | TriggerBits.N100H | TriggerBits.N20 | TriggerBits.MISS,
                e.triggerWord());
        // peak = 0x61ac0000 >>> 19 & 0x3ff = 0x35; diff = 0x61ac0000 >>> 29 | (0x000e7f80 & 0x7f) << 3 = 3;
        // integral = 0x000e7f80 >>> 7 & 0x3ff = 0xff; errors = 0x000e7f80 >>> 17 = 7 (TestGT, Test50, Test10)
        assertEquals(53, e.esumPeak());
        assertEquals(3, e.esumDiff());
        assertEquals(255, e.esumInt());
        assertEquals(7, e.triggerErrors());

        // hit 0 at byte 164: 0414de95 0a17ea1f 0dda0a15
        //   card 0x0414de95 >>> 26 = 1, crate >>> 21 & 0x1f = 0, channel >>> 16 & 0x1f = 0x14 -> LCN 52
        //   QHS 0xa17 ^ 0x800 = 535, cell 0xe, QLX 0xa1f ^ 0x800 = 543,
        //   TAC 0xdda ^ 0x800 = 1498, QHL 0xa15 ^ 0x800 = 533
        assertHit(e, 0, 52, 14, 535, 533, 543, 1498, 0);
        // hit 1: 180cde95 0a71ca44 0e880a41 -> card 6, crate 0, channel 12 (LCN 204); QHS 0x271, cell 12,
        //   QLX 0x244, TAC 0x688, QHL 0x241
        assertHit(e, 1, 204, 12, 625, 577, 580, 1672, 0);
        // hit 363 (the last): 3a4ede95 0a567a4b 0df30a00 -> card 14, crate 18, channel 14 (LCN 9678);
        //   QHS 0x256, cell 7, QLX 0x24b, TAC 0x5f3, QHL 0x200
        assertHit(e, 363, 9678, 7, 598, 512, 587, 1523, 0);
    }

    private static void assertHit(PmtEvent e, int i, int lcn, int cell, int qhs, int qhl, int qlx, int tac, int flags) {
        assertArrayEquals("hit " + i + ": lcn, cell, qhs, qhl, qlx, tac, flags",
                new int[] {lcn, cell, qhs, qhl, qlx, tac, flags},
                new int[] {e.lcn()[i], e.cell()[i], e.qhs()[i], e.qhl()[i], e.qlx()[i], e.tac()[i], e.flags()[i]});
    }

    /**
     * The real file was written by xsnoed's PZdabWriter. Ours, given the same event, must write the
     * same words: the same three physical records, the same control words, pilot, bank header and
     * data, the same end-of-run and end-of-data records. Only the padding differs (ours is zeros,
     * theirs stale buffer contents), so it is compared up to each padding record's two header words.
     */
    @Test
    public void theWriterWritesWhatTheSnoWriterWrote() throws Exception {
        byte[] theirs = Files.readAllBytes(ZdabTestData.demoFile());
        PmtEvent e = ZdabTestData.read(ZdabTestData.demoFile()).events().get(0);

        byte[] ours = ZdabTestData.write(List.of(e));

        assertEquals(theirs.length, ours.length);
        // record 0: steering 8 + control 2 + pilot 10 + I/O 1 + header 9 + data 1103 = 1133 words, padding 2
        assertSameWords(theirs, ours, 0, 1135);
        // record 1: steering 8, end of run 3 (1, 1, 0), padding 2
        assertSameWords(theirs, ours, PR, 13);
        // record 2: steering 8, end of data 6 (4, 1, -1, 0, 0, 73), padding 2
        assertSameWords(theirs, ours, 2 * PR, 16);
    }

    private static void assertSameWords(byte[] expected, byte[] actual, int offset, int words) {
        ByteBuffer a = ByteBuffer.wrap(expected);
        ByteBuffer b = ByteBuffer.wrap(actual);
        for (int i = 0; i < words; i++) {
            int at = offset + 4 * i;
            assertEquals("word at byte " + at, Integer.toHexString(a.getInt(at)), Integer.toHexString(b.getInt(at)));
        }
    }

    // ------------------------------------------------------------------ structure

    @Test
    public void headersAndEventsComeBackInFileOrderAfterTheirMastBanks() {
        List<Object> records = List.of(ZdabTestData.runHeader(7), ZdabTestData.triggerSettings(1), ZdabTestData.event(1, 0),
                ZdabTestData.pedestalSettings(2), ZdabTestData.event(1, 1), ZdabTestData.triggerSettings(3));

        Read read = ZdabTestData.read(ZdabTestData.write(records));

        assertEquals(read.problems.toString(), 0, read.malformed);
        List<Object> withoutMast = new ArrayList<>();
        int mast = 0;
        for (Object r : read.records) {
            if (r instanceof ZdabBank b) {
                // the SNOMAN master bank: two floats, the SNOMAN versions
                assertEquals("MAST", b.name());
                assertEquals(3.0190f, Float.intBitsToFloat(b.word(0)), 0);
                mast++;
            } else {
                withoutMast.add(r);
            }
        }
        assertEquals(4, mast);
        assertEquals(records.size(), withoutMast.size());
        for (int i = 0; i < records.size(); i++) {
            ZdabTestData.assertSameRecord("record " + i, records.get(i), withoutMast.get(i));
        }
    }

    /**
     * An event of 9728 hits is 29,195 data words. Its record starts at word 8, its data at word 30:
     * 3810 words fit in the first physical record, 25,385 are left, more than the 3832 a new one
     * takes, so the writer asks for ceil((25385 - 3832) / 3840) = 6 fast blocks (PZdabWriter's
     * rule), holding 23,040 words; the last 2345 go into a new steering record whose first logical
     * record starts at word 8 + 2345 = 2353.
     */
    @Test
    public void anEventLongerThanAPhysicalRecordGoesIntoFastBlocks() {
        PmtEvent big = ZdabTestData.event(3, 10, 9728);
        PmtEvent after = ZdabTestData.event(3, 11);

        byte[] bytes = ZdabTestData.write(List.of(big, after));

        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertEquals("fast blocks after record 0", 6, b.getInt(28));
        assertEquals(0, b.getInt(24 + PR) == ZdabFile.SIGNATURE_0 ? 1 : 0); // a fast block has no steering block
        int next = 7 * PR;
        assertEquals(ZdabFile.SIGNATURE_0, b.getInt(next));
        assertEquals("record number", 1, b.getInt(next + 20));
        assertEquals("first logical record", 2353, b.getInt(next + 24));
        assertEquals("fast blocks", 0, b.getInt(next + 28));

        Read read = ZdabTestData.read(bytes);
        assertEquals(read.problems.toString(), 0, read.malformed);
        assertEquals(2, read.events().size());
        ZdabTestData.assertSameEvent("big", big, read.events().get(0));
        ZdabTestData.assertSameEvent("after", after, read.events().get(1));
    }

    /**
     * The edge PZdabWriter once got wrong ("fixed fast block calculation problem"): what is left is
     * exactly a new record's payload (3832 words) plus whole fast blocks. Two RHDR records (79 words
     * each) and an event of 100 hits (333 words) put the next event's data at word 521; with 3660
     * hits (10,991 data words) 3319 fit, and 7672 = 3832 + 3840 are left: one fast block, not two,
     * after which the last 3832 words fill a new steering record exactly (its first logical record
     * would start at word 3840: none does).
     */
    @Test
    public void theFastBlockCountIsExactWhenTheRestIsWholeBlocks() {
        PmtEvent edge = ZdabTestData.event(4, 1, 3660);
        PmtEvent last = ZdabTestData.event(4, 2, 10);
        List<Object> records = List.of(ZdabTestData.runHeader(1), ZdabTestData.runHeader(1), ZdabTestData.event(4, 0, 100), edge,
                last);

        byte[] bytes = ZdabTestData.write(records);

        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertEquals("fast blocks after record 0", 1, b.getInt(28));
        assertEquals(ZdabFile.SIGNATURE_0, b.getInt(2 * PR));
        assertEquals("no logical record starts in the record after the fast block", 3840, b.getInt(2 * PR + 24));
        assertEquals("the next one starts right after its steering block", 8, b.getInt(3 * PR + 24));
        Read read = ZdabTestData.read(bytes);
        assertEquals(read.problems.toString(), 0, read.malformed);
        assertRecords(records, read);
    }

    @Test
    public void eventsOfEverySizeSurviveEveryWayOfCrossingPhysicalRecords() {
        // sizes from 0 hits to several physical records, so that records end at every distance from a
        // boundary: just before it, on it, one word after, and in fast blocks
        SplittableRandom r = new SplittableRandom(5);
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int nhit = i % 50 == 0 ? 1200 + r.nextInt(4000) : i % 7 == 0 ? 0 : r.nextInt(1300);
            records.add(ZdabTestData.event(11, i, nhit));
            if (i % 37 == 0) {
                records.add(ZdabTestData.triggerSettings(i));
            }
        }
        Read read = ZdabTestData.read(ZdabTestData.write(records));

        assertEquals(read.problems.toString(), 0, read.malformed);
        assertRecords(records, read);
    }

    /**
     * Other ZEBRA writers need not avoid what PZdabWriter avoids: control words split across two
     * physical records, a record spanning three physical records without fast blocks, a one-word
     * padding at the end of a record, type-6 padding, a start-of-run record. A reader of the format
     * takes all of them.
     */
    @Test
    public void logicalRecordsMayCrossPhysicalRecordsAnywhere() {
        PmtEvent small = ZdabTestData.event(2, 0, 5);
        PmtEvent huge = ZdabTestData.event(2, 1, 3000);   // 9011 data words: three physical records
        PmtEvent third = ZdabTestData.event(2, 2, 7);
        ZebraStream z = new ZebraStream();
        z.add(1, 1, 300000);                        // a start-of-run record: words 8..11
        z.pad(3839 - 1 - 4 - z.used());             // padding (type 5) up to word 3833
        z.add(6, 0, 0);                             // padding of type 6, 4 words: 3834..3837
        z.words(0);                                 // one-word padding: 3838
        z.event(small);                             // starts at word 3839: its control words straddle records 0 and 1
        z.event(huge);                              // fills all of record 2, which has no record start
        z.event(third);
        z.endOfData();

        Read read = ZdabTestData.read(z.bytes());

        assertEquals(read.problems.toString(), 0, read.malformed);
        assertTrue(read.endOfData);
        assertEquals(3, read.events().size());
        assertEquals("the small event's logical record starts at the last word of record 0", 4L * 3839,
                (long) read.offsets.get(0));
        ZdabTestData.assertSameEvent("small", small, read.events().get(0));
        ZdabTestData.assertSameEvent("huge", huge, read.events().get(1));
        ZdabTestData.assertSameEvent("third", third, read.events().get(2));
    }

    // ------------------------------------------------------------------ damage

    @Test
    public void aFileCutAnywhereGivesEveryRecordBeforeTheCutAndReportsTheCut() {
        List<Object> records = manyRecords(120);
        byte[] whole = ZdabTestData.write(records);
        Read full = ZdabTestData.read(whole);
        assertEquals(full.problems.toString(), 0, full.malformed);
        SplittableRandom r = new SplittableRandom(17);
        List<Integer> cuts = new ArrayList<>();
        for (int k = 0; k * PR < whole.length; k++) {
            for (int d : new int[] {0, 4, 31, 32, 36, 1000}) {
                cuts.add(k * PR + d);
            }
        }
        for (int i = 0; i < 100; i++) {
            cuts.add(r.nextInt(whole.length));
        }
        for (int cut : cuts) {
            Read read = ZdabTestData.read(Arrays.copyOf(whole, cut));
            String where = "cut at " + cut;
            assertTrue(where + ": " + read.records.size() + " records", read.records.size() <= full.records.size());
            for (int i = 0; i < read.records.size(); i++) {
                ZdabTestData.assertSameRecord(where + ", record " + i, full.records.get(i), read.records.get(i));
            }
            // every record whose logical record ends before the cut is there: its extent ends at
            // the latest where the next record starts
            int whole_ = 0;
            for (int i = 0; i < full.records.size() && end(full, i, whole.length) <= cut; i++) {
                whole_++;
            }
            assertTrue(where + ": only " + read.records.size() + " of the " + whole_ + " records before it",
                    read.records.size() >= whole_);
            assertEquals(where + ": the cut is reported once: " + read.problems, 1, read.malformed);
            // the end-of-data record is the 6 words after the steering block of the last physical record
            assertEquals(where, cut >= whole.length - PR + 56, read.endOfData);
        }
    }

    @Test
    public void damagedBytesCostOnlyTheRecordsAroundThemAndReadingGoesOn() {
        List<Object> records = manyRecords(300);
        byte[] whole = ZdabTestData.write(records);
        Read full = ZdabTestData.read(whole);
        List<String> fullKeys = keys(full);
        Map<Long, Object> byOffset = new HashMap<>();
        for (int i = 0; i < full.records.size(); i++) {
            byOffset.put(full.offsets.get(i), full.records.get(i));
        }
        SplittableRandom r = new SplittableRandom(23);
        int reported = 0;
        for (int trial = 0; trial < 60; trial++) {
            byte[] bytes = whole.clone();
            boolean[] damagedRecord = new boolean[bytes.length / PR + 1];
            int spots = 1 + r.nextInt(4);
            for (int s = 0; s < spots; s++) {
                // a few bytes, often in the structure: steering blocks, control words and headers
                int at = r.nextBoolean() ? r.nextInt(bytes.length - 8)
                        : (int) (long) full.offsets.get(r.nextInt(full.offsets.size())) + r.nextInt(24);
                if (r.nextInt(5) == 0) {
                    at = r.nextInt(bytes.length / PR) * PR + r.nextInt(32);
                }
                int n = 1 + r.nextInt(8);
                for (int k = 0; k < n && at + k < bytes.length; k++) {
                    bytes[at + k] = (byte) r.nextInt(256);
                    damagedRecord[(at + k) / PR] = true;
                }
            }
            Read read = ZdabTestData.read(bytes);
            List<String> readKeys = keys(read);
            String where = "trial " + trial;
            List<Long> missing = new ArrayList<>();
            for (int i = 0; i < full.records.size(); i++) {
                long start = full.offsets.get(i);
                long end = end(full, i, whole.length);
                boolean safe = true;
                for (long p = start / PR; p <= (end - 1) / PR; p++) {
                    safe &= !damagedRecord[(int) p];
                }
                int j = readKeys.indexOf(fullKeys.get(i));
                if (j < 0) {
                    assertFalse(where + ": the undamaged record at " + start + " was not read; " + read.problems, safe);
                    missing.add(start);
                } else if (safe) {
                    ZdabTestData.assertSameRecord(where + ", record at " + start, full.records.get(i), read.records.get(j));
                }
            }
            for (int j = 0; j < read.records.size(); j++) {
                assertTrue(where + ": a record at " + read.offsets.get(j) + " that was never written",
                        byOffset.containsKey(read.offsets.get(j)));
            }
            if (!missing.isEmpty()) {
                assertTrue(where + ": records at " + missing + " lost without a report", read.malformed > 0);
                reported++;
            }
        }
        assertTrue("the damage hit the structure in only " + reported + " trials", reported > 20);
    }

    @Test
    public void aDamagedSteeringBlockCostsOnlyTheRecordsInItsPhysicalRecord() {
        List<Object> records = manyRecords(300);
        byte[] bytes = ZdabTestData.write(records);
        Read full = ZdabTestData.read(bytes);
        int bad = 5;
        bytes[bad * PR + 1] ^= 0x10; // the signature's second byte

        Read read = ZdabTestData.read(bytes);
        List<String> fullKeys = keys(full);
        List<String> readKeys = keys(read);

        assertEquals(read.problems.toString(), 1, read.malformed);
        assertTrue(read.problems.get(0), read.problems.get(0).startsWith(bad * PR + ": no valid ZEBRA steering block"));
        assertTrue(read.endOfData);
        int lost = 0;
        for (int i = 0; i < full.records.size(); i++) {
            long start = full.offsets.get(i);
            long end = end(full, i, bytes.length);
            int j = readKeys.indexOf(fullKeys.get(i));
            boolean touches = start < (bad + 1) * PR && end > bad * PR;
            if (touches) {
                lost++;
            } else {
                assertTrue("record at " + start + " lost", j >= 0);
                ZdabTestData.assertSameRecord("record at " + start, full.records.get(i), read.records.get(j));
            }
        }
        assertEquals(full.records.size() - lost, read.records.size());
        assertTrue(lost >= 1 && lost < 20);
    }

    @Test
    public void aMissingPhysicalRecordIsReportedAndTheRestIsRead() {
        byte[] whole = ZdabTestData.write(manyRecords(300));
        Read full = ZdabTestData.read(whole);
        int gone = 7;
        byte[] bytes = new byte[whole.length - PR];
        System.arraycopy(whole, 0, bytes, 0, gone * PR);
        System.arraycopy(whole, (gone + 1) * PR, bytes, gone * PR, whole.length - (gone + 1) * PR);

        Read read = ZdabTestData.read(bytes);

        // the record number says it; so does, if a logical record ran into the lost one, the
        // steering block's first-record offset
        assertTrue(read.problems.toString(), read.malformed >= 1 && read.malformed <= 2);
        String expected = "physical record number 8 at " + gone * PR + " where number 7";
        assertTrue(read.problems.toString(), read.problems.stream().anyMatch(p -> p.contains(expected)));
        assertTrue(read.endOfData);
        // the last records are all there
        int n = read.records.size();
        for (int i = 1; i <= 50; i++) {
            ZdabTestData.assertSameRecord("record " + i + " from the end", full.records.get(full.records.size() - i),
                    read.records.get(n - i));
        }
    }

    @Test
    public void compressedFilesReadLikePlainOnesAndDamagedCompressionIsReported() throws Exception {
        List<Object> records = manyRecords(50);
        byte[] plain = ZdabTestData.write(records);
        Path gz = tmp.getRoot().toPath().resolve("run.zdab.gz");
        try (ZdabWriter out = new ZdabWriter(gz)) {
            for (Object r : records) {
                if (r instanceof PmtEvent e) {
                    out.write(e);
                } else if (r instanceof TriggerSettings t) {
                    out.write(t);
                } else {
                    out.write((RunHeader) r);
                }
            }
        }
        Read read = ZdabTestData.read(gz);
        assertEquals(read.problems.toString(), 0, read.malformed);
        assertRecords(ZdabTestData.read(plain).records, read);

        // compressed by someone else, under a name that does not say so
        Path other = tmp.getRoot().toPath().resolve("other.zdab");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(other))) {
            out.write(plain);
        }
        assertEquals(read.records.size(), ZdabTestData.read(other).records.size());

        // a gzip header that is damaged itself
        Path header = tmp.getRoot().toPath().resolve("header.zdab.gz");
        Files.write(header, new byte[] {0x1f, (byte) 0x8b, 99, 0, 0, 0});
        Read nothing = ZdabTestData.read(header);
        assertEquals(0, nothing.records.size());
        assertEquals(nothing.problems.toString(), 1, nothing.malformed);
        assertTrue(nothing.problems.get(0), nothing.problems.get(0).startsWith("0: damaged compressed data"));

        byte[] compressed = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(compressed, compressed.length / 2));
        Read cut = ZdabTestData.read(gz);
        assertEquals(cut.problems.toString(), 1, cut.malformed);
        assertTrue(cut.problems.toString(), cut.problems.get(0).contains("damaged compressed data"));
        assertTrue(cut.records.size() > 0 && cut.records.size() < read.records.size());
    }

    @Test
    public void anEmptyFileIsReportedAsTruncated() {
        Read read = ZdabTestData.read(new byte[0]);
        assertEquals(0, read.records.size());
        assertEquals(List.of("0: the file ends at 0 without the ZEBRA end-of-data record: truncated?"), read.problems);
    }

    // ------------------------------------------------------------------ helpers

    /** A run: header banks, events of 100..400 hits, one big event, more headers. */
    static List<Object> manyRecords(int events) {
        List<Object> records = new ArrayList<>();
        records.add(ZdabTestData.runHeader(ZdabTestData.RUN));
        records.add(ZdabTestData.triggerSettings(0));
        for (int i = 0; i < events; i++) {
            records.add(i == events / 3 ? ZdabTestData.event(9, i, 4000) : ZdabTestData.event(9, i));
            if (i % 100 == 99) {
                records.add(ZdabTestData.pedestalSettings(i));
            }
        }
        return records;
    }

    /** The records read, without MAST banks, equal to those written. */
    private static void assertRecords(List<Object> expected, Read read) {
        List<Object> got = new ArrayList<>();
        for (Object r : read.records) {
            if (!(r instanceof ZdabBank)) {
                got.add(r);
            }
        }
        List<Object> want = new ArrayList<>();
        for (Object r : expected) {
            if (!(r instanceof ZdabBank)) {
                want.add(r);
            }
        }
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            ZdabTestData.assertSameRecord("record " + i, want.get(i), got.get(i));
        }
    }

    /**
     * Where record {@code i}'s logical record ends at the latest: where the next logical record starts
     * (records of one logical record, MAST and its header bank, share its offset).
     */
    private static long end(Read read, int i, long fileLength) {
        long start = read.offsets.get(i);
        for (int k = i + 1; k < read.offsets.size(); k++) {
            if (read.offsets.get(k) > start) {
                return read.offsets.get(k);
            }
        }
        return fileLength;
    }

    /** Where each record is: its logical record's offset and its place among the banks there (MAST, then RHDR). */
    private static List<String> keys(Read read) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < read.offsets.size(); i++) {
            int k = 0;
            while (i - k - 1 >= 0 && read.offsets.get(i - k - 1).equals(read.offsets.get(i))) {
                k++;
            }
            keys.add(read.offsets.get(i) + "#" + k);
        }
        return keys;
    }

    private static int count(byte[] hay, byte[] needle) {
        int n = 0;
        outer: for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    /**
     * A ZEBRA writer without PZdabWriter's habits: logical records are laid one after the other
     * across 3840-word physical records wherever they fall (no fast blocks, no room rule); each
     * steering block says where the first logical record starting in it starts, 3840 if none does.
     */
    static final class ZebraStream {
        private final List<Integer> stream = new ArrayList<>();
        private final List<Integer> starts = new ArrayList<>();

        /** Words used in the first physical record so far (counting its steering block). */
        int used() {
            return 8 + stream.size();
        }

        void words(int... w) {
            starts.add(stream.size());
            for (int x : w) {
                stream.add(x);
            }
        }

        void add(int type, int... body) {
            int[] w = new int[2 + body.length];
            w[0] = type == 5 || type == 6 ? body.length + 1 : body.length;
            w[1] = type;
            System.arraycopy(body, 0, w, 2, body.length);
            words(w);
        }

        void pad(int words) {
            add(5, new int[words - 2]);
        }

        void event(PmtEvent e) {
            ByteBuffer data = ByteBuffer.allocate(ZdabCodec.pmtBytes(e));
            ZdabCodec.encodePmt(e, data, 0);
            int n = data.limit() / 4;
            int[] body = new int[10 + 10 + n];
            body[0] = 0x4640E400;
            body[1] = 37700;
            body[7] = 10 + n;        // bank material
            body[10] = 0x0002000C;   // I/O word
            body[11 + 3] = 6;        // bank id
            body[11 + 4] = ZdabCodec.BANK_ZDAB;
            body[11 + 7] = n;
            for (int i = 0; i < n; i++) {
                body[20 + i] = data.getInt(4 * i);
            }
            add(2, body);
        }

        void endOfData() {
            add(1, -1, 0, 0, 73);
        }

        byte[] bytes() {
            int payload = ZdabFile.RECORD_WORDS - 8;
            int records = (stream.size() + payload - 1) / payload;
            ByteBuffer b = ByteBuffer.allocate(records * PR);
            int s = 0;
            for (int k = 0; k < records; k++) {
                int first = ZdabFile.RECORD_WORDS;
                for (int st : starts) {
                    if (st >= k * payload && st < (k + 1) * payload) {
                        first = 8 + st - k * payload;
                        break;
                    }
                }
                b.putInt(ZdabFile.SIGNATURE_0).putInt(ZdabFile.SIGNATURE_1).putInt(ZdabFile.SIGNATURE_2)
                        .putInt(ZdabFile.SIGNATURE_3).putInt(ZdabFile.RECORD_WORDS).putInt(k).putInt(first).putInt(0);
                for (int i = 0; i < payload; i++) {
                    b.putInt(s < stream.size() ? stream.get(s++) : 0);
                }
            }
            return b.array();
        }
    }
}
