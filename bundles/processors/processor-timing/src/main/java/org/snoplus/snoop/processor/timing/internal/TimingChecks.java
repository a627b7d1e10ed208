package org.snoplus.snoop.processor.timing.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;

import static org.snoplus.snoop.processor.timing.internal.TimingCounts.BACKWARD10;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.BACKWARD50;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.CLOSE;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.DISAGREEMENTS;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.ELAPSED10;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.ELAPSED50;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.EVENTS;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.GTID_BACKWARD;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.MISSING;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.MTC_ERROR_EVENTS;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.ORPHANS;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.PAIRS;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.REPEATS;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.SKIPS;
import static org.snoplus.snoop.processor.timing.internal.TimingCounts.WRAPS;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.stats.Histogram;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * Timing and CMOS: the MTC/D clocks against each other, GTID continuity, sync errors and the
 * LGI select bit of the front ends, and the MTC/D's error bits, over the sample window. Every
 * value is a count (or a sum of times) that the query service sums over a range or a run.
 *
 * <p><b>Clocks</b> (orphans, which have no clocks, are left out). For each event and the one
 * before it: Δt10 = ticks of the 10 MHz clock × 100 ns, Δt50 = ticks of the 50 MHz clock × 20 ns,
 * both across the clocks' wrap (2<sup>53</sup> and 2<sup>43</sup> ticks), negative when a clock
 * went back (counted in {@code backward10}/{@code backward50}). {@code disagreements} counts pairs
 * with |Δt50 − Δt10| above {@code clock.tolerance.ns}; the window's histogram {@code clock.diff}
 * shows Δt50 − Δt10. Tick rounding alone gives up to ±120 ns, hence the default tolerance of
 * 150 ns. {@code elapsed10.ns} and {@code elapsed50.ns} add up Δt10 and Δt50 over the horizon's
 * pairs, and {@code drift.ppm} = (elapsed50 − elapsed10) / elapsed10 × 10<sup>6</sup> (null
 * without elapsed time): a clock that jumped shows there too. {@code close} counts pairs with
 * 0 ≤ Δt50 < {@code close.ns} (the finer clock).
 *
 * <p><b>GTID</b> (orphans left out): from one event to the next the GTID goes up by one modulo
 * 2<sup>24</sup>. Going from 0xFFFFFF to 0 is a {@code wrap}, not a skip; going up by d > 1 is a
 * {@code skip} of d − 1 {@code missing} GTIDs (a skip across 0 also counts as a wrap); the same
 * GTID again is a {@code repeat} (its clocks are not compared: it is the same trigger); going down
 * (by less than 2<sup>23</sup>) is {@code backward}. A new run starts the comparison afresh, so
 * the first event of a run is compared with nothing.
 *
 * <p><b>Hit flags</b> (all events, FEC/D hits included: these are electronics errors): for CGT
 * ES16, CGT ES24, CMOS ES16, LGI select and missed count, the hits with the flag and the events
 * with at least one such hit, per crate and in all (an event with flagged hits on two crates
 * counts once in all and once in each crate). <b>MTC/D error bits</b>
 * ({@link PmtEvent#triggerErrors()}): events with each bit set, and events with any.
 *
 * <p>Each sample:
 * <pre>{"tolerance.ns": 150, "close.ns": 410,
 *  "clock.diff": histogram of Δt50 − Δt10 in the window (ns),
 *  "events": events with a trigger, "orphans": orphans,
 *  "clock": {"pairs", "disagreements", "close", "elapsed10.ns", "elapsed50.ns", "drift.ppm",
 *            "backward10", "backward50"},
 *  "gtid": {"skips", "missing", "repeats", "wraps", "backward"},
 *  "flags": {"cgt.es16" | "cgt.es24" | "cmos.es16" | "lgi.select" | "missed":
 *            {"events", "hits", "events.crates": crates shape, "hits.crates": crates shape}},
 *  "mtc.errors": {"events": events with any bit, "bits": {"TestGT": n, "Test50": n, ... "Unused3": n}}}</pre>
 * {@code drift.ppm} is the window's; over a range it is
 * {@code (Σ elapsed50.ns − Σ elapsed10.ns) / Σ elapsed10.ns × 10⁶}.
 *
 * <p><b>Cost.</b> {@link #event} allocates nothing: a few comparisons and additions per event, and
 * a test of the flags of each hit.
 *
 * <p><b>Handoff.</b> The run number, the previous event's GTID and clocks (so the first event of
 * the successor is compared with the last of its predecessor), the window's counts and its
 * histogram. A successor with another {@code clock.tolerance.ns} drops the disagreement counts,
 * one with another {@code close.ns} the close counts, one with another binning the histogram;
 * everything else carries on.
 */
@Component(name = "timing", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TimingConfig.class)
public class TimingChecks implements Processor<PmtEvent> {

    static final long CLOCK10_MASK = (1L << 53) - 1;
    static final long CLOCK50_MASK = (1L << 43) - 1;
    static final int GTID_MASK = (1 << 24) - 1;
    static final long NS_PER_TICK10 = 100;
    static final long NS_PER_TICK50 = 20;

    private long tolerance;
    private long closeNs;
    private Histogram clockDiff;

    private int run = -1;
    private final TimingCounts window = new TimingCounts();
    /** Events with a hit with flag k on crate c: bit c of crateMask[k], for the event at hand. */
    private final int[] crateMask = new int[TimingCounts.FLAGS.length];

    private boolean havePrevious;
    private int previousGtid;
    private long previous10;
    private long previous50;

    @Activate
    void activate(TimingConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(TimingConfig config) {
        long t = config.clock_tolerance_ns();
        check(t >= 0, "clock.tolerance.ns", "must be 0 or more, not " + t);
        long close = config.close_ns();
        check(close >= 0, "close.ns", "must be 0 or more, not " + close);
        int bins = config.clock_diff_bins();
        check(bins >= 1 && bins <= 100_000, "clock.diff.bins", "must be between 1 and 100000, not " + bins);
        double range = config.clock_diff_range_ns();
        check(Double.isFinite(range) && range > 0, "clock.diff.range.ns", "must be above 0, not " + range);
        tolerance = t;
        closeNs = close;
        clockDiff = new Histogram(bins, -range, range);
    }

    @Override
    public Class<PmtEvent> eventType() {
        return PmtEvent.class;
    }

    @Override
    public void event(PmtEvent ev) {
        int r = ev.run();
        if (r != run && r >= 0) {
            newRun(r);
        }
        flags(ev);
        int errors = ev.triggerErrors() & TimingCounts.MTC_ERROR_MASK;
        if (errors != 0) {
            add(MTC_ERROR_EVENTS, 1);
            for (int e = errors; e != 0; e &= e - 1) {
                int bit = Integer.numberOfTrailingZeros(e);
                window.mtcErrors[bit]++;
            }
        }
        if (ev.isOrphan()) {
            add(ORPHANS, 1);
            return;
        }
        add(EVENTS, 1);
        int gtid = ev.gtid() & GTID_MASK;
        long c10 = ev.clock10();
        long c50 = ev.clock50();
        if (havePrevious) {
            int step = (gtid - previousGtid) & GTID_MASK;
            if (step == 0) {
                add(REPEATS, 1);
                return; // the same trigger again: nothing new to compare
            }
            if (step > GTID_MASK >>> 1) {
                add(GTID_BACKWARD, 1);
            } else {
                if (step > 1) {
                    add(SKIPS, 1);
                    add(MISSING, step - 1);
                }
                if (gtid < previousGtid) {
                    add(WRAPS, 1);
                }
            }
            long dt10 = signed(c10 - previous10, CLOCK10_MASK) * NS_PER_TICK10;
            long dt50 = signed(c50 - previous50, CLOCK50_MASK) * NS_PER_TICK50;
            long diff = dt50 - dt10;
            add(PAIRS, 1);
            add(ELAPSED10, dt10);
            add(ELAPSED50, dt50);
            clockDiff.fill(diff);
            if (Math.abs(diff) > tolerance) {
                add(DISAGREEMENTS, 1);
            }
            if (dt10 < 0) {
                add(BACKWARD10, 1);
            }
            if (dt50 < 0) {
                add(BACKWARD50, 1);
            }
            if (dt50 >= 0 && dt50 < closeNs) {
                add(CLOSE, 1);
            }
        }
        havePrevious = true;
        previousGtid = gtid;
        previous10 = c10;
        previous50 = c50;
    }

    /** Ticks from one reading of a clock to the next, across its wrap; negative if it went back. */
    static long signed(long difference, long mask) {
        long d = difference & mask;
        return d > mask >>> 1 ? d - mask - 1 : d;
    }

    private void add(int counter, long n) {
        window.counters[counter] += n;
    }

    private void flags(PmtEvent ev) {
        final byte[] flags = ev.flags();
        final int[] lcn = ev.lcn();
        final int[] mask = crateMask;
        final int[] bits = TimingCounts.FLAGS;
        final long[] wHits = window.flagHits;
        boolean any = false;
        for (int i = 0, n = ev.nhit(); i < n; i++) {
            int f = flags[i] & TimingCounts.FLAG_MASK;
            if (f == 0) {
                continue;
            }
            any = true;
            int crate = Channels.crate(lcn[i]);
            for (int k = 0; k < bits.length; k++) {
                if ((f & bits[k]) != 0) {
                    int j = k * Channels.CRATES + crate;
                    wHits[j]++;
                    mask[k] |= 1 << crate;
                }
            }
        }
        if (!any) {
            return;
        }
        for (int k = 0; k < mask.length; k++) {
            int m = mask[k];
            if (m == 0) {
                continue;
            }
            mask[k] = 0;
            window.flagEvents[k]++;
            for (; m != 0; m &= m - 1) {
                window.flagCrateEvents[k * Channels.CRATES + Integer.numberOfTrailingZeros(m)]++;
            }
        }
    }

    private void newRun(int r) {
        run = r;
        havePrevious = false;
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tolerance.ns", tolerance);
        m.put("close.ns", closeNs);
        m.put("clock.diff", clockDiff.toShape());
        m.putAll(window.report());
        window.clear();
        clockDiff.reset();
        return m;
    }

    /** The run number, the previous event, the window's counts and histogram, and the settings they depend on. */
    @Override
    public Object handoff() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("run.number", run);
        state.put("tolerance.ns", tolerance);
        state.put("close.ns", closeNs);
        if (havePrevious) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("gtid", previousGtid);
            p.put("clock10", previous10);
            p.put("clock50", previous50);
            state.put("previous", p);
        }
        state.put("window", window.toState());
        state.put("clock.diff", clockDiff.toState());
        return state;
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have run before (a rollback makes it live again)
        run = -1;
        havePrevious = false;
        window.clear();
        clockDiff.reset();
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        if (m.get("run.number") instanceof Number n) {
            run = n.intValue();
        }
        if (m.get("previous") instanceof Map<?, ?> p && p.get("gtid") instanceof Number g
                && p.get("clock10") instanceof Number c10 && p.get("clock50") instanceof Number c50) {
            havePrevious = true;
            previousGtid = g.intValue() & GTID_MASK;
            previous10 = c10.longValue() & CLOCK10_MASK;
            previous50 = c50.longValue() & CLOCK50_MASK;
        }
        window.restore(m.get("window"));
        clockDiff.restore(m.get("clock.diff"));
        // counts made with another threshold mean something else: drop them, keep the rest
        if (!(m.get("tolerance.ns") instanceof Number t) || t.longValue() != tolerance) {
            window.counters[DISAGREEMENTS] = 0;
        }
        if (!(m.get("close.ns") instanceof Number c) || c.longValue() != closeNs) {
            window.counters[CLOSE] = 0;
        }
    }
}
