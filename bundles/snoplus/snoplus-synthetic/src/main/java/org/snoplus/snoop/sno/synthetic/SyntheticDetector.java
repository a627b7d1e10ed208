package org.snoplus.snoop.sno.synthetic;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;

import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.sno.TriggerSettings;

/**
 * A simulated SNO+ detector: the stream of records a SNO+ reader publishes, deterministic given
 * its {@link DetectorSettings}. Each call of {@link #next()} returns the next record: at the start
 * of every run and subrun a {@link RunHeader}, a {@link TriggerSettings} and a
 * {@link PedestalSettings}, then {@link PmtEvent}s.
 *
 * <p>What it looks like:
 * <ul>
 * <li><b>Time.</b> Triggers follow one another at exponential intervals (mean {@code 1/rate}) after
 * a 420 ns lockout. The 10 MHz clock (53 bits) and the 50 MHz clock (43 bits, wrapping every ~2
 * days) count the same simulated time, so between two triggers the 50 MHz clock advances 5 × the
 * 10 MHz one, ±4 ticks of rounding; a clock glitch moves one of them forward for good.</li>
 * <li><b>GTID</b> goes up by one per trigger and wraps at 2^24; a skip leaves out 1 to 16.</li>
 * <li><b>Triggers</b> by the weights of the {@link TriggerMix}: physics (N20, N100L/M/H from
 * about 15/25/45 hits, ESUML/H from about 100/300), muons, pulser (PULGT), pedestals (PED), OWL
 * triggers (OWLN, OWLEL, OWLEH), orphans (GTID 0, trigger word 0, clocks 0, a few hits). Every
 * {@code prescale}-th trigger with N100L also has PRESCL.</li>
 * <li><b>NHIT</b> of physics: 82% of events between 10 and 60 hits (a falling spectrum from
 * threshold), a peak near 190 (alphas), a tail to ~400; muons 1200–8500 hits, 20–80 of them on
 * OWL tubes. Each event has a few dark-noise hits, spread evenly in time.</li>
 * <li><b>Channels.</b> No channel is hit twice in an event. Dead channels (drawn from the seed)
 * are never hit; hot channels are hit in 30–80% of the triggered events; the FEC/D card (crate
 * 17, card 15) records the trigger: channel {@code b} is hit when trigger bit {@code b} (0..12,
 * N100L..PED) is set. Hits are in no particular order.</li>
 * <li><b>Hits.</b> QHS/QHL/QLX at the channel's pedestal (400–600 counts, with a CMOS cell offset
 * and noise) plus the charge (a photoelectron is ~32 QHS counts; muons saturate at 4095); TAC
 * near a peak of ~2700 counts with the late light below it, noise hits anywhere; CMOS cells
 * 0..15; rare flags at the {@link FaultRates} (at most one flag per hit).</li>
 * </ul>
 *
 * <p>Every event is a new {@link PmtEvent} whose arrays have exactly its number of hits, so a
 * published event is never changed. Not thread-safe.
 */
public final class SyntheticDetector {

    /** The 10 MHz clock's ticks wrap at 2^53. */
    public static final long CLOCK10_MASK = (1L << 53) - 1;
    /** The 50 MHz clock's ticks wrap at 2^43. */
    public static final long CLOCK50_MASK = (1L << 43) - 1;
    /** GTIDs wrap at 2^24. */
    public static final int GTID_MASK = (1 << 24) - 1;
    /** No trigger follows another closer than this (the MTC/D lockout), ns. */
    public static final int LOCKOUT_NS = 420;

    // the thresholds of the trigger sums, in hits, and the order TriggerSettings lists them in
    static final int N100L_HITS = 15;
    static final int N100M_HITS = 25;
    static final int N100H_HITS = 45;
    static final int N20_HITS = 10;
    static final int N20LB_HITS = 10;
    static final int ESUML_HITS = 100;
    static final int ESUMH_HITS = 300;
    static final int OWLN_HITS = 3;
    static final int OWLEL_HITS = 6;
    static final int OWLEH_HITS = 15;
    private static final int[] THRESHOLD_HITS = {N100L_HITS, N100M_HITS, N100H_HITS, N20_HITS, N20LB_HITS, ESUML_HITS,
        ESUMH_HITS, OWLN_HITS, OWLEL_HITS, OWLEH_HITS};

