package org.snoplus.snoop.sno.zdab;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.sno.TriggerSettings;

/**
 * The data of ZDAB banks, decoded into the SNO+ model and encoded back: the PMT event record (bank
 * {@code ZDAB}, and the dispatcher's {@code RAWDATA} record, which carries the same bytes after a
 * 12-byte header), the run header ({@code RHDR}), the trigger settings ({@code TRIG}) and the
 * pedestal settings ({@code EPED}). {@code docs/ZDAB.md} gives every layout.
 *
 * <p>All methods work on a big-endian {@link ByteBuffer} (the default order) at an absolute byte
 * offset and length, and leave the buffer's position alone; the bytes are those of the file or
 * of the wire, unswapped. Decoding allocates the result only: no object per hit.
 *
 * <p>A {@link PmtEvent} as decoded: LCN {@code 512·crate + 32·card + channel}; QHS, QHL, QLX and
 * TAC as the ADC counts 0..4095 (the front end's bit-11 flip undone); the hit flags mapped to
 * {@code PmtEvent.HIT_*}; the 53-bit 10 MHz and 43-bit 50 MHz clocks, the 24-bit GTID, the 27-bit
 * trigger word in {@link TriggerBits} order, the ESUM peak/difference/integral and the 15 error
 * bits from the MTC/D words. Each hit's own copy of the GTID is not kept; the encoder writes the
 * event's GTID there. Sub-fields after the hits (extended format) are checked and skipped.
 *
 * <p>Thread-safe: no state.
 */
public final class ZdabCodec {

    /** Bank name {@code ZDAB}: a PMT event record. */
    public static final int BANK_ZDAB = 0x5A444142;
    /** Bank name {@code RHDR}: a run header. */
    public static final int BANK_RHDR = 0x52484452;
    /** Bank name {@code TRIG}: trigger settings. */
    public static final int BANK_TRIG = 0x54524947;
    /** Bank name {@code EPED}: pedestal settings. */
    public static final int BANK_EPED = 0x45504544;
    /** Bank name {@code MAST}: the SNOMAN master bank written before every header bank. */
    public static final int BANK_MAST = 0x4D415354;

    /** Record id of a PMT event record in a dispatcher generic header: {@code PMT }. */
    public static final int RECORD_PMT = 0x504D5420;
    /** Record version of a PMT event record in a dispatcher generic header: {@code PTK0}. */
    public static final int RECORD_VERSION_PTK0 = 0x50544B30;
    /** Bytes of the dispatcher's generic record header. */
    public static final int GENERIC_HEADER_BYTES = 12;
    /** Record id of a run header as dispatched ({@code RECHDR}): {@code RUN } (in a file, bank {@code RHDR}). */
    public static final int RECORD_RUN = 0x52554E20;
    /** Record id of trigger settings as dispatched ({@code RECHDR}): {@code TRIG}, as the bank. */
    public static final int RECORD_TRIG = BANK_TRIG;
    /** Record id of pedestal settings as dispatched ({@code RECHDR}): {@code EPED}, as the bank. */
    public static final int RECORD_EPED = BANK_EPED;

    /** Bytes of the PmtEventRecord, before the hits. */
    public static final int PMT_RECORD_BYTES = 44;
    /** Bytes of one hit. */
    public static final int HIT_BYTES = 12;
    /** Most hits a record can say it has (a 16-bit field). */
    public static final int MAX_NHIT = 0xFFFF;

    /** Data words of an {@code RHDR} bank. */
    public static final int RHDR_WORDS = 18;
    /** Data words of a {@code TRIG} bank. */
    public static final int TRIG_WORDS = 26;
    /** Data words of an {@code EPED} bank. */
    public static final int EPED_WORDS = 8;

    /** What the SNO builder writes in the first word of a record: type 0xA, not MC, version 23; data type 0xB. */
    static final int PMT_RECORD_INFO = 0x1417_000B;
    /** What the SNO builder writes in CalPckType: calibration type 1, no sub-fields. */
    static final int CAL_PCK_TYPE = 0x0100_0000;

