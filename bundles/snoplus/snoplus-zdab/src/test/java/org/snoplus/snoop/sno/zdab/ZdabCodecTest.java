package org.snoplus.snoop.sno.zdab;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.Test;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.sno.TriggerSettings;

/**
 * The PMT event record and the header banks, word by word. The expected values are worked out by
 * hand from the layouts of {@code Record_Info.h} (docs/ZDAB.md, section 4), not from our decoder.
 */
public class ZdabCodecTest {

    /** A record of 11 header words and the hit words given, as big-endian bytes. */
    private static ByteBuffer record(int subrun, int[] mtc, int... hitWords) {
        int nhit = hitWords.length / 3;
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * hitWords.length);
        b.putInt(0x1417_000B).putInt(RUN_3510).putInt(77).putInt(subrun << 16 | nhit).putInt(0x0100_0000);
        for (int w : mtc) {
            b.putInt(w);
        }
        for (int w : hitWords) {
            b.putInt(w);
        }
        return b.flip();
    }

    private static final int RUN_3510 = 3510;
    private static final int[] NO_TRIGGER = new int[6];

    @Test
    public void hitWordsDecodeAsTheFecLayoutSays() throws Exception {
        // crate 18, card 14, channel 14: LCN 512*18 + 32*14 + 14 = 9678
        int w0 = 1 << 31          // CGT ES24
                | 14 << 26        // card
                | 18 << 21        // crate
                | 14 << 16        // channel
                | 0x5678;         // the FEC's GTID, bits 0..15
        int w1 = 1 << 31          // CMOS ES16
                | 1 << 28         // missed count
                | 0x864 << 16     // QHS 100 is stored with bit 11 inverted: 100 ^ 0x800 = 0x864
                | 9 << 12         // cell 9
                | 0x7FF;          // QLX 4095 is stored as 4095 ^ 0x800 = 0x7FF
        int w2 = 0x1 << 28        // the FEC's GTID, bits 20..23
                | 0x800 << 16     // TAC 0 is stored as 0x800
                | 0x2 << 12       // the FEC's GTID, bits 16..19
                | 0x000;          // QHL 2048 is stored as 0x000
        PmtEvent e = ZdabCodec.decodePmt(record(0, NO_TRIGGER, w0, w1, w2), 0, 56);

        assertEquals(1, e.nhit());
        assertEquals(9678, e.lcn()[0]);
        assertEquals(9, e.cell()[0]);
        assertEquals(100, e.qhs()[0]);
        assertEquals(4095, e.qlx()[0]);
        assertEquals(0, e.tac()[0]);
        assertEquals(2048, e.qhl()[0]);
        assertEquals(PmtEvent.HIT_CGT_ES24 | PmtEvent.HIT_CMOS_ES16 | PmtEvent.HIT_MISSED, e.flags()[0]);

        // the other three flag bits: CGT ES16 (word 0 bit 30), LGI select (word 1 bit 30), NC/CC (bit 29)
        PmtEvent other = ZdabCodec.decodePmt(record(0, NO_TRIGGER, 1 << 30, 1 << 30 | 1 << 29, 0), 0, 56);
        assertEquals(PmtEvent.HIT_CGT_ES16 | PmtEvent.HIT_LGI_SELECT | PmtEvent.HIT_NC_CC, other.flags()[0]);
        assertEquals("all-zero words are ADC 2048 (bit 11 flipped)", 2048, other.qhs()[0]);
    }

    @Test
    public void mtcWordsDecodeAsTheMtcLayoutSays() throws Exception {
        int[] mtc = {
            0x89AB_CDEF,                      // 10 MHz clock bits 0..31
            0x5A5 << 21 | 0x1F_FFFF,          // 50 MHz bits 0..10 = 0x5A5; 10 MHz bits 32..52 all set
            0x1234_5678,                      // 50 MHz bits 11..42
            0x81 << 24 | 0xABCDEF,            // trigger bits 0 (100L) and 7 (OWLN); GTID 0xABCDEF
            0b101 << 29 | 1000 << 19 | 1 << 18 | 1 << 4, // ESUM diff bits 0..2 = 5, peak 1000, MISS, PED
            0x7FFF << 17 | 1000 << 7 | 0x7F,  // all 15 error bits, ESUM integral 1000, diff bits 3..9 all set
        };
        PmtEvent e = ZdabCodec.decodePmt(record(12, mtc), 0, 44);

        assertEquals(RUN_3510, e.run());
        assertEquals(12, e.subrun());
        assertEquals(77, e.eventNumber());
        assertEquals(0, e.nhit());
        assertEquals(0x1F_FFFF_89AB_CDEFL, e.clock10());
        assertEquals(0x1234_5678L << 11 | 0x5A5, e.clock50());
        assertEquals(0xABCDEF, e.gtid());
        assertEquals(TriggerBits.N100L | TriggerBits.OWLN | TriggerBits.MISS | TriggerBits.PED, e.triggerWord());
        assertEquals("[100L,OWLN,PED,MISS]", "[" + TriggerBits.names(e.triggerWord()) + "]");
        assertEquals(1000, e.esumPeak());
        assertEquals(0x7F << 3 | 5, e.esumDiff());
        assertEquals(1000, e.esumInt());
        assertEquals(0x7FFF, e.triggerErrors());
    }

    @Test
    public void encodingGivesBackTheWordsDecoded() throws Exception {
        // every bit of every field: random words, with what PmtEvent does not keep set as the SNO
        // builder sets it (record info, CalPckType, each hit's GTID equal to the event's)
        SplittableRandom r = new SplittableRandom(42);
        for (int trial = 0; trial < 500; trial++) {
            int nhit = r.nextInt(50);
            int[] mtc = new int[6];
            for (int i = 0; i < 6; i++) {
                mtc[i] = r.nextInt();
            }
            int gtid = mtc[3] & 0xFF_FFFF;
            int[] hits = new int[3 * nhit];
            for (int h = 0; h < nhit; h++) {
                int crate = r.nextInt(19);
                hits[3 * h] = r.nextInt() & ~(0x1F << 21 | 0xFFFF) | crate << 21 | gtid & 0xFFFF;
                hits[3 * h + 1] = r.nextInt();
                hits[3 * h + 2] = r.nextInt() & 0x0FFF_0FFF | (gtid >>> 20) << 28 | (gtid >>> 16 & 0xF) << 12;
            }
            ByteBuffer original = record(r.nextInt(1 << 16), mtc, hits);
            PmtEvent e = ZdabCodec.decodePmt(original, 0, original.limit());
            ByteBuffer again = ByteBuffer.allocate(ZdabCodec.pmtBytes(e));
            assertEquals(original.limit(), ZdabCodec.encodePmt(e, again, 0));
            assertArrayEquals("trial " + trial, original.array(), again.array());
        }
    }

    @Test
    public void theDispatcherPayloadIsTheBankDataAfterATwelveByteHeader() throws Exception {
        PmtEvent e = ZdabTestData.event(7, 3);
        ByteBuffer bank = ByteBuffer.allocate(ZdabCodec.pmtBytes(e));
        ZdabCodec.encodePmt(e, bank, 0);
        ByteBuffer payload = ByteBuffer.allocate(12 + ZdabCodec.pmtBytes(e) + 8);

        int n = ZdabCodec.encodeRawData(e, payload, 8);

        assertEquals(12 + bank.limit(), n);
        assertEquals(0x504D5420, payload.getInt(8));   // "PMT "
        assertEquals(44, payload.getInt(12));          // the record header only, not the hits
        assertEquals(0x50544B30, payload.getInt(16));  // "PTK0"
        assertArrayEquals(bank.array(), Arrays.copyOfRange(payload.array(), 20, 20 + bank.limit()));
        ZdabTestData.assertSameEvent("dispatcher", e, ZdabCodec.decodeRawData(payload, 8, n));
        PmtEvent recycled = new PmtEvent(1);
        ZdabTestData.assertSameEvent("recycled", e, ZdabCodec.decodeRawData(payload, 8, n, recycled));

        payload.putInt(8, 0x52554E20); // "RUN "
        try {
            ZdabCodec.decodeRawData(payload, 8, n);
            fail("decoded a RUN record as an event");
        } catch (ZdabFormatException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("RUN "));
        }
    }

    @Test
    public void aRecordThatDoesNotHoldItsHitsIsRejected() {
        ByteBuffer twoHits = record(0, NO_TRIGGER, 0, 0, 0, 0, 0, 0);
        assertRejected("NHIT 2 needs 68 bytes, the record has 56", twoHits, 56);
        ByteBuffer longer = ByteBuffer.allocate(72).put(twoHits).position(72).flip();
        assertRejected("NHIT 2 needs 68 bytes, the record has 72", longer, 72);
        assertRejected("hit 1 is on crate 19", record(0, NO_TRIGGER, 0, 0, 0, 19 << 21, 0, 0), 68);
        assertRejected("shorter than 44", twoHits, 40);
    }

    @Test
    public void subFieldsAfterTheHitsAreCheckedAndSkipped() throws Exception {
        // one hit, then a sub-field of 3 words (header + 2): CalPckType says "another follows" and
        // points 7 + 3 = 10 words ahead of itself (word 4) to word 14
        ByteBuffer b = ByteBuffer.allocate(44 + 12 + 12);
        b.put(record(0, NO_TRIGGER, 0, 0, 0)).putInt(32 << 24 | 3).putInt(1).putInt(2).flip();
        b.putInt(16, 0x0100_0000 | 0x0080_0000 | 10);
        assertEquals(1, ZdabCodec.decodePmt(b, 0, 68).nhit());

        b.putInt(56, 32 << 24 | 4); // the sub-field claims a word more than there is
        assertRejected("sub-field at word 14 of 4 words runs past the record of 17 words", b, 68);
        b.putInt(56, 32 << 24 | 3);
        b.putInt(16, 0x0100_0000 | 0x0080_0000 | 5); // points into the hits
        assertRejected("first sub-field at word 9 overlaps the hits", b, 68);
    }

    private static void assertRejected(String message, ByteBuffer b, int length) {
        try {
            ZdabCodec.decodePmt(b, 0, length);
            fail("decoded; expected: " + message);
        } catch (ZdabFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(message) || e.getMessage().contains(message));
        }
    }

    @Test
    public void theEncoderRefusesValuesThatDoNotFitTheirFields() {
        assertEncodeRefused(new PmtEvent().header(1, 0, 0, 1 << 24, 0, 0, 0, 0), "GTID 16777216");
        assertEncodeRefused(new PmtEvent().header(1, 1 << 16, 0, 0, 0, 0, 0, 0), "subrun 65536");
        assertEncodeRefused(new PmtEvent().header(1, 0, 0, 0, 1 << 27, 0, 0, 0), "trigger word 0x8000000");
        assertEncodeRefused(new PmtEvent().header(1, 0, 0, 0, 0, 0, 1L << 53, 0), "clock10 9007199254740992");
        assertEncodeRefused(new PmtEvent().header(1, 0, 0, 0, 0, 0, 0, 1L << 43), "clock50 8796093022208");
        assertEncodeRefused(new PmtEvent().header(1, 0, 0, 0, 0, 0, 0, 0).esum(1024, 0, 0), "ESUM 1024/0/0");
        PmtEvent hit = new PmtEvent().header(1, 0, 0, 0, 0, 0, 0, 0);
        hit.addHit(9728, 0, 0, 0, 0, 0, 0);
        assertEncodeRefused(hit, "hit 0 does not fit the FEC words: lcn 9728");
        hit.header(1, 0, 0, 0, 0, 0, 0, 0).addHit(0, 0, 4096, 0, 0, 0, 0);
        assertEncodeRefused(hit, "qhs 4096");
    }

    private static void assertEncodeRefused(PmtEvent e, String message) {
        ByteBuffer out = ByteBuffer.allocate(1000);
        try {
            ZdabCodec.encodePmt(e, out, 0);
            fail("encoded; expected: " + message);
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains(message));
        }
        assertFalse("something was written", out.getInt(0) != 0 || out.getInt(4) != 0);
    }

    @Test
    public void headerBanksAreTheirWordsInBankOrder() throws Exception {
        RunHeader rhdr = new RunHeader(20261128, 13453000, 4, 300000, 2, 0x8L, 0xFFFF_FFFFL, 0x7FFFFL, 100, 101);
        ByteBuffer b = ByteBuffer.allocate(4 * ZdabCodec.RHDR_WORDS);
        assertEquals(72, ZdabCodec.encodeRunHeader(rhdr, b, 0));
        assertEquals(20261128, b.getInt(0));
        assertEquals(300000, b.getInt(12));      // RunNumber is word 3
        assertEquals(-1, b.getInt(24));          // RunMask, word 6, all 32 bits
        assertEquals(0x7FFFF, b.getInt(28));     // GTCrateMsk, word 7
        assertEquals(101, b.getInt(36));         // ValidGTID, word 9
        assertEquals(0, b.getInt(68));           // spares
        assertEquals(rhdr, ZdabCodec.decodeRunHeader(b, 0, 72));

        TriggerSettings trig = ZdabTestData.triggerSettings(0xABCDEF);
        b = ByteBuffer.allocate(4 * ZdabCodec.TRIG_WORDS);
        ZdabCodec.encodeTriggerSettings(trig, b, 0);
        assertEquals(0x7FFF, b.getInt(0));       // TriggerMask
        assertEquals(4000, b.getInt(4));         // n100lo, word 1
        assertEquals(4090, b.getInt(40));        // owlehi, word 10
        assertEquals(10, b.getInt(44));          // n100lo_zero, word 11
        assertEquals(5, b.getInt(84));           // PulserRate, word 21
        assertEquals(0xABCDEF, b.getInt(100));   // GTID, word 25
        assertEquals(trig, ZdabCodec.decodeTriggerSettings(b, 0, 104));

        PedestalSettings eped = ZdabTestData.pedestalSettings(12345);
        b = ByteBuffer.allocate(4 * ZdabCodec.EPED_WORDS);
        ZdabCodec.encodePedestalSettings(eped, b, 0);
        assertEquals(60, b.getInt(0));           // ped_width
        assertEquals(0x87, b.getInt(16));        // halfCrateID, word 4
        assertEquals(12345, b.getInt(24));       // GTID, word 6
        assertEquals(eped, ZdabCodec.decodePedestalSettings(b, 0, 32));

        try {
            ZdabCodec.decodePedestalSettings(b, 0, 28);
            fail("a 7-word EPED decoded");
        } catch (ZdabFormatException expected) {
            assertEquals("EPED bank of 28 bytes, shorter than 32", expected.getMessage());
        }
    }

    @Test
    public void littleEndianBuffersAreRefused() {
        try {
            ZdabCodec.decodePmt(ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN), 0, 44);
            fail("decoded from a little-endian buffer");
        } catch (IllegalArgumentException | ZdabFormatException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("big-endian"));
        }
    }

    @Test
    public void bankNamesAreFourCharacters() {
        assertEquals("ZDAB", ZdabCodec.bankName(ZdabCodec.BANK_ZDAB));
        assertEquals("MAST", ZdabCodec.bankName(0x4D415354));
        assertEquals("A?B ", ZdabCodec.bankName(0x41014220));
    }
    @Test
    public void dispatcherRecordsAreAnIdAndTheBankData() throws Exception {
        // RECHDR as the SNO+ builder dispatches it: 'RUN ' (not RHDR), then the 18 RHDR words
        RunHeader rhdr = new RunHeader(20261128, 13453000, 4, 300000, 2, 0x8L, 0xFFFF_FFFFL, 0x7FFFFL, 100, 101);
        ByteBuffer b = ByteBuffer.allocate(200);
        assertEquals(84, ZdabCodec.encodeRecord(rhdr, b, 0));
        assertEquals(0x52554E20, b.getInt(0));   // "RUN "
        assertEquals(300000, b.getInt(12 + 12)); // RunNumber, word 3 of the record
        assertEquals(rhdr, ZdabCodec.decodeRecord(b, 0, 84));
        assertEquals("RUN ", ZdabCodec.bankName(ZdabCodec.recordId(b, 0, 84)));

        TriggerSettings trig = ZdabTestData.triggerSettings(7);
        assertEquals(12 + 104, ZdabCodec.encodeRecord(trig, b, 0));
        assertEquals("TRIG", ZdabCodec.bankName(b.getInt(0)));
        assertEquals(trig, ZdabCodec.decodeRecord(b, 0, 116));

        PedestalSettings eped = ZdabTestData.pedestalSettings(9);
        assertEquals(44, ZdabCodec.encodeRecord(eped, b, 0));
        assertEquals(eped, ZdabCodec.decodeRecord(b, 0, 44));

        // another kind of record is no error: it is not ours to read
        b.putInt(0, 0x56544852); // VTHR
        assertEquals(null, ZdabCodec.decodeRecord(b, 0, 44));
        try {
            ZdabCodec.decodeRecord(b, 0, 8);
            fail("an 8-byte record decoded");
        } catch (ZdabFormatException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("shorter than 12"));
        }
    }
}