    /** The triggers the simulated MTC/D has enabled. */
    static final int TRIGGER_MASK = TriggerBits.N100L | TriggerBits.N100M | TriggerBits.N100H | TriggerBits.N20
            | TriggerBits.ESUML | TriggerBits.ESUMH | TriggerBits.OWLN | TriggerBits.OWLEL | TriggerBits.OWLEH
            | TriggerBits.PULGT | TriggerBits.PRESCL | TriggerBits.PED;
    /** Trigger bits recorded on the FEC/D card: bit b on channel b. */
    static final int FECD_BITS = (1 << 13) - 1;
    private static final int FECD_LCN = Channels.lcn(Channels.FECD_CRATE, Channels.FECD_CARD, 0);
    private static final int FECD_TAC = 3500;

    /** Run type of a physics run (bit 2 of the run mask). */
    static final long RUN_TYPE_PHYSICS = 1L << 2;
    static final long ALL_CRATES = (1L << Channels.CRATES) - 1;
    /**
     * The ten words after the thresholds in TRIG: SNO+ writes the MTCA+ relay masks (crates whose
     * sums reach each trigger card) there; all crates on the six cards N100, N20, ESUML, ESUMH,
     * OWLN, OWLE, then spares. Which word is which card is an assumption.
     */
    private static final int[] RELAY_MASKS = {(int) ALL_CRATES, (int) ALL_CRATES, (int) ALL_CRATES,
        (int) ALL_CRATES, (int) ALL_CRATES, (int) ALL_CRATES, 0, 0, 0, 0};
    /** Pedestal pulse width and coarse delay registers (illustrative values). */
    static final int PEDESTAL_WIDTH = 50;
    static final int PEDESTAL_DELAY = 100;

    /** Noise hits: spread over the whole TAC range. */
    private static final int TAC_NOISE_MIN = 300;
    private static final int TAC_NOISE_SPAN = 3600;
    /** A tube's charge in a muon is capped here (the ADCs saturated long before): sums stay ints. */
    private static final int MAX_CHARGE = 16383;
    /** Clock glitches jump by 10 to 2^24 ticks, evenly spread in the logarithm. */
    private static final double LOG_GLITCH_SPAN = Math.log((1 << 24) / 10.0);

    private static final int PHYSICS = 0;
    private static final int MUON = 1;
    private static final int PULSER = 2;
    private static final int PED = 3;
    private static final int OWL = 4;
    private static final int ORPHAN = 5;

    private static final int[] HIT_FLAGS = {PmtEvent.HIT_CGT_ES16, PmtEvent.HIT_CGT_ES24, PmtEvent.HIT_CMOS_ES16,
        PmtEvent.HIT_MISSED, PmtEvent.HIT_LGI_SELECT};

    private final DetectorSettings settings;
    private final DetectorChannels channels;
    /** Per-event and rare draws. */
    private final SplitMix rng;
    /** State of the per-hit stream (SplitMix), kept in a local variable while hits are drawn. */
    private long hitState;

    private final double[] kindCdf;
    private final double flagRate;
    private final double[] flagCdf;
    private final double meanGapNs;
    private final double lockoutNs;
    private final int[] thresholds;

    private long nanos;
    private long triggers;
    private long offset10;
    private long offset50;
    private int nextGtid;
    private int runFirstGtid;
    private int run;
    private int subrun;
    private int eventNumber;
    private int eventsInSubrun;
    private long events;
    private long n100l;
    private long hitsToNextFlag;

    /**
     * {@code mark[lcn] >= serial}: the channel already has a hit in the event being made
     * ({@code == serial}), or it is not a working inward channel ({@link Short#MAX_VALUE}, above
     * every serial). One load and one comparison tell both, in an array small enough for the
     * first-level cache.
     */
    private final short[] mark;
    private final short[] unmarked;
    private short serial;
    private final int[] hotHits;
    /** The OWL channels, a prefix of which is shuffled to choose the OWL hits of an event. */
    private final int[] owlOrder;