    private static final int SUB_NOT_LAST = 0x0080_0000;
    private static final int SUB_LENGTH_MASK = 0x007F_FFFF;
    private static final int FLIP = 0x800;
    private static final long CLOCK10_MAX = (1L << 53) - 1;
    private static final long CLOCK50_MAX = (1L << 43) - 1;
    private static final int ERRORS_MAX = 0x7FFF;

    private ZdabCodec() {
    }

    // ------------------------------------------------------------------ PMT event record

    /**
     * Decodes a PMT event record and its hits into a new event.
     *
     * @param data the bytes: the data of a {@code ZDAB} bank
     * @param offset where the record starts
     * @param length its length in bytes: exactly {@code 44 + 12·NHIT}, or more when sub-fields follow
     * @throws ZdabFormatException when the length does not fit the NHIT, a sub-field runs out of the
     *         record, or a hit is on a crate that does not exist
     */
    public static PmtEvent decodePmt(ByteBuffer data, int offset, int length) throws ZdabFormatException {
        checkLength(data, offset, length, PMT_RECORD_BYTES, "PMT record");
        // sized before it is filled; a corrupt NHIT is rejected before anything is allocated for it
        int nhit = data.getInt(offset + 12) & 0xFFFF;
        return decodePmt(data, offset, length, new PmtEvent(PMT_RECORD_BYTES + HIT_BYTES * nhit <= length ? nhit : 1));
    }

    /**
     * Decodes a PMT event record into {@code into}, replacing its header and hits (for a reader that
     * recycles events).
     *
     * @return {@code into}
     * @see #decodePmt(ByteBuffer, int, int)
     */
    public static PmtEvent decodePmt(ByteBuffer data, int offset, int length, PmtEvent into)
            throws ZdabFormatException {
        checkLength(data, offset, length, PMT_RECORD_BYTES, "PMT record");
        int run = data.getInt(offset + 4);
        int eventNumber = data.getInt(offset + 8);
        int w3 = data.getInt(offset + 12);
        int nhit = w3 & 0xFFFF;
        int calPckType = data.getInt(offset + 16);
        int needed = PMT_RECORD_BYTES + HIT_BYTES * nhit;
        if (length < needed || (calPckType & SUB_NOT_LAST) == 0 && length != needed) {
            throw new ZdabFormatException("NHIT " + nhit + " needs " + needed + " bytes, the record has " + length
                    + ((calPckType & SUB_NOT_LAST) == 0 ? " and no sub-fields" : ""));
        }
        if ((calPckType & SUB_NOT_LAST) != 0) {
            checkSubFields(data, offset, length, nhit);
        }
        int m0 = data.getInt(offset + 20);
        int m1 = data.getInt(offset + 24);
        int m2 = data.getInt(offset + 28);
        int m3 = data.getInt(offset + 32);
        int m4 = data.getInt(offset + 36);
        int m5 = data.getInt(offset + 40);
        long clock10 = (m1 & 0x1FFFFFL) << 32 | m0 & 0xFFFF_FFFFL;
        long clock50 = (m2 & 0xFFFF_FFFFL) << 11 | m1 >>> 21;
        int gtid = m3 & 0xFF_FFFF;
        int triggerWord = m3 >>> 24 | (m4 & 0x7FFFF) << 8;
        int peak = m4 >>> 19 & 0x3FF;
        int diff = m4 >>> 29 | (m5 & 0x7F) << 3;
        int integral = m5 >>> 7 & 0x3FF;
        int errors = m5 >>> 17;
        into.header(run, w3 >>> 16, eventNumber, gtid, triggerWord, errors, clock10, clock50);
        into.esum(peak, diff, integral);
        into.ensureCapacity(nhit);
        int p = offset + PMT_RECORD_BYTES;
        for (int i = 0; i < nhit; i++, p += HIT_BYTES) {
            int w0 = data.getInt(p);
            int w1 = data.getInt(p + 4);
            int w2 = data.getInt(p + 8);
            int crate = w0 >>> 21 & 0x1F;
            if (crate >= Channels.CRATES) {
                throw new ZdabFormatException("hit " + i + " is on crate " + crate + ", which does not exist");
            }
            int lcn = crate << 9 | (w0 >>> 26 & 0xF) << 5 | w0 >>> 16 & 0x1F;
            int flags = w0 >>> 30 & 1                       // CGT ES16
                    | w0 >>> 31 << 1                            // CGT ES24
                    | (w1 >>> 28 & 1) << 2                      // missed count
                    | (w1 >>> 30 & 1) << 3                      // LGI select
                    | w1 >>> 31 << 4                            // CMOS ES16
                    | (w1 >>> 29 & 1) << 5;                     // NC/CC
            into.addHit(lcn, w1 >>> 12 & 0xF, (w1 >>> 16 & 0xFFF) ^ FLIP, (w2 & 0xFFF) ^ FLIP, (w1 & 0xFFF) ^ FLIP,
                    (w2 >>> 16 & 0xFFF) ^ FLIP, flags);
        }
        return into;
    }

