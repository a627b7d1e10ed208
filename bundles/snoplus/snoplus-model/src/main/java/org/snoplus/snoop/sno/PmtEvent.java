package org.snoplus.snoop.sno;

import java.util.Arrays;

/**
 * One triggered event of the detector: the MTC/D header and the PMT hits.
 *
 * <p>The hits are parallel primitive arrays, one entry per hit, valid for indices
 * {@code 0..nhit()-1} (the arrays may be longer): there is no object per hit. Charges and TAC are
 * ADC counts 0..4095 as the front end digitised them, with the hardware's bit-11 flip already
 * undone by the decoder.
 *
 * <p>Readers fill an event and publish it; processors only read it, and must not keep it after
 * {@code event()} returns. A processor that needs the hits later copies what it needs.
 */
public final class PmtEvent {

    /** Hit flag: CGT ES16 (sync error at the 16-bit GT counter rollover; bit 30 of the first FEC word). */
    public static final int HIT_CGT_ES16 = 1;
    /** Hit flag: CGT ES24 (sync error at the 24-bit GT counter rollover; bit 31 of the first FEC word). */
    public static final int HIT_CGT_ES24 = 1 << 1;
    /** Hit flag: a missed count (the channel missed a GT; bit 28 of the second FEC word). */
    public static final int HIT_MISSED = 1 << 2;
    /**
     * Hit flag: LGI select, the bit that says which integration (long or short) the low-gain charge
     * {@link #qlx()} comes from (bit 30 of the second FEC word).
     */
    public static final int HIT_LGI_SELECT = 1 << 3;
    /** Hit flag: CMOS ES16 (CMOS sync error at the 16-bit rollover; bit 31 of the second FEC word). */
    public static final int HIT_CMOS_ES16 = 1 << 4;
    /** Hit flag: the NC/CC bit of the FEC readout (bit 29 of the second FEC word), carried as read. */
    public static final int HIT_NC_CC = 1 << 5;

    private int run = -1;
    private int subrun;
    private int eventNumber;
    private int gtid;
    private int triggerWord;
    private int triggerErrors;
    private long clock10;
    private long clock50;
    private int esumPeak;
    private int esumDiff;
    private int esumInt;

    private int nhit;
    private int[] lcn;
    private byte[] cell;
    private short[] qhs;
    private short[] qhl;
    private short[] qlx;
    private short[] tac;
    private byte[] flags;

    /** An empty event with room for {@code capacity} hits (it grows when needed). */
    public PmtEvent(int capacity) {
        allocate(Math.max(capacity, 1));
    }

    public PmtEvent() {
        this(128);
    }

    private void allocate(int n) {
        lcn = new int[n];
        cell = new byte[n];
        qhs = new short[n];
        qhl = new short[n];
        qlx = new short[n];
        tac = new short[n];
        flags = new byte[n];
    }

    // ------------------------------------------------------------------ header

    /** Run number, -1 when unknown. */
    public int run() {
        return run;
    }

    /** Sub-run number (in a ZDAB event record, the 16-bit field once called DaqStatus). */
    public int subrun() {
        return subrun;
    }

    /** The event number the DAQ gave the record (not the GTID). */
    public int eventNumber() {
        return eventNumber;
    }

    /** Global trigger ID, 24 bits; wraps at 2^24. */
    public int gtid() {
        return gtid;
    }

    /** The 27-bit trigger word; see {@link TriggerBits}. */
    public int triggerWord() {
        return triggerWord;
    }

    /**
     * The MTC/D's error and status bits of this trigger: bits 17..31 of the last word of the MTC
     * header (those above the ESUM integral) shifted down to bit 0. From bit 0: TestGT, Test50,
     * Test10, TestMem1, TestMem2, SynClr16, SynClr16 without TC16, SynClr24, SynClr24 without TC24,
     * FIFOs not all empty, FIFOs not all full, FIFOs all full, and three unused bits (SNO+ marks
     * front-end polling events with the first of them, bit 12 here).
     */
    public int triggerErrors() {
        return triggerErrors;
    }

    /** The 10 MHz clock, 53 bits, in ticks of 100 ns. */
    public long clock10() {
        return clock10;
    }