    private final Object[] headers = new Object[3];
    private int nextHeader = headers.length;
    private boolean subrunStarts = true;
    private boolean started;

    public SyntheticDetector(DetectorSettings settings) {
        this.settings = settings;
        this.channels = new DetectorChannels(settings.seed(), settings.deadChannels(), settings.hotChannels());
        this.rng = new SplitMix(settings.seed() * 0x2545F4914F6CDD1DL + 0x1D0C5);
        this.hitState = rng.next();
        this.hotHits = new int[channels.hotList.length];
        this.owlOrder = channels.owl.clone();
        this.unmarked = new short[Channels.COUNT];
        Arrays.fill(unmarked, Short.MAX_VALUE);
        for (int lcn : channels.live) {
            unmarked[lcn] = 0;
        }
        this.mark = unmarked.clone();

        double[] w = settings.mix().weights();
        double total = settings.mix().total();
        kindCdf = new double[w.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += w[i];
            kindCdf[i] = sum / total;
        }
        kindCdf[w.length - 1] = 1.0;

        double[] f = settings.faults().hitFlagRates();
        double fsum = 0;
        flagCdf = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            fsum += f[i];
            flagCdf[i] = fsum;
        }
        flagRate = fsum;
        hitsToNextFlag = rng.geometric(flagRate);

        double gap = 1e9 / settings.rate();
        // above ~1 MHz the lockout would eat the whole interval: drop it rather than the rate
        lockoutNs = gap > 2 * LOCKOUT_NS ? LOCKOUT_NS : 0;
        meanGapNs = gap - lockoutNs;

        offset10 = rng.next() >>> 12; // anywhere in the first half of the 53 bits: decades before wrapping
        offset50 = rng.next() & CLOCK50_MASK;
        nextGtid = settings.firstGtid() >= 0 ? settings.firstGtid() : rng.below(DetectorSettings.GTID_COUNT);
        runFirstGtid = nextGtid;
        run = settings.run();