    /** The sub-field chain starts at word 4 and must end inside the record, after the hits. */
    private static void checkSubFields(ByteBuffer data, int offset, int length, int nhit) throws ZdabFormatException {
        int words = length / 4;
        int p = 4;
        int header = data.getInt(offset + 16);
        boolean first = true;
        while ((header & SUB_NOT_LAST) != 0) {
            int step = header & SUB_LENGTH_MASK;
            if (step == 0 || (long) p + step >= words) {
                throw new ZdabFormatException("sub-field at word " + p + " points to word " + ((long) p + step)
                        + ", outside the record of " + words + " words");
            }
            p += step;
            if (first && p < PMT_RECORD_BYTES / 4 + 3 * nhit) {
                throw new ZdabFormatException("first sub-field at word " + p + " overlaps the hits");
            }
            first = false;
            header = data.getInt(offset + 4 * p);
        }
        int size = header & SUB_LENGTH_MASK;
        if (size == 0 || (long) p + size > words) {
            throw new ZdabFormatException("sub-field at word " + p + " of " + size + " words runs past the record of "
                    + words + " words");
        }
    }

    /** Bytes the encoded record of {@code event} takes: {@code 44 + 12·NHIT}. */
    public static int pmtBytes(PmtEvent event) {
        return PMT_RECORD_BYTES + HIT_BYTES * event.nhit();
    }