    /** The 50 MHz clock, 43 bits, in ticks of 20 ns. */
    public long clock50() {
        return clock50;
    }

    /** ESUM peak, 10 bits. */
    public int esumPeak() {
        return esumPeak;
    }

    /** ESUM difference, 10 bits. */
    public int esumDiff() {
        return esumDiff;
    }

    /** ESUM integral, 10 bits. */
    public int esumInt() {
        return esumInt;
    }

    /** Whether this is an orphan: hits that arrived without a trigger (GTID 0 and trigger word 0). */
    public boolean isOrphan() {
        return gtid == 0 && triggerWord == 0;
    }

    // ------------------------------------------------------------------ hits

    /** Number of hits, including the FEC/D channels (see {@link #pmtHits()}). */
    public int nhit() {
        return nhit;
    }

    /** Logical channel numbers of the hits ({@link Channels}). */
    public int[] lcn() {
        return lcn;
    }

    /** CMOS cell (0..15) of each hit. */
    public byte[] cell() {
        return cell;
    }

    /** QHS: high-gain, short integration charge, ADC counts. */
    public short[] qhs() {
        return qhs;
    }

    /** QHL: high-gain, long integration charge, ADC counts. */
    public short[] qhl() {
        return qhl;
    }

    /** QLX: low-gain charge (long or short, see {@link #HIT_LGI_SELECT}), ADC counts. */
    public short[] qlx() {
        return qlx;
    }

    /** TAC: the time, ADC counts. */
    public short[] tac() {
        return tac;
    }

    /** Flags of each hit: {@link #HIT_CGT_ES16} and the other {@code HIT_} bits. */
    public byte[] flags() {
        return flags;
    }

    /** Hits on PMT channels: {@link #nhit()} less those on the FEC/D channels (crate 17, card 15). */
    public int pmtHits() {
        int n = 0;
        for (int i = 0; i < nhit; i++) {
            if (!Channels.isFecd(lcn[i])) {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ filling (readers)

    /** Sets the header; clears the hits. */
    public PmtEvent header(int run, int subrun, int eventNumber, int gtid, int triggerWord, int triggerErrors,
            long clock10, long clock50) {
        this.run = run;
        this.subrun = subrun;
        this.eventNumber = eventNumber;
        this.gtid = gtid;
        this.triggerWord = triggerWord;
        this.triggerErrors = triggerErrors;
        this.clock10 = clock10;
        this.clock50 = clock50;
        this.nhit = 0;
        return this;
    }

    /** Sets the ESUM values of the header. */
    public PmtEvent esum(int peak, int diff, int integral) {
        this.esumPeak = peak;
        this.esumDiff = diff;
        this.esumInt = integral;
        return this;
    }

    /** Makes room for {@code n} hits in all, keeping those there. */
    public void ensureCapacity(int n) {
        if (n > lcn.length) {
            int size = Math.max(n, lcn.length * 2);
            lcn = Arrays.copyOf(lcn, size);
            cell = Arrays.copyOf(cell, size);
            qhs = Arrays.copyOf(qhs, size);
            qhl = Arrays.copyOf(qhl, size);
            qlx = Arrays.copyOf(qlx, size);
            tac = Arrays.copyOf(tac, size);
            flags = Arrays.copyOf(flags, size);
        }
    }

    /** Appends a hit. */
    public void addHit(int channel, int cmosCell, int qhsCounts, int qhlCounts, int qlxCounts, int tacCounts,
            int hitFlags) {
        if (nhit == lcn.length) {
            ensureCapacity(nhit + 1);
        }
        int i = nhit++;
        lcn[i] = channel;
        cell[i] = (byte) cmosCell;
        qhs[i] = (short) qhsCounts;
        qhl[i] = (short) qhlCounts;
        qlx[i] = (short) qlxCounts;
        tac[i] = (short) tacCounts;
        flags[i] = (byte) hitFlags;
    }

    @Override
    public String toString() {
        return "PmtEvent[run=" + run + ", gtid=0x" + Integer.toHexString(gtid) + ", trigger="
                + TriggerBits.names(triggerWord) + ", nhit=" + nhit + "]";
    }
}