        // thresholds of the simulated MTC/D in DAC counts (illustrative: a baseline and ~4 counts a hit)
        thresholds = new int[THRESHOLD_HITS.length];
        SplitMix dac = new SplitMix(settings.seed() ^ 0x7E1_6DACL);
        for (int i = 0; i < thresholds.length; i++) {
            thresholds[i] = 2000 + dac.below(100) - 4 * THRESHOLD_HITS[i];
        }
    }

    /** The settings it was made with. */
    public DetectorSettings settings() {
        return settings;
    }

    /**
     * The next record: a {@link RunHeader}, {@link TriggerSettings} or {@link PedestalSettings}
     * at the start of a run or subrun, else a new {@link PmtEvent}.
     */
    public Object next() {
        if (nextHeader < headers.length) {
            Object h = headers[nextHeader];
            headers[nextHeader++] = null;
            return h;
        }
        if (subrunStarts) {
            startSubrun();
            return next();
        }
        PmtEvent ev = event();
        events++;
        eventNumber++;
        if (settings.subrunEvents() > 0 && ++eventsInSubrun == settings.subrunEvents()) {
            subrunStarts = true;
        }
        return ev;
    }

    /** The next {@link PmtEvent}, passing over header records. */
    public PmtEvent nextEvent() {
        Object o;
        while (!((o = next()) instanceof PmtEvent)) {
            // a header
        }
        return (PmtEvent) o;
    }

    /** The run of the records returned last. */
    public int run() {
        return run;
    }

    /** The subrun of the records returned last. */
    public int subrun() {
        return subrun;
    }

    /** Events returned so far (orphans included, header records not). */
    public long events() {
        return events;
    }

    /** Simulated time of the latest trigger, ns after the first one. */
    public long elapsedNanos() {
        return nanos;
    }

    /** The channels that are never hit, in increasing order. */
    public int[] deadChannels() {
        return channels.deadList.clone();
    }

    /** The channels hit in a large fraction of the events, in increasing order. */
    public int[] hotChannels() {
        return channels.hotList.clone();
    }

    /** The working channels of the outward-looking tubes (hit by muons and OWL triggers only). */
    public int[] owlChannels() {
        return channels.owl.clone();
    }

    // ------------------------------------------------------------------ headers

    private void startSubrun() {
        if (started) {
            eventsInSubrun = 0;
            subrun++;
            if (settings.subrunsPerRun() > 0 && subrun == settings.subrunsPerRun()) {
                run++;
                subrun = 0;
                eventNumber = 0;
                runFirstGtid = nextGtid;
            }
        }
        started = true;
        subrunStarts = false;

        ZonedDateTime t = Instant.ofEpochMilli(settings.startMillis() + nanos / 1_000_000).atZone(ZoneOffset.UTC);
        int date = t.getYear() * 10000 + t.getMonthValue() * 100 + t.getDayOfMonth();
        int time = t.getHour() * 1_000_000 + t.getMinute() * 10_000 + t.getSecond() * 100 + t.getNano() / 10_000_000;
        // SNO+ keeps the subrun in the word SNO called DAQCodeVersion
        headers[0] = new RunHeader(date, time, subrun, run, 0, 0L, RUN_TYPE_PHYSICS, ALL_CRATES, runFirstGtid,
                runFirstGtid);
        int pulserRate = (int) Math.round(settings.rate() * settings.mix().pulser() / settings.mix().total());
        headers[1] = new TriggerSettings(TRIGGER_MASK, thresholds, RELAY_MASKS, pulserRate, 0, LOCKOUT_NS,
                settings.prescale(), nextGtid);
        // not calibrating: no half crate, calibration type or flag
        headers[2] = new PedestalSettings(PEDESTAL_WIDTH, PEDESTAL_DELAY, 0, 0, 0, 0, nextGtid, 0);
        nextHeader = 0;
    }

    // ------------------------------------------------------------------ events

    private PmtEvent event() {
        if (++serial == Short.MAX_VALUE) {
            System.arraycopy(unmarked, 0, mark, 0, mark.length);
            serial = 1;
        }
        int kind = kind();
        if (kind == ORPHAN) {
            return orphan();
        }
        // a trigger: time, clocks, GTID
        if (triggers++ > 0) {
            nanos += Math.round(lockoutNs + meanGapNs * rng.exponential());
        }
        if (rng.chance(settings.faults().clockGlitch())) {
            long jump = (long) (10 * Math.exp(LOG_GLITCH_SPAN * rng.uniform()));
            if (rng.next() < 0) {
                offset10 += jump;
            } else {
                offset50 += jump;
            }
        }
        long clock10 = (nanos / 100 + offset10) & CLOCK10_MASK;
        long clock50 = (nanos / 20 + offset50) & CLOCK50_MASK;
        int gtid = nextGtid;
        int step = rng.chance(settings.faults().gtidSkip()) ? 2 + rng.below(16) : 1;
        nextGtid = (nextGtid + step) & GTID_MASK;

        return switch (kind) {
            case PHYSICS -> physics(gtid, clock10, clock50);
            case MUON -> muon(gtid, clock10, clock50);
            case PULSER -> pulser(gtid, clock10, clock50);
            case PED -> pedestal(gtid, clock10, clock50);
            default -> owl(gtid, clock10, clock50);
        };
    }

    private int kind() {
        double u = rng.uniform();
        int k = 0;
        while (u >= kindCdf[k]) {
            k++;
        }
        return k;
    }

    /** NHIT of a physics event, PMT hits (noise included), hot channels not. */
    private int physicsNhit() {
        double u = rng.uniform();
        int n;
        if (u < 0.86) {
            n = 10 + (int) (16 * rng.exponential()); // falling from threshold: 14C, noise, low-energy backgrounds
        } else if (u < 0.92) {
            n = (int) Math.round(190 + 25 * rng.gaussian()); // 210Po alphas
        } else {
            n = 60 + (int) (90 * rng.exponential()); // the tail
        }
        return Math.max(10, Math.min(n, 1000));
    }

    private float normal() {
        return Spectra.NORMAL[(int) rng.next() & 1023];
    }

    private int noiseHits() {
        return Spectra.NOISE_HITS_TABLE[(int) rng.next() & 1023];
    }

    private PmtEvent physics(int gtid, long clock10, long clock50) {
        int n = physicsNhit();
        // the analog trigger sums fluctuate around the hit count
        double sum = n + normal() * (1 + 0.05 * n);
        int word = TriggerBits.N20;
        if (sum >= N100L_HITS) {
            word |= TriggerBits.N100L;
        }
        if (sum >= N100M_HITS) {
            word |= TriggerBits.N100M;
        }
        if (sum >= N100H_HITS) {
            word |= TriggerBits.N100H;
        }
        double esum = n * (1 + 0.1 * normal());
        if (esum >= ESUML_HITS) {
            word |= TriggerBits.ESUML;
        }
        if (esum >= ESUMH_HITS) {
            word |= TriggerBits.ESUMH;
        }
        word = prescale(word);
        int noise = Math.min(n, noiseHits());
        int hot = drawHot();
        PmtEvent ev = new PmtEvent(n + hot + Integer.bitCount(word & FECD_BITS));
        ev.header(run, subrun, eventNumber, gtid, word, 0, clock10, clock50);
        hotHits(ev, hot);
        int q = pmtHits(ev, n, noise, false);
        fecdHits(ev, word, n);
        esum(ev, q);
        return ev;
    }

    private PmtEvent muon(int gtid, long clock10, long clock50) {
        int n = Math.min(1200 + rng.below(7300), channels.live.length * 9 / 10);
        int owlN = Math.min(20 + rng.below(60), channels.owl.length);
        int word = TriggerBits.N100L | TriggerBits.N100M | TriggerBits.N100H | TriggerBits.N20 | TriggerBits.ESUML
                | TriggerBits.ESUMH | TriggerBits.OWLN | TriggerBits.OWLEL;
        if (rng.chance(0.7)) {
            word |= TriggerBits.OWLEH;
        }
        word = prescale(word);
        int hot = drawHot();
        PmtEvent ev = new PmtEvent(n + owlN + hot + Integer.bitCount(word & FECD_BITS));
        ev.header(run, subrun, eventNumber, gtid, word, 0, clock10, clock50);
        hotHits(ev, hot);
        int q = pmtHits(ev, n, 0, true);
        q += owlHits(ev, owlN, true);
        fecdHits(ev, word, n);
        esum(ev, q);
        return ev;
    }

    private PmtEvent owl(int gtid, long clock10, long clock50) {
        int owlN = Math.min(OWLN_HITS + rng.below(12), channels.owl.length);
        int n = 2 + rng.below(12);
        int word = TriggerBits.OWLN;
        if (owlN >= OWLEL_HITS || rng.chance(0.2)) {
            word |= TriggerBits.OWLEL;
        }
        if (owlN >= OWLEH_HITS - 1 && rng.chance(0.5)) {
            word |= TriggerBits.OWLEH;
        }
        int hot = drawHot();
        PmtEvent ev = new PmtEvent(n + owlN + hot + Integer.bitCount(word & FECD_BITS));
        ev.header(run, subrun, eventNumber, gtid, word, 0, clock10, clock50);
        hotHits(ev, hot);
        int q = owlHits(ev, owlN, false);
        q += pmtHits(ev, n, n, false); // light leaking in: no prompt peak
        fecdHits(ev, word, n);
        esum(ev, q);
        return ev;
    }

    private PmtEvent pulser(int gtid, long clock10, long clock50) {
        int n = noiseHits();
        int word = TriggerBits.PULGT;
        int hot = drawHot();
        PmtEvent ev = new PmtEvent(n + hot + 1);
        ev.header(run, subrun, eventNumber, gtid, word, 0, clock10, clock50);
        hotHits(ev, hot);
        int q = pmtHits(ev, n, n, false);
        fecdHits(ev, word, n);
        esum(ev, q);
        return ev;
    }

    /** Every working channel of one or two crates, at pedestal. */
    private PmtEvent pedestal(int gtid, long clock10, long clock50) {
        int first = rng.below(Channels.CRATES);
        int second = rng.chance(0.5) ? (first + 1 + rng.below(Channels.CRATES - 1)) % Channels.CRATES : -1;
        int[] a = channels.pedestalChannels[first];
        int[] b = second < 0 ? new int[0] : channels.pedestalChannels[second];
        int word = TriggerBits.PED;
        PmtEvent ev = new PmtEvent(a.length + b.length + 1);
        ev.header(run, subrun, eventNumber, gtid, word, 0, clock10, clock50);
        for (int[] crate : new int[][] {a, b}) {
            for (int lcn : crate) {
                hit(ev, lcn, 0, channels.tacPedestal[lcn] + Spectra.NOISE[(int) rng.next() & 255], true);
            }
        }
        fecdHits(ev, word, a.length + b.length);
        return ev;
    }

    /** Hits without a trigger: GTID 0, trigger word 0, no clocks. */
    private PmtEvent orphan() {
        int n = 1 + rng.below(8);
        PmtEvent ev = new PmtEvent(n);
        ev.header(run, subrun, eventNumber, 0, 0, 0, 0, 0);
        int q = pmtHits(ev, n, n, false);
        esum(ev, q);
        return ev;
    }

    private int prescale(int word) {
        if ((word & TriggerBits.N100L) != 0 && settings.prescale() > 0 && ++n100l % settings.prescale() == 0) {
            return word | TriggerBits.PRESCL;
        }
        return word;
    }

    /** Decides which hot channels fire in this event; marks them. */
    private int drawHot() {
        long[] chance = channels.hotChance;
        int[] hot = channels.hotList;
        int n = 0;
        for (int i = 0; i < chance.length; i++) {
            // without a branch: which way it goes is as good as random
            hotHits[n] = hot[i];
            n += (int) (((rng.next() >>> 33) - chance[i]) >>> 63);
        }
        for (int i = 0; i < n; i++) {
            mark[hotHits[i]] = serial;
        }
        return n;
    }

    private void hotHits(PmtEvent ev, int n) {
        for (int i = 0; i < n; i++) {
            long r = rng.next();
            hit(ev, hotHits[i], Spectra.SPE[(int) r & 4095],
                    TAC_NOISE_MIN + (int) ((((r >>> 16) & 0xFFFF) * TAC_NOISE_SPAN) >>> 16), true);
        }
    }

    /**
     * Adds {@code n} hits on distinct working inward channels, the first {@code noise} of them
     * dark noise (any time), the others prompt light (near the TAC peak). This is where the time
     * goes: one random number a hit (of a muon, two), table lookups, no clamping where the values
     * cannot leave 0..4095.
     *
     * @return the charge added, QHS counts above pedestal
     */
    private int pmtHits(PmtEvent ev, int n, int noise, boolean muon) {
        final short[] mark = this.mark;
        final short serial = this.serial;
        final short[] pedQhs = channels.pedQhs;
        final short[] pedQhl = channels.pedQhl;
        final short[] pedQlx = channels.pedQlx;
        final short[] tacPrompt = channels.tacPrompt;
        final byte[] cellOffset = channels.cellOffset;
        final short[] spe = Spectra.SPE;
        final short[] delay = Spectra.DELAY;
        final byte[] adcNoise = Spectra.NOISE16;
        long s = hitState;
        long toFlag = hitsToNextFlag;
        int charge = 0;
        for (int i = 0; i < n; i++) {
            // bits 40..63 the channel (24 bits: uniform to 0.06%), 0..3 cell, 4..15 charge,
            // 16..27 time, 28..39 three noises
            long r;
            int lcn;
            int m;
            do {
                r = SplitMix.mix(s += SplitMix.GOLDEN);
                lcn = (int) (((r >>> 40) * Channels.COUNT) >>> 24);
                m = mark[lcn];
            } while (m >= serial);
            mark[lcn] = serial;
            int cell = (int) r & 15;
            int q = spe[(int) (r >>> 4) & 4095];
            int t = (int) (r >>> 16) & 4095;
            int cellPed = cellOffset[((lcn & 63) << 4) | cell];
            int qhs = pedQhs[lcn] + cellPed + adcNoise[(int) (r >>> 28) & 15];
            int qhl = pedQhl[lcn] + cellPed + adcNoise[(int) (r >>> 32) & 15];
            int qlx = pedQlx[lcn] + adcNoise[(int) (r >>> 36) & 15];
            int tac;
            if (muon) {
                long r2 = SplitMix.mix(s += SplitMix.GOLDEN);
                q = Math.min(MAX_CHARGE, q * Spectra.MUON_PE[(int) r2 & 255]);
                tac = adc(tacPrompt[lcn] - delay[t] - (int) ((r2 >>> 8) & 511));
                qhs = adc(qhs + q);
                qhl = adc(qhl + q + (q >> 3));
                qlx = adc(qlx + (q >> 4));
            } else {
                // pedestal 400..600, cell ±12, noise ±5, charge ≤ 200: within 0..4095
                tac = i < noise ? TAC_NOISE_MIN + ((t * TAC_NOISE_SPAN) >>> 12) : tacPrompt[lcn] - delay[t];
                qhs += q;
                qhl += q + (q >> 3);
                qlx += q >> 4;
            }
            int flags = 0;
            if (--toFlag == 0) {
                flags = flag();
                toFlag = hitsToNextFlag;
            }
            ev.addHit(lcn, cell, qhs, qhl, qlx, tac, flags);
            charge += q;
        }
        hitState = s;
        hitsToNextFlag = toFlag;
        return charge;
    }

    /** Adds {@code n} hits on distinct OWL tubes. */
    private int owlHits(PmtEvent ev, int n, boolean muon) {
        int[] owl = owlOrder;
        int charge = 0;
        for (int i = 0; i < n; i++) {
            int j = i + rng.below(owl.length - i);
            int lcn = owl[j];
            owl[j] = owl[i];
            owl[i] = lcn;
            long r = rng.next();
            int q = Spectra.SPE[(int) r & 4095];
            if (muon) {
                q = Math.min(MAX_CHARGE, q * Spectra.MUON_PE[(int) (r >>> 12) & 255]);
            }
            hit(ev, lcn, q, channels.tacPrompt[lcn] - Spectra.DELAY[(int) (r >>> 20) & 4095], true);
            charge += q;
        }
        return charge;
    }

    /** The FEC/D card records the trigger: channel b for trigger bit b, with the size of the sum. */
    private void fecdHits(PmtEvent ev, int word, int n) {
        int bits = word & FECD_BITS;
        while (bits != 0) {
            int b = Integer.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            hit(ev, FECD_LCN + b, Math.min(3000, 150 + 8 * n), FECD_TAC + Spectra.NOISE[(int) rng.next() & 255],
                    false);
        }
    }

    private void hit(PmtEvent ev, int lcn, int q, int tac, boolean pmt) {
        long r = rng.next();
        int cell = (int) r & 15;
        int cellPed = channels.cellOffset[((lcn & 63) << 4) | cell];
        int qhs = channels.pedQhs[lcn] + cellPed + q + Spectra.NOISE[(int) (r >>> 8) & 255];
        int qhl = channels.pedQhl[lcn] + cellPed + q + (q >> 3) + Spectra.NOISE[(int) (r >>> 16) & 255];
        int qlx = channels.pedQlx[lcn] + (q >> 4) + Spectra.NOISE[(int) (r >>> 24) & 255];
        int flags = pmt && --hitsToNextFlag == 0 ? flag() : 0;
        ev.addHit(lcn, cell, adc(qhs), adc(qhl), adc(qlx), adc(tac), flags);
    }

    /** The flag of a hit that has one; draws the distance to the next. */
    private int flag() {
        hitsToNextFlag = rng.geometric(flagRate);
        double u = rng.uniform() * flagRate;
        int i = 0;
        while (i < flagCdf.length - 1 && u >= flagCdf[i]) {
            i++;
        }
        return HIT_FLAGS[i];
    }

    private static void esum(PmtEvent ev, int charge) {
        ev.esum(Math.min(1023, charge >> 4), Math.min(1023, charge >> 6), Math.min(1023, charge >> 5));
    }

    private static int adc(int counts) {
        return Math.max(0, Math.min(4095, counts));
    }
}