    /**
     * Encodes an event as a PMT event record with its hits (the data of a {@code ZDAB} bank), as the
     * SNO builder writes it.
     *
     * @return the bytes written, {@link #pmtBytes}
     * @throws IllegalArgumentException when a value does not fit its field (a 25-bit GTID, a charge
     *         above 4095, a channel that does not exist...), or the buffer has no room; nothing is
     *         written then
     */
    public static int encodePmt(PmtEvent event, ByteBuffer out, int offset) {
        checkOrder(out);
        int nhit = event.nhit();
        int bytes = PMT_RECORD_BYTES + HIT_BYTES * nhit;
        if (offset < 0 || offset > out.limit() - bytes) {
            throw new IllegalArgumentException("no room for " + bytes + " bytes at " + offset);
        }
        // one test on the hot path; the message is built only when something does not fit
        if (nhit > MAX_NHIT || (event.subrun() & ~0xFFFF) != 0 || (event.gtid() & ~0xFF_FFFF) != 0
                || (event.triggerWord() & ~TriggerBits.MASK) != 0 || (event.triggerErrors() & ~ERRORS_MAX) != 0
                || (event.clock10() & ~CLOCK10_MAX) != 0 || (event.clock50() & ~CLOCK50_MAX) != 0
                || ((event.esumPeak() | event.esumDiff() | event.esumInt()) & ~0x3FF) != 0) {
            throw new IllegalArgumentException("event header does not fit the PMT record: nhit " + nhit
                    + " (max " + MAX_NHIT + "), subrun " + event.subrun() + " (16 bits), GTID " + event.gtid()
                    + " (24 bits), trigger word 0x" + Integer.toHexString(event.triggerWord()) + " (27 bits), errors 0x"
                    + Integer.toHexString(event.triggerErrors()) + " (15 bits), clock10 " + event.clock10()
                    + " (53 bits), clock50 " + event.clock50() + " (43 bits), ESUM " + event.esumPeak() + "/"
                    + event.esumDiff() + "/" + event.esumInt() + " (10 bits each)");
        }
        int[] lcn = event.lcn();
        byte[] cell = event.cell();
        short[] qhs = event.qhs();
        short[] qhl = event.qhl();
        short[] qlx = event.qlx();
        short[] tac = event.tac();
        byte[] flags = event.flags();
        for (int i = 0; i < nhit; i++) {
            if (!Channels.isValid(lcn[i]) || (cell[i] & ~0xF) != 0 || (qhs[i] & ~0xFFF) != 0 || (qhl[i] & ~0xFFF) != 0
                    || (qlx[i] & ~0xFFF) != 0 || (tac[i] & ~0xFFF) != 0 || (flags[i] & ~0x3F) != 0) {
                throw new IllegalArgumentException("hit " + i + " does not fit the FEC words: lcn " + lcn[i] + ", cell "
                        + cell[i] + ", qhs " + qhs[i] + ", qhl " + qhl[i] + ", qlx " + qlx[i] + ", tac " + tac[i]
                        + ", flags 0x" + Integer.toHexString(flags[i] & 0xFF) + " (lcn 0.." + (Channels.COUNT - 1)
                        + ", cell 0..15, ADC 0..4095, flags 6 bits)");
            }
        }
        int gtid = event.gtid();
        int trigger = event.triggerWord();
        int diff = event.esumDiff();
        out.putInt(offset, PMT_RECORD_INFO);
        out.putInt(offset + 4, event.run());
        out.putInt(offset + 8, event.eventNumber());
        out.putInt(offset + 12, event.subrun() << 16 | nhit);
        out.putInt(offset + 16, CAL_PCK_TYPE);
        out.putInt(offset + 20, (int) event.clock10());
        out.putInt(offset + 24, (int) (event.clock10() >>> 32) | (int) event.clock50() << 21);
        out.putInt(offset + 28, (int) (event.clock50() >>> 11));
        out.putInt(offset + 32, gtid | trigger << 24);
        out.putInt(offset + 36, trigger >>> 8 | event.esumPeak() << 19 | diff << 29);
        out.putInt(offset + 40, diff >>> 3 | event.esumInt() << 7 | event.triggerErrors() << 17);
        int hitGtid0 = gtid & 0xFFFF;
        int hitGtid2 = (gtid >>> 16 & 0xF) << 12 | (gtid >>> 20) << 28;
        int p = offset + PMT_RECORD_BYTES;
        for (int i = 0; i < nhit; i++, p += HIT_BYTES) {
            int c = lcn[i];
            int f = flags[i];
            out.putInt(p, (f >>> 1 & 1) << 31 | (f & 1) << 30 | (c >>> 5 & 0xF) << 26 | (c >>> 9) << 21
                    | (c & 0x1F) << 16 | hitGtid0);
            out.putInt(p + 4, (f >>> 4 & 1) << 31 | (f >>> 3 & 1) << 30 | (f >>> 5 & 1) << 29 | (f >>> 2 & 1) << 28
                    | (qhs[i] ^ FLIP) << 16 | cell[i] << 12 | qlx[i] ^ FLIP);
            out.putInt(p + 8, (tac[i] ^ FLIP) << 16 | hitGtid2 | qhl[i] ^ FLIP);
        }
        return bytes;
    }

    // ------------------------------------------------------------------ dispatcher RAWDATA

    /**
     * Decodes the payload of a dispatcher {@code RAWDATA} record: the 12-byte generic header (record
     * id {@code PMT }) and the PMT event record.
     *
     * @throws ZdabFormatException when the record is not a PMT record or the event record is bad
     * @see #decodePmt(ByteBuffer, int, int)
     */
    public static PmtEvent decodeRawData(ByteBuffer payload, int offset, int length) throws ZdabFormatException {
        checkRawData(payload, offset, length);
        return decodePmt(payload, offset + GENERIC_HEADER_BYTES, length - GENERIC_HEADER_BYTES);
    }

    /** As {@link #decodeRawData(ByteBuffer, int, int)}, into a recycled event. */
    public static PmtEvent decodeRawData(ByteBuffer payload, int offset, int length, PmtEvent into)
            throws ZdabFormatException {
        checkRawData(payload, offset, length);
        return decodePmt(payload, offset + GENERIC_HEADER_BYTES, length - GENERIC_HEADER_BYTES, into);
    }

    private static void checkRawData(ByteBuffer payload, int offset, int length) throws ZdabFormatException {
        checkLength(payload, offset, length, GENERIC_HEADER_BYTES + PMT_RECORD_BYTES, "RAWDATA payload");
        int id = payload.getInt(offset);
        if (id != RECORD_PMT) {
            throw new ZdabFormatException("record id " + bankName(id) + " (0x" + Integer.toHexString(id)
                    + "), not a PMT record");
        }
    }

    /**
     * Encodes an event as the payload of a dispatcher {@code RAWDATA} record: the generic header
     * ({@code PMT }, 44, {@code PTK0}) and the PMT event record.
     *
     * @return the bytes written: {@code 12 + }{@link #pmtBytes}
     */
    public static int encodeRawData(PmtEvent event, ByteBuffer out, int offset) {
        checkOrder(out);
        int bytes = GENERIC_HEADER_BYTES + pmtBytes(event);
        if (offset < 0 || offset > out.limit() - bytes) {
            throw new IllegalArgumentException("no room for " + bytes + " bytes at " + offset);
        }
        int n = encodePmt(event, out, offset + GENERIC_HEADER_BYTES);
        out.putInt(offset, RECORD_PMT);
        out.putInt(offset + 4, PMT_RECORD_BYTES);
        out.putInt(offset + 8, RECORD_VERSION_PTK0);
        return GENERIC_HEADER_BYTES + n;
    }

    /**
     * Decodes one record as the dispatcher sends it ({@code RAWDATA} and {@code RECHDR} payloads,
     * also the messages of the ZeroMQ stream): the 12-byte generic header (record id, length,
     * version) and the record. {@code PMT } gives a {@link PmtEvent}, {@code RUN } (or {@code RHDR})
     * a {@link RunHeader}, {@code TRIG} {@link TriggerSettings}, {@code EPED}
     * {@link PedestalSettings}.
     *
     * @return the record, or {@code null} for a record of another kind (the dispatcher also carries
     *         {@code VTHR}, {@code CAST}, {@code SOSA}... that SNO+ processors do not read)
     * @throws ZdabFormatException when the payload is shorter than its header or its record is bad
     * @since 1.1
     */
    public static Object decodeRecord(ByteBuffer payload, int offset, int length) throws ZdabFormatException {
        checkLength(payload, offset, length, GENERIC_HEADER_BYTES, "dispatcher record");
        int id = payload.getInt(offset);
        int at = offset + GENERIC_HEADER_BYTES;
        int n = length - GENERIC_HEADER_BYTES;
        return switch (id) {
            case RECORD_PMT -> decodePmt(payload, at, n);
            case RECORD_RUN, BANK_RHDR -> decodeRunHeader(payload, at, n);
            case BANK_TRIG -> decodeTriggerSettings(payload, at, n);
            case BANK_EPED -> decodePedestalSettings(payload, at, n);
            default -> null;
        };
    }

    /**
     * The record id of a dispatcher payload ({@code PMT }, {@code RUN }...; see {@link #bankName}),
     * or 0 when it is shorter than an id.
     *
     * @since 1.1
     */
    public static int recordId(ByteBuffer payload, int offset, int length) {
        return length >= 4 && offset >= 0 && offset <= payload.limit() - 4 ? payload.getInt(offset) : 0;
    }

    /**
     * Encodes a record as the dispatcher sends it: the generic header and the record ({@link PmtEvent}
     * as {@code RAWDATA}; {@link RunHeader} as {@code RUN }, {@link TriggerSettings} as {@code TRIG},
     * {@link PedestalSettings} as {@code EPED}, the three in {@code RECHDR}).
     *
     * @return the bytes written
     * @throws IllegalArgumentException for another kind of record, or when it does not fit
     * @since 1.1
     */
    public static int encodeRecord(Object record, ByteBuffer out, int offset) {
        if (record instanceof PmtEvent e) {
            return encodeRawData(e, out, offset);
        }
        checkRoom(out, offset, GENERIC_HEADER_BYTES);
        int id;
        int n;
        if (record instanceof RunHeader h) {
            id = RECORD_RUN;
            n = encodeRunHeader(h, out, offset + GENERIC_HEADER_BYTES);
        } else if (record instanceof TriggerSettings t) {
            id = BANK_TRIG;
            n = encodeTriggerSettings(t, out, offset + GENERIC_HEADER_BYTES);
        } else if (record instanceof PedestalSettings p) {
            id = BANK_EPED;
            n = encodePedestalSettings(p, out, offset + GENERIC_HEADER_BYTES);
        } else {
            throw new IllegalArgumentException("not a dispatcher record: " + record);
        }
        out.putInt(offset, id);
        out.putInt(offset + 4, n);
        out.putInt(offset + 8, 0);
        return GENERIC_HEADER_BYTES + n;
    }

    /** Bytes {@link #encodeRecord} writes for {@code record}. @since 1.1 */
    public static int recordBytes(Object record) {
        if (record instanceof PmtEvent e) {
            return GENERIC_HEADER_BYTES + pmtBytes(e);
        }
        if (record instanceof RunHeader) {
            return GENERIC_HEADER_BYTES + 4 * RHDR_WORDS;
        }
        if (record instanceof TriggerSettings) {
            return GENERIC_HEADER_BYTES + 4 * TRIG_WORDS;
        }
        if (record instanceof PedestalSettings) {
            return GENERIC_HEADER_BYTES + 4 * EPED_WORDS;
        }
        throw new IllegalArgumentException("not a dispatcher record: " + record);
    }

    // ------------------------------------------------------------------ header banks

    /** Decodes the data of an {@code RHDR} bank (at least 18 words; the spares are not kept). */
    public static RunHeader decodeRunHeader(ByteBuffer data, int offset, int length) throws ZdabFormatException {
        checkLength(data, offset, length, 4 * RHDR_WORDS, "RHDR bank");
        return new RunHeader(data.getInt(offset), data.getInt(offset + 4), data.getInt(offset + 8),
                data.getInt(offset + 12), data.getInt(offset + 16), unsigned(data, offset + 20),
                unsigned(data, offset + 24), unsigned(data, offset + 28), data.getInt(offset + 32),
                data.getInt(offset + 36));
    }

    /**
     * Encodes a run header as the 18 data words of an {@code RHDR} bank (spares 0).
     *
     * @return the bytes written, 72
     * @throws IllegalArgumentException when a mask is outside 0..2<sup>32</sup>-1
     */
    public static int encodeRunHeader(RunHeader h, ByteBuffer out, int offset) {
        checkRoom(out, offset, 4 * RHDR_WORDS);
        checkUnsigned(h.sourceMask(), "source mask");
        checkUnsigned(h.runMask(), "run mask");
        checkUnsigned(h.crateMask(), "crate mask");
        int[] w = {h.date(), h.time(), h.daqVersion(), h.run(), h.calibrationTrial(), (int) h.sourceMask(),
            (int) h.runMask(), (int) h.crateMask(), h.firstGtid(), h.validGtid()};
        for (int i = 0; i < RHDR_WORDS; i++) {
            out.putInt(offset + 4 * i, i < w.length ? w[i] : 0);
        }
        return 4 * RHDR_WORDS;
    }

    /** Decodes the data of a {@code TRIG} bank (at least 26 words). */
    public static TriggerSettings decodeTriggerSettings(ByteBuffer data, int offset, int length)
            throws ZdabFormatException {
        checkLength(data, offset, length, 4 * TRIG_WORDS, "TRIG bank");
        int[] thresholds = new int[TriggerSettings.THRESHOLDS];
        int[] zeros = new int[TriggerSettings.THRESHOLDS];
        for (int i = 0; i < thresholds.length; i++) {
            thresholds[i] = data.getInt(offset + 4 + 4 * i);
            zeros[i] = data.getInt(offset + 44 + 4 * i);
        }
        return new TriggerSettings(data.getInt(offset), thresholds, zeros, data.getInt(offset + 84),
                data.getInt(offset + 88), data.getInt(offset + 92), data.getInt(offset + 96),
                data.getInt(offset + 100));
    }

    /**
     * Encodes trigger settings as the 26 data words of a {@code TRIG} bank.
     *
     * @return the bytes written, 104
     */
    public static int encodeTriggerSettings(TriggerSettings t, ByteBuffer out, int offset) {
        checkRoom(out, offset, 4 * TRIG_WORDS);
        int[] thresholds = t.thresholds();
        int[] zeros = t.zeros();
        out.putInt(offset, t.triggerMask());
        for (int i = 0; i < thresholds.length; i++) {
            out.putInt(offset + 4 + 4 * i, thresholds[i]);
            out.putInt(offset + 44 + 4 * i, zeros[i]);
        }
        out.putInt(offset + 84, t.pulserRate());
        out.putInt(offset + 88, t.controlRegister());
        out.putInt(offset + 92, t.lockoutWidth());
        out.putInt(offset + 96, t.prescale());
        out.putInt(offset + 100, t.gtid());
        return 4 * TRIG_WORDS;
    }

    /** Decodes the data of an {@code EPED} bank (at least 8 words). */
    public static PedestalSettings decodePedestalSettings(ByteBuffer data, int offset, int length)
            throws ZdabFormatException {
        checkLength(data, offset, length, 4 * EPED_WORDS, "EPED bank");
        return new PedestalSettings(data.getInt(offset), data.getInt(offset + 4), data.getInt(offset + 8),
                data.getInt(offset + 12), data.getInt(offset + 16), data.getInt(offset + 20), data.getInt(offset + 24),
                data.getInt(offset + 28));
    }

    /**
     * Encodes pedestal settings as the 8 data words of an {@code EPED} bank.
     *
     * @return the bytes written, 32
     */
    public static int encodePedestalSettings(PedestalSettings p, ByteBuffer out, int offset) {
        checkRoom(out, offset, 4 * EPED_WORDS);
        int[] w = {p.pedestalWidth(), p.coarseDelay(), p.fineDelay(), p.chargeDac(), p.halfCrate(),
            p.calibrationType(), p.gtid(), p.flag()};
        for (int i = 0; i < w.length; i++) {
            out.putInt(offset + 4 * i, w[i]);
        }
        return 4 * EPED_WORDS;
    }

    // ------------------------------------------------------------------ names

    /** A bank or record name as four characters ({@code 0x5A444142} is {@code "ZDAB"}); others as {@code ?}. */
    public static String bankName(int name) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int b = name >>> 24 - 8 * i & 0xFF;
            c[i] = b >= 0x20 && b < 0x7F ? (char) b : '?';
        }
        return new String(c);
    }

    // ------------------------------------------------------------------ checks

    private static void checkLength(ByteBuffer b, int offset, int length, int min, String what)
            throws ZdabFormatException {
        checkOrder(b);
        if (offset < 0 || length < 0 || offset > b.limit() - length) {
            throw new IndexOutOfBoundsException(
                    what + " of " + length + " bytes at " + offset + " is outside the buffer of " + b.limit());
        }
        if (length < min) {
            throw new ZdabFormatException(what + " of " + length + " bytes, shorter than " + min);
        }
    }

    private static void checkOrder(ByteBuffer b) {
        if (b.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("ZDAB data is big-endian; the buffer is " + b.order());
        }
    }

    private static void checkRoom(ByteBuffer out, int offset, int bytes) {
        checkOrder(out);
        if (offset < 0 || offset > out.limit() - bytes) {
            throw new IllegalArgumentException("no room for " + bytes + " bytes at " + offset);
        }
    }

    private static void checkUnsigned(long value, String what) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " " + value + " outside 32 bits");
        }
    }

    private static long unsigned(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFF_FFFFL;
    }
}
